import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# crm_lite's settings that must stay positive (the others may be 0: no limit,
# or the general period)
AT_LEAST_ONE = ("crm_lite_churn_months", "crm_lite_pool_days", "crm_lite_rfm_months")
# and those that have a ceiling
AT_MOST = {"crm_lite_duplicate_similarity": 100, "crm_lite_reminder_days": 60}
# and those that must be above a value (a churn risk of 1 is the customer's
# own rhythm: no warning may come before it)
ABOVE = {"crm_lite_churn_risk_threshold": 1.0}
# the types of settings fields the mixin knows
SETTING_TYPES = ("integer", "float")
# a new company's settings, unless the database's parameter of the setting
# (ir_config_parameter.py) says otherwise
SETTING_DEFAULTS = {
    "crm_lite_churn_months": 6,
    "crm_lite_pool_days": 30,
    "crm_lite_pool_warn_days": 3,
    "crm_lite_pool_max_owned": 0,
    "crm_lite_pool_daily_claims": 0,
    "crm_lite_pool_reclaim_block_days": 7,
    "crm_lite_duplicate_similarity": 60,
    "crm_lite_reminder_days": 3,
    "crm_lite_followup_escalate_days": 3,
    "crm_lite_rfm_months": 12,
    "crm_lite_churn_risk_threshold": 2.0,
}


