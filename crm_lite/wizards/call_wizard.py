import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.input_checks import check_input_values


class CrmCallWizard(models.TransientModel):
    """The call log of the click-to-dial (拨号): the number called, when the
    call started, how long it took and what was said; saved, it is an
    interaction (place 电话) of the customer, recorded by whoever called."""

    _name = "crm_lite.call.wizard"
    _description = "Call Log"

    partner_id = fields.Many2one(
        "res.partner",
        string="Called",
        required=True,
        readonly=True,
        ondelete="cascade",
        help="The customer or the contact called.",
    )
    customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_customer_id",
    )
    number = fields.Char(required=True)
    call_start = fields.Datetime(
        string="Call Started", required=True, default=fields.Datetime.now
    )
    call_duration = fields.Float(
        help="How long the call took, in minutes and seconds.",
    )
    name = fields.Char(string="Summary", required=True)
    description = fields.Text(string="Details")
    next_contact_date = fields.Date(string="Next Contact")

    @api.depends("partner_id")
    def _compute_customer_id(self):
        for wizard in self:
            wizard.customer_id = wizard.partner_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_input_values(self, [vals])
        return super().write(vals)

    def action_save(self):
        """Record the call as an interaction of the customer, by the current
        user (what they may not record, they are told)."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if not customer.is_crm_customer:
            raise UserError(
                self.env._(
                    "Calls are recorded for CRM customers and their contacts; "
                    "%(partner)s is neither.",
                    partner=self.partner_id.display_name,
                )
            )
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local_start = pytz.utc.localize(self.call_start).astimezone(tz)
        contact = self.partner_id if self.partner_id != customer else None
        # what is stored is in the caller's own language, whatever the
        # client's context says
        own = self.with_context(lang=self.env.user.lang).env
        self.env["crm_lite.interaction"].create(
            {
                "partner_id": customer.id,
                "date": local_start.date(),
                "place": own._("Telephone"),
                "name": self.name,
                "note": (
                    own._("Call with %(contact)s", contact=contact.name)
                    if contact
                    else False
                ),
                "description": self.description,
                "next_contact_date": self.next_contact_date,
                "call_start": self.call_start,
                "call_duration": self.call_duration,
                "call_number": self.number,
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The call is recorded."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
