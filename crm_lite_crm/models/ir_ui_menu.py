from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def load_menus(self, debug):
        # Odoo's CRM is 客户关系管理 in Chinese too: two apps of one name in
        # the home menu. crm_lite's says which it is while both are installed
        # (the menu keeps its name: nothing to undo when this module goes).
        menus = super().load_menus(debug)
        app = self.env.ref("crm_lite.menu_root", raise_if_not_found=False)
        if app and app.id in menus:
            menus = dict(menus)
            menus[app.id] = dict(menus[app.id], name=self.env._("CRM Lite"))
        return menus
