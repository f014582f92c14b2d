import re
import unicodedata

from odoo import api, models
from odoo.exceptions import UserError

from .duplicate_keys import name_key
from .res_partner_onboarding import CUSTOMER_CANDIDATE_DOMAIN


class CrmChanceCustomer(models.Model):
    """A chance for an existing customer goes to an account manager who may
    read that customer: the assignee develops it with the customer's
    contacts and orders in view, and wins it for that customer."""

    _inherit = "crm_lite.chance"

    @api.depends("partner_id")
    def _compute_customer_name(self):
        # a chance being filled in (a form's onchange) copies the name of a
        # customer its author may read only; stored chances were checked
        # when they got their customer (crm_company_mixin)
        new = self.filtered(lambda chance: not chance._origin.id)
        partners = new.partner_id.with_env(self.env(su=False))
        hidden = partners - partners._filtered_access("read")
        withheld = new.filtered(lambda chance: chance.partner_id in hidden)
        return super(CrmChanceCustomer, self - withheld)._compute_customer_name()

    def action_assign(self, user_id):
        self._check_supervisor()
        assignee = self._get_assignee(user_id)
        partners = self.partner_id.with_user(assignee).with_context(
            allowed_company_ids=assignee.company_ids.ids
        )
        hidden = partners - partners._filtered_access("read")
        if hidden:
            raise UserError(
                self.env._(
                    "%(user)s may not read the customer of these chances: "
                    "%(names)s. Assign them to the customer's account manager, "
                    "or give the customer to %(user)s first.",
                    user=assignee.name,
                    names=", ".join(
                        self.filtered(lambda c: c.partner_id in hidden).mapped("name")
                    ),
                )
            )
        return super().action_assign(user_id)

    def _crm_existing_partners(self):
        """The partners the user may read that are the company this chance
        names (the same name under the duplicate check's normal form) and
        that the assignee may make his customer: no CRM customer yet, one in
        the public pool, or his own (or the user's). A customer owned by
        someone else is the duplicate check's to refuse."""
        self.ensure_one()
        key = name_key(self.customer_name)
        if not key or self.partner_id:
            return self.env["res.partner"]
        words = re.findall(r"\w+", unicodedata.normalize("NFKC", self.customer_name))
        candidates = self.env["res.partner"].search(
            [
                *CUSTOMER_CANDIDATE_DOMAIN,
                ("name", "ilike", max(words, key=len)),
                "|",
                ("is_crm_customer", "=", False),
                ("user_id", "in", [False, self.user_id.id, self.env.uid]),
            ],
            limit=50,
        )
        return candidates.filtered(lambda partner: name_key(partner.name) == key)

    def _crm_existing_partner_message(self, partners):
        return self.env._(
            "%(names)s already exists: choose it as the chance's existing "
            "customer instead of registering the company again.",
            names=", ".join(partners.mapped("display_name")),
        )

    @api.onchange("customer_name")
    def _onchange_customer_name_existing(self):
        existing = self._crm_existing_partners()
        if existing:
            return {
                "warning": {
                    "title": self.env._("An existing partner"),
                    "message": self._crm_existing_partner_message(existing),
                }
            }

    def action_mark_won(self):
        self._check_may_develop()
        for chance in self:
            existing = chance._crm_existing_partners()
            if existing:
                raise UserError(chance._crm_existing_partner_message(existing))
        return super().action_mark_won()
