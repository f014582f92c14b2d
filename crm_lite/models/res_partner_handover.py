# One concern per file: the customer profile stays in res_partner.py.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .crm_bulk import subscribe
from .crm_messages import in_language_of
from .loss import OPEN_STATES as OPEN_LOSS_STATES
from .res_partner_owner import OPEN_WORK


class ResPartnerHandover(models.Model):
    """A supervisor hands customers over, with the open work on them."""

    _inherit = "res.partner"

    @api.model
    def _crm_hand_over(self, customers, source, target, everything=False):
        """Hand ``customers`` of ``source`` over to ``target`` (a user; empty:
        the public pool) with the open chances and services of ``source`` on
        them (``everything``: all his open chances and services), their open
        loss records and his open to-dos on all of these; one chatter line
        per customer."""
        env = self.env
        # the assignment of chances and services is a supervisor's
        env["crm_lite.chance"]._check_supervisor()
        moved = {
            model: env[model]
            .sudo()
            .search(
                [
                    ("state", "in", states),
                    ("user_id", "=", source.id),
                    *([] if everything else [(field, "in", customers.ids)]),
                ]
            )
            for model, (field, states) in OPEN_WORK.items()
        }
        losses = (
            env["crm_lite.loss"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", customers.ids),
                    ("state", "in", OPEN_LOSS_STATES),
                ]
            )
        )
        # a wrong owner or assignee is refused before anything moves
        customers._crm_check_owner(target)
        work_companies = env["res.company"].union(
            *(records.company_id for records in moved.values())
        )
        if target and not target.sudo()._is_crm_account_manager(work_companies):
            raise ValidationError(
                env._(
                    "%(user)s does not work in %(companies)s and cannot take over "
                    "its chances and services.",
                    user=target.name,
                    companies=", ".join(
                        (work_companies - target.sudo().company_ids).mapped("name")
                    ),
                )
            )
        # the customers first: the readers of their services follow their
        # owner, and are written once with the services' new assignee below
        to_name = target.name or env._("the public pool")
        note = env._(
            "Handed over from %(former)s to %(target)s by %(user)s.",
            former=source.name,
            target=to_name,
            user=env.user.name,
        )
        customers._crm_set_owner(target, note=note)
        for records in moved.values():
            self._crm_move_work(records, target)
        if losses:
            losses.flush_recordset()
            env.cr.execute(
                SQL(
                    "UPDATE crm_lite_loss SET user_id = %s WHERE id = ANY(%s)",
                    target.id or None,
                    losses.ids,
                )
            )
            losses.invalidate_recordset(["user_id"])
        # his to-dos on all of these (his pool warnings went with the owner)
        on = [(customers._name, customers.ids), (losses._name, losses.ids)]
        on += [(records._name, records.ids) for records in moved.values()]
        self._crm_move_activities(on, source, target)
        for records in moved.values():
            if target and records:
                self._crm_add_todos(records, target)

    @api.model
    def _crm_move_work(self, records, target):
        """Open chances or services (of one model) to ``target``, as an
        assignment by a supervisor; to the pool (no target) back to
        Unassigned."""
        if not records:
            return
        records.flush_recordset()
        self._crm_refresh_readers(
            records,
            assignee=SQL("%s::int", target.id or None),
            also=SQL(
                """, user_id = %(user)s, assign_date = %(date)s,
                     state = CASE WHEN %(user)s::int IS NULL THEN 'new'
                                  ELSE record.state END,
                     write_uid = %(uid)s, write_date = %(now)s""",
                user=target.id or None,
                date=fields.Datetime.now() if target else None,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            ),
        )
        records.invalidate_recordset()
        if target:
            subscribe(records, target.partner_id)

    @api.model
    def _crm_move_activities(self, on, source, target):
        """``source``'s open activities on the records ``on`` [(model,
        ids)]: ``target``'s, or removed when no one takes them."""
        models_ids = [(model, id_) for model, ids in on for id_ in ids]
        if not models_ids:
            return
        Activity = self.env["mail.activity"]
        Activity.flush_model()
        moved = SQL(
            """
            SELECT activity.id FROM mail_activity activity
              JOIN unnest(%(models)s::varchar[], %(ids)s::int[]) AS record(model, id)
                ON activity.res_model = record.model AND activity.res_id = record.id
             WHERE activity.user_id = %(source)s AND activity.active
            """,
            models=[model for model, _id in models_ids],
            ids=[id_ for _model, id_ in models_ids],
            source=source.id,
        )
        if target:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE mail_activity
                       SET user_id = %(user)s, user_tz = %(tz)s,
                           write_uid = %(uid)s, write_date = %(now)s
                     WHERE id IN (%(moved)s)
                    """,
                    user=target.id,
                    tz=target.tz,
                    uid=self.env.uid,
                    now=fields.Datetime.now(),
                    moved=moved,
                )
            )
        else:
            self.env.cr.execute(
                SQL("DELETE FROM mail_activity WHERE id IN (%s)", moved)
            )
        Activity.invalidate_model()
        self.invalidate_model(["activity_ids"])

    @api.model
    def _crm_add_todos(self, records, target):
        """The "assigned to you" to-do of ``target`` on each of ``records``
        that has none of theirs yet (the former assignee's moved with it), in
        their language, as an assignment gives it."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM unnest(%(ids)s) AS record(id)
                 WHERE NOT EXISTS (
                    SELECT 1 FROM mail_activity activity
                     WHERE activity.res_model = %(model)s
                       AND activity.res_id = record.id
                       AND activity.user_id = %(user)s
                       AND activity.activity_type_id = %(todo)s
                       AND activity.active)
                """,
                ids=records.ids,
                model=records._name,
                user=target.id,
                todo=todo.id,
            )
        )
        missing = records.browse([row[0] for row in self.env.cr.fetchall()])
        if not missing:
            return
        for_target = in_language_of(missing, target)
        names = dict(zip(missing.ids, missing.mapped("display_name"), strict=True))
        summaries = [
            for_target.env._("Assigned to you: %(name)s", name=names[record_id])
            for record_id in missing.ids
        ]
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_activity (
                    res_model_id, res_model, res_id, res_name, activity_type_id,
                    summary, user_id, user_tz, date_deadline, automated, active,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(model_id)s, %(model)s, todo.res_id, todo.res_name,
                       %(todo)s, todo.summary, %(user)s, %(tz)s, %(deadline)s,
                       TRUE, TRUE, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(names)s::varchar[],
                              %(summaries)s::varchar[])
                       AS todo(res_id, res_name, summary)
                """,
                model_id=self.env["ir.model"]._get_id(records._name),
                model=records._name,
                todo=todo.id,
                user=target.id,
                tz=target.tz,
                deadline=todo._get_date_deadline(),
                uid=self.env.uid,
                now=now,
                ids=missing.ids,
                names=[names[record_id] for record_id in missing.ids],
                summaries=summaries,
            )
        )
        self.env["mail.activity"].invalidate_model()
        missing.invalidate_recordset(["activity_ids"])
