from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_messages import in_language_of
from .res_partner import CRM_ACCESS_ANY_MANAGER, STAR_RATINGS

# the lowest satisfaction that closes a service; below, it is handled again
SATISFIED_FROM = 3


class CrmService(models.Model):
    """Customer service request (cst_service): created by sales staff,
    assigned by a supervisor, handled by the assignee, then closed by the
    customer's feedback — archived when satisfied, handled again if not."""

    _name = "crm_lite.service"
    _description = "Customer Service Request"
    _inherit = ["crm_lite.workflow.mixin"]
    _order = "id desc"
    _closed_states = ("archived",)

    name = fields.Char(string="Summary", required=True, tracking=True)
    service_type_id = fields.Many2one(
        "crm_lite.dict",
        required=True,
        domain=[("type", "=", "service_type")],
        ondelete="restrict",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("is_crm_customer", "=", True)],
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    request = fields.Text(string="Service Request", required=True)
    handling = fields.Text(string="Service Handling", tracking=True)
    handled_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    handle_date = fields.Datetime(string="Handled On", readonly=True, copy=False)
    result = fields.Text(string="Handling Result", tracking=True, copy=False)
    satisfaction = fields.Selection(STAR_RATINGS, tracking=True, copy=False)
    state = fields.Selection(
        [
            ("new", "New"),
            ("assigned", "Assigned"),
            ("handled", "Handled"),
            ("archived", "Archived"),
        ],
        default="new",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        # the kanban shows every state as a column, in the workflow's order
        group_expand=True,
    )
    # the customer, the type and the text of the request are set while new
    can_edit_request = fields.Boolean(compute="_compute_permissions")
    can_assign = fields.Boolean(compute="_compute_permissions")
    can_handle = fields.Boolean(compute="_compute_permissions")
    can_give_feedback = fields.Boolean(compute="_compute_permissions")

    @api.depends("state", "user_id", "create_uid")
    @api.depends_context("uid")
    def _compute_permissions(self):
        for service in self:
            service.can_edit_request = service.state == "new" and service._may_edit()
            service.can_assign = service._may_assign()
            service.can_handle = service.state == "assigned" and service._is_handler()
            service.can_give_feedback = (
                service.state == "handled" and service._is_involved()
            )

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        for service in self:
            if not service.partner_id.is_crm_customer:
                raise ValidationError(
                    self.env._(
                        "Services are requested by CRM customers; %(partner)s is "
                        "not one.",
                        partner=service.partner_id.display_name,
                    )
                )

    @api.constrains("service_type_id")
    def _check_service_type(self):
        self.env["crm_lite.dict"]._check_category(self, "service_type_id")

    @api.model
    def _satisfaction_average(self, domain):
        """Average satisfaction of the archived services in ``domain``, from
        the ratings PostgreSQL collects; None when there is none."""
        [[ratings]] = self._read_group(
            [*domain, ("state", "=", "archived")], [], ["satisfaction:array_agg"]
        )
        ratings = [int(rating) for rating in ratings if rating]
        return sum(ratings) / len(ratings) if ratings else None

    @api.depends("partner_id.is_crm_customer", "partner_id.crm_access_key")
    def _compute_readers_id(self):
        return super()._compute_readers_id()

    def _reader_users(self):
        """Its assignee, and its creator while the customer is one the creator
        sees: theirs or in the public pool."""
        partner = self.partner_id
        if partner.is_crm_customer and partner.crm_access_key in (
            CRM_ACCESS_ANY_MANAGER,
            self.create_uid.id,
        ):
            return self.user_id | self.create_uid
        return self.user_id

    def _is_handler(self):
        self.ensure_one()
        return self._is_supervisor() or self.user_id == self.env.user

    def _is_involved(self):
        self.ensure_one()
        return self._is_handler() or self.create_uid == self.env.user

    def _may_edit(self):
        """Creator or supervisor while new, the handler while assigned, anyone
        involved while waiting for feedback; nobody once archived."""
        self.ensure_one()
        if self.state == "new":
            return self._may_edit_new()
        if self.state == "assigned":
            return self._is_handler()
        if self.state == "handled":
            return self._is_involved()
        return self.env.su

    def _check_state(self, expected, action):
        wrong = self.filtered(lambda service: service.state != expected)
        if wrong:
            state_label = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(action)s needs services in state %(state)s: %(names)s",
                    action=action,
                    state=state_label[expected],
                    names=", ".join(wrong.mapped("name")),
                )
            )

    def action_handle(self):
        """The assignee (or a supervisor) has handled the request."""
        self._check_state("assigned", self.env._("Handling"))
        for service in self:
            if not service._is_handler():
                raise AccessError(
                    self.env._(
                        "Only the assignee or a sales supervisor may handle service "
                        "%(name)s.",
                        name=service.name,
                    )
                )
            if not (service.handling or "").strip():
                raise UserError(
                    self.env._(
                        "Describe how service %(name)s was handled first.",
                        name=service.name,
                    )
                )
        self._write_workflow(
            {
                "state": "handled",
                "handled_by_id": self.env.user.id,
                "handle_date": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_feedback(self):
        """Record the customer's feedback: a satisfied customer archives the
        service, an unsatisfied one sends it back to the same handler."""
        self._check_state("handled", self.env._("Feedback"))
        for service in self:
            if not service._is_involved():
                raise AccessError(
                    self.env._(
                        "You may not record feedback on service %(name)s.",
                        name=service.name,
                    )
                )
            if not (service.result or "").strip() or not service.satisfaction:
                raise UserError(
                    self.env._(
                        "Feedback on service %(name)s needs the handling result "
                        "and the customer's satisfaction (1 to 5 stars).",
                        name=service.name,
                    )
                )
        satisfied = self.filtered(
            lambda service: int(service.satisfaction) >= SATISFIED_FROM
        )
        satisfied._write_workflow({"state": "archived"})
        unsatisfied = self - satisfied
        for service in unsatisfied:
            # a note for its handler, in the handler's language; logged, as
            # the to-do below tells them
            for_handler = in_language_of(service, service.user_id)
            text = for_handler.env._(
                "The customer is not satisfied (%(stars)s/5): %(result)s. "
                "The service goes back to its handler.",
                stars=service.satisfaction,
                result=service.result,
            )
            for_handler._message_log(body=Markup("<p>%s</p>") % text)
        unsatisfied._write_workflow(
            {"state": "assigned", "result": False, "satisfaction": False}
        )
        unsatisfied._notify_assignee(
            summary=lambda env: env._("Handle again: the customer is not satisfied")
        )
        return True
