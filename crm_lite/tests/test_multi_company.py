import datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CrmMultiCompanyCase, load_chinese

MODELS = (
    "crm_lite.chance",
    "crm_lite.plan",
    "crm_lite.service",
    "crm_lite.interaction",
    "crm_lite.loss",
    "crm_lite.loss.measure",
)


@tagged("post_install", "-at_install")
class TestCompanyRecords(CrmMultiCompanyCase):
    """Each company's chances, plans, services, interactions and loss records
    are its staff's: a role sees the companies it works in only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = {company: {} for company in (cls.company_a, cls.company_b)}
        for company, customer in (
            (cls.company_a, cls.customer_of_a),
            (cls.company_b, cls.customer_of_b),
        ):
            records = cls.records[company]
            chance = cls.env["crm_lite.chance"].create(
                {
                    "name": f"Chance of {company.name}",
                    "partner_id": customer.id,
                    "description": "Wants chairs",
                }
            )
            chance.action_assign(cls.manager_ab)
            records["crm_lite.chance"] = chance
            records["crm_lite.plan"] = cls.env["crm_lite.plan"].create(
                {"chance_id": chance.id, "todo": "Visit"}
            )
            records["crm_lite.service"] = cls.env["crm_lite.service"].create(
                {
                    "name": f"Service of {company.name}",
                    "service_type_id": cls.env.ref(
                        "crm_lite.dict_service_type_complaint"
                    ).id,
                    "partner_id": customer.id,
                    "request": "Fix it",
                    "user_id": cls.manager_ab.id,
                }
            )
            records["crm_lite.interaction"] = cls.env["crm_lite.interaction"].create(
                {"partner_id": customer.id, "place": "Office", "name": "Visit"}
            )
            loss = cls.env["crm_lite.loss"].create({"partner_id": customer.id})
            loss.action_add_measure("Called")
            records["crm_lite.loss"] = loss
            records["crm_lite.loss.measure"] = loss.measure_ids

    def _seen(self, user, model, companies=None):
        """The records of both companies of ``model`` that ``user`` finds
        and reads (as working in ``companies``)."""
        ids = [self.records[company][model].id for company in self.records]
        Model = self.in_companies(self.env[model], user, companies)
        found = Model.search([("id", "in", ids)])
        return {row["company_id"][0] for row in found.read(["company_id"])}

    def test_records_take_their_customers_company(self):
        for company, records in self.records.items():
            for model, record in records.items():
                with self.subTest(model=model, company=company.name):
                    self.assertEqual(record.company_id, company)

    def test_each_role_sees_its_companies_only(self):
        a, b = self.company_a.id, self.company_b.id
        for user in (self.supervisor_a_only, self.executive_a_only):
            for model in MODELS:
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(self._seen(user, model), {a})
        for user in (self.supervisor_ab, self.executive_ab, self.manager_ab):
            for model in MODELS:
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(self._seen(user, model), {a, b})
                    # working in A only for now, as the company switcher says
                    self.assertEqual(self._seen(user, model, self.company_a), {a})

    def test_no_reading_another_companys_record(self):
        chance_b = self.records[self.company_b]["crm_lite.chance"]
        with self.assertRaises(AccessError):
            chance_b.with_user(self.supervisor_a_only).read(["name"])

    def test_supervisor_of_a_cannot_assign_bs_chance(self):
        chance_b = self.records[self.company_b]["crm_lite.chance"]
        with self.assertRaises(AccessError):
            chance_b.with_user(self.supervisor_a_only).action_assign(
                self.manager_b_only
            )
        self.assertEqual(chance_b.user_id, self.manager_ab)

    def test_no_assignee_from_outside_the_company(self):
        chance_a = self.env["crm_lite.chance"].create(
            {
                "name": "New in A",
                "partner_id": self.customer_of_a.id,
                "description": "Wants desks",
            }
        )
        for supervisor in (self.supervisor_a_only, self.supervisor_ab):
            with (
                self.subTest(supervisor=supervisor.login),
                self.assertRaisesRegex(ValidationError, "does not work in"),
            ):
                chance_a.with_user(supervisor).action_assign(self.manager_b_only)
        self.assertFalse(chance_a.user_id)
        self.assertEqual(chance_a.state, "new")
        # the assignment dialog offers A's account managers only
        wizard = (
            self.env["crm_lite.assign.wizard"]
            .with_user(self.supervisor_a_only)
            .with_context(active_model="crm_lite.chance", active_ids=chance_a.ids)
            .create({"user_id": self.manager_a_only.id})
        )
        self.assertIn(self.manager_a_only, wizard.allowed_user_ids)
        self.assertIn(self.manager_ab, wizard.allowed_user_ids)
        self.assertNotIn(self.manager_b_only, wizard.allowed_user_ids)
        # records of both companies: who works in both
        chance_b = self.records[self.company_b]["crm_lite.chance"]
        wizard = (
            self.env["crm_lite.assign.wizard"]
            .with_user(self.supervisor_ab)
            .with_context(
                active_model="crm_lite.chance", active_ids=(chance_a | chance_b).ids
            )
            .create({"user_id": self.manager_ab.id})
        )
        self.assertIn(self.manager_ab, wizard.allowed_user_ids)
        self.assertNotIn(self.manager_a_only, wizard.allowed_user_ids)
        self.assertNotIn(self.manager_b_only, wizard.allowed_user_ids)
        wizard.action_assign()
        self.assertEqual(chance_a.user_id, self.manager_ab)
        # the form's assignee domain names the record's company
        domain = (
            self.env["crm_lite.chance"]._fields["user_id"]._description_domain(self.env)
        )
        self.assertIn("('company_ids', 'in', [company_id])", domain)

    def test_created_for_bs_customer_takes_b(self):
        # working in A (the current company) and B
        Chance = self.env["crm_lite.chance"].with_user(self.supervisor_ab)
        chance = Chance.create(
            {
                "name": "For B",
                "partner_id": self.customer_of_b.id,
                "description": "Wants lamps",
            }
        )
        self.assertEqual(chance.company_id, self.company_b)
        interaction = (
            self.env["crm_lite.interaction"]
            .with_user(self.manager_ab)
            .create(
                {"partner_id": self.customer_of_b.id, "place": "Phone", "name": "Call"}
            )
        )
        self.assertEqual(interaction.company_id, self.company_b)
        # a customer shared by the companies: the company the user works in
        shared = self.company_customer("Shared customer", None)
        chance = Chance.create(
            {"name": "Shared", "partner_id": shared.id, "description": "Wants pens"}
        )
        self.assertEqual(chance.company_id, self.company_a)
        chance = Chance.with_context(
            allowed_company_ids=[self.company_b.id, self.company_a.id]
        ).create({"name": "Shared", "partner_id": shared.id, "description": "Pens"})
        self.assertEqual(chance.company_id, self.company_b)
        # who works in A only creates nothing for B
        with self.assertRaises(AccessError):
            self.env["crm_lite.chance"].with_user(self.supervisor_a_only).create(
                {
                    "name": "For B",
                    "partner_id": self.customer_of_b.id,
                    "description": "Wants lamps",
                }
            )

    def test_dashboard_counts_the_users_companies(self):
        today = fields.Date.today()
        period = {
            "date_from": today - relativedelta(days=1),
            "date_to": today + relativedelta(days=1),
        }

        def expected(companies):
            # counted independently, with the companies named in the domain
            Chance = self.env["crm_lite.chance"]
            open_chances = Chance.search_count(
                [
                    ("state", "in", ("new", "assigned")),
                    ("company_id", "in", companies.ids),
                ]
            )
            new_customers = self.env["res.partner"].search_count(
                [
                    ("is_crm_customer", "=", True),
                    ("company_id", "in", [False, *companies.ids]),
                    ("create_date", ">=", period["date_from"]),
                ]
            )
            return open_chances, new_customers

        for user, companies in (
            (self.supervisor_a_only, self.company_a),
            (self.executive_a_only, self.company_a),
            (self.executive_ab, self.company_a | self.company_b),
        ):
            with self.subTest(user=user.login):
                board = self.env["crm_lite.dashboard"].with_user(user).create(period)
                self.assertEqual(
                    (board.open_chances, board.new_customers), expected(companies)
                )
        board_a = (
            self.env["crm_lite.dashboard"]
            .with_user(self.executive_a_only)
            .create(period)
        )
        board_ab = (
            self.env["crm_lite.dashboard"].with_user(self.executive_ab).create(period)
        )
        # B's open chance and B's customer are what tells them apart
        self.assertEqual(board_ab.open_chances - board_a.open_chances, 1)
        self.assertEqual(board_ab.new_customers - board_a.new_customers, 1)


@tagged("post_install", "-at_install")
class TestCompanySettings(CrmMultiCompanyCase):
    """Each company sets its pool and churn periods; the crons treat each
    customer by its company's settings, on its company's day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm_lite.dict"].search([("type", "=", "customer_level")]).write(
            {"pool_days": 0}
        )
        cls.company_a.write({"crm_lite_pool_days": 10, "crm_lite_pool_warn_days": 0})
        cls.company_b.write({"crm_lite_pool_days": 40, "crm_lite_pool_warn_days": 0})

    def _idle(self, customer, days, today=None):
        customer.owner_date = (today or fields.Date.today()) - relativedelta(days=days)
        return customer

    def test_each_companys_pool_days(self):
        idle_a = self._idle(self.customer_of_a, 11)
        idle_b = self._idle(self.customer_of_b, 11)
        # a customer shared by the companies is its owner's company's
        shared_of_b = self._idle(
            self.company_customer("Shared, B's owner", None, self.manager_b_only), 11
        )
        shared_of_a = self._idle(
            self.company_customer("Shared, A's owner", None, self.manager_a_only), 11
        )
        returned = self.env["res.partner"]._cron_return_to_pool()
        candidates = idle_a | idle_b | shared_of_a | shared_of_b
        self.assertEqual(returned & candidates, idle_a | shared_of_a)
        self.assertEqual(idle_b.user_id, self.manager_ab)
        self.assertEqual(shared_of_b.user_id, self.manager_b_only)
        self._idle(idle_b, 41)
        self.assertEqual(self.env["res.partner"]._pool_return() & candidates, idle_b)

    def test_claim_limits_of_the_current_company(self):
        self.company_a.crm_lite_pool_max_owned = 1
        self.company_b.crm_lite_pool_max_owned = 0
        pool = self.env["res.partner"].create(
            {"name": "In the pool", "is_company": True, "is_crm_customer": True}
        )
        # the account manager of both owns a customer in each already
        with self.assertRaisesRegex(UserError, "at most 1"):
            self.in_companies(pool, self.manager_ab, self.company_a).action_claim()
        self.assertFalse(pool.user_id)
        self.in_companies(pool, self.manager_ab, self.company_b).action_claim()
        self.assertEqual(pool.user_id, self.manager_ab)

    def test_crm_admin_sets_the_current_company(self):
        self.company_b.crm_lite_pool_days = 40
        Settings = self.env["crm_lite.settings"].with_user(self.crm_admin_ab)
        form = Settings.with_context(
            allowed_company_ids=[self.company_b.id, self.company_a.id]
        ).create({})
        self.assertEqual(form.company_id, self.company_b)
        self.assertEqual(form.crm_lite_pool_days, 40)
        form.write({"crm_lite_pool_days": 50})
        form.action_save()
        self.assertEqual(self.company_b.crm_lite_pool_days, 50)
        self.assertEqual(self.company_a.crm_lite_pool_days, 10)
        # the form of the current company A
        self.assertEqual(Settings.create({}).crm_lite_pool_days, 10)
        # a company the administrator does not work in stays out of reach
        form = (
            self.env["crm_lite.settings"]
            .with_user(self.crm_admin_a_only)
            .create({"company_id": self.company_b.id, "crm_lite_pool_days": 5})
        )
        with self.assertRaises(AccessError):
            form.action_save()
        self.assertEqual(self.company_b.crm_lite_pool_days, 50)

    def test_company_day_in_shanghai(self):
        """16:30 UTC is 00:30 the next day in Shanghai: A, there, is a day
        ahead of B, in UTC, for the pool return and the churn scan."""
        self.company_a.partner_id.tz = "Asia/Shanghai"
        self.company_b.partner_id.tz = "UTC"
        self.company_a.crm_lite_churn_months = 6
        self.company_b.crm_lite_churn_months = 6
        self.company_b.crm_lite_pool_days = 10
        with freeze_time("2026-03-01 16:30:00"):
            self.assertEqual(self.company_a._crm_today(), datetime.date(2026, 3, 2))
            # idle since 19 February: 11 days in Shanghai, 10 in UTC
            for customer in (self.customer_of_a, self.customer_of_b):
                customer.owner_date = datetime.date(2026, 2, 19)
            returned = self.env["res.partner"]._cron_return_to_pool()
            self.assertEqual(
                returned & (self.customer_of_a | self.customer_of_b),
                self.customer_of_a,
            )
            self.assertEqual(self.customer_of_a.pool_date, datetime.date(2026, 3, 2))
            # last ordered 1 September: over 6 months in Shanghai, not in UTC
            old_a = self.company_customer(
                "Old of A", self.company_a, last_order_date="2025-09-01"
            )
            old_b = self.company_customer(
                "Old of B", self.company_b, last_order_date="2025-09-01"
            )
            flagged = self.env["crm_lite.loss"]._cron_detect_churn()
            self.assertEqual(flagged.partner_id & (old_a | old_b), old_a)
            self.assertEqual(
                flagged.filtered(lambda loss: loss.partner_id == old_a).company_id,
                self.company_a,
            )
        with freeze_time("2026-03-01 17:30:00"):
            # a test's day is every company's
            flagged = self.env["crm_lite.loss"]._cron_detect_churn(
                today=datetime.date(2026, 3, 2)
            )
            self.assertEqual(flagged.partner_id & old_b, old_b)

    def test_churn_months_per_company(self):
        self.company_a.crm_lite_churn_months = 2
        self.company_b.crm_lite_churn_months = 6
        today = fields.Date.today()
        three_months = today - relativedelta(months=3)
        old_a = self.company_customer(
            "Old of A", self.company_a, last_order_date=three_months
        )
        old_b = self.company_customer(
            "Old of B", self.company_b, last_order_date=three_months
        )
        shared_of_b = self.company_customer(
            "Shared of B", None, self.manager_b_only, last_order_date=three_months
        )
        flagged = self.env["crm_lite.loss"]._cron_detect_churn()
        self.assertEqual(flagged.partner_id & (old_a | old_b | shared_of_b), old_a)
        self.company_b.crm_lite_churn_months = 2
        flagged = self.env["crm_lite.loss"]._cron_detect_churn()
        self.assertEqual(
            flagged.partner_id & (old_b | shared_of_b), old_b | shared_of_b
        )
        self.assertEqual(
            flagged.filtered(lambda loss: loss.partner_id == shared_of_b).company_id,
            self.company_b,
        )


