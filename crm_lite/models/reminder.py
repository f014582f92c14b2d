"""The daily reminders (日期提醒): to-dos for key dates and first-order
anniversaries ahead, for the follow-ups due (an interaction's next contact, a
plan item's date), and the escalation of overdue follow-ups to a supervisor.
Each is logged once (crm_lite.reminder), so that two runs, or two at once,
never give one person two to-dos for the same thing."""

import datetime

from babel.dates import format_skeleton

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_bulk import create_todos
from .crm_messages import languages_of
from .key_date import anniversary_keys

KINDS = [
    ("key_date", "Key Date"),
    ("first_order", "First Order Anniversary"),
    ("next_contact", "Next Contact"),
    ("plan", "Plan Item"),
    ("escalation", "Escalated Follow-up"),
]


class CrmReminder(models.Model):
    """What the reminders sent: one row per reminded thing, day and
    recipient. The unique index is what makes concurrent runs safe: the
    second waits for the first, then inserts nothing."""

    _name = "crm_lite.reminder"
    _description = "CRM Reminder Log"
    _order = "id desc"

    kind = fields.Selection(KINDS, required=True, readonly=True)
    # a key date, a customer (first order), an interaction, a plan item; an
    # escalation: the follow-up's, whose kind is in ``followup``
    res_id = fields.Integer(string="Record", required=True, readonly=True)
    followup = fields.Char(required=True, readonly=True, default="")
    day = fields.Date(required=True, readonly=True)
    # a deleted user's reminders go with them (Odoo's uninstall deletes the
    # demo's users before this table, and a company its former staff)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="cascade"
    )

    _sql_constraints = [
        (
            "reminded_once",
            # the record and day first: what the "sent already?" probes of
            # every run look up (the log grows by a few thousand rows a day)
            "unique(kind, res_id, day, followup, user_id)",
            "A reminder is sent once.",
        ),
    ]

    @api.model
    def _key_date_sql(self, companies, days=None):
        """SQL of the key dates and first-order anniversaries of owned, active
        CRM customers falling from each company's today to ``days`` later
        (default: its reminder window): rows (kind, res_id, day, customer,
        owner, company). The anniversaries of the window come from Python
        (``anniversary_keys``), joined to the stored anniversaries by index."""
        rows = []
        for company, settings, today in companies:
            window = settings["reminder_days"] if days is None else days
            for lunar, month, day, leap, solar in anniversary_keys(
                today, today + datetime.timedelta(days=window)
            ):
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s::date)",
                        company.id,
                        lunar,
                        month,
                        day,
                        leap,
                        solar,
                    )
                )
        self.env["crm_lite.key.date"].flush_model()
        self.env["res.partner"].flush_model(
            ["active", "is_crm_customer", "user_id", "company_id", "first_order_date"]
        )
        self.env["res.users"].flush_model(["active", "company_id"])
        company = self.env["res.partner"]._crm_company_sql("customer", "owner")
        return SQL(
            """
            WITH window_day(company_id, lunar, month, day, leap, occurrence) AS (
                VALUES %(rows)s
            )
            SELECT 'key_date' AS kind, key_date.id AS res_id,
                   window_day.occurrence AS day, customer.id AS customer_id,
                   customer.user_id AS owner_id, window_day.company_id
              FROM window_day
              JOIN crm_lite_key_date key_date
                ON key_date.lunar = window_day.lunar
               AND key_date.anniversary_month = window_day.month
               AND key_date.anniversary_day = window_day.day
               AND key_date.anniversary_leap = window_day.leap
              JOIN res_partner person ON person.id = key_date.partner_id
              JOIN res_partner customer ON customer.id = key_date.customer_id
              JOIN res_users owner ON owner.id = customer.user_id
             WHERE customer.is_crm_customer AND customer.active AND person.active
               AND owner.active
               AND window_day.occurrence > key_date.date
               AND window_day.company_id = %(company)s
            UNION ALL
            SELECT 'first_order', customer.id, window_day.occurrence, customer.id,
                   customer.user_id, window_day.company_id
              FROM window_day
              JOIN res_partner customer
                ON NOT window_day.lunar
               AND customer.first_order_date IS NOT NULL
               AND extract(month FROM customer.first_order_date)::int = window_day.month
               AND extract(day FROM customer.first_order_date)::int = window_day.day
              JOIN res_users owner ON owner.id = customer.user_id
             WHERE customer.is_crm_customer AND customer.active AND owner.active
               AND window_day.occurrence > customer.first_order_date
               AND window_day.company_id = %(company)s
            """,
            rows=SQL(", ").join(rows),
            company=company,
        )

    @api.model
    def _followup_sql(self, companies):
        """SQL of the open follow-ups due by each company's today: an
        interaction's next contact with no interaction of its customer on or
        after that day, a plan item without outcome of a chance still in
        development. Rows (kind, res_id, day, customer, owner, company,
        today, escalate_days)."""
        rows = SQL(", ").join(
            SQL("(%s, %s::date, %s)", company.id, today, settings["escalate_days"])
            for company, settings, today in companies
        )
        for model in ("crm_lite.interaction", "crm_lite.plan", "crm_lite.chance"):
            self.env[model].flush_model()
        self.env["res.partner"].flush_model(["active", "is_crm_customer", "user_id"])
        return SQL(
            """
            WITH company_day(company_id, today, escalate_days) AS (VALUES %(rows)s)
            SELECT 'next_contact' AS kind, interaction.id AS res_id,
                   interaction.next_contact_date AS day, customer.id AS customer_id,
                   customer.user_id AS owner_id, interaction.company_id,
                   company_day.today, company_day.escalate_days
              FROM crm_lite_interaction interaction
              JOIN company_day ON company_day.company_id = interaction.company_id
              JOIN res_partner customer ON customer.id = interaction.partner_id
              JOIN res_users owner ON owner.id = customer.user_id
             WHERE interaction.next_contact_date <= company_day.today
               AND customer.is_crm_customer AND customer.active AND owner.active
               AND NOT EXISTS (
                    SELECT 1 FROM crm_lite_interaction later
                     WHERE later.partner_id = interaction.partner_id
                       AND later.date >= interaction.next_contact_date
                       AND later.id != interaction.id)
            UNION ALL
            SELECT 'plan', plan.id, plan.date, chance.partner_id, chance.user_id,
                   plan.company_id, company_day.today, company_day.escalate_days
              FROM crm_lite_plan plan
              JOIN company_day ON company_day.company_id = plan.company_id
              JOIN crm_lite_chance chance ON chance.id = plan.chance_id
              JOIN res_users owner ON owner.id = chance.user_id
             WHERE plan.date <= company_day.today
               AND chance.state = 'assigned' AND owner.active
               AND COALESCE(plan.result, '') = ''
            """,
            rows=rows,
        )

    @api.model
    def _cron_send_reminders(self, today=None):
        """The day's reminders of every company, by its own settings and
        today; the to-dos created."""
        companies = self.env["res.company"]._crm_per_company(today)
        todos = self._remind_key_dates(companies)
        todos += self._remind_followups(companies)
        todos += self._escalate_followups(companies)
        return create_todos(self.env, todos)

    def _log_new(self, due_sql, recipient="owner_id"):
        """Log the rows of ``due_sql`` nobody was reminded of yet; the rows
        logged now, as dicts (the others were logged by an earlier run or by
        one running at the same time)."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH due AS (%(due)s),
                logged AS (
                    INSERT INTO crm_lite_reminder (
                        kind, followup, res_id, day, user_id, create_uid,
                        create_date, write_uid, write_date)
                    SELECT due.kind, '', due.res_id, due.day, due.%(recipient)s,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM due
                     WHERE NOT EXISTS (
                            SELECT 1 FROM crm_lite_reminder done
                             WHERE done.kind = due.kind AND done.res_id = due.res_id
                               AND done.day = due.day)
                    ON CONFLICT DO NOTHING
                    RETURNING kind, res_id, day
                )
                SELECT DISTINCT due.* FROM due
                  JOIN logged USING (kind, res_id, day)
                 ORDER BY due.kind, due.res_id
                """,
                due=due_sql,
                recipient=SQL.identifier(recipient),
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        return self.env.cr.dictfetchall()

    def _remind_key_dates(self, companies):
        if not companies:
            return []
        rows = self._log_new(self._key_date_sql(companies))
        # read once for all rows (a thousand a day at 100k customers), only
        # the fields the to-dos need: a partner's prefetch would read its
        # whole row, some hundred columns
        key_dates = (
            self.env["crm_lite.key.date"]
            .sudo()
            .browse([row["res_id"] for row in rows if row["kind"] == "key_date"])
        )
        key_dates.fetch(["partner_id", "type_id"])
        key_dates.partner_id.fetch(["name"])
        people = {key_date.id: key_date.partner_id.name for key_date in key_dates}
        types = {key_date.id: key_date.type_id for key_date in key_dates}
        customers = (
            self.env["res.partner"].sudo().browse([row["customer_id"] for row in rows])
        )
        customers.fetch(["name", "complete_name", "user_id"])
        names = {customer.id: customer.name for customer in customers}
        # the activities' record name, as the ORM stores a partner's
        record_names = {customer.id: customer.complete_name for customer in customers}
        owners = languages_of(customers.user_id)
        type_names, envs, days = {}, {}, {}
        todos = []
        for row in rows:
            lang = owners[row["owner_id"]]
            if lang not in envs:
                envs[lang] = self.with_context(lang=lang).env
            env = envs[lang]
            if (row["day"], lang) not in days:
                days[row["day"], lang] = format_skeleton(
                    "MMMd", row["day"], locale=lang
                )
            day = days[row["day"], lang]
            if row["kind"] == "key_date":
                type_ = types[row["res_id"]]
                if (type_.id, lang) not in type_names:
                    type_names[type_.id, lang] = type_.with_env(env).item
                summary = env._(
                    "%(type)s: %(name)s (%(date)s)",
                    type=type_names[type_.id, lang],
                    name=people[row["res_id"]],
                    date=day,
                )
            else:
                summary = env._(
                    "First order anniversary: %(name)s (%(date)s)",
                    name=names[row["customer_id"]],
                    date=day,
                )
            todo = self._todo("res.partner", row["customer_id"], row, summary)
            todo["res_name"] = record_names[row["customer_id"]]
            todos.append(todo)
        return todos

    def _remind_followups(self, companies):
        """A to-do for the owner on the day of each follow-up due (or due in
        the escalation period, when a run was missed)."""
        if not companies:
            return []
        rows = self._log_new(
            SQL(
                "SELECT * FROM (%s) followup WHERE day > today - escalate_days - 1",
                self._followup_sql(companies),
            )
        )
        return [self._followup_todo(row, row["owner_id"]) for row in rows]

    def _escalate_followups(self, companies):
        """Each follow-up overdue by the escalation period, once, to the
        owner's sales team leader if a CRM supervisor, else to the
        supervisors of its company."""
        if not companies:
            return []
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT followup.* FROM (%(followups)s) followup
                 WHERE day <= today - escalate_days
                   AND NOT EXISTS (
                        SELECT 1 FROM crm_lite_reminder done
                         WHERE done.kind = 'escalation'
                           AND done.followup = followup.kind
                           AND done.res_id = followup.res_id
                           AND done.day = followup.day)
                """,
                followups=self._followup_sql(companies),
            )
        )
        overdue = self.env.cr.dictfetchall()
        if not overdue:
            return []
        recipients = {}
        for row in overdue:
            key = (row["owner_id"], row["company_id"])
            if key not in recipients:
                recipients[key] = self._supervisors_of(*key)
        logs = [
            {
                "kind": "escalation",
                "res_id": row["res_id"],
                "followup": row["kind"],
                "day": row["day"],
                "user_id": supervisor,
            }
            for row in overdue
            for supervisor in recipients[(row["owner_id"], row["company_id"])]
        ]
        if not logs:
            return []
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_lite_reminder (
                    kind, res_id, followup, day, user_id, create_uid, create_date,
                    write_uid, write_date)
                SELECT 'escalation', log.res_id, log.followup, log.day, log.user_id,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(res_ids)s::int[], %(followups)s::varchar[],
                              %(days)s::date[], %(users)s::int[])
                       AS log(res_id, followup, day, user_id)
                ON CONFLICT DO NOTHING
                RETURNING followup, res_id, user_id
                """,
                res_ids=[log["res_id"] for log in logs],
                followups=[log["followup"] for log in logs],
                days=[log["day"] for log in logs],
                users=[log["user_id"] for log in logs],
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        logged = set(self.env.cr.fetchall())
        return [
            self._followup_todo(row, supervisor, escalated=True)
            for row in overdue
            for supervisor in recipients[(row["owner_id"], row["company_id"])]
            if (row["kind"], row["res_id"], supervisor) in logged
        ]

    def _supervisors_of(self, owner_id, company_id):
        """The ids of who hears of the owner's overdue follow-ups."""
        owner = self.env["res.users"].sudo().browse(owner_id)
        group = self.env.ref("crm_lite.group_sales_supervisor")
        leader = owner.sale_team_id.user_id
        if leader.active and group in leader.groups_id and leader != owner:
            return [leader.id]
        supervisors = group.users.filtered(
            lambda user: user.active
            and not user.share
            and company_id in user.company_ids.ids
            and user != owner
            and not user._is_superuser()
        )
        return supervisors.ids

    def _followup_todo(self, row, user_id, escalated=False):
        lang = languages_of(self.env["res.users"].browse(user_id))[user_id]
        env = self.with_context(lang=lang).env
        if row["kind"] == "next_contact":
            interaction = env["crm_lite.interaction"].sudo().browse(row["res_id"])
            model, res_id = "res.partner", row["customer_id"]
            what = env._(
                "Contact %(customer)s (after: %(summary)s)",
                customer=interaction.partner_id.name,
                summary=interaction.name,
            )
        else:
            plan = env["crm_lite.plan"].sudo().browse(row["res_id"])
            model, res_id = "crm_lite.chance", plan.chance_id.id
            what = env._(
                "Plan item: %(todo)s (%(chance)s)",
                todo=plan.todo,
                chance=plan.chance_id.name,
            )
        if escalated:
            owner = self.env["res.users"].sudo().browse(row["owner_id"])
            what = env._(
                "Overdue follow-up of %(owner)s: %(what)s",
                owner=owner.name,
                what=what,
            )
            row = dict(row, owner_id=user_id, day=row["today"])
        return self._todo(model, res_id, row, what)

    def _todo(self, model, res_id, row, summary):
        return {
            "res_model": model,
            "res_id": res_id,
            "user_id": row["owner_id"],
            "summary": summary,
            "date_deadline": row["day"],
        }
