import datetime

import pytz

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CrmLiteCase, new_company, new_company_user, set_rates
from .test_reports import pdf_pages_text

SHANGHAI = "Asia/Shanghai"


class CurrencyCase(CrmLiteCase):
    """Two companies, A in yuan (in Shanghai) and B in dollars (no time
    zone), each with its own rate table, an order of B on a euro pricelist,
    and users of each role in A only, a supervisor in both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cny, cls.usd, cls.eur = (
            cls.env.ref(f"base.{code}") for code in ("CNY", "USD", "EUR")
        )
        cls.eur.active = True
        cls.company_a = new_company(cls.env, "CRM Test Company A", cls.cny, SHANGHAI)
        cls.company_b = new_company(cls.env, "CRM Test Company B", cls.usd)
        # units of each currency per unit of the company's own
        cls.rates = {
            cls.company_a: {cls.cny: 1.0, cls.usd: 0.14, cls.eur: 0.125},
            cls.company_b: {cls.usd: 1.0, cls.cny: 7.0, cls.eur: 0.9},
        }
        for company, rates in cls.rates.items():
            set_rates(company, rates)
        both = cls.company_a | cls.company_b
        role = "crm_lite.group_{}".format
        cls.am_a = new_company_user(
            cls.env, "crm_cur_am_a", role("account_manager"), cls.company_a, SHANGHAI
        )
        cls.supervisor_a = new_company_user(
            cls.env, "crm_cur_sup_a", role("sales_supervisor"), cls.company_a, SHANGHAI
        )
        cls.executive_a = new_company_user(
            cls.env, "crm_cur_exe_a", role("executive"), cls.company_a, SHANGHAI
        )
        cls.supervisor_ab = new_company_user(
            cls.env, "crm_cur_sup_ab", role("sales_supervisor"), both
        )
        cls.eur_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "CRM test euros",
                "currency_id": cls.eur.id,
                "company_id": cls.company_b.id,
            }
        )
        # (company, buyer, amount in the order's currency, currency, state)
        plan = [
            (cls.company_a, cls.customer_a, 7000.0, cls.cny, "sale"),
            (cls.company_a, cls.contact_a, 1500.0, cls.cny, "sale"),
            (cls.company_b, cls.customer_a, 1000.0, cls.usd, "sale"),
            (cls.company_b, cls.customer_b, -250.0, cls.usd, "sale"),
            (cls.company_b, cls.customer_b, 1000.0, cls.eur, "sale"),
            (cls.company_a, cls.customer_b, 9999.0, cls.cny, "draft"),
            (cls.company_a, cls.vendor, 555.0, cls.cny, "sale"),
        ]
        cls.plan = []
        cls.orders = cls.env["sale.order"]
        for number, (company, buyer, amount, currency, state) in enumerate(plan):
            order = cls.new_company_order(company, buyer, amount, currency)
            if state == "sale":
                order.action_confirm()
            order.write({"date_order": f"2025-0{number + 1}-10 10:00:00"})
            cls.orders |= order
            cls.plan.append((order, company, buyer, amount, currency, state))
        cls.domain = [("order_id", "in", cls.orders.ids)]

    @classmethod
    def new_company_order(cls, company, buyer, amount, currency, user=None):
        """A quotation of ``company`` for ``buyer`` of ``amount`` in
        ``currency`` (the company's, or through the euro pricelist)."""
        values = {
            "partner_id": buyer.id,
            "company_id": company.id,
            "order_line": [
                (0, 0, {"product_id": cls.product.id, "price_unit": amount})
            ],
        }
        if currency == cls.eur:
            values["pricelist_id"] = cls.eur_pricelist.id
        SaleOrder = cls.env["sale.order"].with_company(company)
        if user:
            SaleOrder = SaleOrder.with_user(user)
        return SaleOrder.create(values)

    def expected(self, current, companies):
        """{customer: amount in ``current``'s currency} and the total over the
        confirmed orders of CRM customers of ``companies``, converted from
        the rates the test set: into the order's company's currency at its
        rates, then into the current company's at the current one's."""
        sums = {}
        for _order, company, buyer, amount, currency, state in self.plan:
            customer = buyer.commercial_partner_id
            if state != "sale" or company not in companies:
                continue
            if not customer.is_crm_customer:
                continue
            in_company = amount / self.rates[company][currency]
            converted = (
                in_company
                * self.rates[current][current.currency_id]
                / self.rates[current][company.currency_id]
            )
            sums[customer] = sums.get(customer, 0.0) + converted
        return sums, sum(sums.values())

    def contribution(self, user, *companies):
        Contribution = self.env["crm_lite.report.contribution"].with_user(user)
        if companies:
            Contribution = Contribution.with_context(
                allowed_company_ids=[company.id for company in companies]
            )
        return Contribution

    def assert_contribution(self, Contribution, current, companies):
        """The analysis as the pivot and the report read it equals the
        independent conversion, per customer and overall."""
        sums, total = self.expected(current, companies)
        self.assertTrue(sums)
        groups = Contribution._read_group(
            self.domain, ["partner_id"], ["amount:sum"], order="partner_id"
        )
        self.assertEqual({partner for partner, _amount in groups}, set(sums))
        for partner, amount in groups:
            self.assertAlmostEqual(amount, sums[partner], places=2, msg=partner.name)
        [[overall]] = Contribution._read_group(self.domain, [], ["amount:sum"])
        self.assertAlmostEqual(overall, total, places=2)
        # the public read_group the pivot calls
        pivot = Contribution.read_group(
            self.domain, ["amount:sum"], ["partner_id"], lazy=False
        )
        self.assertEqual({row["partner_id"][0] for row in pivot}, {p.id for p in sums})
        for row in pivot:
            partner = self.env["res.partner"].browse(row["partner_id"][0])
            self.assertAlmostEqual(row["amount"], sums[partner], places=2)
        [pivot_total] = Contribution.read_group(
            self.domain, ["amount:sum"], [], lazy=False
        )
        self.assertAlmostEqual(pivot_total["amount"], total, places=2)
        rows = Contribution.search(self.domain)
        self.assertEqual(rows.company_id, companies)
        self.assertEqual(rows.currency_id, current.currency_id)
        return total


@tagged("post_install", "-at_install")
class TestCurrencies(CurrencyCase):
    """The contribution analysis and the management report convert every
    amount into the current company's currency; the test converts
    independently from the rates it set."""

    def test_a_user_of_a_sees_a_only_in_yuan(self):
        for user in (self.supervisor_a, self.executive_a):
            with self.subTest(user=user.login):
                Contribution = self.contribution(user)
                self.assertEqual(Contribution.env.companies, self.company_a)
                total = self.assert_contribution(
                    Contribution, self.company_a, self.company_a
                )
                # A's own orders, in yuan, as booked
                self.assertAlmostEqual(total, 8500.0, places=2)
                # B cannot be asked for
                with self.assertRaises(AccessError):
                    self.contribution(user, self.company_a, self.company_b).search(
                        self.domain
                    )
        with self.assertRaises(AccessError):
            self.contribution(self.am_a).search(self.domain)

    def test_a_user_of_both_reads_both_in_the_current_currency(self):
        both = self.company_a | self.company_b
        in_yuan = self.assert_contribution(
            self.contribution(self.supervisor_ab, self.company_a, self.company_b),
            self.company_a,
            both,
        )
        in_dollars = self.assert_contribution(
            self.contribution(self.supervisor_ab, self.company_b, self.company_a),
            self.company_b,
            both,
        )
        # A's ¥8,500 and B's $1,000 + $861.11 are never summed raw
        self.assertAlmostEqual(in_yuan, 8500 + 1000 / 0.14 + (1000 / 0.9 - 250) / 0.14)
        self.assertAlmostEqual(in_dollars, 8500 / 7.0 + 1000 + 1000 / 0.9 - 250)

    def test_a_refund_and_a_euro_order_in_one_company(self):
        Contribution = self.contribution(self.supervisor_ab, self.company_b)
        self.assert_contribution(Contribution, self.company_b, self.company_b)
        [[amount]] = Contribution._read_group(
            self.domain + [("partner_id", "=", self.customer_b.id)], [], ["amount:sum"]
        )
        # −$250 and €1,000 at 0.9 € per $, not 750
        self.assertAlmostEqual(amount, 1000 / 0.9 - 250, places=2)

    def test_report_prints_the_converted_total_in_the_company_currency(self):
        both = self.company_a | self.company_b
        _sums, total = self.expected(self.company_a, both)
        report = (
            self.env["crm_lite.management.report"]
            .with_user(self.supervisor_ab)
            .with_context(allowed_company_ids=both.ids)
            .create({"date_from": "2025-01-01", "date_to": "2025-12-31"})
        )
        values = report._report_values()
        self.assertAlmostEqual(values["total_amount"], total, places=2)
        self.assertEqual(values["order_count"], 5)
        self.assertEqual(values["currency"], self.cny)
        self.assertEqual(values["companies"], both)
        self.assertEqual(
            [partner for partner, _amount, _count in values["top_customers"]],
            [self.customer_a, self.customer_b],
        )
        # B current: the same orders in dollars
        _sums, in_dollars = self.expected(self.company_b, both)
        in_b = report.with_context(
            allowed_company_ids=[self.company_b.id, self.company_a.id]
        )._report_values()
        self.assertAlmostEqual(in_b["total_amount"], in_dollars, places=2)
        self.assertEqual(in_b["currency"], self.usd)
        # wkhtmltopdf must not call back into this server while the test holds
        # its transaction: its stylesheets come from a closed port instead
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.supervisor_ab)
            .with_context(allowed_company_ids=both.ids, force_report_rendering=True)
            ._render_qweb_pdf("crm_lite.action_report_customer_management", report.ids)
        )
        _info, pages = pdf_pages_text(pdf)
        text = " ".join(" ".join(pages).split())
        self.assertIn(f"¥ {total:,.2f}", text)
        self.assertIn("CRM Test Company A, CRM Test Company B", text)
        self.assertIn("CNY", text)
        self.assertNotIn("$", text)
        # the raw sum of the amounts as booked is printed nowhere
        self.assertNotIn(f"{7000 + 1500 + 1000 - 250 + 1000:,.2f}", text)

    def test_analysis_screens_show_the_converted_amounts(self):
        """The pivot, graph and list of the analysis as the web client asks
        for them, for the user of both companies with B current."""
        Contribution = self.contribution(
            self.supervisor_ab, self.company_b, self.company_a
        )
        action = Contribution.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_report_contribution"
        )
        views = Contribution.get_views(action["views"])["views"]
        self.assertEqual(set(views), {"graph", "pivot", "list"})
        sums, total = self.expected(self.company_b, self.company_a | self.company_b)
        # the pivot's rows and columns: customers by year
        cells = Contribution.read_group(
            self.domain, ["amount:sum"], ["partner_id", "date:year"], lazy=False
        )
        self.assertEqual(
            {(row["partner_id"][0], row["date:year"]) for row in cells},
            {(partner.id, "2025") for partner in sums},
        )
        # the graph groups by customer
        bars = Contribution.web_read_group(
            self.domain, ["amount:sum"], ["partner_id"], lazy=False
        )
        self.assertAlmostEqual(
            sum(bar["amount"] for bar in bars["groups"]), total, places=2
        )
        # the list shows each order's converted amount in dollars
        rows = Contribution.web_search_read(
            self.domain,
            {"amount": {}, "currency_id": {"fields": {"display_name": {}}}},
        )["records"]
        self.assertEqual(len(rows), 5)
        self.assertEqual({row["currency_id"]["id"] for row in rows}, {self.usd.id})
        self.assertAlmostEqual(sum(row["amount"] for row in rows), total, places=2)


