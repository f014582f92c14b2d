import datetime

from lunardate import LunarDate

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import SERIALIZATION_FAILURE, CrmLiteCase, CrmMultiCompanyCase, run_behind

D = datetime.date


def lunar_birth(birth_year, solar_day):
    """A solar day of birth in ``birth_year`` whose lunar month and day are
    those of ``solar_day``, found with the library directly."""
    lunar = LunarDate.from_solar_date(solar_day.year, solar_day.month, solar_day.day)
    return LunarDate(birth_year, lunar.month, lunar.day, False).to_solar_date()


class KeyDateCase(CrmLiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.birthday = cls.env.ref("crm_lite.dict_key_date_type_birthday")
        cls.founding = cls.env.ref("crm_lite.dict_key_date_type_founding")
        cls.env.company.crm_lite_reminder_days = 3
        cls.Reminder = cls.env["crm_lite.reminder"]
        cls.activities = cls.env["mail.activity"]

    def key_date(self, partner, day, lunar=False, user=None, type_=None):
        KeyDate = self.env["crm_lite.key.date"].with_user(user or self.manager_a)
        return KeyDate.create(
            {
                "partner_id": partner.id,
                "type_id": (type_ or self.birthday).id,
                "date": day,
                "lunar": lunar,
            }
        ).with_env(self.env)

    def todos(self, customer):
        return self.activities.search(
            [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
        )

    def deadlines(self, customer):
        return sorted(self.todos(customer).mapped("date_deadline"))


@tagged("post_install", "-at_install")
class TestKeyDateCalendar(KeyDateCase):
    def test_lunar_label_and_next_date(self):
        # 2020-05-30 is the 8th of the leap 4th month (闰四月初八)
        key_date = self.key_date(self.contact_a, D(2020, 5, 30), lunar=True)
        self.assertEqual(key_date.lunar_date, "农历闰四月初八")
        self.assertEqual(key_date.customer_id, self.customer_a)
        solar = self.key_date(self.contact_a, D(1990, 10, 3))
        self.assertEqual(solar.lunar_date, "农历八月十五")
        self.assertEqual(solar._next_occurrence(D(2026, 10, 4)), D(2027, 10, 3))

    def test_dates_outside_the_lunar_calendar(self):
        # solar: kept, without a lunar date (the library knows 1900-2099 only)
        old = self.key_date(self.contact_a, D(1850, 6, 1))
        self.assertFalse(old.lunar_date)
        self.assertEqual(old._next_occurrence(D(2026, 6, 2)), D(2027, 6, 1))
        # lunar: refused, also just before the library's first day
        # (1900-01-31), where it answered a wrong lunar date
        for day in (D(1850, 6, 1), D(1900, 1, 15), D(2100, 12, 31)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                self.key_date(self.contact_a, day, lunar=True)
        first = self.key_date(self.contact_a, D(1900, 1, 31), lunar=True)
        self.assertEqual(first.lunar_date, "农历正月初一")

    def test_birthday_of_a_person(self):
        with self.assertRaises(ValidationError):
            self.key_date(self.customer_a, D(1990, 5, 20))
        founded = self.key_date(self.customer_a, D(1990, 5, 20), type_=self.founding)
        self.assertEqual(founded.customer_id, self.customer_a)

    def test_only_crm_partners_and_key_date_types(self):
        with self.assertRaises(ValidationError):
            self.key_date(self.vendor, D(1990, 1, 1), user=self.supervisor)
        region = self.env["crm_lite.dict"].search([("type", "=", "region")], limit=1)
        with self.assertRaises(ValidationError):
            self.key_date(self.contact_a, D(1990, 1, 1), type_=region)

    def test_account_managers_see_their_customers_dates(self):
        mine = self.key_date(self.contact_a, D(1990, 1, 1))
        theirs = self.key_date(self.contact_b, D(1990, 1, 1), user=self.manager_b)
        KeyDate = self.env["crm_lite.key.date"]
        # nothing but his own customers' dates (the demo's are others')
        self.assertEqual(KeyDate.with_user(self.manager_a).search([]), mine)
        # a supervisor reads every customer's: both of these, and the demo's
        customers = self.customer_a | self.customer_b
        self.assertEqual(
            KeyDate.with_user(self.supervisor).search(
                [("customer_id", "in", customers.ids)]
            ),
            mine | theirs,
        )
        self.assertEqual(
            KeyDate.with_user(self.supervisor).search_count([]),
            KeyDate.search_count([]),
        )
        self.assertEqual(self.customer_a.customer_key_date_ids, mine)


@tagged("post_install", "-at_install")
class TestKeyDateReminders(KeyDateCase):
    def test_solar_birthday_across_the_year_boundary(self):
        new_year = self.key_date(self.contact_a, D(1980, 1, 1))
        later = self.key_date(self.contact_a, D(1980, 1, 3))
        self.Reminder._cron_send_reminders(today=D(2026, 12, 30))
        self.assertEqual(self.deadlines(self.customer_a), [D(2027, 1, 1)])
        self.Reminder._cron_send_reminders(today=D(2026, 12, 31))
        self.assertEqual(
            self.deadlines(self.customer_a), [D(2027, 1, 1), D(2027, 1, 3)]
        )
        self.assertTrue(new_year and later)

    def test_lunar_birthday_across_the_year_boundary(self):
        # born on the lunar day that is 2027-01-01 this winter (冬月/腊月), and
        # on 正月初一, which falls on 2027-02-06
        winter = self.key_date(
            self.contact_a, lunar_birth(1985, D(2027, 1, 1)), lunar=True
        )
        spring = self.key_date(self.contact_a, D(1990, 1, 27), lunar=True)
        self.assertEqual(spring.lunar_date, "农历正月初一")
        self.Reminder._cron_send_reminders(today=D(2026, 12, 30))
        self.assertEqual(self.deadlines(self.customer_a), [D(2027, 1, 1)])
        self.Reminder._cron_send_reminders(today=D(2027, 2, 4))
        self.assertEqual(
            self.deadlines(self.customer_a), [D(2027, 1, 1), D(2027, 2, 6)]
        )
        self.assertEqual(winter.next_date, winter._next_occurrence(winter.next_date))

    def test_lunar_leap_month_in_years_without_it(self):
        # 闰四月初八 2020: 2021 has no leap 4th month, the 8th of the 4th month
        # is 2021-05-19; 2023's leap month is the 2nd, the 4th month's 8th is
        # 2023-05-26
        self.key_date(self.contact_a, D(2020, 5, 30), lunar=True)
        self.assertEqual(LunarDate(2021, 4, 8).to_solar_date(), D(2021, 5, 19))
        self.Reminder._cron_send_reminders(today=D(2021, 5, 17))
        self.assertEqual(self.deadlines(self.customer_a), [D(2021, 5, 19)])
        self.Reminder._cron_send_reminders(today=D(2023, 5, 24))
        self.assertEqual(
            self.deadlines(self.customer_a),
            [D(2021, 5, 19), LunarDate(2023, 4, 8).to_solar_date()],
        )

    def test_lunar_30th_in_a_short_month(self):
        # a birth on the 30th of a lunar month, and a later year in which that
        # month has 29 days: the reminder falls on its 29th
        birth, short_year = None, None
        for year in range(1980, 1990):
            for month in range(1, 13):
                try:
                    birth = LunarDate(year, month, 30).to_solar_date()
                except ValueError:
                    continue
                for later in range(2026, 2040):
                    try:
                        LunarDate(later, month, 30).to_solar_date()
                    except ValueError:
                        short_year = later
                        break
                if short_year:
                    break
            if short_year:
                break
        self.key_date(self.contact_a, birth, lunar=True)
        expected = LunarDate(short_year, month, 29).to_solar_date()
        self.Reminder._cron_send_reminders(today=expected - datetime.timedelta(days=2))
        self.assertEqual(self.deadlines(self.customer_a), [expected])

    def test_february_29_in_common_years(self):
        self.key_date(self.contact_a, D(1988, 2, 29))
        self.Reminder._cron_send_reminders(today=D(2027, 2, 25))
        self.assertEqual(self.deadlines(self.customer_a), [D(2027, 2, 28)])

    def test_never_twice(self):
        self.key_date(self.contact_a, D(1980, 6, 2))
        self.key_date(self.customer_a, D(2001, 6, 3), type_=self.founding)
        first = self.Reminder._cron_send_reminders(today=D(2026, 6, 1))
        self.assertEqual(len(first), 2)
        again = self.Reminder._cron_send_reminders(today=D(2026, 6, 1))
        later = self.Reminder._cron_send_reminders(today=D(2026, 6, 2))
        self.assertFalse(again | later)
        self.assertEqual(len(self.todos(self.customer_a)), 2)
        # a proper activity of the owner, on the customer
        todo = self.todos(self.customer_a)[0]
        self.assertEqual(todo.user_id, self.manager_a)
        self.assertEqual(
            todo.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertIn(self.manager_a.partner_id, self.customer_a.message_partner_ids)
        self.assertEqual(
            self.customer_a.with_user(self.manager_a).activity_ids,
            self.todos(self.customer_a),
        )
        # next year, again
        self.Reminder._cron_send_reminders(today=D(2027, 6, 1))
        self.assertEqual(len(self.todos(self.customer_a)), 4)

    def test_none_for_pool_archived_customers_and_owners(self):
        pool_contact = self.env["res.partner"].create(
            {"name": "Pool contact", "parent_id": self.pool_customer.id}
        )
        self.key_date(pool_contact, D(1980, 6, 2), user=self.supervisor)
        self.key_date(self.contact_a, D(1980, 6, 2))
        self.key_date(self.contact_b, D(1980, 6, 2), user=self.manager_b)
        self.manager_a.active = False
        self.customer_b.active = False
        self.assertFalse(self.Reminder._cron_send_reminders(today=D(2026, 6, 1)))

    def test_first_order_anniversary(self):
        order = self.new_order(self.manager_a, self.contact_a)
        order.action_confirm()
        first = self.customer_a.first_order_date
        self.assertEqual(first, order.date_order.date())
        day = first.replace(year=first.year + 1)
        self.Reminder._cron_send_reminders(today=day - datetime.timedelta(days=1))
        self.assertEqual(self.deadlines(self.customer_a), [day])
        self.assertIn(self.customer_a.name, self.todos(self.customer_a).summary)

    def test_in_the_owners_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.birthday.with_context(lang="zh_CN").item = "生日"
        self.manager_a.lang = "zh_CN"
        self.manager_b.lang = "en_US"
        self.key_date(self.contact_a, D(1980, 3, 5))
        self.key_date(self.contact_b, D(1980, 3, 5), user=self.manager_b)
        self.Reminder._cron_send_reminders(today=D(2026, 3, 4))
        chinese = self.todos(self.customer_a).summary
        english = self.todos(self.customer_b).summary
        self.assertIn("生日", chinese)
        self.assertIn("3月5日", chinese)
        self.assertIn(self.contact_a.name, chinese)
        self.assertEqual(english, f"Birthday: {self.contact_b.name} (Mar 5)")


@tagged("post_install", "-at_install")
class TestKeyDateCompanies(CrmMultiCompanyCase):
    def test_each_company_by_its_settings(self):
        # the customers' own dates (a birthday is a contact's)
        founding = self.env.ref("crm_lite.dict_key_date_type_founding")
        self.company_a.crm_lite_reminder_days = 3
        self.company_b.crm_lite_reminder_days = 0
        KeyDate = self.env["crm_lite.key.date"]
        for customer in self.customer_of_a | self.customer_of_b:
            KeyDate.create(
                {
                    "partner_id": customer.id,
                    "type_id": founding.id,
                    "date": D(1990, 6, 3),
                }
            )
        self.env["crm_lite.reminder"]._cron_send_reminders(today=D(2026, 6, 1))
        todos = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("user_id", "=", self.manager_ab.id)]
        )
        self.assertEqual(set(todos.mapped("res_id")), {self.customer_of_a.id})
        self.env["crm_lite.reminder"]._cron_send_reminders(today=D(2026, 6, 3))
        todos = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("user_id", "=", self.manager_ab.id)]
        )
        self.assertEqual(
            sorted(todos.mapped("res_id")),
            sorted([self.customer_of_a.id, self.customer_of_b.id]),
        )

    def test_today_screen_per_company(self):
        # the customers' own dates (a birthday is a contact's)
        founding = self.env.ref("crm_lite.dict_key_date_type_founding")
        (self.company_a | self.company_b).write({"crm_lite_reminder_days": 3})
        soon = self.company_a._crm_today() + datetime.timedelta(days=1)
        KeyDate = self.env["crm_lite.key.date"]
        for customer in self.customer_of_a | self.customer_of_b:
            KeyDate.create(
                {
                    "partner_id": customer.id,
                    "type_id": founding.id,
                    "date": soon.replace(year=1990),
                }
            )
        Agenda = self.env["crm_lite.agenda"]
        rows = self.in_companies(Agenda, self.manager_ab).search(
            [("kind", "=", "key_date")]
        )
        self.assertEqual(rows.partner_id, self.customer_of_a | self.customer_of_b)
        rows = self.in_companies(Agenda, self.manager_ab, self.company_a).search(
            [("kind", "=", "key_date")]
        )
        self.assertEqual(rows.partner_id, self.customer_of_a)
        self.assertEqual(rows.company_id, self.company_a)


