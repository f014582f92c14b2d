import datetime
import functools

from lunardate import LunarDate

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .input_checks import check_input_values

LUNAR_MONTHS = "正二三四五六七八九十冬腊"
LUNAR_DAYS = (
    "初一 初二 初三 初四 初五 初六 初七 初八 初九 初十 "
    "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
    "廿一 廿二 廿三 廿四 廿五 廿六 廿七 廿八 廿九 三十"
).split()


def lunar_of(day):
    """(month, day, leap) of the solar date ``day`` in the Chinese calendar;
    ValueError outside the library's range (lunar 1900 to 2099), where it
    answers a wrong date (a day 0 or below, another year's) instead of
    failing: a date is in it when it reads back as itself."""
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    try:
        solar = lunar.to_solar_date() if lunar.day >= 1 else None
    except ValueError:
        solar = None
    if solar != day:
        raise ValueError(f"{day} is outside the lunar calendar's range")
    return lunar.month, lunar.day, bool(lunar.is_leap_month)


def lunar_label(month, day, leap):
    """农历 label of a lunar month/day, e.g. 农历闰四月初八: read the same in
    every language (the calendar's own names)."""
    leap_mark = "闰" if leap else ""
    return f"农历{leap_mark}{LUNAR_MONTHS[month - 1]}月{LUNAR_DAYS[day - 1]}"


def lunar_in_year(lunar_year, month, day, leap):
    """The solar date of lunar ``month``/``day`` (``leap``: of the leap month)
    in ``lunar_year``: a leap-month date falls in the ordinary month of a year
    without that leap month, day 30 falls on day 29 of a 29-day month. None
    outside the library's range."""
    for is_leap in (True, False) if leap else (False,):
        for lunar_day in (day, 29) if day == 30 else (day,):
            try:
                return LunarDate(lunar_year, month, lunar_day, is_leap).to_solar_date()
            except ValueError:
                continue
    return None


