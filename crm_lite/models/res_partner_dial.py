import logging
import string
from urllib.parse import quote

import phonenumbers
import requests

from odoo import api, models
from odoo.exceptions import UserError

from . import duplicate_keys

_logger = logging.getLogger(__name__)

# the system parameter of the phone system's "originate" URL, and what its
# template may name
ORIGINATE_URL_PARAMETER = "crm_lite.pbx_originate_url"
ORIGINATE_PLACEHOLDERS = ("number", "national", "extension", "login")
ORIGINATE_TIMEOUT = 5


class ResPartner(models.Model):
    """Click-to-dial (拨号): the Call button of customers and contacts, which
    may first ask the company's phone system to dial (its "originate" URL),
    then opens the call log that records the call as an interaction."""

    # files of their own: the partner model's main file changes for other reasons
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def action_crm_dial(self):
        """拨号: call this customer or contact. With the phone system's
        originate URL set, the phone system is asked to ring the user's
        extension and dial the number (a translated UserError when it cannot
        be reached: nothing is recorded); then the call log opens, which
        records the call as an interaction when saved."""
        self.ensure_one()
        customer = self.commercial_partner_id
        if not customer.is_crm_customer:
            raise UserError(
                self.env._(
                    "Calls are recorded for CRM customers and their contacts; "
                    "%(partner)s is neither.",
                    partner=self.display_name,
                )
            )
        # recording the call is what the button leads to: who may not record
        # one learns it before the phone rings
        self.env["crm_lite.interaction"].check_access("create")
        number = self.phone or self.mobile
        if not number:
            raise UserError(
                self.env._("%(partner)s has no phone number.", partner=self.name)
            )
        template = self._crm_originate_template()
        if template:
            self._crm_originate(template, number)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call %(partner)s", partner=self.display_name),
            "res_model": "crm_lite.call.wizard",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "default_partner_id": self.id,
                "default_number": number,
                "default_name": self.env._("Phone call"),
            },
        }

    @api.model
    def _crm_originate_template(self):
        # a setting of the system administrators, read for whoever dials
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(ORIGINATE_URL_PARAMETER, "")
            .strip()
        )

    @api.model
    def _crm_originate_url(self, template, number):
        """``template`` with the number called ({number} in E.164,
        {national} as dialled at home) and the user's {extension} and
        {login}, each URL-encoded; a translated UserError for a template
        that is no http(s) URL or names something else."""
        if not template.lower().startswith(("http://", "https://")):
            raise UserError(
                self.env._(
                    "The phone system's originate URL must start with http:// "
                    "or https://."
                )
            )
        region = self._crm_phone_region(self.country_id, self.company_id)
        key = duplicate_keys.phone_key(number, region) or number
        try:
            national = phonenumbers.format_number(
                phonenumbers.parse(key, region),
                phonenumbers.PhoneNumberFormat.NATIONAL,
            )
        except phonenumbers.NumberParseException:
            national = key
        values = {
            "number": key,
            "national": duplicate_keys.NOT_A_DIGIT.sub("", national),
            "extension": self.env.user.crm_phone_extension or "",
            "login": self.env.user.login,
        }
        try:
            names = {
                name for _text, name, _spec, _conv in string.Formatter().parse(template)
            }
        except ValueError:
            names = {"}"}
        unknown = names - set(ORIGINATE_PLACEHOLDERS) - {None}
        if unknown:
            raise UserError(
                self.env._(
                    "The phone system's originate URL may name %(known)s, not "
                    "%(unknown)s.",
                    known=", ".join(f"{{{name}}}" for name in ORIGINATE_PLACEHOLDERS),
                    unknown=", ".join(sorted(unknown)),
                )
            )
        try:
            return template.format_map(
                {name: quote(value, safe="") for name, value in values.items()}
            )
        except (ValueError, KeyError, IndexError, AttributeError):
            raise UserError(
                self.env._(
                    "The phone system's originate URL may name %(known)s, not "
                    "%(unknown)s.",
                    known=", ".join(f"{{{name}}}" for name in ORIGINATE_PLACEHOLDERS),
                    unknown=template[:80],
                )
            ) from None

    def _crm_originate(self, template, number):
        """Ask the phone system to dial ``number`` from the user's extension
        (a GET of the originate URL); a translated UserError when it cannot
        be reached or refuses."""
        url = self._crm_originate_url(template, number)
        try:
            response = requests.get(url, timeout=ORIGINATE_TIMEOUT)
        except requests.RequestException as error:
            _logger.info("PBX originate %s failed: %s", url, error)
            raise UserError(
                self.env._(
                    "The phone system could not be reached to dial %(number)s; "
                    "dial it on your phone.",
                    number=number,
                )
            ) from None
        if response.status_code >= 400:
            raise UserError(
                self.env._(
                    "The phone system refused to dial %(number)s (HTTP %(status)s).",
                    number=number,
                    status=response.status_code,
                )
            )
