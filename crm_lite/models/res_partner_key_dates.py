# One concern per file: the customer profile stays in res_partner.py.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column


class ResPartnerKeyDates(models.Model):
    """A customer's key dates (its own and its contacts') and its first
    confirmed order, whose anniversary the reminders announce."""

    _inherit = "res.partner"

    key_date_ids = fields.One2many(
        "crm_lite.key.date", "partner_id", string="Key Dates"
    )
    # the customer form lists the customer's and its contacts' dates
    customer_key_date_ids = fields.One2many(
        "crm_lite.key.date", "customer_id", string="Key Dates of the Customer"
    )
    first_order_date = fields.Date(
        readonly=True,
        copy=False,
        help="Date of the customer's first confirmed sale order (its "
        "contacts' included), whose anniversary the reminders announce.",
    )

    def _auto_init(self):
        # a database upgraded to this version learns its customers' first
        # orders at once, in one statement
        new = not column_exists(self.env.cr, "res_partner", "first_order_date")
        if new:
            create_column(self.env.cr, "res_partner", "first_order_date", "date")
        result = super()._auto_init()
        if new:
            # the companies' settings may have no column yet: their time zones
            # read by SQL alone
            self.env.cr.execute(
                self._first_order_update_sql(
                    order_day=SQL(
                        """((so.date_order AT TIME ZONE 'UTC') AT TIME ZONE COALESCE(
                            (SELECT company_partner.tz
                               FROM res_company company
                               JOIN res_partner company_partner
                                 ON company_partner.id = company.partner_id
                              WHERE company.id = so.company_id
                                AND company_partner.tz IN (
                                    SELECT name FROM pg_timezone_names)),
                            'UTC'))::date"""
                    )
                )
            )
        return result

    def init(self):
        result = super().init()
        # the reminders look for the anniversaries of a few days a year
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner__first_order_anniversary_index
                ON res_partner ((extract(month FROM first_order_date)::int),
                                (extract(day FROM first_order_date)::int))
             WHERE first_order_date IS NOT NULL
            """
        )
        return result

    def _first_order_update_sql(self, customer_ids=None, order_day=None):
        """The UPDATE that sets the first confirmed order date of the CRM
        customers ``customer_ids`` (None: all), the orders' days where their
        company is, as ``last_order_date``."""
        if order_day is None:
            order_day = self.env["res.company"]._crm_local_date_sql(
                SQL("so.date_order"), SQL("so.company_id")
            )
        scope = (
            SQL("AND customer.id = ANY(%s)", list(customer_ids))
            if customer_ids is not None
            else SQL("")
        )
        return SQL(
            """
            UPDATE res_partner customer
               SET first_order_date = first.first_date
              FROM (
                    SELECT customer.id AS customer_id,
                           (SELECT min(%(order_day)s)
                              FROM sale_order so
                              JOIN res_partner buyer ON buyer.id = so.partner_id
                             WHERE buyer.commercial_partner_id = customer.id
                               AND so.state = 'sale') AS first_date
                      FROM res_partner customer
                     WHERE customer.is_crm_customer %(scope)s
                   ) first
             WHERE customer.id = first.customer_id
               AND customer.first_order_date IS DISTINCT FROM first.first_date
            """,
            order_day=order_day,
            scope=scope,
        )

    def _crm_refresh_last_order_date(self):
        result = super()._crm_refresh_last_order_date()
        customers = self.filtered("is_crm_customer")
        if customers:
            self.env.cr.execute(self._first_order_update_sql(customers.ids))
            customers.invalidate_recordset(["first_order_date"])
        return result
