from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .input_checks import check_input_values


class CrmInteraction(models.Model):
    """Interaction history (cst_activity): a visit, call or meeting with a customer."""

    _name = "crm_lite.interaction"
    _description = "Customer Interaction"
    _inherit = ["mail.thread", "crm_lite.company.mixin"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        # a customer with interactions is archived, not deleted
        # (res_partner_history)
        ondelete="restrict",
        domain=[("is_crm_customer", "=", True)],
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Account Manager")
    date = fields.Date(
        required=True, default=fields.Date.context_today, index=True, tracking=True
    )
    place = fields.Char(required=True, tracking=True)
    name = fields.Char(string="Summary", required=True, tracking=True)
    note = fields.Char(string="Remarks")
    description = fields.Text(string="Details")
    # 下次联系时间: the owner gets a to-do that day; overdue, it is escalated
    next_contact_date = fields.Date(
        string="Next Contact",
        index="btree_not_null",
        help="When to contact the customer again: the account manager gets a "
        "to-do that day, and the supervisor hears of it when it is overdue.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list)
        interactions = super().create(vals_list)
        interactions.partner_id._crm_refresh_last_interaction_date()
        return interactions

    def write(self, vals):
        check_input_values(self, [vals])
        if not {"date", "partner_id"} & set(vals):
            return super().write(vals)
        customers = self.partner_id
        result = super().write(vals)
        (customers | self.partner_id)._crm_refresh_last_interaction_date()
        return result

    def unlink(self):
        customers = self.partner_id
        result = super().unlink()
        customers._crm_refresh_last_interaction_date()
        return result

    @api.constrains("date")
    def _check_date_has_come(self):
        # an interaction is recorded once it took place; one dated ahead would
        # keep its customer out of the public pool until that day
        today = fields.Date.context_today(self)
        for interaction in self:
            if interaction.date > today:
                raise ValidationError(
                    self.env._(
                        "An interaction is recorded once it took place: "
                        "%(date)s is after today.",
                        date=interaction.date,
                    )
                )

    @api.constrains("next_contact_date")
    def _check_next_contact_ahead(self):
        today = fields.Date.context_today(self)
        for interaction in self:
            if interaction.next_contact_date and interaction.next_contact_date < today:
                raise ValidationError(
                    self.env._(
                        "The next contact is planned for today or later, not %(date)s.",
                        date=interaction.next_contact_date,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        for interaction in self:
            if not interaction.partner_id.is_crm_customer:
                raise ValidationError(
                    self.env._(
                        "Interactions are recorded for CRM customers; "
                        "%(partner)s is not one.",
                        partner=interaction.partner_id.display_name,
                    )
                )
