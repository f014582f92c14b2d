from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.res_partner_onboarding import CUSTOMER_CANDIDATE_DOMAIN


class CrmOnboardWizard(models.TransientModel):
    """ "Make CRM Customers" of Odoo's contacts list: existing partners become
    CRM customers of one account manager, or of the public pool, from today."""

    _name = "crm_lite.onboard.wizard"
    _description = "Make Partners CRM Customers"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Partners",
        required=True,
        domain=[("is_crm_customer", "=", False), *CUSTOMER_CANDIDATE_DOMAIN],
    )
    partner_count = fields.Integer(
        string="Partners to Make Customers", compute="_compute_partner_count"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        domain=lambda self: self.env["res.users"]._crm_account_manager_domain(),
        help="Who owns the new customers; leave empty to put them in the "
        "public pool, where account managers claim them.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            context.get("active_model") == "res.partner"
            and "partner_ids" in fields_list
        ):
            values["partner_ids"] = [
                fields.Command.set(context.get("active_ids") or [])
            ]
        return values

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    def action_onboard(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select the partners to make CRM customers."))
        self.partner_ids._crm_onboard(self.user_id)
        if self.user_id:
            message = self.env._(
                "%(count)s partners are now CRM customers of %(user)s.",
                count=len(self.partner_ids),
                user=self.user_id.name,
            )
        else:
            message = self.env._(
                "%(count)s partners are now CRM customers in the public pool.",
                count=len(self.partner_ids),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