@tagged("post_install", "-at_install")
class TestTimeZones(CurrencyCase):
    """Staff in Asia/Shanghai (UTC+8) around local midnight: the days are
    theirs, or their company's for a stored date."""

    def test_last_order_date_is_the_day_where_the_company_is(self):
        in_shanghai = self.new_customer("CRM tz customer of A", owner=self.am_a)
        in_utc = self.new_customer("CRM tz customer of B", owner=self.am_a)
        # confirmed by the account manager in Shanghai at 07:30 on 12-02
        order_a = self.new_company_order(
            self.company_a, in_shanghai, 100.0, self.cny, self.am_a
        )
        order_a.action_confirm()
        order_b = self.new_company_order(self.company_b, in_utc, 100.0, self.usd)
        order_b.action_confirm()
        # at 23:30 UTC on 12-01 (the administrator sets the moment)
        self.env["sale.order"].browse((order_a | order_b).ids).write(
            {"date_order": "2026-12-01 23:30:00"}
        )
        self.assertEqual(in_shanghai.last_order_date, datetime.date(2026, 12, 2))
        # B keeps no time zone: its day is the UTC one
        self.assertEqual(in_utc.last_order_date, datetime.date(2026, 12, 1))

    def test_dashboard_day_is_the_users(self):
        Dashboard = self.env["crm_lite.dashboard"].with_user(self.executive_a)
        first = Dashboard.create({"date_from": "2026-01-01", "date_to": "2026-01-01"})
        second = Dashboard.create({"date_from": "2026-01-02", "date_to": "2026-01-02"})
        before = (first.lost_chances, second.lost_chances)
        Chance = self.env["crm_lite.chance"].with_company(self.company_a)
        values = {"name": "tz", "customer_name": "tz customer", "description": "z"}
        chances = Chance.create([values] * 2)
        chances.action_assign(self.am_a.id)
        chances.action_mark_lost()
        # 03:00 on 01-01 and 01:00 on 01-02 in Shanghai
        for chance, moment in zip(
            chances, ("2025-12-31 19:00:00", "2026-01-01 17:00:00"), strict=True
        ):
            self.env.cr.execute(
                "UPDATE crm_lite_chance SET create_date = %s WHERE id = %s",
                [moment, chance.id],
            )
        self.env.invalidate_all()
        self.assertEqual(first.lost_chances, before[0] + 1)
        self.assertEqual(second.lost_chances, before[1] + 1)
        # the tile opens the chances it counts
        action = first.action_open_closed_chances()
        self.assertIn(
            chances[0],
            self.env["crm_lite.chance"]
            .with_user(self.executive_a)
            .search(action["domain"]),
        )
        self.assertNotIn(
            chances[1],
            self.env["crm_lite.chance"].search(action["domain"]),
        )

    def test_report_year_is_the_users(self):
        customer = self.new_customer("CRM tz report customer", owner=self.am_a)
        orders = self.env["sale.order"]
        for amount in (300.0, 40.0):
            order = self.new_company_order(self.company_a, customer, amount, self.cny)
            order.action_confirm()
            orders |= order
        # 01:30 on 2027-01-01 and 00:30 on 2028-01-01 in Shanghai
        orders[0].date_order = "2026-12-31 17:30:00"
        orders[1].date_order = "2027-12-31 16:30:00"
        report = (
            self.env["crm_lite.management.report"]
            .with_user(self.supervisor_a)
            .create({"date_from": "2027-01-01", "date_to": "2027-12-31"})
        )
        values = report._report_values()
        self.assertEqual(values["order_count"], 1)
        self.assertAlmostEqual(values["total_amount"], 300.0, places=2)

    def test_period_ends_after_it_starts(self):
        for model in ("crm_lite.dashboard", "crm_lite.management.report"):
            with self.subTest(model=model), self.assertRaises(ValidationError):
                self.env[model].with_user(self.supervisor_a).create(
                    {"date_from": "2026-02-01", "date_to": "2026-01-31"}
                )

    def test_period_defaults_to_the_users_year_to_date(self):
        """A day apart whatever the hour: UTC+14 and UTC−11."""
        for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
            today = datetime.datetime.now(pytz.timezone(tz)).date()
            self.supervisor_a.tz = tz
            for model in ("crm_lite.dashboard", "crm_lite.management.report"):
                with self.subTest(tz=tz, model=model):
                    period = self.env[model].with_user(self.supervisor_a).create({})
                    self.assertEqual(period.date_to, today)
                    self.assertEqual(period.date_from, today.replace(month=1, day=1))
