import datetime

import pytz

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _crm_tz(self):
        """The company's time zone, which decides the days of what runs
        without a user (the crons' today, the dates stored from timestamps):
        Odoo keeps none on the company itself, so it is the company partner's,
        else UTC."""
        self.ensure_one()
        tz = self.partner_id.tz
        return tz if tz in pytz.all_timezones_set else "UTC"

    def _crm_today(self):
        """Today's date where the company is."""
        self.ensure_one()
        return datetime.datetime.now(pytz.timezone(self._crm_tz())).date()

    def _crm_day_start_utc(self, day):
        """The UTC moment (naive, as Odoo stores datetimes) at which ``day``
        starts in the company's time zone."""
        self.ensure_one()
        return local_day_start_utc(self._crm_tz(), day)


def local_day_start_utc(tz_name, day):
    """The naive UTC datetime at which the date ``day`` starts in ``tz_name``
    (UTC for an unknown zone)."""
    tz = pytz.timezone(tz_name if tz_name in pytz.all_timezones_set else "UTC")
    start = tz.localize(datetime.datetime.combine(day, datetime.time.min))
    return start.astimezone(pytz.utc).replace(tzinfo=None)


def user_tz(env):
    """The time zone a person reads dates in: the context's, else the user's."""
    return env.context.get("tz") or env.user.tz or "UTC"


def period_domain(env, field, date_from, date_to):
    """Domain on the datetime ``field`` for the days ``date_from`` to
    ``date_to`` (both included) as the user reads them, in the user's time
    zone."""
    tz = user_tz(env)
    return [
        (field, ">=", local_day_start_utc(tz, date_from)),
        (field, "<", local_day_start_utc(tz, fields.Date.add(date_to, days=1))),
    ]
