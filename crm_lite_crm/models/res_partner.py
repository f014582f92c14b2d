from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # every lead and opportunity of the partner, lost ones included (the
    # host's opportunity_ids lists open opportunities only): what the account
    # managers' read rule on the partners of their leads looks at
    crm_lite_lead_ids = fields.One2many(
        "crm.lead",
        "partner_id",
        string="Leads (all)",
        context={"active_test": False},
        domain=["|", ("active", "=", True), ("active", "=", False)],
    )
