from odoo import fields, models

from .res_partner_rfm import SEGMENTS


class CustomerRfm(models.Model):
    """The RFM figures and the churn risk of one CRM customer, as the last
    refresh computed them; read on the customer (``res.partner``'s fields of
    the same names). A narrow table of their own: the refresh rewrites them
    nightly (the recency and the risk change every day), which on
    ``res_partner`` would rewrite every customer's wide row and its twenty
    indexes."""

    _name = "crm_lite.customer.rfm"
    _description = "Customer RFM Figures"
    _rec_name = "partner_id"
    # written by the refresh's one statement only: no author, no date
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade"
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

    _sql_constraints = [
        (
            "partner_unique",
            "UNIQUE (partner_id)",
            "A customer has one set of RFM figures.",
        )
    ]
