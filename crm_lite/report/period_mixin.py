from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.res_company import period_domain


class CrmPeriodMixin(models.AbstractModel):
    """The period of the dashboard and the management report: the days
    ``date_from`` to ``date_to`` as the user reads them, from the start of the
    user's current year to the user's today by default."""

    _name = "crm_lite.period.mixin"
    _description = "CRM Reporting Period"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self)
    )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for record in self:
            if record.date_from > record.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    def _period_domain(self, field):
        """Domain on the datetime ``field`` for the days of the period in the
        user's time zone (date fields compare with the dates themselves)."""
        self.ensure_one()
        return period_domain(self.env, field, self.date_from, self.date_to)

    def _period_dates_domain(self, field):
        """Domain on the date ``field`` for the days of the period."""
        self.ensure_one()
        return [(field, ">=", self.date_from), (field, "<=", self.date_to)]
