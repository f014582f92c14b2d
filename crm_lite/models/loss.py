# A customer's churn hooks live beside the loss records they open and close.
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .input_checks import check_input_values
from .res_partner_rfm import RISK_BANDS, risk_band, risk_band_sql
from .transitions import in_transition, transition

# the states of a loss record still open; the statements below read them
# from here
OPEN_STATES = ("warning", "delayed")
# Fields that only change through the actions (and the churn scan)
WORKFLOW_FIELDS = {
    "state",
    "partner_id",
    "user_id",
    "last_order_date",
    "lost_date",
    "reason",
    "measure_ids",
    "rule",
    "usual_gap_days",
    "risk",
}


class CrmLoss(models.Model):
    """Customer loss record (cst_lost): a churn warning raised by the daily
    scan, delayed by the account manager's measures, confirmed as a loss, or
    recovered when the customer orders again."""

    _name = "crm_lite.loss"
    _description = "Customer Loss"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm_lite.company.mixin"]
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        # a customer with loss records is archived, not deleted
        # (res_partner_history)
        ondelete="restrict",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        readonly=True,
        index="btree_not_null",
        help="The customer's account manager when the warning was raised.",
    )
    last_order_date = fields.Date(readonly=True)
    lost_date = fields.Date(string="Loss Confirmed On", readonly=True, tracking=True)
    measure_ids = fields.One2many(
        "crm_lite.loss.measure", "loss_id", string="Delay Measures", readonly=True
    )
    reason = fields.Text(string="Loss Reason", readonly=True, tracking=True)
    state = fields.Selection(
        [
            ("warning", "Warning"),
            ("delayed", "Delayed"),
            ("lost", "Lost"),
            ("recovered", "Recovered"),
            # closed when its customer was merged into one with an older
            # open record (wizards/partner_merge.py)
            ("merged", "Merged"),
        ],
        default="warning",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )

    # which rule raised the warning, and the figures of the rhythm rule
    rule = fields.Selection(
        [
            ("months", "Churn Period"),
            ("rhythm", "Buying Rhythm"),
        ],
        string="Raised By",
        default="months",
        required=True,
        readonly=True,
        help="Churn Period: no confirmed order for the company's churn "
        "period. Buying Rhythm: a customer with a rhythm of purchases stayed "
        "silent for the risk threshold times its usual gap.",
    )
    usual_gap_days = fields.Float(
        string="Usual Gap (days)",
        digits=(16, 1),
        readonly=True,
        help="The customer's median number of days between purchases when "
        "the warning was raised.",
    )
    risk = fields.Float(
        string="Churn Risk",
        digits=(16, 2),
        readonly=True,
        help="Days since the last order divided by the usual gap, when the "
        "warning was raised.",
    )
    risk_band = fields.Selection(
        [(key, label) for key, label, _start in RISK_BANDS] + [("none", "No Rhythm")],
        compute="_compute_risk_band",
        store=True,
        help="The band of the churn risk: the loss analysis groups the warnings by it.",
    )

    @api.depends("rule", "risk")
    def _compute_risk_band(self):
        for loss in self:
            loss.risk_band = risk_band(loss.risk if loss.rule == "rhythm" else None)

    def _crm_customer_company(self):
        """The customer's company, else its owner's: shared customers are
        common, and their losses are their account manager's company's."""
        self.ensure_one()
        return self.partner_id.company_id or self.partner_id.user_id.company_id

    def init(self):
        # one open record per customer, whatever runs the scan at the same time
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS crm_lite_loss_one_open_per_customer
                    ON crm_lite_loss (partner_id)
                 WHERE state IN %s
                """,
                OPEN_STATES,
            )
        )

    @api.model
    def _cron_detect_churn(self, today=None):
        """Flag, in one statement, every CRM customer of its company's churn
        rule, counted from the company's today, who has no open loss record
        (the record is the customer's company's):
        - a customer with a buying rhythm (``order_gap_days``, which the RFM
          refresh keeps in ``crm_lite.customer.rfm``): silent for more than
          the risk threshold times its usual gap (rule ``rhythm``, with the
          figures);
        - any other: its last confirmed order (or, never having ordered, its
          becoming a CRM customer) older than the churn period (``months``).
        Both count the silence from the customer's becoming one at the
        earliest."""
        thresholds = SQL(", ").join(
            SQL(
                "(%s, %s::date, %s::date, %s::numeric)",
                company.id,
                company_today - relativedelta(months=settings["churn_months"]),
                company_today,
                settings["churn_risk_threshold"],
            )
            for company, settings, company_today in self.env[
                "res.company"
            ]._crm_per_company(today)
        )
        self.env["res.partner"].flush_model(
            [
                "is_crm_customer",
                "active",
                "crm_state",
                "last_order_date",
                "user_id",
                "company_id",
                "crm_customer_date",
            ]
        )
        self.env["crm_lite.customer.rfm"].flush_model(["order_gap_days"])
        self.env["res.users"].flush_model(["company_id", "active"])
        self.flush_model(["partner_id", "state"])
        since = self.env["res.partner"]._crm_since_sql("customer")
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_lite_loss (
                    partner_id, user_id, company_id, last_order_date, state,
                    rule, usual_gap_days, risk, risk_band,
                    create_uid, create_date, write_uid, write_date)
                SELECT customer.id, customer.user_id, company_day.company_id,
                       customer.last_order_date, %(raised)s,
                       CASE WHEN rhythm.gap IS NULL THEN 'months' ELSE 'rhythm' END,
                       rhythm.gap, rhythm.risk, %(band)s,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM res_partner customer
                  LEFT JOIN res_users owner ON owner.id = customer.user_id
                  LEFT JOIN crm_lite_customer_rfm figures ON figures.id = customer.id
                  JOIN (VALUES %(thresholds)s)
                       AS company_day(company_id, threshold, today, risk_threshold)
                    ON company_day.company_id = %(company)s
                 CROSS JOIN LATERAL (
                        SELECT gap.days AS gap,
                               round((company_day.today - customer.last_order_date)
                                     / gap.days, 2) AS risk
                          FROM (SELECT CASE WHEN customer.last_order_date IS NOT NULL
                                            THEN NULLIF(figures.order_gap_days, 0)
                                       END AS days) gap
                       ) rhythm
                 WHERE customer.is_crm_customer
                   AND customer.active
                   AND customer.crm_state = 'normal'
                   -- an archived owner is warned of nothing
                   AND owner.active IS NOT FALSE
                   AND CASE WHEN rhythm.gap IS NULL
                            THEN GREATEST(customer.last_order_date, %(since)s)
                                 < company_day.threshold
                            ELSE company_day.today
                                 - GREATEST(customer.last_order_date, %(since)s)
                                 > company_day.risk_threshold * rhythm.gap
                       END
                   AND NOT EXISTS (
                        SELECT 1 FROM crm_lite_loss open_loss
                         WHERE open_loss.partner_id = customer.id
                           AND open_loss.state IN %(open)s)
                ON CONFLICT (partner_id) WHERE state IN %(open)s
                DO NOTHING
                RETURNING id
                """,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                thresholds=thresholds,
                # a new record's state, as the ORM creates one
                raised=self._fields["state"].default(self),
                open=OPEN_STATES,
                company=self.env["res.partner"]._crm_company_sql("customer", "owner"),
                since=since,
                band=risk_band_sql(SQL("rhythm.risk")),
            )
        )
        flagged = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_model()
        return flagged

    def write(self, vals):
        check_input_values(self, [vals])
        if WORKFLOW_FIELDS & set(vals) and not (self.env.su or in_transition(self)):
            raise UserError(
                self.env._(
                    "Loss records change through their actions only (delay "
                    "measures, confirmation)."
                )
            )
        return super().write(vals)

    def _write_workflow(self, vals):
        """Write what the actions decided, through ``write`` (which modules
        extending loss records override), past its guard."""
        self.check_access("write")
        with transition(self):
            return self.write(vals)

    def _check_open(self):
        closed = self.filtered(lambda loss: loss.state not in OPEN_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "These loss records are closed: %(customers)s",
                    customers=", ".join(closed.mapped("partner_id.display_name")),
                )
            )

    def action_add_measure(self, text):
        """Record a measure taken to keep the customer; the loss is delayed."""
        self._check_open()
        if not isinstance(text, str) or not text.strip():
            raise UserError(
                self.env._("Describe the measure taken to keep the customer.")
            )
        check_input_values(self.env["crm_lite.loss.measure"], [{"text": text}])
        self.check_access("write")
        # the measures are written here only, after the checks above
        self.env["crm_lite.loss.measure"].sudo().create(
            [
                {"loss_id": loss.id, "text": text.strip(), "author_id": self.env.uid}
                for loss in self
            ]
        )
        self._write_workflow({"state": "delayed"})
        return True

    def action_confirm_lost(self, reason):
        """Confirm the loss of the customer, with its reason."""
        self._check_open()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason why the customer was lost."))
        check_input_values(self, [{"reason": reason}])
        self._write_workflow(
            {
                "state": "lost",
                "reason": reason.strip(),
                "lost_date": fields.Date.context_today(self),
            }
        )
        self.partner_id.write({"crm_state": "lost"})
        return True

    def action_open_wizard(self):
        mode = self.env.context.get("crm_lite_loss_mode")
        if mode not in ("measure", "confirm"):
            raise UserError(self.env._("Choose what to record."))
        self._check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Delay the Loss")
            if mode == "measure"
            else self.env._("Confirm the Loss"),
            "res_model": "crm_lite.loss.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_loss_ids": self.ids, "default_mode": mode},
        }

    @api.model
    def _recover(self, customers):
        """Customers who ordered again: their open loss records are recovered."""
        if not customers:
            return
        self.flush_model(["partner_id", "state"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lite_loss
                   SET state = 'recovered', write_uid = %(uid)s, write_date = %(now)s
                 WHERE partner_id = ANY(%(ids)s) AND state IN %(open)s
                """,
                open=OPEN_STATES,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                ids=customers.ids,
            )
        )
        self.invalidate_model(["state"])


class CrmLossMeasure(models.Model):
    """A dated measure taken to keep a customer (暂缓措施)."""

    _name = "crm_lite.loss.measure"
    _description = "Loss Delay Measure"
    _order = "date, id"

    loss_id = fields.Many2one(
        "crm_lite.loss", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    author_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        related="loss_id.company_id", store=True, index=True, precompute=True
    )
    text = fields.Text(string="Measure", required=True, readonly=True)


class ResPartnerChurn(models.Model):
    """A customer's side of churn: its loss records, which its next confirmed
    order closes."""

    _inherit = "res.partner"

    loss_ids = fields.One2many("crm_lite.loss", "partner_id", string="Loss Records")

    def _crm_ordered_again(self):
        """A confirmed order: open loss records are recovered and a lost
        customer is a normal one again."""
        customers = self.filtered("is_crm_customer")
        if not customers:
            return
        self.env["crm_lite.loss"]._recover(customers)
        lost = customers.filtered(lambda customer: customer.crm_state == "lost")
        if lost:
            # whoever confirms the order (any salesperson) brings the customer
            # back, even without rights on the CRM customer itself
            lost.sudo().write({"crm_state": "normal"})
