import re
import subprocess
import tempfile
import unicodedata

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CrmLiteCase, load_chinese


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
        # a Belgian tax ID: a Chinese customer's would be its 统一社会信用代码
        self.customer_b.write(
            {
                "name": "Customer B, Holding",
                "vat": "BE0477472701",
                "country_id": self.env.ref("base.be").id,
            }
        )
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

    def test_contribution_counts_crm_customers_only(self):
        """The host's own partners (a vendor, a contact of it) buy too: their
        confirmed orders are no customer contribution, until the partner
        becomes a CRM customer."""
        vendor_contact = self.env["res.partner"].create(
            {"name": "Contact of the vendor", "parent_id": self.vendor.id}
        )
        others = self.env["sale.order"]
        for partner in (self.vendor, vendor_contact):
            order = self.new_order(self.manager_a, partner)
            order.action_confirm()
            others |= order
        Contribution = self.env["crm_lite.report.contribution"].with_user(
            self.supervisor
        )
        self.assertFalse(Contribution.search([("order_id", "in", others.ids)]))
        by_customer = dict(Contribution._read_group([], ["partner_id"], ["amount:sum"]))
        self.assertNotIn(self.vendor, by_customer)
        self.assertNotIn(vendor_contact, by_customer)
        self.assertTrue(all(partner.is_crm_customer for partner in by_customer))
        # the salesperson's contribution is his CRM customers' orders only
        self.assertEqual(others.user_id, self.manager_a)
        [[manager_total]] = Contribution._read_group(
            [("user_id", "=", self.manager_a.id)], [], ["amount:sum"]
        )
        self.assertEqual(manager_total, 1800.0)
        # once the vendor is a CRM customer, its and its contact's orders count
        self.vendor.write({"is_crm_customer": True})
        self.assertEqual(
            Contribution.search([("order_id", "in", others.ids)]).partner_id,
            self.vendor,
        )

    def test_contribution_in_the_companys_currency(self):
        """An order in a foreign currency contributes its amount converted
        into the company's currency at the order's rate."""
        company = self.env.company
        foreign = self.env.ref(
            "base.EUR" if company.currency_id.name != "EUR" else "base.USD"
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": company.id,
                # the rate of the order's day
                "name": fields.Date.context_today(company),
                "rate": 2.0,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign prices", "currency_id": foreign.id}
        )
        order = self.new_order(
            None, self.customer_b, price=300.0, pricelist_id=pricelist.id
        )
        order.action_confirm()
        self.assertEqual(order.currency_id, foreign)
        row = (
            self.env["crm_lite.report.contribution"]
            .with_user(self.supervisor)
            .search([("order_id", "=", order.id)])
        )
        self.assertEqual(row.currency_id, company.currency_id)
        self.assertAlmostEqual(row.amount, order.amount_untaxed / 2.0)

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
        order = self.new_order(
            None, self.customer_a, company=other, company_id=other.id
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
        chinese = self.new_customer("北京测试有限公司", owner=self.manager_a)
        order = self.new_order(None, chinese, price=700.0)
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
        # one customer per chance won: the same name twice is a duplicate
        chances = Chance.create(
            [dict(values, customer_name=f"y{number}") for number in range(4)]
        )
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


def pdf_pages_text(pdf):
    """The text of each page of ``pdf`` as pdftotext extracts it, with the
    CJK font's look-alike radicals folded back to the characters printed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], check=True, capture_output=True, text=True
        ).stdout
        text = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    # ⼾ (the door radical) folds to the traditional 戶, printed as 户
    text = unicodedata.normalize("NFKC", text).replace("戶", "户")
    return info, text.split("\f")


@tagged("post_install", "-at_install")
class TestReportsInChinese(CrmLiteCase):
    """What a Chinese-speaking supervisor and executive read: the printed
    report of a company trading in yuan, the dashboard, the analyses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.company = cls.env["res.company"].create(
            {"name": "Shanghai Test Trading Co", "currency_id": cny.id}
        )
        cls.cn_supervisor = new_test_user(
            cls.env,
            login="crm_test_cn_supervisor",
            groups="crm_lite.group_sales_supervisor",
            name="CRM test Chinese supervisor",
            lang="zh_CN",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.customer_a.write({"credit_rating": "1", "satisfaction": "2"})
        order = (
            cls.env["sale.order"]
            .with_company(cls.company)
            .create(
                {
                    "partner_id": cls.customer_a.id,
                    "user_id": cls.manager_a.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.product.id, "price_unit": 880.0})
                    ],
                }
            )
        )
        order.action_confirm()
        # the host's own partner buys too, in the same company
        vendor_order = (
            cls.env["sale.order"]
            .with_company(cls.company)
            .create(
                {
                    "partner_id": cls.vendor.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.product.id, "price_unit": 5.0})
                    ],
                }
            )
        )
        vendor_order.action_confirm()
        cls.order = order
        today = fields.Date.context_today(order)
        cls.report = (
            cls.env["crm_lite.management.report"]
            .with_user(cls.cn_supervisor)
            .with_context(lang="zh_CN")
            .create({"date_from": today.replace(month=1, day=1), "date_to": today})
        )

    def zh(self, user, model):
        return self.env[model].with_user(user).with_context(lang="zh_CN")

    def menu_name(self, xmlid):
        return self.env.ref(xmlid).with_context(lang="zh_CN").name

    def render_pdf(self):
        # wkhtmltopdf must not call back into this server while the test holds
        # its transaction: its stylesheets come from a closed port instead
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = (
            self.zh(self.cn_supervisor, "ir.actions.report")
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "crm_lite.action_report_customer_management", self.report.ids
            )
        )
        self.assertEqual(kind, "pdf")
        return pdf_pages_text(pdf)

    def test_report_speaks_chinese(self):
        html, _kind = self.zh(
            self.cn_supervisor, "ir.actions.report"
        )._render_qweb_html(
            "crm_lite.action_report_customer_management", self.report.ids
        )
        # the report's pages, without the document's head
        html = html.decode()
        html = html[html.index('class="page crm_lite_report"') :]
        # the sections are titled as the analyses' menus
        titles = [
            self.menu_name(f"crm_lite.menu_report_{name}")
            for name in ("contribution", "composition", "service", "loss")
        ]
        self.assertEqual(
            titles, ["客户贡献分析", "客户构成分析", "客户服务分析", "客户流失分析"]
        )
        for title in titles:
            self.assertIn(f">{title}</h4>", html)
        # the composition's columns count customers; no menu name heads them
        self.assertIn(">客户数</th>", html)
        self.assertNotIn("客户信息管理", html)
        # ratings as the web client labels them, in the report's language
        labels = dict(
            self.zh(self.cn_supervisor, "res.partner")
            ._fields["credit_rating"]
            ._description_selection(self.zh(self.cn_supervisor, "res.partner").env)
        )
        self.assertEqual(labels["1"], "1 星")
        self.assertIn(">1 星</div>", html)
        self.assertIn(">2 星</div>", html)
        for english in ("1 star", "2 stars", "Not set", "Number of Customers"):
            self.assertNotIn(english, html)
        self.assertIn("客户管理报告", html)
        self.assertIn("¥", html)
        self.assertNotIn("$", html)

    def test_report_pdf_is_the_companys_on_a4_in_yuan(self):
        report = self.env.ref("crm_lite.action_report_customer_management")
        self.assertEqual(report.get_paperformat().format, "A4")
        # also where the company prints on Letter by default
        self.company.paperformat_id = self.env.ref("base.paperformat_us")
        info, pages = self.render_pdf()
        self.assertIn("(A4)", info)
        text = "".join(pages)
        # the company's header: the layout's, or in the page where the
        # wkhtmltopdf build cannot print the layout's
        self.assertIn("Shanghai Test Trading Co", text)
        self.assertIn("客户管理报告", text)
        self.assertIn("¥ 880.00", text)
        self.assertNotIn("$", text)
        # the vendor's order is no CRM customer's contribution
        self.assertNotIn("Plain Vendor Ltd", text)
        self.assertNotIn("885.00", text)
        # pdftotext drops the space between the number and 星
        self.assertIn("1星", re.sub(r"\s+", "", text))
        self.assertNotIn("star", text)

    def test_report_rows_stay_whole_across_pages(self):
        """A table row is never cut by a page break: each of many long loss
        rows prints on one page."""
        Loss = self.env["crm_lite.loss"]
        # the losses are of the supervisor's company, which the report shows,
        # and the account manager works there too
        self.manager_a.company_ids |= self.company
        for number in range(40):
            loss = Loss.create(
                {
                    "partner_id": self.customer_a.id,
                    "user_id": self.manager_a.id,
                    "company_id": self.company.id,
                }
            )
            loss.with_user(self.manager_a).action_confirm_lost(
                f"Reason R{number:02d}A first line of a long explanation "
                f"R{number:02d}B that goes on over several lines of the column "
                f"R{number:02d}C and ends here R{number:02d}D"
            )
            # closed before the customer's next record opens
            self.env.flush_all()
        _info, pages = self.render_pdf()
        self.assertGreater(len([page for page in pages if page.strip()]), 2)
        for number in range(40):
            for part in "ABCD":
                marker = f"R{number:02d}{part}"
                on = [index for index, page in enumerate(pages) if marker in page]
                self.assertEqual(len(on), 1, marker)
            first = [i for i, page in enumerate(pages) if f"R{number:02d}A" in page]
            last = [i for i, page in enumerate(pages) if f"R{number:02d}D" in page]
            self.assertEqual(first, last, f"row {number} is cut by a page break")

    def test_dashboard_is_named_in_the_breadcrumb(self):
        Dashboard = self.zh(self.executive, "crm_lite.dashboard")
        title = self.menu_name("crm_lite.menu_crm_dashboard")
        self.assertEqual(title, "仪表板")
        # the unsaved board, as the web client's form asks for it
        values = Dashboard.onchange(
            {}, [], {"display_name": {}, "date_from": {}, "date_to": {}}
        )["value"]
        self.assertEqual(values["display_name"], title)
        today = fields.Date.context_today(Dashboard)
        board = Dashboard.create({"date_from": today.replace(day=1), "date_to": today})
        # saved by a tile's click
        self.assertEqual(board.display_name, title)
        self.assertEqual(board.with_context(lang="en_US").display_name, "Dashboard")

    def test_dashboard_tiles_open_named_lists_of_what_they_count(self):
        values = {"name": "x", "customer_name": "y", "description": "z"}
        chances = self.env["crm_lite.chance"].create([values] * 3)
        chances.action_assign(self.manager_a.id)
        chances[0].action_mark_won()
        chances[1].action_mark_lost()
        Dashboard = self.zh(self.executive, "crm_lite.dashboard")
        today = fields.Date.context_today(Dashboard)
        board = Dashboard.create({"date_from": today.replace(day=1), "date_to": today})
        tiles = {
            "action_open_chances": ("进行中的销售机会", board.open_chances),
            "action_open_closed_chances": (
                "已关闭的机会",
                board.won_chances + board.lost_chances,
            ),
            "action_open_customers": ("新增客户", board.new_customers),
            "action_open_services": ("服务满意度", None),
            "action_open_losses": ("流失预警", board.churn_warnings),
            "action_open_confirmed_losses": ("确认流失", board.confirmed_losses),
        }
        for method, (name, count) in tiles.items():
            with self.subTest(method=method):
                action = getattr(board, method)()
                # the breadcrumb's title
                self.assertEqual(action["display_name"], name)
                self.assertEqual(action["name"], name)
                records = self.env[action["res_model"]].with_user(self.executive)
                found = records.search_count(action["domain"])
                if count is not None:
                    self.assertEqual(found, count)

    def test_empty_analyses_say_what_they_show(self):
        """Before any data each analysis explains itself in Chinese, and
        none fills its charts with the host's English sample names."""
        helps = set()
        Action = self.zh(self.supervisor, "ir.actions.act_window")
        for name in ("contribution", "composition", "service", "loss"):
            with self.subTest(analysis=name):
                action = Action._for_xml_id(f"crm_lite.action_report_{name}")
                help_text = re.sub(r"<[^>]*>", "", action["help"] or "")
                self.assertRegex(help_text, "[\u4e00-\u9fff]{4}")
                self.assertNotRegex(help_text, "[A-Za-z]{4}")
                helps.add(help_text)
                views = (
                    self.env[action["res_model"]]
                    .with_user(self.supervisor)
                    .get_views(action["views"])
                )
                for view in views["views"].values():
                    arch = etree.fromstring(view["arch"])
                    self.assertFalse(arch.get("sample"), view["id"])
        self.assertEqual(len(helps), 4)
