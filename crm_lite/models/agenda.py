from odoo import api, fields, models
from odoo.tools import SQL

from .loss import OPEN_STATES

# each kind of row: its code in the row's id, the model of the record it
# opens; the ids of the rows stay the same between the list's search and read
KIND_CODES = {
    "key_date": 1,
    "first_order": 2,
    "next_contact": 3,
    "plan": 4,
    "pool": 5,
    "churn": 6,
    "escalation_next_contact": 7,
    "escalation_plan": 8,
}
ROW_ID = 1_000_000_000


class CrmAgenda(models.Model):
    """今日提醒, the current user's day: key dates ahead, next contacts and
    plan items due or overdue, customers about to return to the public pool,
    open churn warnings, and the overdue follow-ups escalated to them. Read
    live from the rules the reminders cron and the pool apply (one
    definition each), for the user reading it."""

    _name = "crm_lite.agenda"
    _description = "Today's Reminders"
    _auto = False
    _order = "date, kind, id"

    kind = fields.Selection(
        [
            ("key_date", "Key Date"),
            ("first_order", "First Order Anniversary"),
            ("next_contact", "Next Contact"),
            ("plan", "Plan Item"),
            ("pool", "Returns to the Pool"),
            ("churn", "Churn Warning"),
            ("escalation_next_contact", "Escalated: Next Contact"),
            ("escalation_plan", "Escalated: Plan Item"),
        ],
        readonly=True,
    )
    date = fields.Date(readonly=True)
    overdue = fields.Boolean(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    owner_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    user_id = fields.Many2one("res.users", string="For", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Integer(readonly=True)
    name = fields.Char(string="Reminder", compute="_compute_name")

    @property
    def _table_query(self):
        companies = self.env["res.company"]._crm_per_company()
        # what the pool's and the churn's statements read
        self.env["res.partner"].flush_model()
        self.env["crm_lite.interaction"].flush_model()
        Reminder = self.env["crm_lite.reminder"]
        uid = self.env.uid
        parts = [
            SQL(
                """
                SELECT kind, res_id AS record_id, day, customer_id, owner_id,
                       owner_id AS user_id, company_id,
                       CASE kind WHEN 'key_date' THEN 'crm_lite.key.date'
                                 ELSE 'res.partner' END AS res_model
                  FROM (%s) key_dates WHERE owner_id = %s
                """,
                Reminder._key_date_sql(companies),
                uid,
            ),
            SQL(
                """
                SELECT kind, res_id, day, customer_id, owner_id, owner_id,
                       company_id,
                       CASE kind WHEN 'plan' THEN 'crm_lite.plan'
                                 ELSE 'crm_lite.interaction' END
                  FROM (%s) followups WHERE owner_id = %s
                """,
                Reminder._followup_sql(companies),
                uid,
            ),
            # escalated to me: the follow-ups still overdue
            SQL(
                """
                SELECT 'escalation_' || followup.kind, followup.res_id,
                       followup.day, followup.customer_id, followup.owner_id,
                       done.user_id, followup.company_id,
                       CASE followup.kind WHEN 'plan' THEN 'crm_lite.plan'
                                          ELSE 'crm_lite.interaction' END
                  FROM (%s) followup
                  JOIN crm_lite_reminder done
                    ON done.kind = 'escalation' AND done.followup = followup.kind
                   AND done.res_id = followup.res_id AND done.day = followup.day
                 WHERE done.user_id = %s
                """,
                Reminder._followup_sql(companies),
                uid,
            ),
            SQL(
                """
                SELECT 'churn', loss.id, loss.create_date::date, customer.id,
                       customer.user_id, customer.user_id, loss.company_id,
                       'crm_lite.loss'
                  FROM crm_lite_loss loss
                  JOIN res_partner customer ON customer.id = loss.partner_id
                 WHERE loss.state IN %s AND customer.user_id = %s
                """,
                OPEN_STATES,
                uid,
            ),
        ]
        pool = self.env["res.partner"]._pool_idle_sql(companies, warn=True)
        if pool is not None:
            parts.append(
                SQL(
                    """
                    SELECT 'pool', idle.id, idle.today, idle.id, idle.user_id,
                           idle.user_id, customer.company_id, 'res.partner'
                      FROM (%s) AS idle(id, user_id, today, lang)
                      JOIN res_partner customer ON customer.id = idle.id
                     WHERE idle.user_id = %s
                    """,
                    pool,
                    uid,
                )
            )
        self.env["crm_lite.loss"].flush_model(["state", "partner_id", "company_id"])
        today = {company.id: day for company, _settings, day in companies}
        return SQL(
            """
            SELECT (CASE row.kind %(codes)s END) * %(row_id)s::bigint
                       + row.record_id AS id,
                   row.kind, row.day AS date,
                   row.day < COALESCE(company_day.today, current_date) AS overdue,
                   row.customer_id AS partner_id, row.owner_id, row.user_id,
                   row.company_id, row.res_model, row.record_id AS res_id
              FROM (%(rows)s) AS row(kind, record_id, day, customer_id, owner_id,
                                     user_id, company_id, res_model)
              LEFT JOIN (VALUES %(today)s) AS company_day(company_id, today)
                ON company_day.company_id = row.company_id
            """,
            codes=SQL(" ").join(
                SQL("WHEN %s THEN %s", kind, code) for kind, code in KIND_CODES.items()
            ),
            row_id=ROW_ID,
            rows=SQL(" UNION ALL ").join(parts),
            today=SQL(", ").join(
                SQL("(%s, %s::date)", company_id, day)
                for company_id, day in today.items()
            ),
        )

    @api.depends("kind", "res_id")
    @api.depends_context("lang")
    def _compute_name(self):
        for row in self:
            record = self.env[row.res_model].browse(row.res_id).sudo()
            kind = row.kind or ""
            if kind == "key_date":
                row.name = self.env._(
                    "%(type)s of %(name)s",
                    type=record.type_id.item,
                    name=record.partner_id.name,
                )
            elif kind == "first_order":
                row.name = self.env._("First order anniversary")
            elif kind.endswith("next_contact"):
                row.name = self.env._(
                    "Contact again (after: %(summary)s)", summary=record.name
                )
            elif kind.endswith("plan"):
                row.name = self.env._(
                    "%(todo)s (%(chance)s)",
                    todo=record.todo,
                    chance=record.chance_id.name,
                )
            elif kind == "pool":
                row.name = self.env._(
                    "Contact this customer, or it returns to the public pool"
                )
            elif kind == "churn":
                row.name = self.env._("Churn warning: no confirmed order for long")
            else:
                row.name = False
            if kind.startswith("escalation_"):
                row.name = self.env._(
                    "Overdue, of %(owner)s: %(what)s",
                    owner=row.owner_id.name,
                    what=row.name,
                )

    def action_open_record(self):
        """The record behind the row: the customer (key dates, first orders,
        the pool), the interaction, the chance of a plan item, the loss
        record."""
        self.ensure_one()
        model, res_id = self.res_model, self.res_id
        if model == "crm_lite.key.date":
            model, res_id = "res.partner", self.partner_id.id
        elif model == "crm_lite.plan":
            model = "crm_lite.chance"
            res_id = self.env["crm_lite.plan"].browse(res_id).chance_id.id
        # the CRM's own screens of the record (the customer form, not the
        # host's contact form)
        xmlid = {
            "res.partner": "crm_lite.action_crm_customer",
            "crm_lite.interaction": "crm_lite.action_crm_interaction",
            "crm_lite.chance": "crm_lite.action_crm_chance",
            "crm_lite.loss": "crm_lite.action_crm_loss",
        }[model]
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        form = [view for view in action.get("views", []) if view[1] == "form"]
        action.update(
            {
                "res_id": res_id,
                "view_mode": "form",
                "views": form or [(False, "form")],
                "target": "current",
            }
        )
        return action
