from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .crm_messages import as_odoobot, in_language_of
from .input_checks import check_input_values
from .transitions import in_transition, transition

SUPERVISOR_GROUP = "crm_lite.group_sales_supervisor"


class CrmWorkflowMixin(models.AbstractModel):
    """Records that sales supervisors assign to an account manager and that
    then move through a workflow (sales chances, service requests).

    The state only changes through the models' action methods: a plain
    write of ``state`` is refused, and so is any change of the assignee by
    someone who is no supervisor. The actions write what they decided with
    ``_write_workflow``, through ``write``: modules extending it see every
    transition."""

    _name = "crm_lite.workflow.mixin"
    _description = "CRM assignment workflow"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm_lite.company.mixin"]

    # states in which a supervisor may (re)assign the record
    _assignable_states = ("new", "assigned")
    # states in which the record is read-only
    _closed_states = ()

    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        index=True,
        tracking=True,
        copy=False,
        readonly=True,
        check_company=True,
        domain=lambda self: self.env["res.users"]._crm_account_manager_domain(
            "company_id"
        ),
    )
    assign_date = fields.Datetime(
        string="Assigned On", readonly=True, copy=False, tracking=True
    )
    readers_id = fields.Many2one(
        "crm_lite.readers",
        string="Reader Set",
        compute="_compute_readers_id",
        store=True,
        index=True,
        copy=False,
        help="The account managers who see this record (the account managers' "
        "record rule reads it).",
    )

    is_reader = fields.Boolean(
        compute="_compute_is_reader",
        search="_search_is_reader",
        help="Whether you are one of the readers of this record.",
    )

    @api.depends("readers_id")
    @api.depends_context("uid")
    def _compute_is_reader(self):
        # the account managers' rule checks every page of records it shows:
        # one query answers for the page (the rule's own search, without rules)
        origin_ids = {record: record._origin.id for record in self}
        stored_ids = [id_ for id_ in origin_ids.values() if id_]
        mine = (
            set(
                self.sudo()._search(
                    [("id", "in", stored_ids), ("is_reader", "=", True)]
                )
            )
            if stored_ids
            else set()
        )
        for record, origin_id in origin_ids.items():
            record.is_reader = origin_id in mine

    def _search_is_reader(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Search readers with = or != and True or False.")
            )
        # an array of the few readers rows naming the user, not a subquery:
        # PostgreSQL then reads the records of each row through the readers_id
        # index, where it would join a subquery by scanning the whole index
        mine = SQL(
            """ARRAY(SELECT readers.id FROM crm_lite_readers readers
                      WHERE readers.first_user_id = %(uid)s
                         OR readers.second_user_id = %(uid)s)""",
            uid=self.env.uid,
        )
        if (operator == "=") == value:
            return [("readers_id", "=", SQL("ANY(%s)", mine))]
        return [
            "|",
            ("readers_id", "=", False),
            ("readers_id", "!=", SQL("ALL(%s)", mine)),
        ]

    @api.depends("user_id", "create_uid")
    def _compute_readers_id(self):
        Readers = self.env["crm_lite.readers"]
        # new records (forms) get theirs once saved
        keys = {
            record: record.id and Readers._key(record._reader_users())
            for record in self
        }
        ids = Readers._ids_by_key(keys.values())
        for record, key in keys.items():
            record.readers_id = Readers.browse(ids.get(key))

    def _reader_users(self):
        """The users, at most two, whom the account managers' rule shows this
        record to."""
        raise NotImplementedError

    def _may_edit(self):
        """Whether the current user may change this record in its state."""
        raise NotImplementedError

    def _may_edit_new(self):
        """Who may change a record that was never assigned: its creator or a
        supervisor; a record being registered (not saved yet) is its
        creator's."""
        self.ensure_one()
        return (
            not self._origin.id
            or self._is_supervisor()
            or self.create_uid == self.env.user
        )

    def _check_may_edit(self):
        for record in self:
            if record.state in self._closed_states:
                raise UserError(
                    self.env._(
                        "%(name)s is closed and can no longer change.",
                        name=record.display_name,
                    )
                )
            if not record._may_edit():
                raise AccessError(
                    self.env._(
                        "You may not change %(name)s in its present state.",
                        name=record.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new_records(self):
        for record in self:
            if record.state != "new":
                raise UserError(
                    self.env._(
                        "Only records that were never assigned can be deleted; "
                        "%(name)s was.",
                        name=record.display_name,
                    )
                )
            if not record._may_edit():
                raise AccessError(
                    self.env._(
                        "Only its creator or a sales supervisor may delete %(name)s.",
                        name=record.display_name,
                    )
                )

    def _is_supervisor(self):
        return self.env.su or self.env.user.has_group(SUPERVISOR_GROUP)

    def _assignment_label(self):
        return self.env["ir.model"]._get(self._name).name

    def _may_assign(self):
        """Whether the current user may (re)assign this record now."""
        self.ensure_one()
        return self.state in self._assignable_states and self._is_supervisor()

    def _check_supervisor(self):
        if not self._is_supervisor():
            raise AccessError(
                self.env._(
                    "Only sales supervisors may assign %(records)s.",
                    records=self._assignment_label(),
                )
            )

    def _get_assignee(self, user):
        """The user to assign, given as a record or an id: an active internal
        user with the account manager role, allowed in the records'
        companies."""
        if isinstance(user, models.BaseModel):
            user = user.id
        if isinstance(user, bool) or not isinstance(user, int):
            raise ValidationError(
                self.env._("Choose the account manager to assign (a user id).")
            )
        assignee = self.env["res.users"].sudo().browse(user).exists()
        if not assignee or not assignee._is_crm_account_manager():
            raise ValidationError(
                self.env._(
                    "User %(user)s does not exist or is no active account manager.",
                    user=user,
                )
            )
        if not assignee._is_crm_account_manager(self.company_id):
            raise ValidationError(
                self.env._(
                    "%(user)s does not work in %(companies)s and cannot be "
                    "assigned its records.",
                    user=assignee.name,
                    companies=", ".join(
                        (self.company_id - assignee.company_ids).mapped("name")
                    ),
                )
            )
        return assignee.with_env(self.env)

    def init(self):
        super().init()
        if self._abstract:
            return
        # the "Created by me" filters
        create_index(
            self.env.cr,
            f"{self._table}__create_uid_index",
            self._table,
            ["create_uid"],
        )

    def _write_workflow(self, vals):
        """Write workflow fields (state, assignee...) once the action method
        has checked the transition. Through ``write``, which modules extending
        these records override; its guards let these records' write pass."""
        if not self:
            return True
        with transition(self):
            return self.write(vals)

    def action_assign(self, user_id):
        """Assign (or reassign) these records to an account manager."""
        self._check_supervisor()
        assignee = self._get_assignee(user_id)
        closed = self.filtered(lambda rec: rec.state not in self._assignable_states)
        if closed:
            raise UserError(
                self.env._(
                    "%(records)s can no longer be assigned: %(names)s",
                    records=self._assignment_label(),
                    names=", ".join(closed.mapped("display_name")),
                )
            )
        to_notify = self.filtered(lambda rec: rec.user_id != assignee)
        # the former assignee's to-do goes with the assignment, so that one
        # record never shows two people an open assignment
        for record in to_notify.filtered("user_id"):
            record.activity_unlink(
                ["mail.mail_activity_data_todo"], user_id=record.user_id.id
            )
        self._write_workflow(
            {
                "user_id": assignee.id,
                "assign_date": fields.Datetime.now(),
                "state": "assigned",
            }
        )
        to_notify._notify_assignee()
        return True

    def action_open_assign_wizard(self):
        self._check_supervisor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign %(records)s", records=self._assignment_label()),
            "res_model": "crm_lite.assign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _notify_assignee(self, summary=None):
        """A to-do for each record's assignee, in the assignee's language, and
        the host's "assigned to you" notice of it, sent by OdooBot (see
        crm_messages). ``summary``: a function of an environment returning the
        to-do's summary in that environment's language."""
        for record in self:
            assignee = record.user_id
            record.message_subscribe(partner_ids=assignee.partner_id.ids)
            for_assignee = in_language_of(record, assignee)
            text = (
                summary(for_assignee.env)
                if summary
                else for_assignee.env._(
                    "Assigned to you: %(name)s", name=for_assignee.display_name
                )
            )
            activity = for_assignee.with_context(
                mail_activity_quick_update=True
            ).activity_schedule(
                "mail.mail_activity_data_todo", user_id=assignee.id, summary=text
            )
            if assignee != self.env.user:
                as_odoobot(activity).action_notify()

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        # the assignee follows, and is told by the to-do of _notify_assignee;
        # the host's own notice would come from whoever assigns, who may have
        # no e-mail address, and say the same a second time
        followers = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        return [(partner, subtypes, False) for partner, subtypes, _tmpl in followers]

    # what a record never takes from the context's defaults (a kanban column it
    # is created in, an action's context): it starts unassigned in its first
    # state, and an assignment goes through action_assign
    _workflow_fields = ("state", "user_id", "assign_date")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        for name in self._workflow_fields:
            if f"default_{name}" in self.env.context and name in fields_list:
                default = self._fields[name].default
                if default:
                    values[name] = default(self)
                else:
                    values.pop(name, None)
        return values

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list)
        # the caller's dicts stay as given: Odoo's import retries a failed
        # batch row by row with the same dicts
        vals_list = [dict(vals) for vals in vals_list]
        assignments = []
        for vals in vals_list:
            if vals.get("state", "new") != "new" and not self.env.su:
                raise UserError(self.env._("A new record starts in its first state."))
            assignments.append(vals.pop("user_id", False))
        records = super().create(vals_list)
        for record, user in zip(records, assignments, strict=True):
            if user:
                record.action_assign(user)
        return records

    def write(self, vals):
        check_input_values(self, [vals])
        if self.env.su or in_transition(self):
            return super().write(vals)
        if set(vals) - {"user_id"}:
            self._check_may_edit()
        if "state" in vals:
            raise UserError(
                self.env._(
                    "The state changes through the workflow buttons only; "
                    "it cannot be written directly."
                )
            )
        if "user_id" not in vals:
            return super().write(vals)
        vals = dict(vals)
        user = vals.pop("user_id")
        if not user:
            self._check_supervisor()
            raise UserError(
                self.env._("Reassign it to another account manager instead.")
            )
        if vals:
            super().write(vals)
        return self.action_assign(user)
