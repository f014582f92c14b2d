from odoo import api, fields, models, tools


class CrmReportContribution(models.Model):
    """客户贡献分析: confirmed sale orders per customer (orders of contacts
    count for their customer), one row per order: PostgreSQL sums the orders
    themselves, with their own indexes, instead of regrouping order lines."""

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
            "currency_id",
            "date_order",
            "amount_untaxed",
            "state",
        ],
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
            so.currency_id AS currency_id,
            so.date_order AS date,
            so.amount_untaxed AS amount
        """

    @api.model
    def _from(self):
        return "sale_order so"

    @api.model
    def _where(self):
        return "so.state = 'sale'"

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
