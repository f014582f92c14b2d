"""18.0.1.5.0: the RFM figures and the churn risk live in a table of their
own (crm_lite.customer.rfm), no longer in columns of res_partner, which the
nightly refresh rewrote for every customer.

The figures are computed from the confirmed orders: the columns go, and the
refresh computes them into the new table at once (the customers' screens and
the churn scan read them there).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

FORMER_COLUMNS = (
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment",
    "order_gap_days",
    "churn_risk",
    "rfm_date",
)


def migrate(cr, version):
    for column in FORMER_COLUMNS:
        cr.execute(
            SQL(
                "ALTER TABLE res_partner DROP COLUMN IF EXISTS %s",
                SQL.identifier(column),
            )
        )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._crm_refresh_rfm()
