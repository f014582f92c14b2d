"""Chatter writes for whole portfolios, in a statement or two each: the ORM's
subscription and message_log_batch create one follower or message at a time,
which a handover of ten thousand customers cannot wait for."""

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, fields
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


def create_todos(env, todos):
    """To-dos ("To-Do" activities) by OdooBot, in one statement: ``todos`` a
    list of {res_model, res_id, user_id, summary, date_deadline, and
    optionally res_name, the record's display name}. What the
    ORM's create adds is done per model and user, not per activity: the
    assignee follows the record, and the systray of whoever has one due
    today refreshes. The ids of the activities created."""
    if not todos:
        return env["mail.activity"]
    todo_type = env.ref("mail.mail_activity_data_todo")
    models = {todo["res_model"] for todo in todos}
    model_ids = {model: env["ir.model"]._get_id(model) for model in models}
    for model in models:
        env[model].flush_model()
    env["mail.activity"].flush_model()
    now = fields.Datetime.now()
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_activity (
                res_model_id, res_model, res_id, res_name, activity_type_id,
                user_id, user_tz, summary, date_deadline, automated, active,
                create_uid, create_date, write_uid, write_date)
            SELECT todo.model_id, todo.model, todo.res_id, todo.res_name,
                   %(type)s, todo.user_id, assignee_partner.tz, todo.summary,
                   todo.deadline, TRUE, TRUE, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM unnest(%(model_ids)s::int[], %(models)s::varchar[],
                          %(res_ids)s::int[], %(users)s::int[],
                          %(summaries)s::varchar[], %(deadlines)s::date[],
                          %(names)s::varchar[])
                   AS todo(model_id, model, res_id, user_id, summary, deadline,
                           res_name)
              JOIN res_users assignee ON assignee.id = todo.user_id
              JOIN res_partner assignee_partner
                ON assignee_partner.id = assignee.partner_id
            RETURNING id
            """,
            type=todo_type.id,
            model_ids=[model_ids[todo["res_model"]] for todo in todos],
            models=[todo["res_model"] for todo in todos],
            res_ids=[todo["res_id"] for todo in todos],
            users=[todo["user_id"] for todo in todos],
            summaries=[todo["summary"] for todo in todos],
            deadlines=[todo["date_deadline"] for todo in todos],
            names=[todo.get("res_name") for todo in todos],
            uid=SUPERUSER_ID,
            now=now,
        )
    )
    activities = env["mail.activity"].browse(
        sorted(row[0] for row in env.cr.fetchall())
    )
    per_model = {}
    for todo in todos:
        per_model.setdefault(todo["res_model"], set()).add(todo["res_id"])
    # the record's name, as the ORM's compute stores it, unless given
    unnamed = {}
    for todo in todos:
        if not todo.get("res_name"):
            unnamed.setdefault(todo["res_model"], set()).add(todo["res_id"])
    for model, ids in unnamed.items():
        names = {
            record.id: record.display_name
            for record in env[model].sudo().with_context(active_test=False).browse(ids)
        }
        env.cr.execute(
            SQL(
                """
                UPDATE mail_activity activity SET res_name = named.name
                  FROM unnest(%s::int[], %s::varchar[]) AS named(res_id, name)
                 WHERE activity.id = ANY(%s) AND activity.res_model = %s
                   AND activity.res_id = named.res_id AND activity.res_name IS NULL
                """,
                list(names),
                list(names.values()),
                activities.ids,
                model,
            )
        )
    users = env["res.users"].sudo().browse({todo["user_id"] for todo in todos})
    for model in per_model:
        for user in users:
            res_ids = [
                todo["res_id"]
                for todo in todos
                if todo["res_model"] == model and todo["user_id"] == user.id
            ]
            if res_ids:
                subscribe(env[model].browse(sorted(set(res_ids))), user.partner_id)
    today = fields.Date.today()
    due = users.filtered(
        lambda user: any(
            todo["user_id"] == user.id and todo["date_deadline"] <= today
            for todo in todos
        )
    )
    if due:
        due._bus_send("mail.activity/updated", {"activity_created": True})
    env["mail.activity"].invalidate_model()
    return activities
