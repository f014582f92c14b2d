from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

SUPERVISOR_GROUP = "crm_lite.group_sales_supervisor"


class CrmHandoverWizard(models.TransientModel):
    """转派: a supervisor moves an account manager's customers, all or
    chosen, with their open chances, services, loss records and to-dos, to
    another account manager or to the public pool, in one transaction."""

    _name = "crm_lite.handover.wizard"
    _description = "Hand Over Customers"

    from_user_id = fields.Many2one(
        "res.users",
        string="From Account Manager",
        required=True,
        domain=[("share", "=", False), ("crm_role", "=", "account_manager")],
        context={"active_test": False},
    )
    target = fields.Selection(
        [("user", "Another account manager"), ("pool", "The public pool")],
        string="Hand Over To",
        required=True,
        default="user",
        help="To another account manager: the customers, their open chances, "
        "services and loss records, and the to-dos on them become theirs. "
        "To the public pool: the customers are returned to it, their open "
        "chances and services go back to Unassigned for a supervisor to "
        "assign again, their open loss records keep no account manager and "
        "the former owner's to-dos on them are removed.",
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To Account Manager",
        domain="[('id', 'in', allowed_user_ids)]",
    )
    allowed_user_ids = fields.Many2many(
        "res.users",
        string="Eligible Account Managers",
        compute="_compute_allowed_user_ids",
        help="Active account managers allowed in the companies of every "
        "customer handed over.",
    )
    scope = fields.Selection(
        [("all", "All their customers"), ("chosen", "Chosen customers")],
        required=True,
        default="all",
    )
    customer_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="[('is_crm_customer', '=', True), ('user_id', '=', from_user_id)]",
        context={"active_test": False},
    )
    customer_count = fields.Integer(
        string="Customers to Hand Over", compute="_compute_customer_count"
    )
    archive_user = fields.Boolean(
        string="Archive the User Afterwards",
        help="Once everything is handed over, archive the account manager "
        "(who is leaving).",
    )
    can_archive = fields.Boolean(compute="_compute_can_archive")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            customers = self.env["res.partner"].browse(context["active_ids"])
            owners = customers.user_id
            values["scope"] = "chosen"
            values["customer_ids"] = [fields.Command.set(customers.ids)]
            if len(owners) == 1:
                values["from_user_id"] = owners.id
        return values

    def _customers(self):
        """The customers handed over, archived ones included."""
        self.ensure_one()
        if not self.from_user_id:
            return self.env["res.partner"]
        if self.scope == "chosen":
            return self.customer_ids
        return (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search(
                [("is_crm_customer", "=", True), ("user_id", "=", self.from_user_id.id)]
            )
        )

    @api.depends("scope", "customer_ids", "from_user_id")
    def _compute_customer_count(self):
        for wizard in self:
            if wizard.scope == "chosen":
                wizard.customer_count = len(wizard.customer_ids)
            elif wizard.from_user_id:
                wizard.customer_count = (
                    self.env["res.partner"]
                    .with_context(active_test=False)
                    .search_count(
                        [
                            ("is_crm_customer", "=", True),
                            ("user_id", "=", wizard.from_user_id.id),
                        ]
                    )
                )
            else:
                wizard.customer_count = 0

    @api.depends("scope", "customer_ids", "from_user_id")
    def _compute_allowed_user_ids(self):
        Users = self.env["res.users"]
        Partner = self.env["res.partner"].with_context(active_test=False)
        for wizard in self:
            if wizard.scope == "chosen":
                companies = wizard.customer_ids.company_id
            else:
                companies = self.env["res.company"].browse(
                    company.id
                    for [company] in Partner._read_group(
                        [
                            ("is_crm_customer", "=", True),
                            ("user_id", "=", wizard.from_user_id.id or 0),
                        ],
                        ["company_id"],
                    )
                    if company
                )
            wizard.allowed_user_ids = (
                Users.search(Users._crm_account_manager_domain(companies))
                - wizard.from_user_id
            )

    @api.depends_context("uid")
    def _compute_can_archive(self):
        may = self.env.user.has_group("base.group_erp_manager")
        for wizard in self:
            wizard.can_archive = may

    def _check_supervisor(self):
        if not (self.env.su or self.env.user.has_group(SUPERVISOR_GROUP)):
            raise AccessError(self.env._("Only sales supervisors hand customers over."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_supervisor()
        return super().create(vals_list)

    def action_handover(self):
        self.ensure_one()
        self._check_supervisor()
        source = self.from_user_id
        target = self.to_user_id if self.target == "user" else self.env["res.users"]
        if self.target == "user" and not target:
            raise UserError(self.env._("Choose the account manager to hand over to."))
        if target == source:
            raise UserError(
                self.env._(
                    "%(user)s already owns these customers: choose another "
                    "account manager.",
                    user=source.name,
                )
            )
        customers = self._customers()
        if self.scope == "chosen":
            if not customers:
                raise UserError(self.env._("Choose the customers to hand over."))
            others = customers.filtered(
                lambda c: not c.is_crm_customer or c.user_id != source
            )
            if others:
                raise UserError(
                    self.env._(
                        "%(names)s are not customers of %(user)s.",
                        names=", ".join(others.mapped("display_name")),
                        user=source.name,
                    )
                )
        if self.archive_user and not self.can_archive:
            raise AccessError(self.env._("Only user administrators archive users."))
        self.env["res.partner"]._crm_hand_over(
            customers, source, target, everything=self.scope == "all"
        )
        if self.archive_user and self.scope == "all":
            source.action_archive()
        return {"type": "ir.actions.act_window_close"}
