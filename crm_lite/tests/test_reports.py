import subprocess
import tempfile
import unicodedata

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmLiteCase


@tagged("post_install", "-at_install")
class TestAnalyses(CrmLiteCase):
    """Each analysis's figures against an independent SQL computation on a
    fixed data set: several years, several managers, drafts and cancelled
    orders left out, a contact's order counted for its customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        SaleOrder = cls.env["sale.order"]
        cls.orders = SaleOrder
        plan = [
            (cls.customer_a, "2025-03-01", 1000.0, "sale"),
            (cls.contact_a, "2025-07-01", 500.0, "sale"),
            (cls.customer_a, "2026-02-01", 300.0, "sale"),
            (cls.customer_b, "2025-05-05", 2000.0, "sale"),
            (cls.customer_b, "2025-06-06", 9999.0, "draft"),
            (cls.customer_b, "2025-06-07", 7777.0, "cancel"),
            (cls.pool_customer, "2024-12-31", 50.0, "sale"),
        ]
        for partner, date, price, state in plan:
            order = SaleOrder.create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.product.id, "price_unit": price})
                    ],
                }
            )
            if state == "sale":
                order.action_confirm()
            elif state == "cancel":
                order.action_cancel()
            order.write({"date_order": f"{date} 10:00:00"})
            cls.orders |= order
        cls.customers = cls.customer_a | cls.customer_b | cls.pool_customer

    def _sql_contribution(self, year):
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT buyer.commercial_partner_id, sum(so.amount_untaxed)
              FROM sale_order so JOIN res_partner buyer ON buyer.id = so.partner_id
             WHERE so.state = 'sale' AND so.id = ANY(%s)
               AND extract(year FROM so.date_order) = %s
             GROUP BY 1
            """,
            [self.orders.ids, year],
        )
        return dict(self.env.cr.fetchall())

    def test_contribution_by_customer_and_year(self):
        for user in (self.supervisor, self.executive, self.crm_admin):
            Contribution = self.env["crm_lite.report.contribution"].with_user(user)
            for year in (2024, 2025, 2026):
                groups = Contribution._read_group(
                    [
                        ("order_id", "in", self.orders.ids),
                        ("date", ">=", f"{year}-01-01 00:00:00"),
                        ("date", "<", f"{year + 1}-01-01 00:00:00"),
                    ],
                    ["partner_id"],
                    ["amount:sum"],
                )
                self.assertEqual(
                    {partner.id: amount for partner, amount in groups},
                    self._sql_contribution(year),
                )
        totals = dict(
            self.env["crm_lite.report.contribution"]
            .with_user(self.supervisor)
            ._read_group(
                [
                    ("order_id", "in", self.orders.ids),
                    ("date", ">=", "2025-01-01 00:00:00"),
                    ("date", "<", "2026-01-01 00:00:00"),
                ],
                ["partner_id"],
                ["amount:sum"],
            )
        )
        self.assertEqual(totals[self.customer_a], 1500.0)
        self.assertEqual(totals[self.customer_b], 2000.0)

    def test_pivot_groups_carry_the_customers_display_names(self):
        """The pivot's public read_group names each customer as the partner's
        own display name would, also where the context decorates it."""
        self.customer_b.write({"name": "Customer B, Holding", "vat": "BE0477472701"})
        domain = [("order_id", "in", self.orders.ids)]
        for context in ({}, {"lang": "zh_CN"}, {"show_vat": True}):
            Contribution = self.env["crm_lite.report.contribution"].with_user(
                self.supervisor
            )
            groups = Contribution.with_context(**context).read_group(
                domain, ["amount:sum"], ["partner_id"], lazy=False
            )
            self.env.invalidate_all()
            expected = {
                partner.id: partner.with_context(**context).display_name
                for partner in self.customers
            }
            with self.subTest(context=context):
                self.assertEqual(
                    {
                        group["partner_id"][0]: group["partner_id"][1]
                        for group in groups
                    },
                    expected,
                )

    def test_contribution_by_manager(self):
        groups = dict(
            self.env["crm_lite.report.contribution"]
            .with_user(self.supervisor)
            ._read_group(
                [("order_id", "in", self.orders.ids)], ["user_id"], ["amount:sum"]
            )
        )
        self.assertEqual(groups[self.manager_a], 1800.0)
        self.assertEqual(groups[self.manager_b], 2000.0)

    def test_contribution_of_my_companies_only(self):
        """An order of a company the supervisor does not work in stays out
        of their analysis, as it stays out of their orders."""
        other = self.env["res.company"].create({"name": "CRM test other company"})
        self.env["stock.warehouse"].create(
            {"name": "Other", "code": "OTH", "company_id": other.id}
        )
        order = (
            self.env["sale.order"]
            .with_company(other)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "company_id": other.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            )
        )
        order.action_confirm()
        Contribution = self.env["crm_lite.report.contribution"]
        self.assertTrue(Contribution.search([("order_id", "=", order.id)]))
        self.assertFalse(
            Contribution.with_user(self.supervisor).search(
                [("order_id", "=", order.id)]
            )
        )
        self.supervisor.company_ids |= other
        self.assertTrue(
            Contribution.with_user(self.supervisor).search(
                [("order_id", "=", order.id)]
            )
        )

    def test_account_managers_run_no_analysis(self):
        Contribution = self.env["crm_lite.report.contribution"].with_user(
            self.manager_a
        )
        with self.assertRaises(AccessError):
            Contribution.search([])
        with self.assertRaises(AccessError):
            Contribution.read_group([], ["amount:sum"], ["partner_id"])
        with self.assertRaises(AccessError):
            self.env["crm_lite.management.report"].with_user(self.manager_a).create({})

    def test_composition_service_loss(self):
        strategic = self.env.ref("crm_lite.dict_customer_level_strategic")
        self.customer_a.write({"customer_level_id": strategic.id, "credit_rating": "4"})
        self.customer_b.write({"customer_level_id": strategic.id, "satisfaction": "2"})
        by_level = dict(
            self.env["res.partner"]
            .with_user(self.executive)
            ._read_group(
                [("id", "in", self.customers.ids)], ["customer_level_id"], ["__count"]
            )
        )
        self.env.cr.execute(
            "SELECT customer_level_id, count(*) FROM res_partner WHERE id = ANY(%s) "
            "GROUP BY 1",
            [self.customers.ids],
        )
        expected = {
            self.env["crm_lite.dict"].browse(level): count
            for level, count in self.env.cr.fetchall()
        }
        self.assertEqual(by_level, expected)
        self.assertEqual(by_level[strategic], 2)
        complaint = self.env.ref("crm_lite.dict_service_type_complaint")
        consult = self.env.ref("crm_lite.dict_service_type_consult")
        Service = self.env["crm_lite.service"]
        for service_type, count in ((complaint, 2), (consult, 1)):
            for _n in range(count):
                Service.create(
                    {
                        "name": "Help",
                        "service_type_id": service_type.id,
                        "partner_id": self.customer_a.id,
                        "request": "Help",
                    }
                )
        by_type = dict(
            Service.with_user(self.supervisor)._read_group(
                [("partner_id", "=", self.customer_a.id)],
                ["service_type_id"],
                ["__count"],
            )
        )
        self.assertEqual(by_type, {complaint: 2, consult: 1})
        loss = self.env["crm_lite.loss"].create({"partner_id": self.customer_b.id})
        loss.with_user(self.manager_b).action_confirm_lost("Price")
        lost = (
            self.env["crm_lite.loss"]
            .with_user(self.executive)
            .search_read(
                [("state", "=", "lost"), ("partner_id", "in", self.customers.ids)],
                ["partner_id", "user_id", "reason"],
            )
        )
        self.assertEqual(len(lost), 1)
        self.assertEqual(lost[0]["reason"], "Price")

    def test_management_report_pdf(self):
        chinese = self.env["res.partner"].create(
            {
                "name": "北京测试有限公司",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": self.manager_a.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": chinese.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "price_unit": 700.0})
                ],
            }
        )
        order.action_confirm()
        order.write({"date_order": "2025-09-09 10:00:00"})
        # as the churn scan raises it: with the customer's account manager
        loss = self.env["crm_lite.loss"].create(
            {"partner_id": self.customer_a.id, "user_id": self.manager_a.id}
        )
        loss.with_user(self.manager_a).action_confirm_lost("客户转向竞争对手")
        loss.write({"lost_date": "2025-10-10"})
        report = (
            self.env["crm_lite.management.report"]
            .with_user(self.supervisor)
            .create(
                {
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                    "user_id": self.manager_a.id,
                }
            )
        )
        # wkhtmltopdf must not call back into this server while the test holds
        # its transaction: its stylesheets come from a closed port instead
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        values = report._report_values()
        self.assertEqual(values["total_amount"], 2200.0)
        self.assertEqual(values["order_count"], 3)
        self.assertEqual(
            [(partner, amount) for partner, amount, _count in values["top_customers"]],
            [(self.customer_a, 1500.0), (chinese, 700.0)],
        )
        self.assertEqual(values["losses"], loss)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.supervisor)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_lite.action_report_customer_management", report.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        # the CJK font's glyphs come back as Kangxi radicals for some characters
        text = unicodedata.normalize("NFKC", text)
        self.assertIn("Customer Management Report", text)
        self.assertIn("Customer A Ltd", text)
        self.assertIn("北京测试有限公司", text)
        # 户 and 手 extract as look-alike radicals: check the rest of the reason
        self.assertIn("转向竞争对", text)
        self.assertIn("1,500.00", text)
        self.assertIn("2,200.00", text)
        self.assertNotIn("Customer B Ltd", text)


