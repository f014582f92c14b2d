from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .input_checks import check_input_values

STAR_RATINGS = [
    ("1", "1 star"),
    ("2", "2 stars"),
    ("3", "3 stars"),
    ("4", "4 stars"),
    ("5", "5 stars"),
]

CRM_PARTNER_FIELDS = {
    "satisfaction",
    "credit_rating",
    "gender",
    "crm_state",
    "registered_capital",
    "annual_turnover",
}


class ResPartner(models.Model):
    """A CRM customer (cst_customer) is a commercial partner flagged
    is_crm_customer; its child partners are its contacts (cst_linkman)."""

    _inherit = "res.partner"

    is_crm_customer = fields.Boolean(
        string="CRM Customer", index=True, copy=False, tracking=True
    )
    customer_code = fields.Char(readonly=True, copy=False, tracking=True)
    region_id = fields.Many2one(
        "crm_lite.dict",
        domain=[("type", "=", "region")],
        ondelete="restrict",
        tracking=True,
    )
    customer_level_id = fields.Many2one(
        "crm_lite.dict",
        domain=[("type", "=", "customer_level")],
        ondelete="restrict",
        tracking=True,
    )
    satisfaction = fields.Selection(STAR_RATINGS, tracking=True)
    credit_rating = fields.Selection(STAR_RATINGS, tracking=True)
    license_no = fields.Char(string="Business License No.")
    legal_representative = fields.Char()
    registered_capital = fields.Float()
    annual_turnover = fields.Float()
    local_tax_no = fields.Char(string="Local Tax No.")
    fax = fields.Char()
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    crm_state = fields.Selection(
        [("normal", "Normal"), ("lost", "Lost")],
        string="Customer Status",
        default="normal",
        required=True,
        tracking=True,
    )
    interaction_ids = fields.One2many(
        "crm_lite.interaction", "partner_id", string="Interactions"
    )
    interaction_count = fields.Integer(compute="_compute_interaction_count")
    chance_ids = fields.One2many("crm_lite.chance", "customer_id", string="Won Chances")
    chance_count = fields.Integer(compute="_compute_chance_count")
    service_ids = fields.One2many("crm_lite.service", "partner_id", string="Services")
    service_count = fields.Integer(compute="_compute_service_count")
    last_order_date = fields.Date(
        readonly=True,
        copy=False,
        help="Date of the customer's latest confirmed sale order.",
    )
    owner_date = fields.Date(
        string="Owned Since",
        readonly=True,
        copy=False,
        help="When the current account manager got this customer.",
    )
    # Denormalised from the commercial partner so that the account managers'
    # record rule filters on two indexed columns of the row itself instead of
    # joining every partner to its commercial partner.
    crm_restricted = fields.Boolean(
        string="CRM Restricted",
        compute="_compute_crm_owner",
        store=True,
        index=True,
        compute_sudo=True,
        help="Technical: the partner is a CRM customer or one of its contacts.",
    )
    crm_owner_id = fields.Many2one(
        "res.users",
        string="CRM Owner",
        compute="_compute_crm_owner",
        store=True,
        index=True,
        compute_sudo=True,
        help="Technical: the account manager of the partner's CRM customer.",
    )

    _sql_constraints = [
        (
            "customer_code_unique",
            "unique(customer_code)",
            "The customer code must be unique.",
        ),
    ]

    @api.depends(
        "commercial_partner_id.is_crm_customer", "commercial_partner_id.user_id"
    )
    def _compute_crm_owner(self):
        for partner in self:
            customer = partner.commercial_partner_id
            partner.crm_restricted = customer.is_crm_customer
            partner.crm_owner_id = (
                customer.user_id if customer.is_crm_customer else False
            )

    def _compute_interaction_count(self):
        if not self.env["crm_lite.interaction"].has_access("read"):
            self.interaction_count = 0
            return
        counts = dict(
            self.env["crm_lite.interaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.interaction_count = counts.get(partner, 0)

    def _compute_chance_count(self):
        Chance = self.env["crm_lite.chance"]
        if not Chance.has_access("read"):
            self.chance_count = 0
            return
        counts = dict(
            Chance._read_group(
                [("customer_id", "in", self.ids)], ["customer_id"], ["__count"]
            )
        )
        pending = dict(
            Chance._read_group(
                [("partner_id", "in", self.ids), ("customer_id", "=", False)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.chance_count = counts.get(partner, 0) + pending.get(partner, 0)

    def _compute_service_count(self):
        Service = self.env["crm_lite.service"]
        if not Service.has_access("read"):
            self.service_count = 0
            return
        counts = dict(
            Service._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.service_count = counts.get(partner, 0)

    def action_view_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_service_create"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_chances(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_chance"
        )
        action["domain"] = [
            "|",
            ("customer_id", "=", self.id),
            ("partner_id", "=", self.id),
        ]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_group_state": 0,
        }
        return action

    @api.constrains("region_id", "customer_level_id")
    def _check_dictionary_categories(self):
        Dict = self.env["crm_lite.dict"]
        Dict._check_category(self, "region_id")
        Dict._check_category(self, "customer_level_id")

    @api.constrains("is_crm_customer", "parent_id", "is_company")
    def _check_crm_customer_is_commercial(self):
        for partner in self:
            if partner.is_crm_customer and partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s is a contact of %(parent)s: only the company "
                        "itself can be a CRM customer.",
                        name=partner.name,
                        parent=partner.parent_id.display_name,
                    )
                )

    def _next_customer_code(self):
        return self.env["ir.sequence"].sudo().next_by_code("crm_lite.customer")

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list, CRM_PARTNER_FIELDS)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("is_crm_customer") and not vals.get("customer_code"):
                vals["customer_code"] = self._next_customer_code()
            if vals.get("user_id"):
                vals.setdefault("owner_date", today)
        return super().create(vals_list)

    def write(self, vals):
        check_input_values(self, [vals], CRM_PARTNER_FIELDS)
        if "user_id" in vals and "owner_date" not in vals:
            vals = dict(vals, owner_date=fields.Date.context_today(self))
        if not vals.get("is_crm_customer"):
            return super().write(vals)
        newly_flagged = self.filtered(lambda partner: not partner.is_crm_customer)
        result = super().write(vals)
        if not vals.get("customer_code"):
            for partner in newly_flagged.filtered(lambda p: not p.customer_code):
                partner.customer_code = partner._next_customer_code()
        newly_flagged._crm_refresh_last_order_date()
        return result

    def _crm_refresh_last_order_date(self):
        """Set these customers' last confirmed order date in one statement,
        counting the orders of their contacts too."""
        customers = self.filtered("is_crm_customer")
        if not customers:
            return
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        self.flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            """
            UPDATE res_partner customer
               SET last_order_date = latest.last_date
              FROM (
                    SELECT customer_ids.id AS customer_id,
                           (SELECT max(so.date_order)::date
                              FROM sale_order so
                              JOIN res_partner buyer ON buyer.id = so.partner_id
                             WHERE buyer.commercial_partner_id = customer_ids.id
                               AND so.state = 'sale') AS last_date
                      FROM unnest(%s) AS customer_ids(id)
                   ) latest
             WHERE customer.id = latest.customer_id
               AND customer.last_order_date IS DISTINCT FROM latest.last_date
            """,
            [customers.ids],
        )
        customers.invalidate_recordset(["last_order_date"])

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_interaction"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
