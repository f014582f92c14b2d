from odoo import api, fields, models, tools
from odoo.tools import SQL

# context keys that decorate a partner's display name beyond its stored name
DECORATED_NAME_KEYS = (
    "show_address",
    "partner_show_db_id",
    "address_inline",
    "show_email",
    "show_vat",
)


def _value_or_one(value):
    """``value``, or 1 where it is missing or zero (a rate that cannot
    divide), as the host's sales analysis reads its rates."""
    return SQL("CASE COALESCE(%(v)s, 0) WHEN 0 THEN 1.0 ELSE %(v)s END", v=value)


class CrmReportContribution(models.Model):
    """客户贡献分析: confirmed sale orders of CRM customers (orders of contacts
    count for their customer; the host's other partners, vendors and
    companies are left out), one row per order: PostgreSQL sums the orders
    themselves, with their own indexes, instead of regrouping order lines.
    Amounts are in the current company's currency whatever the orders'
    companies, converted as the host's sales analysis does: at the order's
    own rate into its company's currency, then at the current company's rate
    of that currency (the host's currency table), so that orders of
    companies in different currencies are never summed raw."""

    _name = "crm_lite.report.contribution"
    _description = "Customer Contribution Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc"
    # what the query reads, flushed before each query of the model
    _depends = {
        "sale.order": [
            "crm_customer_id",
            "user_id",
            "company_id",
            "date_order",
            "amount_untaxed",
            "currency_rate",
            "state",
        ],
        "res.partner": ["is_crm_customer"],
        "res.company": ["currency_id"],
    }

    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    date = fields.Datetime(string="Order Date", readonly=True)
    amount = fields.Monetary(string="Untaxed Amount", readonly=True)

    @api.model
    def _currency(self):
        """The currency every amount is converted into: the current
        company's."""
        return self.env.company.currency_id

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self._currency()

    @property
    def _table_query(self):
        # the companies' rates as seen from the current company: a few VALUES
        # when they share its currency, else a temporary table the host
        # builds from the rates in the database, before the query is run; its
        # join keeps the orders of the selected companies only, as in the
        # host's analysis (the record rule then keeps the user's)
        self.env["res.currency.rate"].flush_model()
        self.env["res.company"].flush_model(["currency_id"])
        currency_table = self.env["res.currency"]._get_simple_currency_table(
            self.env.companies
        )
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   so.crm_customer_id AS partner_id,
                   so.user_id AS user_id,
                   so.company_id AS company_id,
                   so.date_order AS date,
                   so.amount_untaxed
                     / %(order_rate)s
                     * %(company_rate)s AS amount
              FROM sale_order so
              JOIN res_partner customer ON customer.id = so.crm_customer_id
              JOIN %(currency_table)s
                ON account_currency_table.company_id = so.company_id
             WHERE so.state = 'sale' AND customer.is_crm_customer
            """,
            order_rate=_value_or_one(SQL("so.currency_rate")),
            company_rate=_value_or_one(SQL("account_currency_table.rate")),
            currency_table=currency_table,
        )

    def init(self):
        # earlier versions kept the analysis as a database view: the query is
        # now built per request, with the rates of the user's companies
        tools.drop_view_if_exists(self.env.cr, self._table)

    def _read_group_format_result(self, rows_dict, lazy_groupby):
        if "partner_id" in lazy_groupby:
            self._prefetch_customer_names(
                {row["partner_id"].id for row in rows_dict if row["partner_id"]}
            )
        return super()._read_group_format_result(rows_dict, lazy_groupby)

    def _prefetch_customer_names(self, partner_ids):
        """The pivot groups tens of thousands of customers: computing each
        one's display name in Python costs seconds, while a named partner's
        display name is its stored complete_name (unless the context asks
        for an address, e-mail or VAT). Read those in one query; partners
        without a name of their own keep the usual computation."""
        if not partner_ids or any(self.env.context.get(k) for k in DECORATED_NAME_KEYS):
            return
        self.env["res.partner"].flush_model(["name", "complete_name"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, complete_name FROM res_partner
                 WHERE id = ANY(%s) AND name <> ''
                   AND position(chr(10) IN complete_name) = 0
                """,
                list(partner_ids),
            )
        )
        names = dict(self.env.cr.fetchall())
        partners = self.env["res.partner"].sudo().browse(list(names))
        self.env.cache.update(
            partners, partners._fields["display_name"], list(names.values())
        )