@tagged("post_install", "-at_install")
class TestDashboard(CrmLiteCase):
    def test_executive_opens_the_dashboard(self):
        today = fields.Date.context_today(self.env["res.partner"])
        board = (
            self.env["crm_lite.dashboard"]
            .with_user(self.executive)
            .create({"date_from": today, "date_to": today})
        )
        before = board.read(["won_chances", "lost_chances", "open_chances"])[0]
        Chance = self.env["crm_lite.chance"]
        values = {"name": "x", "customer_name": "y", "description": "z"}
        chances = Chance.create([values] * 4)
        chances.action_assign(self.manager_a.id)
        chances[:3].action_mark_won()
        chances[3].action_mark_lost()
        Chance.create([values] * 2)
        board.invalidate_recordset()
        won, lost = before["won_chances"] + 3, before["lost_chances"] + 1
        self.assertEqual((board.won_chances, board.lost_chances), (won, lost))
        self.assertEqual(board.conversion_rate, round(100.0 * won / (won + lost), 1))
        self.assertEqual(board.open_chances, before["open_chances"] + 2)
        for method in (
            "action_open_chances",
            "action_open_customers",
            "action_open_services",
            "action_open_losses",
        ):
            action = getattr(board, method)()
            self.assertEqual(action["type"], "ir.actions.act_window")
            records = self.env[action["res_model"]].with_user(self.executive)
            records.search(action["domain"])
        with self.assertRaises(AccessError):
            self.env["crm_lite.dashboard"].with_user(self.manager_a).create({})
