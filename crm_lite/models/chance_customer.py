from odoo import api, models
from odoo.exceptions import UserError


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
