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


class CrmReportContribution(models.Model):
    """客户贡献分析: confirmed sale orders of CRM customers (orders of contacts
    count for their customer; the host's other partners, vendors and
    companies are left out), one row per order: PostgreSQL sums the orders
    themselves, with their own indexes, instead of regrouping order lines.
    Amounts are in the currency of the order's company, converted at the
    order's rate as the host's sales analysis does."""

    _name = "crm_lite.report.contribution"
    _description = "Customer Contribution Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc"
    # what the view reads, flushed before each query of the view
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
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    amount = fields.Monetary(string="Untaxed Amount", readonly=True)

    @api.model
    def _select(self):
        return """
            so.id AS id,
            so.id AS order_id,
            so.crm_customer_id AS partner_id,
            so.user_id AS user_id,
            so.company_id AS company_id,
            company.currency_id AS currency_id,
            so.date_order AS date,
            so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1.0) AS amount
        """

    @api.model
    def _from(self):
        return """
            sale_order so
            JOIN res_partner customer ON customer.id = so.crm_customer_id
            JOIN res_company company ON company.id = so.company_id
        """

    @api.model
    def _where(self):
        return "so.state = 'sale' AND customer.is_crm_customer"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT {self._select()}
                  FROM {self._from()}
                 WHERE {self._where()}
            )
            """
        )

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
