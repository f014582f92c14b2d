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
