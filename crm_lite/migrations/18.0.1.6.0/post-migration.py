"""18.0.1.6.0: the phone keys know extensions.

The duplicate check's phone keys (also the caller ID's ``phone_normalized``
and ``mobile_normalized``) now leave out an extension written 转, 分机, 内线
or after a dash ("010-12345678-801"): such numbers were kept as their bare
digits, extension included, which is how a number phonenumbers cannot read
is kept, or (a dash and an extension after a complete number) read as one
longer number. Only the partners with such a key (not in E.164) or such a
number are computed again; every other key stays as it is.
"""

from odoo import SUPERUSER_ID, api

KEYS = ("crm_phone_key", "crm_mobile_key")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    Partner = env["res.partner"]
    # the keys kept as digits, and the numbers ending in a dash and an
    # extension after a group of seven digits or more ("12345678-801",
    # half- or full-width: duplicate_keys.DASHED_EXTENSION after NFKC),
    # which phonenumbers may have read as one longer number
    cr.execute(
        r"""
        SELECT id FROM res_partner
         WHERE crm_phone_key NOT LIKE '+%'
            OR crm_mobile_key NOT LIKE '+%'
            OR phone ~ '[0-9０-９]{7,}\s*[-－]\s*[0-9０-９]{1,6}\s*$'
            OR mobile ~ '[0-9０-９]{7,}\s*[-－]\s*[0-9０-９]{1,6}\s*$'
        """
    )
    partners = Partner.browse([row[0] for row in cr.fetchall()])
    for name in KEYS:
        env.add_to_compute(Partner._fields[name], partners)
    partners.flush_recordset(list(KEYS))
