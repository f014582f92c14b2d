"""18.0.1.5.1: a row of RFM figures has its customer's id, and the table
keeps nothing but its primary key (no ``partner_id`` column, sequence,
unique index or foreign key, which made the first refresh lock each
customer's row in res_partner as its figures were inserted).

The figures are computed from the confirmed orders: the table of the former
shape goes, the model's ``init`` makes the new one and the post-migration
refreshes the figures into it.
"""

from odoo.tools import sql


def migrate(cr, version):
    if sql.column_exists(cr, "crm_lite_customer_rfm", "partner_id"):
        cr.execute("DROP TABLE crm_lite_customer_rfm")
        cr.execute("DROP SEQUENCE IF EXISTS crm_lite_customer_rfm_id_seq")
