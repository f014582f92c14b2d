from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

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


# crm_access_key of the partners every account manager may read
CRM_ACCESS_ANY_MANAGER = -1


def crm_access_key(owner):
    """The ``crm_access_key`` of a CRM customer owned by ``owner`` (a
    res.users record; empty: in the public pool, or no CRM customer's) and of
    its contacts: the one account manager who may read them, else every one.
    The ORM's compute and every set-based statement that changes an owner
    write it from here."""
    return owner.id or CRM_ACCESS_ANY_MANAGER


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
    # the customer's orders, its contacts' included (sale_order_ids lists the
    # partner's own orders only)
    crm_order_ids = fields.One2many(
        "sale.order", "crm_customer_id", string="Order History", readonly=True
    )
    last_order_date = fields.Date(
        readonly=True,
        copy=False,
        help="Date of the customer's latest confirmed sale order.",
    )
    last_interaction_date = fields.Date(
        readonly=True,
        copy=False,
        help="Date of the latest interaction recorded with the customer.",
    )
    owner_date = fields.Date(
        string="Owned Since",
        readonly=True,
        copy=False,
        help="When the current account manager got this customer.",
    )
    # Denormalised from the commercial partner so that record rules filter on
    # columns of the row itself instead of joining every partner to its
    # commercial partner (executives' write rule: crm_restricted; order
    # history: crm_owner_id; account managers' rules on partners, interactions
    # and services: crm_access_key).
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
    # What the account managers' record rule compares, as one column: -1 when
    # every account manager may read the partner (no CRM customer's, or one
    # in the public pool), else the one account manager who may. With one
    # column, a manager's customers are one index range that PostgreSQL
    # counts without reading the table (see init). Not 0: a domain on 0 also
    # matches NULL, which no index range serves.
    crm_access_key = fields.Integer(
        string="CRM Access Key",
        compute="_compute_crm_owner",
        store=True,
        compute_sudo=True,
        help="Technical: -1 when every account manager may read the partner, "
        "else the id of the only account manager who may.",
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
            partner.crm_access_key = crm_access_key(partner.crm_owner_id)

    def init(self):
        result = super().init()
        # An account manager's partners are one range of the rule's key; with
        # the CRM flag next, the columns the host's company rule reads and the
        # id, the capped count of the customer list and the "customers I may
        # see" of the interaction and service rules are index-only scans of
        # his own range, and a name search starts from his own partners.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner__crm_access_key_index
                ON res_partner (crm_access_key, is_crm_customer)
                   INCLUDE (active, partner_share, company_id, id)
            """
        )
        return result

    def _crm_counts(self, model, field, extra_domain=()):
        """Records of ``model`` per partner of ``self`` along ``field``,
        counted by PostgreSQL; none for users who may not read the model."""
        Model = self.env[model]
        if not Model.has_access("read"):
            return {}
        return dict(
            Model._read_group(
                [(field, "in", self.ids), *extra_domain], [field], ["__count"]
            )
        )

    def _compute_interaction_count(self):
        counts = self._crm_counts("crm_lite.interaction", "partner_id")
        for partner in self:
            partner.interaction_count = counts.get(partner, 0)

    def _compute_chance_count(self):
        won = self._crm_counts("crm_lite.chance", "customer_id")
        # chances for an existing customer count before they are won too
        pending = self._crm_counts(
            "crm_lite.chance", "partner_id", [("customer_id", "=", False)]
        )
        for partner in self:
            partner.chance_count = won.get(partner, 0) + pending.get(partner, 0)

    def _compute_service_count(self):
        counts = self._crm_counts("crm_lite.service", "partner_id")
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

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_interaction"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
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
        vals_list = [dict(vals) for vals in vals_list]
        # a customer screen's defaults (an import from it gives no
        # is_crm_customer column): its code and dates are set below
        unflagged = [
            vals
            for vals in vals_list
            if "is_crm_customer" not in vals and not vals.get("parent_id")
        ]
        if unflagged and self.env.context.get("crm_lite_customer"):
            defaults = self.default_get(["is_crm_customer", "is_company", "user_id"])
            for vals in unflagged:
                for name, value in defaults.items():
                    vals.setdefault(name, value)
        for vals in vals_list:
            if vals.get("parent_id"):
                # a contact saved with its customer (the customer screen's
                # defaults are the customer's, not the contact's)
                vals.setdefault("is_crm_customer", False)
                if self.env.context.get("crm_lite_customer"):
                    vals.setdefault("is_company", False)
            if vals.get("is_crm_customer"):
                vals.setdefault("crm_customer_date", today)
                if not vals.get("user_id"):
                    vals.setdefault("pool_date", today)
                if not vals.get("customer_code"):
                    vals["customer_code"] = self._next_customer_code()
            if vals.get("user_id"):
                vals.setdefault("owner_date", today)
        return super().create(vals_list)

    def write(self, vals):
        check_input_values(self, [vals], CRM_PARTNER_FIELDS)
        if "user_id" in vals and not self.env.context.get("crm_lite_owner_checked"):
            return self._write_owner(vals)
        if not vals.get("is_crm_customer"):
            return super().write(vals)
        newly_flagged = self.filtered(lambda partner: not partner.is_crm_customer)
        result = super().write(vals)
        if newly_flagged:
            # a customer from today: its pool period and its churn count from
            # now (an owner it had as a host partner starts owning it today)
            today = fields.Date.context_today(self)
            since = {} if "crm_customer_date" in vals else {"crm_customer_date": today}
            owned = newly_flagged.filtered("user_id")
            owned_vals = dict(since)
            if "owner_date" not in vals:
                owned_vals["owner_date"] = today
            # flagged with no owner: in the public pool from today
            pool_vals = dict(since)
            if "pool_date" not in vals:
                pool_vals["pool_date"] = today
            for partners, extra in (
                (owned, owned_vals),
                (newly_flagged - owned, pool_vals),
            ):
                if partners and extra:
                    super(ResPartner, partners).write(extra)
        if not vals.get("customer_code"):
            for partner in newly_flagged.filtered(lambda p: not p.customer_code):
                partner.customer_code = partner._next_customer_code()
        newly_flagged._crm_refresh_last_order_date()
        return result

    def _crm_refresh_last_order_date(self):
        """Set these customers' last confirmed order date in one statement,
        counting the orders of their contacts too: the day of the order where
        its company is (``res.company._crm_tz``), not the UTC date."""
        customers = self.filtered("is_crm_customer")
        if not customers:
            return
        self.env["sale.order"].flush_model(
            ["partner_id", "state", "date_order", "company_id"]
        )
        self.flush_model(["commercial_partner_id"])
        # the day of each order where its company is (any company: an order
        # counts whoever reads it, and archived companies keep their orders)
        order_day = self.env["res.company"]._crm_local_date_sql(
            SQL("so.date_order"), SQL("so.company_id")
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner customer
                   SET last_order_date = latest.last_date
                  FROM (
                        SELECT customer_ids.id AS customer_id,
                               (SELECT max(%s)
                                  FROM sale_order so
                                  JOIN res_partner buyer ON buyer.id = so.partner_id
                                 WHERE buyer.commercial_partner_id = customer_ids.id
                                   AND so.state = 'sale') AS last_date
                          FROM unnest(%s) AS customer_ids(id)
                       ) latest
                 WHERE customer.id = latest.customer_id
                   AND customer.last_order_date IS DISTINCT FROM latest.last_date
                """,
                order_day,
                customers.ids,
            )
        )
        customers.invalidate_recordset(["last_order_date"])

    def _crm_refresh_last_interaction_date(self):
        """Set these customers' latest interaction date in one statement."""
        customers = self.filtered("is_crm_customer")
        if not customers:
            return
        self.env["crm_lite.interaction"].flush_model(["partner_id", "date"])
        self.env.cr.execute(
            """
            UPDATE res_partner customer
               SET last_interaction_date = (
                    SELECT max(interaction.date)
                      FROM crm_lite_interaction interaction
                     WHERE interaction.partner_id = customer.id)
             WHERE customer.id = ANY(%s)
            """,
            [customers.ids],
        )
        customers.invalidate_recordset(["last_interaction_date"])

    @api.model
    def _crm_company_sql(self, customer, owner):
        """SQL of the company of the customer aliased ``customer`` whose owner
        (res_users) is aliased ``owner``: its own company, else its owner's
        (shared customers are common), else the company the cron runs in."""
        return SQL(
            "COALESCE(%s.company_id, %s.company_id, %s)",
            SQL.identifier(customer),
            SQL.identifier(owner),
            self.env.company.id,
        )
