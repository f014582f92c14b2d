from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .res_partner_onboarding import CUSTOMER_CANDIDATE_DOMAIN
from .transitions import transition


class CrmChance(models.Model):
    """Sales chance (sal_chance): registered by anyone in sales, assigned by a
    supervisor to an account manager, developed through plans until it is
    won (a customer) or lost."""

    _name = "crm_lite.chance"
    _description = "Sales Chance"
    _inherit = ["crm_lite.workflow.mixin"]
    _order = "id desc"
    _closed_states = ("won", "lost")

    name = fields.Char(string="Summary", required=True, tracking=True)
    source = fields.Char(tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Existing Customer",
        # a CRM customer, or a partner of the host that winning the chance
        # makes one
        domain=CUSTOMER_CANDIDATE_DOMAIN,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Set when the chance is for a customer you already have.",
    )
    customer_name = fields.Char(
        compute="_compute_customer_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    success_rate = fields.Integer(
        string="Success Rate (%)", required=True, default=0, tracking=True
    )
    contact_name = fields.Char(string="Contact", tracking=True)
    contact_phone = fields.Char(tracking=True)
    description = fields.Text(required=True)
    state = fields.Selection(
        [
            ("new", "Unassigned"),
            ("assigned", "In Development"),
            ("won", "Won"),
            ("lost", "Failed"),
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
    plan_ids = fields.One2many("crm_lite.plan", "chance_id")
    customer_id = fields.Many2one(
        "res.partner",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        tracking=True,
    )
    is_editable = fields.Boolean(compute="_compute_permissions")
    can_develop = fields.Boolean(compute="_compute_permissions")
    can_assign = fields.Boolean(compute="_compute_permissions")

    _sql_constraints = [
        (
            "success_rate_range",
            "CHECK(success_rate >= 0 AND success_rate <= 100)",
            "The success rate is a percentage between 0 and 100.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_customer_name(self):
        for chance in self:
            if chance.partner_id:
                chance.customer_name = chance.partner_id.name

    @api.depends("state", "user_id", "create_uid")
    @api.depends_context("uid")
    def _compute_permissions(self):
        for chance in self:
            chance.is_editable = chance._may_edit()
            chance.can_develop = chance._may_develop()
            chance.can_assign = chance._may_assign()

    def _reader_users(self):
        """Its creator and its assignee."""
        return self.create_uid | self.user_id

    def _may_edit(self):
        """Creator or supervisor while new; assignee or supervisor while in
        development; nobody once closed."""
        self.ensure_one()
        if self.state == "new":
            return self._may_edit_new()
        if self.state == "assigned":
            return self._may_develop()
        return self.env.su

    def _may_develop(self):
        self.ensure_one()
        return self.state == "assigned" and (
            self._is_supervisor() or self.user_id == self.env.user
        )

    def _check_may_develop(self):
        for chance in self:
            if chance.state != "assigned":
                raise UserError(
                    self.env._(
                        "Chance %(name)s is not in development.", name=chance.name
                    )
                )
            if not chance._may_develop():
                raise AccessError(
                    self.env._(
                        "Only the assignee or a sales supervisor may develop "
                        "chance %(name)s.",
                        name=chance.name,
                    )
                )

    @api.model
    def action_open_development_plans(self):
        """The chances the user develops: those assigned to an account
        manager, every chance in development for a supervisor."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_chance_plan"
        )
        if not self._is_supervisor():
            action["domain"] = [
                *safe_eval(action["domain"]),
                ("user_id", "=", self.env.uid),
            ]
        return action

    def action_mark_won(self):
        """Development succeeded: the chance's customer becomes a CRM customer
        owned by the assignee (created, with its contact, when new)."""
        self._check_may_develop()
        Partner = self.env["res.partner"]
        for chance in self:
            customer = chance.partner_id
            if customer:
                if not (customer.is_crm_customer and customer.user_id):
                    # a partner not yet a CRM customer, or one in the public
                    # pool, is the assignee's who developed the chance: the
                    # win moves it, no claim from the pool
                    with transition(customer):
                        customer.write(
                            {"is_crm_customer": True, "user_id": chance.user_id.id}
                        )
            else:
                customer = Partner.create(chance._prepare_customer_values())
                if chance.contact_name:
                    Partner.create(chance._prepare_contact_values(customer))
            chance._write_workflow({"state": "won", "customer_id": customer.id})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _prepare_customer_values(self):
        self.ensure_one()
        return {
            "name": self.customer_name,
            "is_company": True,
            "is_crm_customer": True,
            "user_id": self.user_id.id,
        }

    def _prepare_contact_values(self, customer):
        self.ensure_one()
        return {
            "name": self.contact_name,
            "parent_id": customer.id,
            "type": "contact",
            "phone": self.contact_phone,
            "user_id": self.user_id.id,
        }

    def action_mark_lost(self):
        """Development ended without success."""
        self._check_may_develop()
        self._write_workflow({"state": "lost"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True
