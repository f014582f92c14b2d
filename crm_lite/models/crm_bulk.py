"""Chatter writes for whole portfolios, in a statement or two each: the ORM's
subscription and message_log_batch create one follower or message at a time,
which a handover of ten thousand customers cannot wait for."""

from markupsafe import Markup, escape

from odoo import fields
from odoo.tools import SQL


def subscribe(records, partner):
    """``partner`` follows ``records`` with the model's default subtypes (an
    internal user's, as ``message_subscribe`` gives them)."""
    if not records:
        return
    env = records.env
    subtypes = env["mail.message.subtype"].sudo().default_subtypes(records._name)[0]
    env["mail.followers"].flush_model()
    env.cr.execute(
        SQL(
            """
            WITH added AS (
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT %(model)s, record.id, %(partner)s
                  FROM unnest(%(ids)s) AS record(id)
                ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
                RETURNING id
            )
            INSERT INTO mail_followers_mail_message_subtype_rel (
                mail_followers_id, mail_message_subtype_id)
            SELECT added.id, subtype.id
              FROM added, unnest(%(subtypes)s) AS subtype(id)
            """,
            model=records._name,
            partner=partner.id,
            ids=records.ids,
            subtypes=subtypes.ids,
        )
    )
    env["mail.followers"].invalidate_model()
    records.invalidate_recordset(["message_follower_ids", "message_partner_ids"])


def log_notes(records, bodies):
    """One internal note on each record, ``bodies`` {record id: text (escaped
    unless Markup)}, by the current user."""
    if not bodies:
        return
    env = records.env
    now = fields.Datetime.now()
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_message (
                model, res_id, message_type, subtype_id, author_id, body,
                is_internal, date, create_uid, create_date, write_uid, write_date)
            SELECT %(model)s, note.res_id, 'notification', %(subtype)s,
                   %(author)s, note.body, TRUE, %(now)s, %(uid)s, %(now)s,
                   %(uid)s, %(now)s
              FROM unnest(%(ids)s::int[], %(bodies)s::text[]) AS note(res_id, body)
            """,
            model=records._name,
            subtype=env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            author=env.user.partner_id.id,
            ids=list(bodies),
            bodies=[
                str(Markup("<p>%s</p>") % escape(body)) for body in bodies.values()
            ],
            now=now,
            uid=env.uid,
        )
    )
    env["mail.message"].invalidate_model()
    records.invalidate_recordset(["message_ids"])
