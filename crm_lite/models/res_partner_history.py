from odoo import models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# the records that make a partner's CRM history: (model, partner field)
CRM_HISTORY = (
    ("crm_lite.interaction", "partner_id"),
    ("crm_lite.service", "partner_id"),
    ("crm_lite.chance", "partner_id"),
    ("crm_lite.chance", "customer_id"),
    ("crm_lite.loss", "partner_id"),
    ("sale.order", "partner_id"),
)


class ResPartnerHistory(models.Model):
    """A CRM customer or contact with a history is archived, not deleted:
    its interactions, services, chances, loss records and orders stay, and
    its contacts do not become partners every account manager reads."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _crm_with_history(self):
        """These partners that have CRM history, or that are CRM customers
        with contacts (archived ones included)."""
        everything = self.sudo().with_context(active_test=False)
        with_history = self.browse()
        for model, field in CRM_HISTORY:
            groups = everything.env[model]._read_group(
                [(field, "in", self.ids)], [field]
            )
            with_history |= self.browse(partner.id for [partner] in groups)
        customers = everything.filtered("is_crm_customer")
        if customers:
            groups = everything._read_group(
                [("parent_id", "in", customers.ids)], ["parent_id"]
            )
            with_history |= self.browse(parent.id for [parent] in groups)
        return with_history

    def unlink(self):
        # before the host's unlink, not in an ondelete method: sale's unlink
        # deletes the partners' quotations before those run
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            # who may not delete them hears that first
            self.check_access("unlink")
            self._check_no_crm_history()
        return super().unlink()

    def _check_no_crm_history(self):
        kept = self._crm_with_history()
        if kept:
            raise UserError(
                self.env._(
                    "These partners have CRM history (contacts, interactions, "
                    "services, chances, loss records or orders) and are not "
                    "deleted: %(names)s. Archive them instead.",
                    names=", ".join(kept.mapped("display_name")),
                )
            )
