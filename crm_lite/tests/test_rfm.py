import datetime
import math
import statistics
from collections import Counter

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CrmLiteCase, new_company, new_company_user, set_rates

# The classic table, written out here on its own: (R high, F high, M high)
# -> segment, a score of 4 or 5 being high.
EXPECTED_SEGMENTS = {
    (True, True, True): "important_value",
    (True, False, True): "important_develop",
    (False, True, True): "important_keep",
    (False, False, True): "important_retain",
    (True, True, False): "general_value",
    (True, False, False): "general_develop",
    (False, True, False): "general_keep",
    (False, False, False): "general_retain",
}
FIGURES = (
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment",
    "order_gap_days",
    "churn_risk",
)


def quintile(value, values, better_is_higher=True):
    """1-5: ceil(5 x the share of ``values`` no better than ``value``)."""
    if better_is_higher:
        no_better = sum(1 for other in values if other <= value)
    else:
        no_better = sum(1 for other in values if other >= value)
    return math.ceil(5 * no_better / len(values))


@tagged("post_install", "-at_install")
class TestRfm(CrmLiteCase):
    """RFM figures, scores and segments and the buying rhythm of a hand-made
    set of orders in two companies of different currencies, beside the same
    figures computed here in plain Python."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.cny, cls.usd = cls.env.ref("base.CNY"), cls.env.ref("base.USD")
        cls.company_x = new_company(cls.env, "RFM Company X", cls.cny)
        cls.company_y = new_company(cls.env, "RFM Company Y", cls.usd)
        # units of the other currency per unit of the company's own
        cls.rates = {cls.company_x: {cls.usd: 0.14}, cls.company_y: {cls.cny: 7.0}}
        for company, rates in cls.rates.items():
            set_rates(company, rates)
        cls.manager_x = new_company_user(
            cls.env,
            "rfm_manager_x",
            "crm_lite.group_account_manager",
            cls.company_x | cls.company_y,
        )
        Partner = cls.env["res.partner"]

        def customer(name, company, **values):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "is_crm_customer": True,
                    "company_id": company.id if company else False,
                    **values,
                }
            )

        X, Y = cls.company_x, cls.company_y
        cls.x_often = customer("X often", X)
        cls.x_tie_1 = customer("X tie 1", X)
        cls.x_tie_2 = customer("X tie 2", X)
        cls.x_contacts = customer("X through contacts", X)
        cls.x_contact = Partner.create(
            {"name": "Buyer of X", "parent_id": cls.x_contacts.id}
        )
        cls.x_old = customer("X long ago", X)
        cls.x_none = customer("X never", X)
        cls.x_draft = customer("X draft only", X)
        cls.x_big = customer("X big once", X)
        # no company of its own: its owner's (X); it orders from Y in dollars
        cls.x_shared = customer("X shared", None, user_id=cls.manager_x.id)
        cls.y_two = customer("Y two", Y)
        cls.y_once = customer("Y once", Y)
        cls.y_monthly = customer("Y monthly", Y)
        cls.x_customers = (
            cls.x_often
            | cls.x_tie_1
            | cls.x_tie_2
            | cls.x_contacts
            | cls.x_old
            | cls.x_none
            | cls.x_draft
            | cls.x_big
            | cls.x_shared
        )
        cls.y_customers = cls.y_two | cls.y_once | cls.y_monthly
        # (company, buyer, days before today, untaxed amount in the
        # company's currency, confirmed)
        cls.plan = [
            *((X, cls.x_often, days, 100.0, True) for days in (10, 40, 70, 100)),
            (X, cls.x_often, 40, 25.0, True),  # a second order the same day
            (X, cls.x_tie_1, 30, 250.0, True),
            (X, cls.x_tie_2, 30, 250.0, True),
            (X, cls.x_contact, 5, 1000.0, True),
            (X, cls.x_contacts, 200, 50.0, True),
            *((X, cls.x_old, days, 80.0, True) for days in (400, 500, 600)),
            (X, cls.x_draft, 3, 999.0, False),
            (X, cls.x_big, 300, 5000.0, True),
            (X, cls.x_big, 700, 10.0, True),
            (X, cls.x_shared, 15, 300.0, True),
            (Y, cls.x_shared, 20, 100.0, True),  # dollars, counted in yuan
            (Y, cls.y_two, 20, 10.0, True),
            (Y, cls.y_two, 60, 20.0, True),
            (Y, cls.y_once, 300, 5000.0, True),
            *((Y, cls.y_monthly, days, 30.0, True) for days in (15, 45, 75, 105)),
        ]
        for company, buyer, days, amount, confirmed in cls.plan:
            order = (
                cls.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": buyer.id,
                        "company_id": company.id,
                        "order_line": [
                            (0, 0, {"product_id": cls.product.id, "price_unit": amount})
                        ],
                    }
                )
            )
            if confirmed:
                order.action_confirm()
            order.write(
                {
                    "date_order": datetime.datetime.combine(
                        cls.today - datetime.timedelta(days=days),
                        datetime.time(10),
                    )
                }
            )

    def expected(self, customers):
        """{customer: (figures of FIGURES)} computed from the plan, the
        quintiles among the customers of each company that ordered in the
        last 12 months."""
        start = self.today - relativedelta(months=12)
        orders = {}
        for company, buyer, days, amount, confirmed in self.plan:
            customer = buyer.commercial_partner_id
            if not confirmed:
                continue
            own = customer.company_id or customer.user_id.company_id
            if company != own:
                amount = amount / self.rates[own][company.currency_id]
            day = self.today - datetime.timedelta(days=days)
            orders.setdefault(customer, []).append((day, amount))
        raw = {}
        for customer in customers:
            days = sorted({day for day, _amount in orders.get(customer, [])})
            gaps = [
                (later - earlier).days
                for earlier, later in zip(days, days[1:], strict=False)
            ]
            gap = statistics.median(gaps) if len(days) >= 3 else None
            recent = [(d, a) for d, a in orders.get(customer, []) if d > start]
            raw[customer] = {
                "recency": (self.today - max(d for d, _a in recent)).days
                if recent
                else None,
                "frequency": len(recent) or None,
                "monetary": round(sum(a for _d, a in recent), 2) if recent else None,
                "gap": gap,
                "risk": round((self.today - days[-1]).days / gap, 2) if gap else None,
            }
        expected = {}
        for customer, figures in raw.items():
            own = customer.company_id or customer.user_id.company_id
            peers = [
                other
                for other, values in raw.items()
                if values["frequency"]
                and (other.company_id or other.user_id.company_id) == own
            ]
            scores = (None, None, None)
            segment = None
            if figures["frequency"]:
                scores = (
                    quintile(
                        figures["recency"],
                        [raw[p]["recency"] for p in peers],
                        better_is_higher=False,
                    ),
                    quintile(
                        figures["frequency"], [raw[p]["frequency"] for p in peers]
                    ),
                    quintile(figures["monetary"], [raw[p]["monetary"] for p in peers]),
                )
                segment = EXPECTED_SEGMENTS[tuple(score >= 4 for score in scores)]
            expected[customer] = (
                figures["recency"],
                figures["frequency"],
                figures["monetary"],
                *scores,
                segment,
                figures["gap"],
                figures["risk"],
            )
        return expected

    def stored(self, customers):
        """{customer: (figures of FIGURES)} as stored, None where empty (the
        ORM reads an empty number as 0): the RFM figures without orders in
        the period, the rhythm without three purchase days."""
        customers.invalidate_recordset()
        result = {}
        for customer in customers:
            values = customer.read(list(FIGURES))[0]
            rfm, rhythm = FIGURES[:7], FIGURES[7:]
            result[customer] = tuple(
                values[name] if values["rfm_frequency"] else None for name in rfm
            ) + tuple(
                values[name] if values["order_gap_days"] else None for name in rhythm
            )
        return result

    def test_figures_equal_an_independent_computation(self):
        Partner = self.env["res.partner"]
        customers = self.x_customers | self.y_customers
        self.assertTrue(Partner._crm_refresh_rfm(today=self.today))
        expected = self.expected(customers)
        self.assertEqual(self.stored(customers), expected)
        # the hand-made cases are there: ties, contacts, nothing in the period
        self.assertEqual(expected[self.x_tie_1], expected[self.x_tie_2])
        self.assertEqual(expected[self.x_contacts][:3], (5, 2, 1050.0))
        self.assertEqual(expected[self.x_often][:3], (10, 5, 425.0))
        self.assertEqual(expected[self.x_shared][2], round(300 + 100 / 0.14, 2))
        for nothing in (self.x_none, self.x_draft):
            self.assertEqual(expected[nothing], (None,) * len(FIGURES))
            self.assertFalse(nothing.rfm_date)
        # ordered long ago only: no RFM figures, but a rhythm and its risk
        self.assertEqual(expected[self.x_old][:7], (None,) * 7)
        self.assertEqual(expected[self.x_old][7:], (100, 4.0))
        self.assertEqual(self.x_old.rfm_date, self.today)
        # both companies have customers in the top segment of their own
        self.assertEqual(self.y_monthly.rfm_segment, "important_value")
        self.assertEqual(self.y_monthly.rfm_monetary, 120.0)
        self.assertEqual(self.y_monthly.rfm_currency_id, self.usd)
        self.assertEqual(self.x_shared.rfm_currency_id, self.cny)
        # nothing changed since: nothing is written again
        self.assertEqual(Partner._crm_refresh_rfm(today=self.today), 0)

    def test_period_setting_and_changes(self):
        Partner = self.env["res.partner"]
        self.company_x.crm_lite_rfm_months = 6
        Partner._crm_refresh_rfm(today=self.today)
        # the order of 300 days ago is out of X's period, not of Y's
        self.assertFalse(self.x_big.rfm_frequency)
        self.assertFalse(self.x_big.rfm_segment)
        self.assertEqual(self.y_once.rfm_frequency, 1)
        self.assertEqual(self.x_contacts.rfm_frequency, 1)
        # a customer no longer a CRM one has no figures
        self.x_often.is_crm_customer = False
        self.assertFalse(self.x_often.rfm_segment)
        self.assertFalse(self.x_often.rfm_date)

    def test_only_the_refresh_writes_the_figures(self):
        self.env["res.partner"]._crm_refresh_rfm(today=self.today)
        # an account manager reads the figures of his customer
        customer = self.x_shared.with_user(self.manager_x)
        self.assertEqual(customer.rfm_frequency, 2)
        self.assertTrue(customer.rfm_segment)
        for values in ({"rfm_segment": "general_retain"}, {"churn_risk": 0.1}):
            with self.subTest(values=values), self.assertRaises(UserError):
                customer.write(values)
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.manager_x).create(
                {"name": "Forged", "rfm_frequency": 9}
            )
        self.assertEqual(self.x_shared.rfm_frequency, 2)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.manager_a).action_crm_refresh_rfm()

    def test_supervisor_refreshes_on_demand(self):
        self.assertFalse(self.x_often.rfm_date)
        action = (
            self.env["res.partner"].with_user(self.supervisor).action_crm_refresh_rfm()
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.x_often.rfm_frequency, 5)
        server_action = self.env.ref("crm_lite.action_crm_refresh_rfm")
        self.assertEqual(
            server_action.groups_id, self.env.ref("crm_lite.group_sales_supervisor")
        )

    def test_refresh_on_demand_computes_as_the_nightly_one(self):
        # a pool customer (no company, no owner) counts in the company the
        # refresh runs in: the nightly one's, whoever clicks
        pooled = self.env["res.partner"].create(
            {"name": "X pooled", "is_company": True, "is_crm_customer": True}
        )
        for days in (5, 35, 65):
            order = self.new_order(None, pooled, price=70.0, company=self.company_x)
            order.action_confirm()
            order.date_order = datetime.datetime.combine(
                self.today - datetime.timedelta(days=days), datetime.time(10)
            )
        supervisor_x = new_company_user(
            self.env,
            "rfm_supervisor_x",
            "crm_lite.group_sales_supervisor",
            self.company_x | self.company_y,
        )
        cron = self.env.ref("crm_lite.ir_cron_refresh_rfm")
        self.assertNotEqual(cron.user_id.company_id, self.company_x)
        nightly = self.env(user=cron.user_id)["res.partner"]
        nightly._cron_refresh_rfm()
        self.assertTrue(pooled.rfm_segment)
        figures = [pooled[name] for name in FIGURES]
        self.env["res.partner"].with_user(supervisor_x).with_context(
            allowed_company_ids=self.company_x.ids
        ).action_crm_refresh_rfm()
        self.assertEqual([pooled[name] for name in FIGURES], figures)
        self.assertEqual(nightly._crm_refresh_rfm(), 0)

    def test_segments_in_the_composition_and_the_report(self):
        self.env["res.partner"]._crm_refresh_rfm(today=self.today)
        companies = self.company_x | self.company_y
        Partner = self.env["res.partner"].with_context(
            allowed_company_ids=companies.ids
        )
        labels = dict(Partner._fields["rfm_segment"]._description_selection(self.env))
        customers = Partner.search([("is_crm_customer", "=", True)])
        self.assertIn(self.x_often, customers)
        expected = {}
        for customer in customers:
            label = labels.get(customer.rfm_segment, "Not set")
            expected[label] = expected.get(label, 0) + 1
        report = (
            self.env["crm_lite.management.report"]
            .with_context(allowed_company_ids=companies.ids)
            .create({})
        )
        rows = dict(report._report_values()["composition"]["By RFM Segment"])
        self.assertEqual(rows, expected)
        self.assertGreaterEqual(rows["Important Value"], 2)
        # the composition analysis groups customers by segment
        groups = dict(
            Partner._read_group(
                [("id", "in", self.y_customers.ids)], ["rfm_segment"], ["__count"]
            )
        )
        segments = [figures[6] for figures in self.expected(self.y_customers).values()]
        self.assertEqual(groups, Counter(segments))

    def test_supervisor_merges_customers_with_figures(self):
        first = self.new_customer("Merged first", owner=self.manager_a)
        second = self.new_customer("Merged second", owner=self.manager_a)
        for customer in (first, second):
            self.new_order(None, customer, price=100.0).action_confirm()
        Partner = self.env["res.partner"]
        Partner._crm_refresh_rfm(today=self.today)
        self.assertEqual((first.rfm_frequency, second.rfm_frequency), (1, 1))
        self.supervisor.groups_id |= self.env.ref("base.group_partner_manager")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.supervisor)
            .create({"partner_ids": [(6, 0, (first | second).ids)]})
        )
        wizard.dst_partner_id = first
        wizard.action_merge()
        self.assertFalse(second.exists())
        # the kept customer's figures are the refresh's, the orders of both
        self.assertEqual(first.rfm_frequency, 1)
        Partner._crm_refresh_rfm(today=self.today)
        self.assertEqual(first.rfm_frequency, 2)
        self.assertEqual(first.rfm_monetary, 200.0)

    def test_figures_search_and_sort_as_columns(self):
        Partner = self.env["res.partner"]
        Partner._crm_refresh_rfm(today=self.today)
        customers = self.x_customers | self.y_customers
        expected = self.expected(customers)
        in_test = [("id", "in", customers.ids)]

        def matching(test):
            return {customer for customer, figures in expected.items() if test(figures)}

        segment, risk = FIGURES.index("rfm_segment"), FIGURES.index("churn_risk")
        cases = [
            # as on a column: a customer without figures is "not set"
            ([("rfm_segment", "=", False)], lambda f: f[segment] is None),
            ([("rfm_segment", "!=", False)], lambda f: f[segment] is not None),
            (
                [("rfm_segment", "=", "important_value")],
                lambda f: f[segment] == "important_value",
            ),
            # "!=" a value keeps the customers without one, as Odoo does
            (
                [("rfm_segment", "!=", "important_value")],
                lambda f: f[segment] != "important_value",
            ),
            (
                [("churn_risk", ">", 1.0)],
                lambda f: f[risk] is not None and f[risk] > 1.0,
            ),
            (
                [("rfm_frequency", ">=", 2)],
                lambda f: f[1] is not None and f[1] >= 2,
            ),
        ]
        for domain, test in cases:
            with self.subTest(domain=domain):
                found = set(Partner.search(in_test + domain))
                self.assertEqual(found, matching(test))
                self.assertTrue(found)
        # sorted by the figure, the customers without one last (ascending)
        ordered = Partner.search(in_test, order="rfm_monetary, id")
        monetary = [expected[customer][2] for customer in ordered]
        amounts = [amount for amount in monetary if amount is not None]
        self.assertEqual(amounts, sorted(amounts))
        self.assertEqual(
            monetary[len(amounts) :], [None] * (len(monetary) - len(amounts))
        )
        # segments in the order of the classic table, 重要价值客户 first
        table = list(EXPECTED_SEGMENTS.values())
        ranks = [
            table.index(customer.rfm_segment)
            for customer in Partner.search(in_test, order="rfm_segment, id")
            if customer.rfm_segment
        ]
        self.assertEqual(ranks, sorted(ranks))
        self.assertGreater(len(set(ranks)), 2)
        descending = Partner.search(in_test, order="rfm_segment desc, id")
        self.assertFalse(descending[0].rfm_segment)
        # an account manager searches the figures of the customers he reads
        mine = Partner.with_user(self.manager_x).search(
            in_test + [("rfm_segment", "!=", False)]
        )
        self.assertIn(self.x_shared, mine)
        self.assertLessEqual(set(mine), matching(lambda f: f[segment] is not None))

    def test_deleted_customer_leaves_no_figures(self):
        customer = self.new_customer("Deleted with figures", owner=self.manager_a)
        self.new_order(None, customer, price=50.0).action_confirm()
        Partner = self.env["res.partner"]
        Partner._crm_refresh_rfm(today=self.today)
        Figures = self.env["crm_lite.customer.rfm"]
        self.assertEqual(Figures.search_count([("partner_id", "=", customer.id)]), 1)
        customer.sale_order_ids.with_context(
            disable_cancel_warning=True
        ).action_cancel()
        customer.sale_order_ids.unlink()
        customer.unlink()
        self.assertFalse(Figures.search_count([("partner_id", "=", customer.id)]))
        self.env.cr.execute(
            "SELECT count(*) FROM crm_lite_customer_rfm WHERE id = %s",
            [customer.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
