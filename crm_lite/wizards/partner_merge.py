from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..models.crm_messages import as_odoobot
from ..models.crm_workflow_mixin import SUPERVISOR_GROUP
from ..models.loss import OPEN_STATES
from ..models.res_partner_duplicates import MERGED_PARTNERS_CONTEXT

# the partner fields kept on each partner from its commercial partner
CRM_OWNER_FIELDS = ("crm_restricted", "crm_owner_id", "crm_access_key")
# the records of a company that name their customer: (model, field)
CRM_COMPANY_RECORDS = (
    ("crm_lite.chance", "partner_id"),
    ("crm_lite.chance", "customer_id"),
    ("crm_lite.service", "partner_id"),
    ("crm_lite.interaction", "partner_id"),
    ("crm_lite.loss", "partner_id"),
)


class PartnerMergeCrm(models.TransientModel):
    """Odoo's partner merge, keeping every crm_lite record: they all move to
    the kept partner, none is deleted. The host moves foreign keys by SQL and
    deletes the rows it cannot move; here the CRM's rows are moved first,
    with the one rule that could stop them (one open loss record per
    customer) resolved beforehand."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if (
            not self.env.su
            and partners.sudo().filtered("crm_restricted")
            and not self.env.user.has_group(SUPERVISOR_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Only sales supervisors merge CRM customers and their contacts."
                )
            )
        # The partners merged are one customer: while the kept one takes the
        # others' phones and code, they are no duplicates of one another
        # (res_partner_duplicates; honoured for supervisors and
        # administrators only).
        merging = self.with_context(
            **{MERGED_PARTNERS_CONTEXT: [int(pid) for pid in partner_ids]}
        )
        if dst_partner:
            dst_partner = dst_partner.with_env(merging.env)
        return super(PartnerMergeCrm, merging)._merge(
            partner_ids, dst_partner, extra_checks
        )

    def _log_merge_operation(self, src_partners, dst_partner):
        # the host posts "merged with ..." from whoever merges, which needs an
        # e-mail address staff may not have: OdooBot writes it for them
        if not self.env.user.email:
            dst_partner = as_odoobot(dst_partner)
        return super()._log_merge_operation(src_partners, dst_partner)

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._crm_close_merged_losses(src_partners, dst_partner)
        self._crm_move_records(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _crm_close_merged_losses(self, src_partners, dst_partner):
        """One open loss record per customer: the oldest open record of the
        merged partners goes on, the others are closed as merged."""
        Loss = self.env["crm_lite.loss"].sudo()
        open_losses = Loss.search(
            [
                ("partner_id", "in", (src_partners | dst_partner).ids),
                ("state", "in", OPEN_STATES),
            ],
            order="create_date, id",
        )
        kept, merged = open_losses[:1], open_losses[1:]
        if not merged:
            return
        merged._write_workflow({"state": "merged"})
        for loss in merged:
            loss._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Closed when %(merged)s was merged into %(kept)s: the open "
                    "loss record of %(since)s goes on.",
                    merged=loss.partner_id.display_name,
                    kept=dst_partner.display_name,
                    since=kept.create_date.date(),
                )
            )

    def _crm_move_records(self, src_partners, dst_partner):
        """Point every crm_lite column naming a merged partner at the kept
        one; a failure stops the merge instead of deleting the rows."""
        self.env.flush_all()
        # figures, not records: the next refresh counts the merged partners'
        # orders for the kept one
        src_partners._crm_delete_rfm()
        for table, column in self._get_fk_on("res_partner"):
            if not table.startswith("crm_lite_"):
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE %(table)s SET %(column)s = %(kept)s"
                    " WHERE %(column)s = ANY(%(merged)s)",
                    table=SQL.identifier(table),
                    column=SQL.identifier(column),
                    kept=dst_partner.id,
                    merged=src_partners.ids,
                )
            )
        self.env.invalidate_all()

    def _update_values(self, src_partners, dst_partner):
        owned = src_partners.sorted("id").filtered(
            lambda partner: partner.is_crm_customer and partner.user_id
        )[:1]
        self._crm_keep_customer_code(src_partners, dst_partner)
        # the RFM figures are computed fields (the refresh's rows): the host
        # leaves them alone, and the next refresh counts the merged
        # partners' orders for the kept one
        result = super()._update_values(src_partners, dst_partner)
        # the host merges no computed field, and the salesperson is one: a
        # customer without owner takes the merged customer's, out of the pool
        if owned and dst_partner.is_crm_customer and not dst_partner.user_id:
            dst_partner.write(
                {
                    "user_id": owned.user_id.id,
                    "owner_date": owned.owner_date,
                    "pool_date": False,
                }
            )
        self._crm_refresh_kept_partner(dst_partner)
        return result

    def _crm_keep_customer_code(self, src_partners, dst_partner):
        """The kept partner keeps its customer code, else takes the code of
        the oldest merged customer (a partner that was no CRM customer
        becomes the customer merged into it); the merged partners' codes are
        released first, codes being unique."""
        codes = src_partners.sorted("id").filtered("customer_code")
        if not codes:
            return
        code = dst_partner.customer_code or codes[0].customer_code
        codes.write({"customer_code": False})
        codes.flush_recordset(["customer_code"])
        if dst_partner.customer_code != code:
            dst_partner.write({"customer_code": code})

    def _crm_refresh_kept_partner(self, dst_partner):
        """What the SQL moves left stale: the CRM owner kept on the contacts
        now under the kept partner, the readers of its services (they follow
        the customer's owner), its last order and interaction dates."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        family = Partner.search([("id", "child_of", dst_partner.id)])
        for name in ("commercial_partner_id", *CRM_OWNER_FIELDS):
            self.env.add_to_compute(Partner._fields[name], family)
        self._crm_follow_company(dst_partner)
        Service = self.env["crm_lite.service"].sudo()
        services = Service.search([("partner_id", "=", dst_partner.id)])
        self.env.add_to_compute(Service._fields["readers_id"], services)
        self.env.flush_all()
        services.invalidate_recordset(["is_reader"])
        kept = dst_partner.sudo()
        kept._crm_refresh_last_order_date()
        kept._crm_refresh_last_interaction_date()

    def _crm_follow_company(self, dst_partner):
        """A CRM record is of its customer's company (crm_company_mixin):
        the records moved from a partner of another company follow the kept
        partner's; a shared kept partner leaves them where they are."""
        company = dst_partner.company_id
        if not company:
            return
        for model, field in CRM_COMPANY_RECORDS:
            moved = (
                self.env[model]
                .sudo()
                .search(
                    [(field, "=", dst_partner.id), ("company_id", "!=", company.id)]
                )
            )
            moved.write({"company_id": company.id})