def solar_in_year(year, month, day):
    """The anniversary of solar ``month``/``day`` in ``year``: Feb 29 on Feb 28
    of a common year."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, day - 1)


@functools.lru_cache(maxsize=64)
def anniversary_keys(first, last):
    """The anniversaries that fall from ``first`` to ``last`` (dates, both
    included): [(lunar, month, day, leap, solar date)] where (month, day,
    leap) is the key date's stored anniversary (solar or lunar). The Python
    side of the reminders' set-based statements: a few rows a day, whatever
    the number of key dates."""
    keys = []
    day = first
    while day <= last:
        keys.append((False, day.month, day.day, False, day))
        if day.month == 2 and day.day == 28 and solar_in_year(day.year, 2, 29) == day:
            keys.append((False, 2, 29, False, day))
        day += datetime.timedelta(days=1)
    # a lunar year starts in January or February: the one before the first
    # solar year still runs then
    for lunar_year in range(first.year - 1, last.year + 1):
        for month in range(1, 13):
            for lunar_day in range(1, 31):
                for leap in (False, True):
                    solar = lunar_in_year(lunar_year, month, lunar_day, leap)
                    if solar and first <= solar <= last:
                        keys.append((True, month, lunar_day, leap, solar))
    return tuple(keys)


class CrmKeyDate(models.Model):
    """A key date (重要日期) of a CRM customer or of one of its contacts: a
    birthday, the founding date, a contract anniversary... Its reminder falls
    each year on its anniversary, by the solar calendar or, ``lunar``, by the
    lunar month and day (农历)."""

    _name = "crm_lite.key.date"
    _description = "Customer Key Date"
    _order = "anniversary_month, anniversary_day, id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer or Contact",
        required=True,
        index=True,
        ondelete="cascade",
        domain="['|', ('is_crm_customer', '=', True), "
        "('commercial_partner_id.is_crm_customer', '=', True)]",
    )
    customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_customer_id",
        store=True,
        index=True,
        compute_sudo=True,
    )
    company_id = fields.Many2one(
        related="customer_id.company_id", store=True, index=True
    )
    type_id = fields.Many2one(
        "crm_lite.dict",
        string="Type",
        required=True,
        domain=[("type", "=", "key_date_type")],
        ondelete="restrict",
    )
    date = fields.Date(
        required=True, help="The day of the event itself, e.g. the day of birth."
    )
    lunar = fields.Boolean(
        string="Lunar Calendar",
        # never NULL: the reminders join on it by index
        default=False,
        help="农历: the anniversary falls each year on the solar day of the "
        "lunar month and day of the date.",
    )
    note = fields.Char()
    # the anniversary the reminders look for: the solar month and day of the
    # date, or its lunar month and day (and leap month)
    anniversary_month = fields.Integer(compute="_compute_anniversary", store=True)
    anniversary_day = fields.Integer(compute="_compute_anniversary", store=True)
    anniversary_leap = fields.Boolean(compute="_compute_anniversary", store=True)
    lunar_date = fields.Char(
        compute="_compute_anniversary",
        store=True,
        help="The date in the lunar calendar, to check a lunar anniversary.",
    )
    next_date = fields.Date(
        string="Next Anniversary", compute="_compute_next_date", compute_sudo=True
    )

    def init(self):
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS crm_lite_key_date_anniversary_index
                ON crm_lite_key_date (lunar, anniversary_month, anniversary_day)
            """
        )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_customer_id(self):
        for key_date in self:
            key_date.customer_id = key_date.partner_id.commercial_partner_id

    @api.depends("date", "lunar")
    def _compute_anniversary(self):
        for key_date in self:
            if not key_date.date:
                key_date.update(
                    {
                        "anniversary_month": 0,
                        "anniversary_day": 0,
                        "anniversary_leap": False,
                        "lunar_date": False,
                    }
                )
                continue
            try:
                lunar = lunar_of(key_date.date)
            except ValueError:
                lunar = None
            if key_date.lunar and lunar:
                month, day, leap = lunar
            else:
                month, day, leap = key_date.date.month, key_date.date.day, False
            key_date.update(
                {
                    "anniversary_month": month,
                    "anniversary_day": day,
                    "anniversary_leap": leap,
                    "lunar_date": lunar_label(*lunar) if lunar else False,
                }
            )

    @api.depends("date", "lunar")
    @api.depends_context("tz")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for key_date in self:
            key_date.next_date = key_date._next_occurrence(today)

    def _next_occurrence(self, today):
        """The first anniversary on or after ``today``, after the date itself."""
        self.ensure_one()
        if not self.date:
            return False
        start = max(today, self.date + datetime.timedelta(days=1))
        for year in range(start.year - 1, start.year + 2):
            if self.lunar:
                day = lunar_in_year(
                    year,
                    self.anniversary_month,
                    self.anniversary_day,
                    self.anniversary_leap,
                )
            else:
                day = solar_in_year(year, self.date.month, self.date.day)
            if day and day >= start:
                return day
        return False

    @api.constrains("partner_id")
    def _check_partner_is_crm(self):
        for key_date in self:
            if not key_date.partner_id.commercial_partner_id.is_crm_customer:
                raise ValidationError(
                    self.env._(
                        "Key dates are kept for CRM customers and their "
                        "contacts; %(partner)s is neither.",
                        partner=key_date.partner_id.display_name,
                    )
                )

    @api.constrains("type_id")
    def _check_type_category(self):
        self.env["crm_lite.dict"]._check_category(self, "type_id")

    @api.constrains("partner_id", "type_id")
    def _check_birthday_of_a_person(self):
        birthday = self.env.ref(
            "crm_lite.dict_key_date_type_birthday", raise_if_not_found=False
        )
        for key_date in self:
            if key_date.type_id == birthday and key_date.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "A birthday is a person's: record it on a contact of "
                        "%(company)s, or give the company's date another type "
                        "(e.g. its founding date).",
                        company=key_date.partner_id.display_name,
                    )
                )

    @api.constrains("date", "lunar")
    def _check_lunar_range(self):
        for key_date in self.filtered("lunar"):
            try:
                lunar_of(key_date.date)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "%(date)s is outside the lunar calendar's range (1900-2099).",
                        date=key_date.date,
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_input_values(self, [vals])
        return super().write(vals)
