from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CrmLiteCase, load_chinese


@tagged("post_install", "-at_install")
class TestRoleTours(CrmLiteCase, HttpCase):
    """Each role's main path in headless Chromium, as the role's own user;
    what the tours did is then read back from the database."""

    def _chance(self, **values):
        return (
            self.env["crm_lite.chance"]
            .with_user(self.supervisor)
            .create(
                dict(
                    {
                        "name": "Tour chance",
                        "customer_name": "Tour Prospect Ltd",
                        "description": "Furniture for a new office",
                    },
                    **values,
                )
            )
        )

    def _service(self, **values):
        service_type = self.env["crm_lite.dict"].search(
            [("type", "=", "service_type")], limit=1
        )
        return (
            self.env["crm_lite.service"]
            .with_user(self.supervisor)
            .create(
                dict(
                    {
                        "name": "Tour service",
                        "partner_id": self.customer_a.id,
                        "service_type_id": service_type.id,
                        "request": "The chair is broken",
                    },
                    **values,
                )
            )
        )

    def test_account_manager_plans_and_wins_a_chance(self):
        chance = self._chance(user_id=self.manager_a.id)
        self.start_tour(
            f"/odoo/action-crm_lite.action_crm_chance/{chance.id}",
            "crm_lite_manager_chance",
            login=self.manager_a.login,
        )
        self.assertEqual(chance.state, "won")
        self.assertEqual(chance.plan_ids.mapped("todo"), ["Visit the buyer"])
        self.assertEqual(chance.customer_id.name, "Tour Prospect Ltd")
        self.assertEqual(chance.customer_id.user_id, self.manager_a)

    def test_account_manager_records_an_interaction(self):
        self.start_tour(
            "/odoo/action-crm_lite.action_crm_interaction/new",
            "crm_lite_manager_interaction",
            login=self.manager_a.login,
        )
        interaction = self.env["crm_lite.interaction"].search(
            [("name", "=", "Tour visit")]
        )
        self.assertEqual(interaction.partner_id, self.customer_a)
        self.assertEqual(interaction.create_uid, self.manager_a)
        self.assertEqual(self.customer_a.last_interaction_date, interaction.date)

    def test_account_manager_handles_a_service(self):
        service = self._service(user_id=self.manager_a.id)
        self.start_tour(
            f"/odoo/action-crm_lite.action_crm_service_handle/{service.id}",
            "crm_lite_manager_service",
            login=self.manager_a.login,
        )
        self.assertEqual(service.state, "handled")
        self.assertEqual(service.handling, "Replaced the broken chair")
        self.assertEqual(service.handled_by_id, self.manager_a)

    def test_supervisor_assigns_a_chance_and_a_service(self):
        chance, service = self._chance(), self._service()
        self.start_tour(
            f"/odoo/action-crm_lite.action_crm_chance/{chance.id}",
            "crm_lite_supervisor_assign_chance",
            login=self.supervisor.login,
        )
        self.assertEqual((chance.state, chance.user_id), ("assigned", self.manager_a))
        self.start_tour(
            f"/odoo/action-crm_lite.action_crm_service_assign/{service.id}",
            "crm_lite_supervisor_assign_service",
            login=self.supervisor.login,
        )
        self.assertEqual((service.state, service.user_id), ("assigned", self.manager_b))

    def test_supervisor_runs_an_analysis_and_prints_the_report(self):
        self.new_order(None, self.customer_a).action_confirm()
        self.start_tour(
            "/odoo/action-crm_lite.action_report_contribution",
            "crm_lite_supervisor_analysis",
            login=self.supervisor.login,
        )
        # wkhtmltopdf must not call back into this single-threaded test server
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        self.start_tour(
            "/odoo/action-crm_lite.action_management_report_wizard",
            "crm_lite_supervisor_print",
            login=self.supervisor.login,
        )
        printed = self.env["crm_lite.management.report"].search(
            [("create_uid", "=", self.supervisor.id)]
        )
        self.assertEqual(len(printed), 1)
        self.assertEqual(printed.date_to, fields.Date.context_today(printed))

    def test_executive_opens_dashboard_and_analyses_read_only(self):
        self.start_tour(
            "/odoo/action-crm_lite.action_crm_dashboard",
            "crm_lite_executive_dashboard",
            login=self.executive.login,
        )
        self.start_tour(
            "/odoo/action-crm_lite.action_crm_customer",
            "crm_lite_executive_customers",
            login=self.executive.login,
        )

    def test_admin_edits_the_dictionary(self):
        self.start_tour(
            "/odoo/action-crm_lite.action_crm_dict/new",
            "crm_lite_admin_dictionary",
            login=self.crm_admin.login,
        )
        entry = self.env["crm_lite.dict"].search([("item", "=", "Tour region")])
        self.assertEqual(entry.type, "region")
        self.assertTrue(entry.is_editable)


