"""18.0.1.4.0: every partner keeps the duplicate check's keys.

Until 18.0.1.3.0 only CRM customers (name, tax ID, phones) and their contacts
(phones) had them, and a partner made a customer had them computed then. They
are now every partner's, so that onboarding thousands of partners computes
nothing: the partners without them get them here, as the ORM computes them.
"""

from odoo import SUPERUSER_ID, api

KEYS = ("crm_name_key", "crm_vat_key", "crm_phone_key", "crm_mobile_key")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    Partner = env["res.partner"]
    cr.execute(
        """
        SELECT id FROM res_partner
         WHERE NOT is_crm_customer IS TRUE AND NOT crm_restricted IS TRUE
        """
    )
    partners = Partner.browse([row[0] for row in cr.fetchall()])
    for name in KEYS:
        env.add_to_compute(Partner._fields[name], partners)
    partners.flush_recordset(list(KEYS))
