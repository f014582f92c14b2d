from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CrmLiteCase


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
