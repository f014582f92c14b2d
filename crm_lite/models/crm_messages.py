"""crm_lite's automatic messages (assignment notices, to-dos, notes): each is
written in its recipient's language, and whatever crm_lite sends on its own is
sent by OdooBot. Companies that send no mail from Odoo give their staff no
e-mail address, and Odoo refuses to send a message whose author has none: the
supervisor assigning a chance must not need one. Messages a person posts by
hand stay theirs (host behaviour)."""

from odoo import SUPERUSER_ID


def in_language_of(records, recipient):
    """``records`` with the language of ``recipient`` (a user or a partner),
    for the texts written to them."""
    return records.with_context(lang=recipient.sudo().lang or records.env.lang)


def as_odoobot(records):
    """``records`` as OdooBot, the author of crm_lite's automatic messages."""
    return records.with_user(SUPERUSER_ID)


def languages_of(users):
    """{user id: the language the user reads}: theirs, else their company's,
    else English (an installed one), for the texts the crons write to many
    people at once."""
    installed = {code for code, _name in users.env["res.lang"].get_installed()}
    result = {}
    for user in users.sudo():
        lang = user.lang or user.company_id.partner_id.lang
        result[user.id] = lang if lang in installed else "en_US"
    return result
