import datetime

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CrmLiteCase

DAY = datetime.timedelta(days=1)


class ReminderCase(CrmLiteCase):
    """Follow-ups of account managers A and B, in a company escalating after
    3 days; A's sales team is led by the supervisor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.env.company._crm_today()
        cls.env.company.write(
            {"crm_lite_reminder_days": 3, "crm_lite_followup_escalate_days": 3}
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "CRM test team",
                "user_id": cls.supervisor.id,
                "member_ids": [(6, 0, cls.manager_a.ids)],
            }
        )
        cls.Reminder = cls.env["crm_lite.reminder"]
        cls.Agenda = cls.env["crm_lite.agenda"]
        # keep the shared customers out of the pool's warnings
        (cls.customer_a | cls.customer_b).write({"owner_date": cls.today})

    def interaction(self, customer, user, day=None, next_contact=None):
        return (
            self.env["crm_lite.interaction"]
            .with_user(user)
            .create(
                {
                    "partner_id": customer.id,
                    "place": "Phone",
                    "name": "Call about the offer",
                    "date": day or self.today,
                    "next_contact_date": next_contact,
                }
            )
            .with_env(self.env)
        )

    def todos(self, record, user=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)


@tagged("post_install", "-at_install")
class TestFollowups(ReminderCase):
    def test_next_contact_is_today_or_later(self):
        with self.assertRaises(ValidationError):
            self.interaction(
                self.customer_a, self.manager_a, next_contact=self.today - DAY
            )
        interaction = self.interaction(
            self.customer_a, self.manager_a, next_contact=self.today
        )
        self.assertEqual(interaction.next_contact_date, self.today)

    def test_todo_on_the_day_then_escalated_once(self):
        self.interaction(self.customer_a, self.manager_a, next_contact=self.today + DAY)
        self.assertFalse(self.Reminder._cron_send_reminders(today=self.today))
        self.Reminder._cron_send_reminders(today=self.today + DAY)
        due = self.todos(self.customer_a)
        self.assertEqual(len(due), 1)
        self.assertEqual(due.user_id, self.manager_a)
        self.assertEqual(due.date_deadline, self.today + DAY)
        self.assertEqual(
            (due.res_model, due.res_id), ("res.partner", self.customer_a.id)
        )
        self.assertIn(self.customer_a.name, due.summary)
        # overdue by 2 days: not yet; by 3: to the team leader, once
        self.Reminder._cron_send_reminders(today=self.today + 3 * DAY)
        self.assertEqual(self.todos(self.customer_a), due)
        self.Reminder._cron_send_reminders(today=self.today + 4 * DAY)
        escalated = self.todos(self.customer_a) - due
        self.assertEqual(escalated.user_id, self.supervisor)
        self.assertEqual(escalated.date_deadline, self.today + 4 * DAY)
        self.assertIn(self.manager_a.name, escalated.summary)
        self.Reminder._cron_send_reminders(today=self.today + 4 * DAY)
        self.Reminder._cron_send_reminders(today=self.today + 9 * DAY)
        self.assertEqual(self.todos(self.customer_a), due | escalated)

    def test_without_a_team_leader_the_company_supervisors(self):
        self.interaction(self.customer_b, self.manager_b, next_contact=self.today)
        self.Reminder._cron_send_reminders(today=self.today)
        due = self.todos(self.customer_b)
        self.Reminder._cron_send_reminders(today=self.today + 3 * DAY)
        escalated = self.todos(self.customer_b) - due
        supervisors = self.env.ref("crm_lite.group_sales_supervisor").users.filtered(
            lambda user: not user.share
            and user.active
            and not user._is_superuser()
            and self.env.company in user.company_ids
        )
        self.assertIn(self.supervisor, escalated.user_id)
        self.assertEqual(escalated.user_id, supervisors - self.manager_b)
        self.Reminder._cron_send_reminders(today=self.today + 5 * DAY)
        self.assertEqual(self.todos(self.customer_b), due | escalated)

    def test_followed_up_is_not_escalated(self):
        self.interaction(self.customer_a, self.manager_a, next_contact=self.today)
        self.Reminder._cron_send_reminders(today=self.today)
        # the call took place: the follow-up is done
        self.interaction(self.customer_a, self.manager_a)
        self.Reminder._cron_send_reminders(today=self.today + 5 * DAY)
        self.assertEqual(len(self.todos(self.customer_a, self.manager_a)), 1)
        self.assertFalse(self.todos(self.customer_a, self.supervisor))

    def test_plan_item_of_a_chance_in_development(self):
        chance = self.assigned_chance(self.manager_a)
        Plan = self.env["crm_lite.plan"].with_user(self.manager_a)
        plan = Plan.create(
            {"chance_id": chance.id, "date": self.today, "todo": "Send the quote"}
        )
        done = Plan.create(
            {"chance_id": chance.id, "date": self.today, "todo": "Call", "result": "Ok"}
        )
        self.Reminder._cron_send_reminders(today=self.today)
        due = self.todos(chance, self.manager_a)
        # the assignment's own to-do aside
        due = due.filtered(lambda todo: "Send the quote" in (todo.summary or ""))
        self.assertEqual(len(due), 1)
        self.assertEqual(due.date_deadline, self.today)
        self.Reminder._cron_send_reminders(today=self.today + 3 * DAY)
        escalated = self.todos(chance, self.supervisor)
        self.assertEqual(len(escalated), 1)
        self.assertIn("Send the quote", escalated.summary)
        self.assertNotIn("Call", escalated.summary)
        self.assertTrue(plan and done)

    def test_a_reminded_user_can_be_deleted(self):
        leaver = new_test_user(
            self.env, login="reminded_leaver", groups="crm_lite.group_account_manager"
        )
        customer = self.new_customer("Leaver's customer", owner=leaver)
        customer.owner_date = self.today
        self.interaction(customer, leaver, next_contact=self.today)
        self.Reminder._cron_send_reminders(today=self.today)
        self.assertEqual(self.Reminder.search_count([("user_id", "=", leaver.id)]), 1)
        # his customers handed over first, as crm_lite asks
        customer.user_id = self.manager_a
        leaver.unlink()
        self.assertFalse(leaver.exists())
        self.env.cr.execute(
            "SELECT count(*) FROM crm_lite_reminder WHERE user_id = %s", [leaver.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_none_for_archived_owners(self):
        self.interaction(self.customer_a, self.manager_a, next_contact=self.today)
        self.manager_a.active = False
        self.Reminder._cron_send_reminders(today=self.today)
        self.assertFalse(self.todos(self.customer_a))


@tagged("post_install", "-at_install")
class TestTodayScreen(ReminderCase):
    def test_each_user_sees_their_own_items(self):
        birthday = self.env.ref("crm_lite.dict_key_date_type_birthday")
        KeyDate = self.env["crm_lite.key.date"]
        soon = self.today + DAY
        KeyDate.with_user(self.manager_a).create(
            {
                "partner_id": self.contact_a.id,
                "type_id": birthday.id,
                "date": soon.replace(year=1985),
            }
        )
        KeyDate.with_user(self.manager_b).create(
            {
                "partner_id": self.contact_b.id,
                "type_id": birthday.id,
                "date": soon.replace(year=1985),
            }
        )
        talk = self.interaction(
            self.customer_a, self.manager_a, next_contact=self.today
        )
        idle = self.new_customer("Idle customer", owner=self.manager_a)
        idle.owner_date = self.today - datetime.timedelta(days=29)
        loss = self.env["crm_lite.loss"].create(
            {"partner_id": self.customer_b.id, "user_id": self.manager_b.id}
        )
        rows_a = self.Agenda.with_user(self.manager_a).search([])
        self.assertEqual(
            sorted(rows_a.mapped("kind")), ["key_date", "next_contact", "pool"]
        )
        self.assertEqual(rows_a.user_id, self.manager_a)
        self.assertEqual(
            rows_a.filtered(lambda row: row.kind == "pool").partner_id, idle
        )
        rows_b = self.Agenda.with_user(self.manager_b).search([])
        self.assertEqual(sorted(rows_b.mapped("kind")), ["churn", "key_date"])
        # each row opens its record
        churn = rows_b.filtered(lambda row: row.kind == "churn")
        action = churn.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("crm_lite.loss", loss.id)
        )
        key_row = rows_a.filtered(lambda row: row.kind == "key_date")
        action = key_row.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", self.customer_a.id)
        )
        self.assertIn(self.contact_a.name, key_row.name)
        # nothing escalated yet to the supervisor; overdue, it is
        self.assertFalse(self.Agenda.with_user(self.supervisor).search([]))
        self.Reminder._cron_send_reminders(today=self.today + 3 * DAY)
        rows_s = self.Agenda.with_user(self.supervisor).search([])
        self.assertEqual(rows_s.mapped("kind"), ["escalation_next_contact"])
        self.assertEqual(rows_s.user_id, self.supervisor)
        self.assertEqual(rows_s.owner_id, self.manager_a)
        action = rows_s.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("crm_lite.interaction", talk.id)
        )
        # followed up: off the screens
        self.interaction(self.customer_a, self.manager_a)
        self.assertFalse(self.Agenda.with_user(self.supervisor).search([]))
        self.assertNotIn(
            "next_contact",
            self.Agenda.with_user(self.manager_a).search([]).mapped("kind"),
        )
        # the executive has none of their own
        self.assertFalse(self.Agenda.with_user(self.executive).search([]))

    def test_dashboard_tile(self):
        self.interaction(self.customer_a, self.manager_a, next_contact=self.today)
        self.Reminder._cron_send_reminders(today=self.today + 3 * DAY)
        board = self.env["crm_lite.dashboard"].with_user(self.supervisor).create({})
        self.assertEqual(
            board.today_items, self.Agenda.with_user(self.supervisor).search_count([])
        )
        self.assertTrue(board.today_items)
        self.assertEqual(board.action_open_today()["res_model"], "crm_lite.agenda")