@tagged("post_install", "-at_install")
class TestReminderRace(TransactionCase):
    """Two reminder runs in two database transactions at once give the owner
    one to-do (committed data, real connections)."""

    def test_two_runs_at_once(self):
        db = sql_db.db_connect(self.env.cr.dbname)
        day = D(2000, 6, 1)
        with db.cursor() as setup_cr:
            setup_cr.execute(
                "SELECT (SELECT coalesce(max(id), 0) FROM crm_lite_reminder),"
                " (SELECT coalesce(max(id), 0) FROM mail_activity),"
                " (SELECT coalesce(max(id), 0) FROM mail_followers)"
            )
            last_ids = setup_cr.fetchone()
            env = api.Environment(setup_cr, SUPERUSER_ID, {})
            Users = env["res.users"]
            owner = Users.search(Users._crm_account_manager_domain(), limit=1)
            if not owner:
                self.skipTest("no account manager in the database")
            customer = env["res.partner"].create(
                {
                    "name": "Race reminder Ltd",
                    "is_company": True,
                    "is_crm_customer": True,
                    "user_id": owner.id,
                }
            )
            env["crm_lite.key.date"].create(
                {
                    "partner_id": customer.id,
                    "type_id": env.ref("crm_lite.dict_key_date_type_founding").id,
                    "date": D(1980, 6, 2),
                }
            )
            customer_id = customer.id
            setup_cr.commit()
        try:
            first_cr, second_cr = db.cursor(), db.cursor()
            try:
                env1 = api.Environment(first_cr, SUPERUSER_ID, {})
                env2 = api.Environment(second_cr, SUPERUSER_ID, {})
                first = env1["crm_lite.reminder"]._cron_send_reminders(today=day)
                self.assertIn(customer_id, first.mapped("res_id"))
                second = run_behind(
                    self,
                    first_cr,
                    second_cr,
                    lambda: env2["crm_lite.reminder"]
                    ._cron_send_reminders(today=day)
                    .mapped("res_id"),
                )
                self.assertTrue(
                    second == SERIALIZATION_FAILURE or customer_id not in second
                )
            finally:
                first_cr.close()
                second_cr.close()
            with db.cursor() as check_cr:
                check_cr.execute(
                    "SELECT count(*) FROM mail_activity WHERE res_model = 'res.partner'"
                    " AND res_id = %s",
                    [customer_id],
                )
                self.assertEqual(check_cr.fetchone()[0], 1)
        finally:
            with db.cursor() as cleanup_cr:
                # both runs committed what they sent
                cleanup_cr.execute(
                    "DELETE FROM crm_lite_reminder WHERE id > %s", [last_ids[0]]
                )
                cleanup_cr.execute(
                    "DELETE FROM mail_activity WHERE id > %s", [last_ids[1]]
                )
                cleanup_cr.execute(
                    "DELETE FROM mail_followers WHERE id > %s", [last_ids[2]]
                )
                cleanup_cr.execute(
                    "DELETE FROM crm_lite_key_date WHERE partner_id = %s", [customer_id]
                )
                cleanup_cr.execute(
                    "DELETE FROM mail_message"
                    " WHERE model = 'res.partner' AND res_id = %s",
                    [customer_id],
                )
                cleanup_cr.execute(
                    "DELETE FROM res_partner WHERE id = %s", [customer_id]
                )
                cleanup_cr.commit()
