"""18.0.1.2.0: the last order date is the order's day where its company is.

Until 18.0.1.1.0 it was the UTC date of the order: an order confirmed in
Shanghai before 08:00 counted for the day before. Set again, in one
statement, for every CRM customer."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    customers = env["res.partner"].search([("is_crm_customer", "=", True)])
    customers._crm_refresh_last_order_date()