class CrmSettingsMixin(models.AbstractModel):
    """crm_lite's settings, which each company sets for itself (its staff's
    pace and its customers differ): declared once, stored on the company and
    edited in the CRM administrators' own settings form."""

    _name = "crm_lite.settings.mixin"
    _description = "CRM Lite Settings Fields"

    crm_lite_churn_months = fields.Integer(
        string="Churn Warning After (months)",
        default=lambda self: self._crm_default("crm_lite_churn_months"),
    )
    crm_lite_pool_days = fields.Integer(
        string="Return to Pool After (days)",
        default=lambda self: self._crm_default("crm_lite_pool_days"),
    )
    crm_lite_pool_warn_days = fields.Integer(
        string="Warn Owners (days before)",
        default=lambda self: self._crm_default("crm_lite_pool_warn_days"),
    )
    crm_lite_pool_max_owned = fields.Integer(
        string="Customers per Account Manager",
        default=lambda self: self._crm_default("crm_lite_pool_max_owned"),
        help="0 means no limit.",
    )
    crm_lite_pool_daily_claims = fields.Integer(
        string="Claims per Day",
        default=lambda self: self._crm_default("crm_lite_pool_daily_claims"),
        help="0 means no limit.",
    )
    crm_lite_pool_reclaim_block_days = fields.Integer(
        string="Previous Owner Waits (days)",
        default=lambda self: self._crm_default("crm_lite_pool_reclaim_block_days"),
    )

    crm_lite_duplicate_similarity = fields.Integer(
        string="Similar Names From (%)",
        default=lambda self: self._crm_default("crm_lite_duplicate_similarity"),
        help="How similar (0-100 %) the name of a new customer must be to an "
        "existing customer's for the form to warn of a possible duplicate; 0 "
        "means no warning. Same names, phones and codes are always refused.",
    )

    crm_lite_reminder_days = fields.Integer(
        string="Remind of Key Dates (days before)",
        default=lambda self: self._crm_default("crm_lite_reminder_days"),
        help="How many days ahead the owner gets a to-do for a key date of a "
        "customer or contact (birthdays, founding dates, first-order "
        "anniversaries); 0: on the day itself.",
    )
    crm_lite_followup_escalate_days = fields.Integer(
        string="Escalate Follow-ups After (days)",
        default=lambda self: self._crm_default("crm_lite_followup_escalate_days"),
        help="A next contact or plan item overdue by this many days is "
        "escalated to the supervisor, once; 0: on its day.",
    )
    crm_lite_rfm_months = fields.Integer(
        string="RFM Period (months)",
        default=lambda self: self._crm_default("crm_lite_rfm_months"),
        help="The confirmed orders of this many last months give the recency, "
        "frequency and monetary figures of the customers.",
    )
    crm_lite_churn_risk_threshold = fields.Float(
        string="Churn Warning at Risk",
        digits=(16, 2),
        default=lambda self: self._crm_default("crm_lite_churn_risk_threshold"),
        help="Customers with a buying rhythm (three purchase days at least) "
        "get a churn warning once the days since their last order pass this "
        "many times their usual gap between purchases, instead of after the "
        "churn period; above 1.",
    )

    @api.model
    def _crm_default(self, name):
        return self.env["ir.config_parameter"]._crm_setting_default(
            name, SETTING_DEFAULTS[name]
        )

    @api.model
    def _crm_setting_names(self):
        """The names of crm_lite's settings fields."""
        return [
            name
            for name, field in self.env["crm_lite.settings.mixin"]._fields.items()
            if name.startswith("crm_lite_") and field.type in SETTING_TYPES
        ]

    @api.constrains(lambda self: self._crm_setting_names())
    def _check_crm_settings(self):
        for settings in self:
            for name in self._crm_setting_names():
                minimum = 1 if name in AT_LEAST_ONE else 0
                if name not in ABOVE and settings[name] < minimum:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be at least %(minimum)s.",
                            setting=self._fields[name]._description_string(self.env),
                            minimum=minimum,
                        )
                    )
                if name in ABOVE and settings[name] <= ABOVE[name]:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be above %(minimum)s.",
                            setting=self._fields[name]._description_string(self.env),
                            minimum=ABOVE[name],
                        )
                    )
                if name in AT_MOST and settings[name] > AT_MOST[name]:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be at most %(maximum)s.",
                            setting=self._fields[name]._description_string(self.env),
                            maximum=AT_MOST[name],
                        )
                    )

    def action_open_pool_days_per_level(self):
        """Each customer level's own pool period, kept on the level."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_dict_pool_days"
        )


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "crm_lite.settings.mixin"]

    def _crm_settings(self):
        """The company's crm_lite settings as the crons and the pool read
        them, each within its range whatever the database holds."""
        self.ensure_one()
        company = self.sudo()
        return {
            # no period at all would empty everyone's portfolio
            "days": max(company.crm_lite_pool_days, 1),
            "warn_days": max(company.crm_lite_pool_warn_days, 0),
            "max_owned": max(company.crm_lite_pool_max_owned, 0),
            "daily_claims": max(company.crm_lite_pool_daily_claims, 0),
            "reclaim_block_days": max(company.crm_lite_pool_reclaim_block_days, 0),
            "churn_months": max(company.crm_lite_churn_months, 1),
            # percent; 0: no similar-name warning
            "similarity": min(max(company.crm_lite_duplicate_similarity, 0), 100),
            "reminder_days": min(max(company.crm_lite_reminder_days, 0), 60),
            "escalate_days": max(company.crm_lite_followup_escalate_days, 0),
            "rfm_months": max(company.crm_lite_rfm_months, 1),
            # a warning at or under the customer's own rhythm makes no sense
            "churn_risk_threshold": company.crm_lite_churn_risk_threshold
            if company.crm_lite_churn_risk_threshold
            > ABOVE["crm_lite_churn_risk_threshold"]
            else SETTING_DEFAULTS["crm_lite_churn_risk_threshold"],
        }

    @api.model
    def _crm_per_company(self, today=None):
        """[(company, its settings, its today)] for every company: the crons
        treat each company's customers by its own settings and calendar
        (``today`` given, as tests do: that day for every company)."""
        return [
            (company, company._crm_settings(), today or company._crm_today())
            for company in self.sudo().search([])
        ]

    def _crm_tz(self):
        """The company's time zone, which decides the days of what runs
        without a user (the crons' today, the dates stored from timestamps):
        Odoo keeps none on the company itself, so it is the company partner's,
        else UTC."""
        self.ensure_one()
        tz = self.partner_id.tz
        return tz if tz in pytz.all_timezones_set else "UTC"

    @api.model
    def _crm_local_date_sql(self, stamp, company):
        """SQL of the date, where the company is, of the UTC timestamp column
        ``stamp`` of a row whose company column is ``company`` (both SQL):
        every company's time zone, archived ones included, as ``_crm_tz``
        decides it; a constant when they all share one."""
        companies = self.sudo().with_context(active_test=False).search([])
        zones = {
            company_id: tz
            for company_id, tz in ((c.id, c._crm_tz()) for c in companies)
        }
        if len(set(zones.values())) <= 1:
            zone = SQL("%s", next(iter(zones.values()), "UTC"))
        else:
            zone = SQL(
                "CASE %s %s ELSE 'UTC' END",
                company,
                SQL(" ").join(
                    SQL("WHEN %s THEN %s", company_id, tz)
                    for company_id, tz in zones.items()
                ),
            )
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", stamp, zone)

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
