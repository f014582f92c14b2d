from odoo import api, models

ORDER_HISTORY_FIELDS = {"state", "date_order", "partner_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(
            lambda order: order.state == "sale"
        ).partner_id.commercial_partner_id._crm_refresh_last_order_date()
        return orders

    def write(self, vals):
        if not ORDER_HISTORY_FIELDS & set(vals):
            return super().write(vals)
        customers_before = self.partner_id.commercial_partner_id
        result = super().write(vals)
        (
            customers_before | self.partner_id.commercial_partner_id
        )._crm_refresh_last_order_date()
        return result
