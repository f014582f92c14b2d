from odoo import fields, models
from odoo.tools import SQL

from .res_partner_rfm import SEGMENTS


class CustomerRfm(models.Model):
    """The RFM figures and the churn risk of one CRM customer, as the last
    refresh computed them; read on the customer (``res.partner``'s fields of
    the same names). A narrow table of their own: the refresh rewrites them
    nightly (the recency and the risk change every day), which on
    ``res_partner`` would rewrite every customer's wide row and its twenty
    indexes.

    A row's id is its customer's: the table has its primary key and nothing
    else to maintain (no sequence, no second index, no foreign key, whose
    check would lock each customer's row in ``res_partner`` as its figures
    are inserted). The customer's deletion and merge delete its row
    (``res.partner.unlink``, the merge wizard); the refresh deletes any
    other row of no CRM customer."""

    _name = "crm_lite.customer.rfm"
    _description = "Customer RFM Figures"
    _rec_name = "partner_id"
    _auto = False
    # written by the refresh's one statement only: no author, no date
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        search="_search_partner_id",
    )
    rfm_recency_days = fields.Integer(string="Recency (days)")
    rfm_frequency = fields.Integer(string="Frequency")
    rfm_monetary = fields.Float(string="Monetary", digits=(16, 2))
    rfm_r = fields.Integer(string="R Score")
    rfm_f = fields.Integer(string="F Score")
    rfm_m = fields.Integer(string="M Score")
    rfm_segment = fields.Selection(
        [(key, label) for key, label, _highs in SEGMENTS], string="RFM Segment"
    )
    order_gap_days = fields.Float(string="Usual Gap (days)", digits=(16, 1))
    churn_risk = fields.Float(digits=(16, 2))
    rfm_date = fields.Date(string="Figures as of")

    def init(self):
        # the columns as Odoo would make them for these fields
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %s (
                    id integer PRIMARY KEY,
                    rfm_recency_days integer,
                    rfm_frequency integer,
                    rfm_monetary numeric,
                    rfm_r integer,
                    rfm_f integer,
                    rfm_m integer,
                    rfm_segment varchar,
                    order_gap_days numeric,
                    churn_risk numeric,
                    rfm_date date
                )
                """,
                SQL.identifier(self._table),
            )
        )

    def _compute_partner_id(self):
        for figures in self:
            figures.partner_id = figures.id

    def _search_partner_id(self, operator, value):
        # a row's id is its customer's: the condition on the customer (by
        # name, as on a many2one, or by id) is one on the rows' ids
        Partner = self.env["res.partner"].with_context(active_test=False)
        field = "name" if isinstance(value, str) else "id"
        return [("id", "in", Partner._search([(field, operator, value)]))]
