from odoo.tests import HttpCase, new_test_user, tagged

SECTIONS = {
    "menu_marketing",
    "menu_customers",
    "menu_service",
    "menu_reports",
    "menu_basic_data",
    "menu_access",
}
# The sections of the root menu each role sees (sections only show once
# they hold a menu the role may open).
EVERYDAY = {"menu_marketing", "menu_customers", "menu_service", "menu_basic_data"}
VISIBLE = {
    "group_account_manager": EVERYDAY,
    "group_sales_supervisor": EVERYDAY | {"menu_reports"},
    "group_executive": EVERYDAY | {"menu_reports"},
    "group_admin": EVERYDAY | {"menu_reports", "menu_access"},
}
PASSWORD = "menu-test-password"
DEMO_LOGINS = {
    "crm_manager1": "group_account_manager",
    "crm_manager2": "group_account_manager",
    "crm_supervisor": "group_sales_supervisor",
    "crm_executive": "group_executive",
    "crm_admin": "group_admin",
}


@tagged("post_install", "-at_install")
class TestRoleMenus(HttpCase):
    """Each role logs in through the web client and gets its own menus."""

    def _sections_after_login(self, login, password):
        self.authenticate(login, password)
        response = self.url_open("/web/webclient/load_menus/0")
        self.assertEqual(response.status_code, 200)
        menus = response.json()
        root_id = str(self.env.ref("crm_lite.menu_root").id)
        if root_id not in menus:
            return None, menus
        children = {str(child) for child in menus[root_id]["children"]}
        return (
            {menus[child]["xmlid"].split(".")[1] for child in children} & SECTIONS,
            menus,
        )

    def test_each_role_sees_its_menus(self):
        for group, expected in VISIBLE.items():
            login = f"menu_{group}"
            new_test_user(
                self.env, login=login, password=PASSWORD, groups=f"crm_lite.{group}"
            )
            with self.subTest(group=group):
                sections, _menus = self._sections_after_login(login, PASSWORD)
                self.assertEqual(sections, expected)
        new_test_user(
            self.env, login="menu_plain", password=PASSWORD, groups="base.group_user"
        )
        sections, _menus = self._sections_after_login("menu_plain", PASSWORD)
        self.assertIsNone(sections)

    def test_demo_users_log_in_to_their_menus_in_chinese(self):
        if not self.env.ref("crm_lite.user_crm_manager1", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        root = self.env.ref("crm_lite.menu_root")
        for login, group in DEMO_LOGINS.items():
            with self.subTest(login=login):
                sections, menus = self._sections_after_login(login, login)
                self.assertEqual(sections, VISIBLE[group])
                self.assertEqual(menus[str(root.id)]["name"], "客户关系管理")

    def test_analyses_open_by_address_for_their_roles_only(self):
        """The analyses' actions load (as the web client does for an
        /odoo/action-… address) for the roles of their menu only."""
        actions = [
            "crm_lite.action_report_composition",
            "crm_lite.action_report_service",
            "crm_lite.action_report_loss",
        ]
        for group, sections in VISIBLE.items():
            login = f"analyses_{group}"
            new_test_user(
                self.env, login=login, password=PASSWORD, groups=f"crm_lite.{group}"
            )
            self.authenticate(login, PASSWORD)
            for xmlid in actions:
                with self.subTest(group=group, action=xmlid):
                    if "menu_reports" in sections:
                        loaded = self.make_jsonrpc_request(
                            "/web/action/load", {"action_id": self.env.ref(xmlid).id}
                        )
                        self.assertEqual(loaded["xml_id"], xmlid)
                        continue
                    with self.assertRaisesRegex(Exception, "AccessError"):
                        self.make_jsonrpc_request(
                            "/web/action/load", {"action_id": self.env.ref(xmlid).id}
                        )
