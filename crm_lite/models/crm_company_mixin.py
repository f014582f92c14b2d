from odoo import api, fields, models
from odoo.exceptions import AccessError


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

    def _check_customer_readable(self, vals_list):
        """A record names a customer its author may read: otherwise its
        stored copies of the customer (a chance's customer name) and the
        company check's messages would show whoever guesses an id another
        account manager's customer. The message names no customer."""
        if self.env.su:
            return
        ids = {
            vals["partner_id"]
            for vals in vals_list
            if isinstance(vals.get("partner_id"), int) and vals["partner_id"]
        }
        if not ids:
            return
        partners = self.env["res.partner"].browse(ids).exists()
        if partners - partners._filtered_access("read"):
            raise AccessError(
                self.env._(
                    "You may only name a customer you can read: choose one of "
                    "your customers or one of the public pool."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_customer_readable(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_customer_readable([vals])
        return super().write(vals)