@tagged("post_install", "-at_install")
class TestPersonTours(CrmLiteCase, HttpCase):
    """Each role's everyday jobs the way a person does them in the web
    client: in Chinese, from the home screen and the menus, from a blank
    record. What each tour stored is read back from the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        staff = (
            cls.manager_a
            | cls.manager_b
            | cls.supervisor
            | cls.executive
            | cls.crm_admin
            | cls.internal
        )
        staff.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        service_type = cls.env.ref("crm_lite.dict_service_type_consult")
        cls.service = (
            cls.env["crm_lite.service"]
            .with_user(cls.supervisor)
            .create(
                {
                    "name": "Tour service",
                    "partner_id": cls.customer_a.id,
                    "service_type_id": service_type.id,
                    "request": "椅子坏了",
                }
            )
        )
        cls.service.with_user(cls.supervisor).action_assign(cls.manager_a.id)

    def test_manager_registers_a_chance(self):
        self.start_tour(
            "/odoo", "crm_lite_person_manager_chance", login=self.manager_a.login
        )
        chance = self.env["crm_lite.chance"].search([("name", "=", "兰州分公司办公桌")])
        self.assertEqual(
            (chance.customer_name, chance.contact_name, chance.success_rate),
            ("兰州黄河家具有限公司", "赵主任", 30),
        )
        self.assertEqual((chance.state, chance.create_uid), ("new", self.manager_a))

    def test_manager_creates_a_customer_with_a_contact(self):
        self.start_tour(
            "/odoo", "crm_lite_person_manager_customer", login=self.manager_a.login
        )
        customer = self.env["res.partner"].search(
            [("name", "=", "兰州新材料科技有限公司")]
        )
        self.assertTrue(customer.is_crm_customer and customer.customer_code)
        self.assertEqual(customer.user_id, self.manager_a)
        self.assertEqual(
            customer.child_ids.mapped(lambda c: (c.name, c.type, c.function)),
            [("钱经理", "contact", "采购经理")],
        )
        self.assertFalse(customer.child_ids.is_crm_customer)

    def test_manager_records_an_interaction_on_the_customer(self):
        self.start_tour(
            "/odoo", "crm_lite_person_manager_interaction", login=self.manager_a.login
        )
        interaction = self.customer_a.interaction_ids
        self.assertEqual(
            interaction.mapped(lambda i: (i.name, i.place, i.create_uid)),
            [("季度回访", "客户会议室", self.manager_a)],
        )
        # today where the manager is (Asia/Shanghai), whatever the UTC date
        self.assertEqual(
            interaction.date,
            fields.Date.context_today(interaction.with_user(self.manager_a)),
        )

    def test_supervisor_without_email_assigns_a_chance(self):
        self.supervisor.email = False
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.manager_a)
            .create(
                {"name": "兰州办公椅", "customer_name": "兰州椅业", "description": "x"}
            )
        )
        self.start_tour(
            "/odoo", "crm_lite_person_supervisor_assigns", login=self.supervisor.login
        )
        self.assertEqual((chance.state, chance.user_id), ("assigned", self.manager_b))
        self.assertEqual(
            chance.activity_ids.mapped(lambda a: (a.user_id, a.summary)),
            [(self.manager_b, "指派给您：兰州办公椅")],
        )

    def test_manager_handles_a_service(self):
        self.start_tour(
            "/odoo", "crm_lite_person_manager_service", login=self.manager_a.login
        )
        self.assertEqual(self.service.state, "handled")
        self.assertEqual(self.service.handling, "上门更换了椅子")
        self.assertEqual(self.service.handled_by_id, self.manager_a)

    def test_manager_delays_a_loss(self):
        loss = self.env["crm_lite.loss"].create(
            {"partner_id": self.customer_a.id, "user_id": self.manager_a.id}
        )
        self.start_tour(
            "/odoo", "crm_lite_person_manager_loss", login=self.manager_a.login
        )
        self.assertEqual(loss.state, "delayed")
        self.assertEqual(loss.measure_ids.mapped("text"), ["拜访采购部并提供九五折"])

    def test_manager_claims_from_the_pool(self):
        self.start_tour(
            "/odoo", "crm_lite_person_manager_claim", login=self.manager_a.login
        )
        self.assertEqual(self.pool_customer.user_id, self.manager_a)

    def test_executive_reads_and_changes_nothing(self):
        self.new_order(None, self.customer_a).action_confirm()
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.supervisor)
            .create(
                {"name": "Tour chance", "customer_name": "X Ltd", "description": "x"}
            )
        )
        archived = self.service.copy({"name": "Archived tour service"})
        archived.with_user(self.supervisor).action_assign(self.manager_a.id)
        archived.with_user(self.manager_a).write({"handling": "修好了"})
        archived.with_user(self.manager_a).action_handle()
        archived.with_user(self.manager_a).write(
            {"result": "满意", "satisfaction": "4"}
        )
        archived.with_user(self.manager_a).action_feedback()
        self.assertEqual(archived.state, "archived")
        self.env.flush_all()
        self.env.invalidate_all()
        before = (self.customer_a.read(), chance.read(), archived.read())
        self.start_tour(
            "/odoo", "crm_lite_person_executive", login=self.executive.login
        )
        self.env.invalidate_all()
        self.assertEqual(
            (self.customer_a.read(), chance.read(), archived.read()), before
        )

    def test_admin_gives_a_role_and_adds_a_dictionary_entry(self):
        self.start_tour(
            "/odoo", "crm_lite_person_admin_role", login=self.crm_admin.login
        )
        self.assertEqual(self.internal.crm_role, "supervisor")
        self.assertTrue(self.internal.has_group("crm_lite.group_sales_supervisor"))
        self.start_tour(
            "/odoo", "crm_lite_person_admin_dictionary", login=self.crm_admin.login
        )
        entry = self.env["crm_lite.dict"].search([("item", "=", "西北")])
        self.assertEqual((entry.type, entry.create_uid), ("region", self.crm_admin))
