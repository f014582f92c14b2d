import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import UserError

from . import duplicate_keys

# what a caller ID may hold besides digits: spaces, the usual separators and
# the marks of an extension (NFKC'd text)
PHONE_TEXT = re.compile(
    r"^[\d\s+\-().,/#*xX]*(?:(?:转|轉|分机|分機|内线|內線|ext\.?|extension)"
    r"\s*\d*\s*)?$",
    re.IGNORECASE,
)
# customers answered for one number at most (a number shared by more is a
# switchboard of a group, or a duplicate to merge)
LOOKUP_CUSTOMERS = 5
LOOKUP_INTERACTIONS = 3
LOOKUP_SERVICES = 10
OPEN_SERVICE_STATES = ("new", "assigned", "handled")
# what the answer shows of a customer and of a contact
CUSTOMER_FIELDS = [
    "name",
    "is_crm_customer",
    "customer_code",
    "customer_level_id",
    "user_id",
    "crm_state",
    "phone",
    "mobile",
]
CONTACT_FIELDS = ["name", "function", "phone", "mobile"]
# where numbers without a country code are read when nothing says otherwise
# (res_partner_duplicate_keys._crm_phone_region)
DEFAULT_REGION = "CN"


class ResPartner(models.Model):
    """Caller ID (来电显示): the partners' phone and mobile in E.164, as the
    duplicate check keeps them (``crm_phone_key`` and ``crm_mobile_key``,
    stored and indexed, ``duplicate_keys.phone_key``: one rule for both),
    and the lookup of a number among the customers the user may read."""

    # files of their own: the partner model's main file changes for other reasons
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    phone_normalized = fields.Char(
        string="Phone (E.164)",
        related="crm_phone_key",
        help="The phone number in international form (E.164), as the caller "
        "ID and the duplicate check compare it.",
    )
    mobile_normalized = fields.Char(
        string="Mobile (E.164)",
        related="crm_mobile_key",
        help="The mobile number in international form (E.164), as the caller "
        "ID and the duplicate check compare it.",
    )

    @api.model
    def _crm_phone_lookup_keys(self, number):
        """``number`` (a caller ID in any usual form) in E.164, as the
        partners' keys may hold it: read in the current company's country
        first, then in the user's other companies' and in China (where a
        partner of no country and no company has its numbers read); a
        translated UserError when it is no phone number."""
        if not isinstance(number, str) or not number.strip():
            raise UserError(self.env._("Give the phone number to look up."))
        text = unicodedata.normalize("NFKC", number).strip()
        if len(text) > duplicate_keys.MAX_PHONE_LENGTH or not PHONE_TEXT.match(text):
            raise UserError(
                self.env._(
                    "%(number)s is no phone number: digits, spaces, + - ( ) "
                    "and an extension only.",
                    number=repr(number[:40]),
                )
            )
        keys = []
        for region in [*self._crm_company_regions(), DEFAULT_REGION]:
            key = duplicate_keys.phone_key(text, region)
            if key and key not in keys:
                keys.append(key)
        if not keys:
            raise UserError(
                self.env._(
                    "%(number)s is too short to be a phone number.",
                    number=repr(number[:40]),
                )
            )
        return keys

    @api.model
    def _crm_company_regions(self):
        """The countries (ISO codes) of the user's companies, the current
        one's first: in one query, as the caller ID reads them for each call
        (the companies' address fields are computed from their partners)."""
        companies = (self.env.company | self.env.companies).ids
        self.env.cr.execute(
            """
            SELECT country.code FROM res_company company
              JOIN res_partner partner ON partner.id = company.partner_id
              JOIN res_country country ON country.id = partner.country_id
             WHERE company.id = ANY(%s)
             ORDER BY array_position(%s, company.id)
            """,
            [companies, companies],
        )
        return [code for (code,) in self.env.cr.fetchall()]

    @api.model
    def _crm_phone_matches(self, keys):
        """The CRM customers and contacts whose phone or mobile is one of
        ``keys`` (E.164) that the current user may read: {customer: its
        matching contact or an empty recordset}, customers matched by their
        own number first."""
        # only the fields the answer shows are read (a partner has some 150)
        partners = self.search_fetch(
            [
                ("crm_restricted", "=", True),
                "|",
                ("crm_phone_key", "in", keys),
                ("crm_mobile_key", "in", keys),
            ],
            [*CONTACT_FIELDS, "commercial_partner_id"],
            order="is_company desc, id",
            limit=LOOKUP_CUSTOMERS * 4,
        )
        partners.commercial_partner_id.fetch(CUSTOMER_FIELDS)
        matches = {}
        for partner in partners:
            customer = partner.commercial_partner_id
            if not customer.is_crm_customer:
                continue
            contact = self.browse() if partner == customer else partner
            if customer not in matches:
                if len(matches) == LOOKUP_CUSTOMERS:
                    continue
                matches[customer] = contact
            elif not matches[customer]:
                matches[customer] = contact
        return matches

    @api.model
    def _crm_phone_lookup(self, number, keys=None):
        """The caller ID's answer for ``number`` (``keys``: its E.164 forms,
        when already known) as the current user reads it: the number in
        E.164 and each matching customer (name, code, level, owner, in the
        pool or not), its matching contact, its last interactions and its
        open services. An unknown number has no customer."""
        keys = keys or self._crm_phone_lookup_keys(number)
        matches = self._crm_phone_matches(keys)
        customers = self.browse([customer.id for customer in matches])
        Interaction = self.env["crm_lite.interaction"]
        Service = self.env["crm_lite.service"]
        interactions = {
            customer: Interaction.search_fetch(
                [("partner_id", "=", customer.id)],
                ["date", "place", "name", "create_uid"],
                limit=LOOKUP_INTERACTIONS,
            )
            for customer in customers
            if Interaction.has_access("read")
        }
        services = {
            customer: Service.search_fetch(
                [
                    ("partner_id", "=", customer.id),
                    ("state", "in", OPEN_SERVICE_STATES),
                ],
                ["name", "service_type_id", "state", "user_id", "create_date"],
                order="create_date desc, id desc",
                limit=LOOKUP_SERVICES,
            )
            for customer in customers
            if Service.has_access("read")
        }
        # the names the cards show, each kind in one go: the users' (their
        # partners' names, not the partners' other fields) and, for who reads
        # the dictionary, the levels and service types
        users = customers.user_id
        for records in interactions.values():
            users |= records.create_uid
        for records in services.values():
            users |= records.user_id
        users.fetch(["partner_id"])
        users.partner_id.fetch(["name"])
        levels_readable = self.env["crm_lite.dict"].has_access("read")
        if levels_readable:
            entries = customers.customer_level_id
            for records in services.values():
                entries |= records.service_type_id
            entries.fetch(["item"])
        states = dict(Service._fields["state"]._description_selection(self.env))
        cards = []
        for customer, contact in matches.items():
            card = customer._crm_phone_card(contact, levels_readable)
            if customer in interactions:
                card["interactions"] = [
                    {
                        "id": interaction.id,
                        "date": fields.Date.to_string(interaction.date),
                        "place": interaction.place,
                        "name": interaction.name,
                        "user": interaction.create_uid.name,
                    }
                    for interaction in interactions[customer]
                ]
            if customer in services:
                card["services"] = [
                    {
                        "id": service.id,
                        "name": service.name,
                        "type": (levels_readable and service.service_type_id.item)
                        or None,
                        "state": service.state,
                        "state_label": states.get(service.state),
                        "user": service.user_id.name or None,
                        "date": fields.Datetime.to_string(service.create_date),
                    }
                    for service in services[customer]
                ]
            cards.append(card)
        return {"number": keys[0], "customers": cards}

    def _crm_phone_card(self, contact, levels_readable):
        """What the caller ID shows of this customer and of ``contact`` (the
        person whose number it is, or none), as the current user may read
        it; the level for who reads the dictionary."""
        self.ensure_one()
        owner = self.user_id
        return {
            "id": self.id,
            "name": self.name,
            "code": self.customer_code or None,
            "level": (levels_readable and self.customer_level_id.item) or None,
            "owner": {"id": owner.id, "name": owner.name} if owner else None,
            "pool": not owner,
            "state": self.crm_state,
            "phone": self.phone or None,
            "mobile": self.mobile or None,
            "contact": (
                {
                    "id": contact.id,
                    "name": contact.name,
                    "function": contact.function or None,
                    "phone": contact.phone or None,
                    "mobile": contact.mobile or None,
                }
                if contact
                else None
            ),
        }