@tagged("post_install", "-at_install")
class TestCronLanguages(CrmMultiCompanyCase):
    """The pool return's note and the pool warning are written in the
    language of the account manager they are for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.manager_a_only.lang = "zh_CN"
        cls.manager_ab.lang = "en_US"
        cls.env["crm_lite.dict"].search([("type", "=", "customer_level")]).write(
            {"pool_days": 0}
        )
        cls.company_a.write({"crm_lite_pool_days": 30, "crm_lite_pool_warn_days": 3})

    def _customer(self, name, owner, idle_days):
        customer = self.company_customer(name, self.company_a, owner)
        customer.owner_date = fields.Date.today() - relativedelta(days=idle_days)
        return customer

    def test_pool_note_in_the_former_owners_language(self):
        chinese = self._customer("Chinese owner's", self.manager_a_only, 31)
        english = self._customer("English owner's", self.manager_ab, 31)
        self.env["res.partner"]._pool_return()
        self.assertIn("已回收到公海", chinese.message_ids[0].body)
        self.assertIn("Returned to the public pool", english.message_ids[0].body)

    def test_pool_warning_in_the_owners_language(self):
        chinese = self._customer("Chinese owner's", self.manager_a_only, 28)
        english = self._customer("English owner's", self.manager_ab, 28)
        self.env["res.partner"]._cron_return_to_pool()
        self.assertEqual(
            chinese.activity_ids.summary, "请联系该客户，否则客户将回收到公海"
        )
        self.assertEqual(
            english.activity_ids.summary,
            "Contact this customer, or it returns to the public pool",
        )

    def test_company_language_without_the_owners(self):
        self.company_a.partner_id.lang = "zh_CN"
        # an owner without a language of their own
        self.manager_ab.partner_id.lang = False
        customer = self._customer("No language", self.manager_ab, 31)
        self.env["res.partner"]._pool_return()
        self.assertIn("已回收到公海", customer.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestCompanyScreens(CrmMultiCompanyCase):
    """The screens load for every role; the company shows to who works in
    several companies only."""

    def test_company_on_the_screens_of_multi_company_staff(self):
        screens = {
            "crm_lite.chance": "crm_lite.action_crm_chance",
            "crm_lite.service": "crm_lite.action_crm_service_create",
            "crm_lite.interaction": "crm_lite.action_crm_interaction",
            "crm_lite.loss": "crm_lite.action_crm_loss",
        }
        for role in ("manager", "supervisor", "executive", "crm_admin"):
            for suffix, shown in (("a_only", False), ("ab", True)):
                user = getattr(self, f"{role}_{suffix}")
                for model, xmlid in screens.items():
                    with self.subTest(user=user.login, model=model):
                        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
                        views = [
                            (view_id, view_type)
                            for view_id, view_type in action["views"]
                            if view_type in ("list", "form")
                        ]
                        loaded = (
                            self.env[model]
                            .with_user(user)
                            .get_views([*views, (False, "search")])
                        )
                        for view_type in ("list", "form", "search"):
                            arch = etree.fromstring(loaded["views"][view_type]["arch"])
                            # what shows: not the company the form reads for
                            # its domains, as an invisible field
                            company = [
                                node
                                for node in arch.iter("field", "filter")
                                if (
                                    node.get("name") == "company_id"
                                    or "'company_id'" in node.get("context", "")
                                )
                                and node.get("invisible") not in ("1", "True")
                            ]
                            self.assertEqual(bool(company), shown, view_type)

    def test_settings_form_names_the_company_to_multi_company_admins(self):
        for user, shown in ((self.crm_admin_a_only, False), (self.crm_admin_ab, True)):
            with self.subTest(user=user.login):
                arch = etree.fromstring(
                    self.env["crm_lite.settings"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual(bool(arch.xpath("//field[@name='company_id']")), shown)
