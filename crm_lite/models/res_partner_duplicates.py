from odoo import api, models
from odoo.exceptions import ValidationError

from . import duplicate_keys
from .res_partner_duplicate_lookup import SIMILAR_NAME

# the partners a merge is making one: their keys may match meanwhile
MERGED_PARTNERS_CONTEXT = "crm_lite_merged_partner_ids"


class ResPartner(models.Model):
    """查重: no company becomes a CRM customer twice. Each CRM customer keeps
    its name, phones and tax number in normal form, indexed
    (res_partner_duplicate_keys.py, looked up by
    res_partner_duplicate_lookup.py); whoever registers one, by any way
    (form, import, won chance, onboarding, RPC), is refused when another CRM
    customer, of any owner and any company, archived or not, has the same
    code, phone or name, and learns only its name and its owner (or the
    public pool). A similar name is a warning on the form."""

    # files of their own: the partner model's main file changes for other reasons
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # the check

    @api.constrains(
        "name", "phone", "mobile", "vat", "is_crm_customer", "country_id", "company_id"
    )
    def _check_crm_duplicates_constraint(self):
        self._crm_check_duplicates()

    def _crm_check_duplicates(self):
        """Refuse these CRM customers when another has the same code, phone
        (its own or one of its contacts') or name; the message names the
        match and its owner only."""
        if len(self) > 1:
            matches = self._crm_find_batch_duplicates()
        else:
            matches = self._crm_find_duplicates(
                [
                    (
                        customer.id,
                        customer.crm_name_key,
                        customer.crm_vat_key,
                        [
                            key
                            for key in (customer.crm_phone_key, customer.crm_mobile_key)
                            if key
                        ],
                    )
                    for customer in self
                    if customer.is_crm_customer
                ]
            )
        if not matches:
            return
        customer = self.browse(next(iter(matches)))
        raise ValidationError(
            self.env._(
                "%(name)s is already registered:\n%(matches)s\n"
                "Ask its owner or a sales supervisor instead of registering it "
                "again.",
                name=customer.name,
                matches="\n".join(
                    self._crm_describe_match(match) for match in matches[customer.id]
                ),
            )
        )

    def _crm_duplicate_matches(self, vals):
        """What the user may learn of the CRM customers that a customer with
        ``vals`` (on top of this record's values, when there is one) would
        duplicate: [{"name", "owner" (name, or the public pool), "archived",
        "reason" (vat, phone, contact_phone, name, similar_name), "exact"}],
        the exact matches first, then up to five similar names."""
        record = self[:1]
        values = {
            name: vals[name] if name in vals else record[name]
            for name in ("name", "phone", "mobile", "vat")
        }
        country = self.env["res.country"].browse(
            vals.get("country_id", record.country_id.id)
        )
        company = self.env["res.company"].browse(
            vals.get("company_id", record.company_id.id)
        )
        keys = self._crm_duplicate_keys(values, country=country, company=company)
        # a form's new record is no row yet: nothing to exclude
        own_id = record._origin.id or 0
        probe = (
            own_id,
            keys["crm_name_key"],
            keys["crm_vat_key"],
            [key for key in (keys["crm_phone_key"], keys["crm_mobile_key"]) if key],
        )
        matches = self._crm_find_duplicates([probe]).get(own_id, [])
        threshold = self.env.company._crm_settings()["similarity"]
        if keys["crm_name_key"] and threshold and self._crm_has_trigram():
            known = {match["id"] for match in matches}
            matches += [
                match
                for match in self._crm_similar_names(
                    own_id, keys["crm_name_key"], threshold / 100
                )
                if match["id"] not in known
            ]
        return [
            {
                "name": match["name"],
                "owner": match["owner"] or self.env._("the public pool"),
                "archived": match["archived"],
                "reason": match["reason"],
                "exact": match["reason"] != SIMILAR_NAME,
            }
            for match in matches
        ]

    def _crm_merged_partner_ids(self):
        """The partners being merged into one (by the merge wizard of a
        sales supervisor or an administrator): they do not count as
        duplicates of one another. Nobody else passes this context."""
        merged = self.env.context.get(MERGED_PARTNERS_CONTEXT)
        if not merged or not (
            self.env.is_admin()
            or self.env.user.has_group("crm_lite.group_sales_supervisor")
        ):
            return []
        return [pid for pid in merged if isinstance(pid, int)]

    def _crm_describe_match(self, match):
        """One line of a duplicate's message: its name, owner and why."""
        reasons = {
            "vat": self.env._("same unified social credit code"),
            "phone": self.env._("same phone number"),
            "contact_phone": self.env._("same phone number as one of its contacts"),
            "name": self.env._("same name"),
            SIMILAR_NAME: self.env._("similar name"),
        }
        owner = match["owner"] or self.env._("the public pool")
        if match["archived"]:
            return self.env._(
                "%(name)s (archived), owner: %(owner)s (%(reason)s)",
                name=match["name"],
                owner=owner,
                reason=reasons[match["reason"]],
            )
        return self.env._(
            "%(name)s, owner: %(owner)s (%(reason)s)",
            name=match["name"],
            owner=owner,
            reason=reasons[match["reason"]],
        )

    @api.onchange("name", "phone", "mobile", "vat", "is_crm_customer")
    def _onchange_crm_duplicates(self):
        """Tell who fills in a CRM customer's form what it would duplicate:
        exact matches, which saving will refuse, and similar names."""
        if not self.is_crm_customer or self.parent_id:
            return None
        matches = self._crm_duplicate_matches({})
        if not matches:
            return None
        lines = "\n".join(self._crm_describe_match(match) for match in matches)
        if any(match["exact"] for match in matches):
            message = self.env._(
                "This customer is already registered; saving it will be "
                "refused:\n%(matches)s",
                matches=lines,
            )
        else:
            message = self.env._(
                "Customers with a similar name exist; check that this is "
                "not one of them:\n%(matches)s",
                matches=lines,
            )
        return {
            "warning": {
                "title": self.env._("Possible duplicate customer"),
                "message": message,
            }
        }

    # the unified social credit code

    @api.constrains("vat", "is_crm_customer", "country_id")
    def _check_crm_uscc(self):
        """A Chinese CRM customer's tax ID (or one of no country) is its
        unified social credit code: 18 characters with its check character
        (GB 32100-2015)."""
        for partner in self:
            if not (partner.is_crm_customer and partner.vat):
                continue
            if partner.country_id and partner.country_id.code != "CN":
                continue
            code = duplicate_keys.vat_key(partner.vat) or ""
            error = duplicate_keys.uscc_error(code)
            if not error:
                continue
            if error == "length":
                reason = self.env._(
                    "it has %(length)s characters instead of 18", length=len(code)
                )
            elif error == "character":
                reason = self.env._(
                    "it may only hold digits and the capital letters other "
                    "than I, O, S, V and Z"
                )
            else:
                reason = self.env._("its last character, the check character, is wrong")
            raise ValidationError(
                self.env._(
                    "%(vat)s of %(name)s is no valid unified social credit "
                    "code (统一社会信用代码): %(reason)s. A customer outside "
                    "China needs its country set.",
                    vat=partner.vat,
                    name=partner.name,
                    reason=reason,
                )
            )
