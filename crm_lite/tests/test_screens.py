from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CrmLiteCase

CUSTOMER_ACTION = "crm_lite.action_crm_customer"


@tagged("post_install", "-at_install")
class TestScreens(CrmLiteCase):
    """What the web client's screens let each role do, through the same
    views and defaults the client uses (``Form`` applies the views'
    readonly and invisible modifiers as the browser does)."""

    def _action_context(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        return safe_eval(action.get("context") or "{}", {"uid": self.env.uid})

    def _customer_form(self, user, record=None):
        Partner = self.env["res.partner"].with_user(user)
        if not record:
            Partner = Partner.with_context(**self._action_context(CUSTOMER_ACTION))
        return Form(
            record.with_user(user) if record else Partner,
            view="crm_lite.view_crm_customer_form",
        )

    def _views(self, user, model, action_xmlid, types=("list", "form")):
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        by_type = {view_type: view_id for view_id, view_type in action["views"]}
        if action.get("search_view_id"):
            by_type["search"] = action["search_view_id"][0]
        return (
            self.env[model]
            .with_user(user)
            .get_views(
                [(by_type.get(t, False), t) for t in types],
                {"toolbar": True, "action_id": action["id"]},
            )["views"]
        )

    # account managers

    def test_manager_registers_a_chance_from_a_blank_form(self):
        with Form(self.env["crm_lite.chance"].with_user(self.manager_a)) as form:
            form.name = "200 desks"
            form.customer_name = "兰州新客户有限公司"
            form.description = "Needs desks for a new branch"
            form.success_rate = 30
        chance = form.record
        self.assertEqual(
            (chance.state, chance.create_uid, chance.user_id),
            ("new", self.manager_a, self.env["res.users"]),
        )
        # still his to correct while nobody assigned it
        with Form(chance.with_user(self.manager_a)) as form:
            form.success_rate = 40
        self.assertEqual(chance.success_rate, 40)

    def test_a_kanban_column_sets_no_state(self):
        # the context a kanban column grouped by state or assignee gives
        Chance = (
            self.env["crm_lite.chance"]
            .with_user(self.supervisor)
            .with_context(
                default_state="assigned",
                default_user_id=self.manager_a.id,
                default_assign_date="2026-01-01 00:00:00",
            )
        )
        chance = Chance.create(
            {"name": "Quick", "customer_name": "Quick Ltd", "description": "x"}
        )
        self.assertEqual(chance.state, "new")
        self.assertFalse(chance.user_id)
        self.assertFalse(chance.assign_date)
        service = (
            self.env["crm_lite.service"]
            .with_user(self.supervisor)
            .with_context(default_state="handled")
            .create(
                {
                    "name": "Quick service",
                    "service_type_id": self.env.ref(
                        "crm_lite.dict_service_type_consult"
                    ).id,
                    "partner_id": self.customer_a.id,
                    "request": "x",
                }
            )
        )
        self.assertEqual(service.state, "new")
        kanban = etree.fromstring(
            self.env["crm_lite.chance"].get_view(view_type="kanban")["arch"]
        )
        self.assertEqual(kanban.get("quick_create"), "0")

    def test_manager_creates_a_customer_and_owns_it(self):
        with self._customer_form(self.manager_a) as form:
            form.name = "兰州黄河新材料有限公司"
            self.assertEqual(form.user_id, self.manager_a)
            with form.child_ids.new() as contact:
                self.assertEqual(contact.type, "contact")
                contact.name = "王经理"
                contact.function = "采购经理"
        customer = form.record
        self.assertTrue(customer.is_crm_customer and customer.is_company)
        self.assertEqual(customer.user_id, self.manager_a)
        self.assertTrue(customer.customer_code)
        contact = customer.child_ids
        self.assertEqual(
            (contact.name, contact.type, contact.function),
            ("王经理", "contact", "采购经理"),
        )
        self.assertFalse(contact.is_crm_customer)
        self.assertFalse(contact.is_company)
        # the manager keeps both in reach
        self.assertTrue(
            (customer | contact).with_user(self.manager_a).has_access("read")
        )

    def test_contact_added_to_an_existing_customer(self):
        with (
            self._customer_form(self.manager_a, self.customer_a) as form,
            form.child_ids.new() as contact,
        ):
            self.assertEqual(contact.type, "contact")
            contact.name = "New buyer"
        self.assertIn("New buyer", self.customer_a.child_ids.mapped("name"))

    def test_typing_searches_names_and_phones_first(self):
        search = etree.fromstring(
            self._views(self.manager_a, "res.partner", CUSTOMER_ACTION, ("search",))[
                "search"
            ]["arch"]
        )
        first = search.xpath("//field")[0]
        self.assertEqual(first.get("name"), "name")
        for searched in ("complete_name", "phone", "customer_code"):
            self.assertIn(searched, first.get("filter_domain"))
        self.customer_a.phone = "0931-8888666"
        Partner = self.env["res.partner"].with_user(self.manager_a)
        self.assertEqual(
            Partner.search(
                safe_eval(first.get("filter_domain"), {"self": "8888666"})
                + [("is_crm_customer", "=", True)]
            ),
            self.customer_a,
        )

    def test_customer_tabs_are_views_of_their_own(self):
        # inline lists would go through the partner form's post-processing:
        # partner_autocomplete turns every `name` of it into a company lookup
        arch = etree.fromstring(
            self.env.ref("crm_lite.view_crm_customer_form").get_combined_arch()
        )
        for name in ("interaction_ids", "crm_order_ids", "service_ids", "loss_ids"):
            [field] = arch.xpath(f"//field[@name='{name}']")
            self.assertEqual(len(field), 0, f"{name} has an inline view")
            self.assertIn("list_view_ref", field.get("context"))
        form = self._views(self.manager_a, "res.partner", CUSTOMER_ACTION)["form"]
        interactions = etree.fromstring(form["arch"]).xpath(
            "//field[@name='interaction_ids']//field[@name='name']"
        )
        self.assertTrue(interactions)
        for field in interactions:
            self.assertNotEqual(field.get("widget"), "field_partner_autocomplete")

    def test_development_plans_per_role(self):
        Chance = self.env["crm_lite.chance"].with_user(self.supervisor)
        mine, theirs = (
            Chance.create({"name": name, "customer_name": name, "description": "x"})
            for name in ("Mine", "Theirs")
        )
        mine.action_assign(self.manager_a.id)
        theirs.action_assign(self.manager_b.id)
        for user, expected in (
            (self.manager_a, mine),
            (self.supervisor, mine | theirs),
        ):
            action = (
                self.env["crm_lite.chance"]
                .with_user(user)
                .action_open_development_plans()
            )
            domain = action["domain"]
            if isinstance(domain, str):
                domain = safe_eval(domain, {"uid": user.id})
            found = self.env["crm_lite.chance"].with_user(user).search(domain)
            self.assertEqual(found & (mine | theirs), expected, user.login)

    # supervisors

    def test_only_account_managers_are_offered_and_accepted(self):
        Users = self.env["res.users"].with_user(self.supervisor)
        offered = Users.search(Users._crm_account_manager_domain())
        self.assertIn(self.manager_a, offered)
        for other in (self.supervisor, self.crm_admin, self.executive, self.internal):
            self.assertNotIn(other, offered)
        self.manager_b.active = False
        self.assertNotIn(
            self.manager_b, Users.search(Users._crm_account_manager_domain())
        )
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.supervisor)
            .create({"name": "X", "customer_name": "X", "description": "x"})
        )
        for refused in (self.supervisor, self.crm_admin, self.manager_b):
            with self.assertRaises(ValidationError):
                chance.action_assign(refused.id)
        # the dialog offers the account managers of the chance's company
        wizard = (
            self.env["crm_lite.assign.wizard"]
            .with_user(self.supervisor)
            .with_context(active_model="crm_lite.chance", active_ids=chance.ids)
            .create({"user_id": self.manager_a.id})
        )
        self.assertEqual(
            wizard._fields["user_id"].domain, "[('id', 'in', allowed_user_ids)]"
        )
        self.assertEqual(
            wizard.allowed_user_ids,
            Users.search(Users._crm_account_manager_domain(chance.company_id)),
        )
        self.assertIn(self.manager_a, wizard.allowed_user_ids)
        self.assertNotIn(self.manager_b, wizard.allowed_user_ids)

    # executives

    def test_executive_screens_offer_no_change(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(CUSTOMER_ACTION)
        by_type = {view_type: view_id for view_id, view_type in action["views"]}
        loaded = (
            self.env["res.partner"]
            .with_user(self.executive)
            .get_views(
                [(by_type[t], t) for t in ("list", "kanban", "form")],
                {"toolbar": True, "action_id": action["id"]},
            )
        )
        # no 存档 / 取消归档 either: the client offers them while active is writable
        self.assertTrue(loaded["models"]["res.partner"]["fields"]["active"]["readonly"])
        views = loaded["views"]
        for view_type, view in views.items():
            root = etree.fromstring(view["arch"])
            for action in ("create", "edit", "delete"):
                self.assertEqual(root.get(action), "False", (view_type, action))
            self.assertNotIn("action", view.get("toolbar", {}), view_type)
        # the rule behind it
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.executive).write({"phone": "1"})
        # an account manager's screens stay as they are
        manager = self._views(self.manager_a, "res.partner", CUSTOMER_ACTION)
        self.assertNotEqual(
            etree.fromstring(manager["form"]["arch"]).get("edit"), "False"
        )
        for model, xmlid in (
            ("crm_lite.chance", "crm_lite.action_crm_chance"),
            ("crm_lite.service", "crm_lite.action_crm_service_create"),
            ("crm_lite.interaction", "crm_lite.action_crm_interaction"),
        ):
            for view_type, view in self._views(self.executive, model, xmlid).items():
                root = etree.fromstring(view["arch"])
                self.assertEqual(root.get("create"), "False", (model, view_type))
                self.assertEqual(root.get("edit"), "False", (model, view_type))

    # CRM administrators

    def test_admin_gives_a_role_on_the_user_form(self):
        user = self.internal
        self.assertEqual(user.crm_role, "none")
        with Form(user.with_user(self.crm_admin), view="base.view_users_form") as form:
            form.crm_role = "supervisor"
        self.assertTrue(user.has_group("crm_lite.group_sales_supervisor"))
        self.assertEqual(user.crm_role, "supervisor")
        user.with_user(self.crm_admin).crm_role = "executive"
        self.assertFalse(user.has_group("crm_lite.group_sales_supervisor"))
        self.assertTrue(user.has_group("crm_lite.group_executive"))
        self.assertEqual(user.crm_role, "executive")
        user.with_user(self.crm_admin).crm_role = "none"
        self.assertEqual(user.crm_role, "none")
        Users = self.env["res.users"]
        self.assertIn(
            self.manager_a, Users.search([("crm_role", "=", "account_manager")])
        )
        self.assertIn(self.crm_admin, Users.search([("crm_role", "=", "admin")]))
        self.assertNotIn(
            self.crm_admin, Users.search([("crm_role", "=", "supervisor")])
        )
        with self.assertRaises(AccessError):
            self.manager_b.with_user(self.supervisor).crm_role = "admin"
        self.assertEqual(self.manager_b.crm_role, "account_manager")

    def test_dictionary_categories_are_a_fixed_choice(self):
        Dict = self.env["crm_lite.dict"].with_user(self.crm_admin)
        entry = Dict.create({"type": "region", "item": "西北"})
        self.assertEqual(entry.type, "region")
        with self.assertRaises(ValidationError):
            Dict.create({"type": "地区", "item": "西南"})
        labels = dict(
            Dict.with_context(lang="zh_CN")
            ._fields["type"]
            ._description_selection(Dict.with_context(lang="zh_CN").env)
        )
        self.assertEqual(
            set(labels), {"region", "customer_level", "service_type", "key_date_type"}
        )

    def test_actions_name_their_views(self):
        # a model with several views of a type: every CRM action says which
        # one it shows, or an analysis' list may stand in for a screen's
        View = self.env["ir.ui.view"]
        data = self.env["ir.model.data"].search(
            [("module", "=", "crm_lite"), ("model", "=", "ir.actions.act_window")]
        )
        unnamed = []
        for action in self.env["ir.actions.act_window"].browse(data.mapped("res_id")):
            named = set(action.view_ids.mapped("view_mode"))
            for view_type in action.view_mode.split(","):
                several = (
                    View.search_count(
                        [
                            ("model", "=", action.res_model),
                            ("type", "=", view_type),
                            ("mode", "=", "primary"),
                        ]
                    )
                    > 1
                )
                if (
                    several
                    and view_type in ("list", "kanban", "form")
                    and view_type not in named
                ):
                    unnamed.append(f"{action.name} ({action.res_model}): {view_type}")
        self.assertEqual(unnamed, [])
