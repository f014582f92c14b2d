from odoo import api, fields, models


class CrmCompanyMixin(models.AbstractModel):
    """A crm_lite record of one company: the company of its customer, else
    the company the user works in when creating it. Its customer and the
    other records it names must be usable in that company (Odoo's company
    check), and the company record rules show it to that company's staff."""

    _name = "crm_lite.company.mixin"
    _description = "CRM record of a company"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("partner_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = (
                record._crm_customer_company()
                # a shared customer: the record keeps the company it has
                or record.company_id
                or self.env.company
            )

    def _crm_customer_company(self):
        """The company the record's customer belongs to, if any."""
        self.ensure_one()
        return self.partner_id.company_id
