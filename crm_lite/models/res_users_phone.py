import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .duplicate_keys import is_mobile_key

# an extension as PBXs number them
EXTENSION_TEXT = re.compile(r"^[0-9*#]{1,20}$")
SCREEN_POP = "crm_lite.screen_pop"


class ResUsers(models.Model):
    """The extension of the desk phone of a staff member, by which the phone
    system names whose phone rings (the screen pop of the caller ID), and
    the screen pop itself: a notification on the user's bus channel, which
    the web client answers by opening the caller's customer."""

    # files of their own: the user model's main file changes for other reasons
    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    crm_phone_extension = fields.Char(
        string="Phone Extension",
        index="btree_not_null",
        copy=False,
        help="The extension of your desk phone on the company's phone system: "
        "when it rings, the caller's customer opens on your screen.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "crm_phone_extension"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "crm_phone_extension"]

    @api.constrains("crm_phone_extension", "company_ids", "active")
    def _check_crm_phone_extension(self):
        for user in self.filtered("crm_phone_extension"):
            if not EXTENSION_TEXT.match(user.crm_phone_extension):
                raise ValidationError(
                    self.env._(
                        "A phone extension is up to 20 digits (and * or #), "
                        "not %(extension)s.",
                        extension=repr(user.crm_phone_extension[:40]),
                    )
                )
            if not user.active:
                continue
            others = self.sudo().search(
                [
                    ("id", "!=", user.id),
                    ("crm_phone_extension", "=", user.crm_phone_extension),
                    ("company_ids", "in", user.company_ids.ids),
                ],
                limit=1,
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Extension %(extension)s is already %(user)s's in the "
                        "same company.",
                        extension=user.crm_phone_extension,
                        user=others.name,
                    )
                )

    @api.model
    def _crm_screen_pop_user(self, extension=None, login=None):
        """The staff member whose phone rings, by ``extension`` or ``login``,
        among the staff of the current user's (the phone system's)
        companies. A translated UserError when none is."""
        for value in (extension, login):
            if value is not None and not isinstance(value, str):
                raise UserError(self.env._("Extensions and logins are text."))
        if extension:
            domain = [("crm_phone_extension", "=", extension.strip())]
        else:
            domain = [("login", "=", (login or "").strip())]
        # Odoo lets internal users read every internal user: the staff of
        # the phone system's companies only
        users = self.search(
            [
                *domain,
                ("share", "=", False),
                ("company_ids", "in", self.env.companies.ids),
            ],
            limit=2,
        )
        if len(users) > 1:
            raise UserError(
                self.env._(
                    "Extension %(value)s is several staff members' in your "
                    "companies: give the login instead.",
                    value=extension,
                )
            )
        if not users:
            raise UserError(
                self.env._("No staff member has extension %(value)s.", value=extension)
                if extension
                else self.env._("No staff member has login %(value)s.", value=login)
            )
        return users

    def _crm_screen_pop(self, number, keys):
        """Show this user the caller of ``number`` (``keys`` its E.164 forms):
        the first customer this user may read with that number, else a new
        customer's form with the number. Sent on the user's bus channel;
        returns what was sent."""
        self.ensure_one()
        # as this user reads it, in their language
        user = self.with_user(self).with_context(lang=self.lang)
        matches = user.env["res.partner"]._crm_phone_matches(keys)
        customer, contact = next(iter(matches.items()), (None, None))
        payload = {
            "number": number,
            "normalized": keys[0],
            "partner_id": customer.id if customer else False,
            "partner_name": customer.name if customer else False,
            "contact_id": contact.id if contact else False,
            "contact_name": contact.name if contact else False,
            "matches": len(matches),
            "title": user.env._("Incoming call: %(number)s", number=number),
            "message": (
                ", ".join(name for name in (customer.name, contact.name) if name)
                if customer
                # another account manager's customer may have it
                else user.env._("No customer you can see has this number.")
            ),
            "action": user._crm_screen_pop_action(customer, number, keys[0]),
        }
        if not customer:
            payload["chance_action"] = {
                "type": "ir.actions.act_window",
                "name": user.env._("New Chance"),
                "res_model": "crm_lite.chance",
                "views": [[False, "form"]],
                "target": "current",
                "context": {"default_contact_phone": number},
            }
        self._bus_send(SCREEN_POP, payload)
        return payload

    def _crm_screen_pop_action(self, customer, number, normalized=None):
        """The customer's form (its card), or a new customer's with the
        number (as mobile when ``normalized``, its E.164 form, is one) when
        nobody is known by it."""
        # the customers' own action, opened on its form: a reload, the
        # browser's Back and the breadcrumbs find the customer screen again
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_customer"
        )
        form = self.env.ref("crm_lite.view_crm_customer_form").id
        action.update(
            {
                "views": [[form, "form"]],
                "view_mode": "form",
                "target": "current",
                "context": {"crm_lite_customer": True},
            }
        )
        if customer:
            return {**action, "name": customer.name, "res_id": customer.id}
        return {
            **action,
            "name": self.env._("New Customer"),
            "context": {
                "crm_lite_customer": True,
                "default_is_crm_customer": True,
                "default_is_company": True,
                "default_mobile"
                if is_mobile_key(normalized)
                else "default_phone": number,
            },
        }
