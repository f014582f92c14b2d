from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError


class IrActionsActWindow(models.Model):
    """crm_lite's screens that belong to some roles (the analyses) open for
    those roles only, by their menu or by their address: Odoo reads an
    action's groups for its menus and bindings alone."""

    _inherit = "ir.actions.act_window"

    def _get_action_dict(self):
        self._crm_check_groups()
        return super()._get_action_dict()

    def _crm_check_groups(self):
        action = self.sudo()
        if (
            not action.groups_id
            or self.env.uid == SUPERUSER_ID
            or action.groups_id & self.env.user.groups_id
            or not action.get_external_id()[action.id].startswith("crm_lite.")
        ):
            return
        raise AccessError(
            self.env._(
                "%(screen)s is for %(groups)s only.",
                screen=action.name,
                groups=", ".join(action.groups_id.mapped("full_name")),
            )
        )
