"""18.0.1.5.1: the figures dropped with the table of the former shape (see
the pre-migration) are computed again, unless an earlier migration of this
update did already."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute("SELECT EXISTS (SELECT FROM crm_lite_customer_rfm)")
    if not cr.fetchone()[0]:
        api.Environment(cr, SUPERUSER_ID, {})["res.partner"]._crm_refresh_rfm()
