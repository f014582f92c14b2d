from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime, format_duration

# a call longer than a day is a typing error
MAX_CALL_MINUTES = 24 * 60


class CrmInteraction(models.Model):
    """A phone call as an interaction (拨号): when it started, how long it
    took and the number called, as the call log of the click-to-dial
    records them."""

    # files of their own: the interaction's main file changes for other reasons
    _inherit = "crm_lite.interaction"  # pylint: disable=consider-merging-classes-inherited

    call_start = fields.Datetime(string="Call Started")
    call_duration = fields.Float(
        help="How long the call took, in minutes and seconds.",
    )
    call_number = fields.Char(string="Number Called")

    @api.constrains("call_duration")
    def _check_call_duration(self):
        for interaction in self:
            if not 0 <= interaction.call_duration <= MAX_CALL_MINUTES:
                raise ValidationError(
                    self.env._(
                        "A call lasts from 0 to %(max)s minutes, not %(minutes)s.",
                        max=MAX_CALL_MINUTES,
                        minutes=format_duration(interaction.call_duration),
                    )
                )

    @api.constrains("call_start")
    def _check_call_start_has_come(self):
        now = fields.Datetime.now()
        for interaction in self:
            if interaction.call_start and interaction.call_start > now:
                raise ValidationError(
                    self.env._(
                        "A call is recorded once it took place: %(start)s is "
                        "after now.",
                        start=format_datetime(self.env, interaction.call_start),
                    )
                )
