from odoo import models

from ..models.res_partner_duplicates import MERGED_PARTNERS_CONTEXT


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # The partners merged are one customer: while the kept one takes the
        # others' phones and code, they are no duplicates of one another
        # (res_partner_duplicates; honoured for supervisors and
        # administrators only).
        merging = self.with_context(
            **{MERGED_PARTNERS_CONTEXT: [int(pid) for pid in partner_ids]}
        )
        if dst_partner:
            dst_partner = dst_partner.with_env(merging.env)
        return super(MergePartnerAutomatic, merging)._merge(
            partner_ids, dst_partner, extra_checks
        )
