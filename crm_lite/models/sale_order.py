from odoo import api, models

ORDER_HISTORY_FIELDS = {"state", "date_order", "partner_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        confirmed = orders.filtered(lambda order: order.state == "sale")
        customers = confirmed.partner_id.commercial_partner_id
        customers._crm_refresh_last_order_date()
        customers._crm_ordered_again()
        return orders

    def write(self, vals):
        if not ORDER_HISTORY_FIELDS & set(vals):
            return super().write(vals)
        customers_before = self.partner_id.commercial_partner_id
        result = super().write(vals)
        customers = self.partner_id.commercial_partner_id
        (customers_before | customers)._crm_refresh_last_order_date()
        if vals.get("state") == "sale":
            customers._crm_ordered_again()
        return result
