# Apart from res_users.py: archiving a user who still works in the CRM.
# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.exceptions import UserError

from .res_partner_owner import OPEN_WORK


class ResUsersHandover(models.Model):
    _inherit = "res.users"

    def _crm_holdings(self):
        """{user: (CRM customers owned, open chances, open services)} for
        those of these users who still have any."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        counts = {}
        sources = [
            (Partner, [("is_crm_customer", "=", True)]),
            *(
                (self.env[model].sudo(), [("state", "in", states)])
                for model, (_field, states) in OPEN_WORK.items()
            ),
        ]
        for position, (Model, domain) in enumerate(sources):
            for user, count in Model._read_group(
                [*domain, ("user_id", "in", self.ids)], ["user_id"], ["__count"]
            ):
                counts.setdefault(user, [0] * len(sources))[position] = count
        return {user: tuple(numbers) for user, numbers in counts.items()}

    def _crm_check_may_archive(self):
        """An archived owner would keep customers nobody develops and records
        nobody handles: they are handed over first."""
        holdings = self._crm_holdings()
        if not holdings:
            return
        # each user's line apart: a message inside another's is not exported
        # for translation
        lines = [
            self.env._(
                "%(user)s owns %(customers)s customers and has %(chances)s open "
                "chances and %(services)s open services",
                user=user.name,
                customers=customers,
                chances=chances,
                services=services,
            )
            for user, (customers, chances, services) in sorted(
                holdings.items(), key=lambda item: item[0].name
            )
        ]
        raise UserError(
            self.env._(
                "%(users)s: they cannot be archived yet. Hand over their CRM "
                "customers, open chances and open services to another account "
                "manager or to the public pool first (Customer Management > Hand "
                "Over Customers).",
                users="; ".join(lines),
            )
        )

    def write(self, vals):
        # code archiving in sudo (the host's own processes) does so knowingly
        if "active" in vals and not vals["active"] and not self.env.su:
            self.filtered("active")._crm_check_may_archive()
        return super().write(vals)

    def action_archive(self):
        busy = self.filtered("active")._crm_holdings()
        if (
            len(busy) == 1
            and len(self) == 1
            and self.env.user.has_group("crm_lite.group_sales_supervisor")
        ):
            # the handover first, the archive once everything has moved
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Hand Over Before Archiving"),
                "res_model": "crm_lite.handover.wizard",
                "view_mode": "form",
                # the list's and the form's archive open what they get back
                # as a full action: with its views
                "views": [(False, "form")],
                "target": "new",
                "context": {
                    "default_from_user_id": self.id,
                    "default_scope": "all",
                    "default_archive_user": True,
                },
            }
        return super().action_archive()
