from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.misc import unquote

# A user's CRM role and the group that gives it, the strongest first: a user
# whose groups hold several (given by hand on the technical group form) has
# the first of them.
CRM_ROLE_GROUPS = {
    "admin": "crm_lite.group_admin",
    "supervisor": "crm_lite.group_sales_supervisor",
    "executive": "crm_lite.group_executive",
    "account_manager": "crm_lite.group_account_manager",
}
CRM_ROLES = [
    ("none", "No CRM Access"),
    ("account_manager", "Account Manager"),
    ("supervisor", "Sales Supervisor"),
    ("executive", "Executive"),
    ("admin", "CRM Administrator"),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_role = fields.Selection(
        CRM_ROLES,
        string="CRM Role",
        compute="_compute_crm_role",
        inverse="_inverse_crm_role",
        search="_search_crm_role",
        help="What the user may do in Customer Relations; setting it gives "
        "the user that role's group and takes the other CRM groups away.",
    )

    @api.depends("groups_id")
    def _compute_crm_role(self):
        groups = {role: self.env.ref(xmlid) for role, xmlid in CRM_ROLE_GROUPS.items()}
        for user in self:
            user.crm_role = next(
                (role for role, group in groups.items() if group in user.groups_id),
                "none",
            )

    def _inverse_crm_role(self):
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("crm_lite.group_admin")
            or user.has_group("base.group_system")
        ):
            raise AccessError(
                self.env._("Only CRM administrators may change a user's CRM role.")
            )
        crm_groups = [self.env.ref(xmlid) for xmlid in CRM_ROLE_GROUPS.values()]
        for user in self:
            commands = [
                fields.Command.unlink(group.id)
                for group in crm_groups
                if group in user.groups_id
            ]
            if user.crm_role != "none":
                group = self.env.ref(CRM_ROLE_GROUPS[user.crm_role])
                commands.append(fields.Command.link(group.id))
            # implied groups stay: a former supervisor remains a salesman
            # of the host's Sales app, as when a group is taken away by hand
            user.sudo().write({"groups_id": commands})

    @api.model
    def _crm_role_domain(self, role):
        """The users whose CRM role is ``role``, as a domain on their groups."""
        stronger = []
        for candidate, xmlid in CRM_ROLE_GROUPS.items():
            group_id = self.env.ref(xmlid).id
            if candidate == role:
                domain = [("groups_id", "in", group_id)]
                if stronger:
                    domain.append(("groups_id", "not in", stronger))
                return domain
            stronger.append(group_id)
        # none: no CRM group (the administrator's and the supervisor's imply
        # the account manager's, and the administrator's the executive's)
        return [("groups_id", "not in", stronger)]

    def _search_crm_role(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            return NotImplemented
        roles = [value] if operator in ("=", "!=") else list(value)
        domain = expression.OR([self._crm_role_domain(role) for role in roles])
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    @api.model
    def _crm_account_manager_domain(self, companies=None):
        """The users records are assigned to and customers owned by: active
        internal users whose CRM role is account manager (supervisors,
        executives and administrators assign and read; they own nothing),
        allowed in each of ``companies`` when given (records of a company
        go to its staff only). ``companies`` may be the name of a record's
        company field: the domain is then a view's, as a string."""
        domain = [
            ("active", "=", True),
            ("share", "=", False),
            *self._crm_role_domain("account_manager"),
        ]
        if isinstance(companies, str):
            domain.append(("company_ids", "in", unquote(f"[{companies}]")))
            return str(domain)
        domain += [("company_ids", "in", company.id) for company in companies or ()]
        return domain

    def _is_crm_account_manager(self, companies=None):
        self.ensure_one()
        return bool(
            self.sudo()
            .with_context(active_test=False)
            .filtered_domain(self._crm_account_manager_domain(companies))
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_crm_owners(self):
        """Who owns CRM customers, or is assigned open chances or services, is
        archived, not deleted: the customers would be left with no owner and
        the records with no one to develop or handle them."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        busy = {
            user
            for user, _count in Partner._read_group(
                [("is_crm_customer", "=", True), ("user_id", "in", self.ids)],
                ["user_id"],
                ["__count"],
            )
        }
        for model, states in (
            ("crm_lite.chance", ("assigned",)),
            ("crm_lite.service", ("assigned", "handled")),
        ):
            busy.update(
                user
                for user, _count in self.env[model]
                .sudo()
                ._read_group(
                    [("user_id", "in", self.ids), ("state", "in", states)],
                    ["user_id"],
                    ["__count"],
                )
            )
        if busy:
            raise UserError(
                self.env._(
                    "%(users)s still own CRM customers or have open chances or "
                    "services: give them to another account manager first, or "
                    "archive the user instead of deleting them.",
                    users=", ".join(sorted(user.name for user in busy)),
                )
            )

    @api.model
    def _get_hidden_extra_categories(self):
        # the CRM groups are given through crm_role; their raw checkboxes are
        # left to the technical (debug) mode, as Odoo does for its own extras
        return [
            *super()._get_hidden_extra_categories(),
            "crm_lite.module_category_crm_lite",
        ]
