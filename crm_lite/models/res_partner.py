import psycopg2.errors
from lxml import etree
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .crm_messages import as_odoobot, in_language_of
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


# the CRM's own screens of customers
CRM_CUSTOMER_VIEWS = (
    "crm_lite.view_crm_customer_list",
    "crm_lite.view_crm_customer_kanban",
    "crm_lite.view_crm_customer_form",
    "crm_lite.view_crm_pool_list",
    "crm_lite.view_crm_contact_list",
    "crm_lite.view_crm_contact_form",
)

# crm_access_key of the partners every account manager may read
CRM_ACCESS_ANY_MANAGER = -1


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
    loss_ids = fields.One2many("crm_lite.loss", "partner_id", string="Loss Records")
    pool_date = fields.Date(
        string="In Pool Since",
        readonly=True,
        copy=False,
        help="When the customer was returned to the public pool.",
    )
    previous_user_id = fields.Many2one(
        "res.users",
        string="Previous Account Manager",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    claim_user_id = fields.Many2one(
        "res.users", string="Claimed By", readonly=True, copy=False
    )
    claim_date = fields.Date(string="Claimed On", readonly=True, copy=False)
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
            partner.crm_access_key = partner.crm_owner_id.id or CRM_ACCESS_ANY_MANAGER

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

    @api.model
    def get_views(self, views, options=None):
        result = super().get_views(views, options)
        if self.env.user.has_group("crm_lite.group_account_manager"):
            return result
        # Who is no account manager changes no CRM customer (executives'
        # rule): the CRM's customer screens offer them nothing to change,
        # whatever rights on partners they hold elsewhere.
        read_only = {
            self.env.ref(xmlid).id
            for xmlid in CRM_CUSTOMER_VIEWS
            if self.env.ref(xmlid, False)
        }
        adjusted = False
        for view in result["views"].values():
            if view.get("id") not in read_only:
                continue
            adjusted = True
            arch = etree.fromstring(view["arch"])
            for action in ("create", "edit", "delete"):
                arch.set(action, "False")
            view["arch"] = etree.tostring(arch, encoding="unicode")
            if "toolbar" in view:
                view["toolbar"].pop("action", None)
        # the web client offers 存档 / 取消归档 while `active` is writable
        active = result["models"].get(self._name, {}).get("fields", {}).get("active")
        if adjusted and active:
            active["readonly"] = True
        return result

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        # a contacts tab gives default_parent_id, False while the customer is
        # not saved yet
        if values.get("parent_id") or "default_parent_id" in self.env.context:
            # a contact added on a customer's form is a person of that
            # customer, whatever the customer screen's defaults say
            for name in ("is_crm_customer", "is_company"):
                if name in fields_list:
                    values[name] = False
        elif self.env.context.get("crm_lite_customer"):
            # a customer registered from the CRM's customer screens; the
            # account manager who registers it owns it
            values.update(
                {
                    name: True
                    for name in ("is_crm_customer", "is_company")
                    if name in fields_list
                }
            )
            if "user_id" in fields_list and self.env.user._is_crm_account_manager():
                values["user_id"] = self.env.user.id
        return values

    def _message_auto_subscribe_notify(self, partner_ids, template):
        # The host tells a new salesperson "you have been assigned to ..." from
        # whoever set them; for the CRM's customers and their contacts
        # (registered for an account manager, given from the pool, won from a
        # chance) OdooBot tells them, in their language (crm_messages).
        crm = self.filtered(
            lambda partner: partner.commercial_partner_id.is_crm_customer
        )
        super(ResPartner, self - crm)._message_auto_subscribe_notify(
            partner_ids, template
        )
        if not crm:
            return
        recipients = self.env["res.partner"].sudo().browse(partner_ids)
        for recipient in recipients:
            super(
                ResPartner, as_odoobot(in_language_of(crm, recipient))
            )._message_auto_subscribe_notify(recipient.ids, template)

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

    def _crm_ordered_again(self):
        """A confirmed order: open loss records are recovered and a lost
        customer is a normal one again."""
        customers = self.filtered("is_crm_customer")
        if not customers:
            return
        self.env["crm_lite.loss"]._recover(customers)
        lost = customers.filtered(lambda customer: customer.crm_state == "lost")
        if lost:
            # whoever confirms the order (any salesperson) brings the customer
            # back, even without rights on the CRM customer itself
            lost.sudo().write({"crm_state": "normal"})

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

    # public pool (公海)

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

    @api.model
    def _crm_in_languages(self, text):
        """{language code: ``text(env)`` written in that language} for the
        installed languages and English: what the crons write for people
        who each read their own language."""
        codes = {code for code, _name in self.env["res.lang"].get_installed()}
        return {
            code: text(self.with_context(lang=code).env)
            for code in sorted(codes | {"en_US"})
        }

    @api.model
    def _pool_idle_sql(self, companies, warn=False):
        """Owned CRM customers idle for their pool period (less the warning
        period with ``warn``) by the settings and the day of their company:
        no interaction, no confirmed order, no new owner since. ``companies``
        as ``res.company._crm_per_company()`` gives them; None when no
        company warns. Rows: customer, owner, the company's today, the
        language the owner reads (theirs, else the company's, else English)."""
        rows = [
            SQL(
                "(%s, %s::date, %s, %s)",
                company.id,
                today,
                settings["days"],
                settings["warn_days"] if warn else 0,
            )
            for company, settings, today in companies
            if settings["warn_days"] or not warn
        ]
        if not rows:
            return None
        # the levels' own periods and the owners' companies are read by the
        # statement
        self.env["crm_lite.dict"].flush_model(["pool_days"])
        self.env["res.users"].flush_model(["company_id", "partner_id"])
        self.flush_model(
            ["lang", "company_id", "user_id", "customer_level_id", "crm_customer_date"]
        )
        return SQL(
            """
            SELECT customer.id, customer.user_id, company_day.today,
                   COALESCE(owner_partner.lang, company_partner.lang, 'en_US')
              FROM res_partner customer
              JOIN res_users owner ON owner.id = customer.user_id
              JOIN res_partner owner_partner ON owner_partner.id = owner.partner_id
              JOIN (VALUES %(rows)s) AS company_day(company_id, today, days, margin)
                ON company_day.company_id = %(company)s
              JOIN res_company company ON company.id = company_day.company_id
              JOIN res_partner company_partner
                ON company_partner.id = company.partner_id
              LEFT JOIN crm_lite_dict level ON level.id = customer.customer_level_id
             WHERE customer.is_crm_customer
               AND customer.active
               %(owner_active)s
               AND GREATEST(COALESCE(customer.owner_date, %(since)s),
                            customer.last_interaction_date,
                            customer.last_order_date)
                   < company_day.today
                     - COALESCE(NULLIF(level.pool_days, 0), company_day.days)
                     + company_day.margin
            """,
            rows=SQL(", ").join(rows),
            company=self._crm_company_sql("customer", "owner"),
            since=self._crm_since_sql("customer"),
            # an archived owner is warned of nothing (his customers still
            # return to the pool)
            owner_active=SQL("AND owner.active") if warn else SQL(""),
        )

    @api.model
    def _cron_return_to_pool(self, today=None):
        """Return idle customers to the public pool, then warn the owners of
        those that will return within the warning period; each company's
        customers by its own settings and day."""
        returned = self._pool_return(today=today)
        self._pool_warn_owners(today=today)
        return returned

    @api.model
    def _pool_return(self, today=None):
        """One statement: owner cleared and remembered, contacts follow, a
        note with the reason on each customer in its former owner's
        language."""
        self.flush_model()
        self.env["crm_lite.interaction"].flush_model()
        companies = self.env["res.company"]._crm_per_company(today)
        bodies = self._crm_in_languages(
            lambda env: (
                Markup("<p>%s</p>")
                % escape(
                    env._(
                        "Returned to the public pool: no interaction and no "
                        "confirmed order for the pool period."
                    )
                )
            )
        )
        self.env.cr.execute(
            SQL(
                """
                WITH idle AS (%(idle)s),
                returned AS (
                    UPDATE res_partner customer
                       SET previous_user_id = idle.user_id,
                           user_id = NULL,
                           crm_owner_id = NULL,
                           crm_access_key = %(any_manager)s,
                           owner_date = NULL,
                           pool_date = idle.today,
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM idle AS idle(id, user_id, today, lang)
                     WHERE customer.id = idle.id
                 RETURNING customer.id, idle.lang
                ),
                contacts AS (
                    UPDATE res_partner contact
                       SET crm_owner_id = NULL,
                           crm_access_key = %(any_manager)s
                      FROM returned
                     WHERE contact.commercial_partner_id = returned.id
                       AND contact.id != returned.id
                ),
                notes AS (
                    INSERT INTO mail_message (
                        model, res_id, message_type, subtype_id, author_id, body,
                        is_internal, date, create_uid, create_date, write_uid,
                        write_date)
                    SELECT 'res.partner', returned.id, 'notification',
                           %(note)s, %(author)s, COALESCE(body.body, %(english)s),
                           TRUE, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM returned
                      LEFT JOIN (VALUES %(bodies)s) AS body(lang, body)
                        ON body.lang = returned.lang
                )
                SELECT id FROM returned
                """,
                idle=self._pool_idle_sql(companies),
                now=fields.Datetime.now(),
                uid=self.env.uid,
                any_manager=CRM_ACCESS_ANY_MANAGER,
                note=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.ref("base.partner_root").id,
                bodies=SQL(", ").join(
                    SQL("(%s, %s)", code, body) for code, body in bodies.items()
                ),
                english=bodies["en_US"],
            )
        )
        returned = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_model()
        self.env["mail.message"].invalidate_model()
        returned._pool_show_services_to_creators()
        returned._pool_end_warnings()
        return returned

    def _pool_show_services_to_creators(self):
        """Services of these customers, just returned to the pool, that their
        creator sees again (the creator is neither the assignee nor the last
        owner): their readers follow. The other services keep theirs, so the
        pool return does not recompute every service of the backlog."""
        if not self:
            return
        Service = self.env["crm_lite.service"]
        Service.flush_model(["partner_id", "user_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT service.id
                  FROM crm_lite_service service
                  JOIN res_partner customer ON customer.id = service.partner_id
                 WHERE service.partner_id = ANY(%s)
                   AND service.create_uid IS DISTINCT FROM service.user_id
                   AND service.create_uid IS DISTINCT FROM customer.previous_user_id
                """,
                self.ids,
            )
        )
        services = Service.browse([row[0] for row in self.env.cr.fetchall()])
        if services:
            self.env.add_to_compute(Service._fields["readers_id"], services)
            services.flush_recordset(["readers_id"])
            services.invalidate_recordset(["is_reader"])

    @api.model
    def _pool_warn_owners(self, today=None):
        """A to-do for the owner of each customer that returns to the pool
        within its company's warning period, in the owner's language."""
        idle_sql = self._pool_idle_sql(
            self.env["res.company"]._crm_per_company(today), warn=True
        )
        if idle_sql is None:
            return
        self.env.cr.execute(idle_sql)
        idle = {partner_id: rest for partner_id, *rest in self.env.cr.fetchall()}
        activity_type = self.env.ref("crm_lite.mail_activity_pool_warning")
        warned = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", list(idle)),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        # warned already: by a to-do of the present owner (one a former owner
        # still has does not count)
        already = {(a.res_id, a.user_id.id) for a in warned}
        to_warn = {
            pid
            for pid, (owner_id, *_rest) in idle.items()
            if (pid, owner_id) not in already
        }
        if not to_warn:
            return
        summaries = self._crm_in_languages(
            lambda env: env._("Contact this customer, or it returns to the public pool")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        # the activities show in each owner's activity menu; no e-mail each
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner_id,
                    "activity_type_id": activity_type.id,
                    "user_id": owner_id,
                    "summary": summaries.get(lang, summaries["en_US"]),
                    "date_deadline": day,
                }
                for partner_id in sorted(to_warn)
                for owner_id, day, lang in [idle[partner_id]]
            ]
        )

    def action_claim(self):
        """Take these customers from the public pool; of simultaneous claims
        of one customer exactly one succeeds."""
        user = self.env.user
        if not user.has_group("crm_lite.group_account_manager"):
            raise AccessError(
                self.env._("Only account managers claim customers from the pool.")
            )
        if not self:
            return True
        # first, without reading them (one may belong to someone else by now)
        self._pool_lock_unowned()
        # the limits of the company the account manager works in
        settings = self.env.company._crm_settings()
        today = fields.Date.context_today(self)
        block = settings["reclaim_block_days"]
        blocked = self.filtered(
            lambda p: (
                block
                and p.previous_user_id == user
                and p.pool_date
                and (today - p.pool_date).days < block
            )
        )
        if blocked:
            raise UserError(
                self.env._(
                    "You had %(names)s until recently: you may claim it again "
                    "%(days)s days after it entered the pool.",
                    names=", ".join(blocked.mapped("display_name")),
                    days=block,
                )
            )
        Partner = self.env["res.partner"]
        if settings["max_owned"]:
            owned = Partner.search_count(
                [("is_crm_customer", "=", True), ("user_id", "=", user.id)]
            )
            if owned + len(self) > settings["max_owned"]:
                raise UserError(
                    self.env._(
                        "You may own at most %(max)s customers; you own %(owned)s.",
                        max=settings["max_owned"],
                        owned=owned,
                    )
                )
        if settings["daily_claims"]:
            claimed = Partner.search_count(
                [("claim_user_id", "=", user.id), ("claim_date", "=", today)]
            )
            if claimed + len(self) > settings["daily_claims"]:
                raise UserError(
                    self.env._(
                        "You may claim at most %(max)s customers a day; you "
                        "claimed %(claimed)s today.",
                        max=settings["daily_claims"],
                        claimed=claimed,
                    )
                )
        self.check_access("write")
        self.write({"claim_user_id": user.id, "claim_date": today})
        note = self.env._("Claimed from the public pool by %(user)s.", user=user.name)
        self._crm_set_owner(user, note=note)
        return True

    def _pool_lock_unowned(self):
        """Lock the rows of these CRM customers while nobody owns them; a
        claim of a customer out of the pool, or that loses the race for one,
        gets a clear message instead of a second owner."""
        taken = UserError(
            self.env._(
                "Not all of these customers are in the public pool: another "
                "account manager may just have claimed one. Refresh the pool and "
                "choose again."
            )
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """
                    SELECT id FROM res_partner
                     WHERE id = ANY(%s) AND user_id IS NULL AND is_crm_customer
                       FOR UPDATE NOWAIT
                    """,
                    [self.ids],
                )
                locked = {row[0] for row in self.env.cr.fetchall()}
        except (
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.SerializationFailure,
        ) as error:
            raise taken from error
        if locked != set(self.ids):
            raise taken

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_interaction"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
