import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from . import duplicate_keys

_logger = logging.getLogger(__name__)

# what makes two customers one, strongest first
EXACT_REASONS = ("vat", "phone", "contact_phone", "name")
SIMILAR_NAME = "similar_name"
# similar names shown on a form, the closest first
SIMILAR_LIMIT = 5
# One lookup of the keys on their indexes, as bare as can be: a new customer
# matches nothing, and that is the case to be fast. What the rows found are
# (which customer, which probe they match and why) is read next, then sorted
# out in Python.
ONE_PROBE_LOOKUP = """
    SELECT id FROM res_partner
     WHERE (crm_vat_key = %s OR crm_name_key = %s
            OR crm_phone_key = ANY(%s) OR crm_mobile_key = ANY(%s))
       AND commercial_partner_id != %s
"""
PROBES_LOOKUP = """
    SELECT id FROM res_partner
     WHERE crm_vat_key = ANY(%s) OR crm_name_key = ANY(%s)
        OR crm_phone_key = ANY(%s) OR crm_mobile_key = ANY(%s)
"""
# Many customers at once (an onboarding, an import): the keys of theirs that
# any other partner has too (a key held by one row, theirs, matches nothing),
# looked up on the keys' indexes alone; the customers holding such a key are
# then checked as one probe each. Counting, not joining on the other rows:
# thousands of new customers mostly match nothing, and a count reads no row.
BATCH_SHARED_KEYS = """
    WITH probe AS MATERIALIZED (
        SELECT crm_vat_key, crm_name_key, crm_phone_key, crm_mobile_key
          FROM res_partner
         WHERE id = ANY(%(ids)s) AND is_crm_customer
    ), phones AS MATERIALIZED (
        SELECT crm_phone_key AS key FROM probe WHERE crm_phone_key IS NOT NULL
        UNION
        SELECT crm_mobile_key FROM probe WHERE crm_mobile_key IS NOT NULL
    )
    SELECT 'vat', crm_vat_key FROM res_partner
     WHERE crm_vat_key = ANY(ARRAY(SELECT crm_vat_key FROM probe
                                    WHERE crm_vat_key IS NOT NULL))
     GROUP BY 2 HAVING count(*) > 1
    UNION ALL
    SELECT 'name', crm_name_key FROM res_partner
     WHERE crm_name_key = ANY(ARRAY(SELECT crm_name_key FROM probe
                                     WHERE crm_name_key IS NOT NULL))
     GROUP BY 2 HAVING count(*) > 1
    UNION ALL
    SELECT 'phone', key FROM (
        SELECT crm_phone_key AS key FROM res_partner
         WHERE crm_phone_key = ANY(ARRAY(SELECT key FROM phones))
        UNION ALL
        SELECT crm_mobile_key FROM res_partner
         WHERE crm_mobile_key = ANY(ARRAY(SELECT key FROM phones))
    ) AS phone
     GROUP BY 2 HAVING count(*) > 1
"""
# the partners a merge is making one: their keys may match meanwhile
MERGED_PARTNERS_CONTEXT = "crm_lite_merged_partner_ids"


class ResPartner(models.Model):
    """查重: no company becomes a CRM customer twice. Each CRM customer keeps
    its name, phones and tax number in normal form (``duplicate_keys``),
    indexed; whoever registers one, by any way (form, import, won chance,
    onboarding, RPC), is refused when another CRM customer, of any owner and
    any company, archived or not, has the same code, phone or name, and
    learns only its name and its owner (or the public pool). A similar name
    is a warning on the form."""

    # a file of its own: the partner model's main file changes for other reasons
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    crm_name_key = fields.Char(
        string="Duplicate Check Name",
        compute="_compute_crm_duplicate_keys",
        store=True,
        index="btree_not_null",
        help="Technical: the name as compared for duplicates.",
    )
    crm_phone_key = fields.Char(
        string="Duplicate Check Phone",
        compute="_compute_crm_duplicate_keys",
        store=True,
        index="btree_not_null",
        help="Technical: the phone in E.164, as compared for duplicates.",
    )
    crm_mobile_key = fields.Char(
        string="Duplicate Check Mobile",
        compute="_compute_crm_duplicate_keys",
        store=True,
        index="btree_not_null",
        help="Technical: the mobile in E.164, as compared for duplicates.",
    )
    crm_vat_key = fields.Char(
        string="Duplicate Check Tax ID",
        compute="_compute_crm_duplicate_keys",
        store=True,
        index="btree_not_null",
        help="Technical: the tax ID (unified social credit code) as compared "
        "for duplicates.",
    )

    def init(self):
        result = super().init()
        # similar names: a trigram index on the name key, when PostgreSQL
        # has (or lets us create) pg_trgm
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - the warning is optional
            _logger.warning("pg_trgm unavailable, no similar-name warnings: %s", error)
            return result
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner__crm_name_key_trgm_index
                ON res_partner USING gin (crm_name_key gin_trgm_ops)
             WHERE crm_name_key IS NOT NULL
            """
        )
        return result

    @api.model
    def _crm_has_trigram(self):
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.fetchone())

    # Every partner's keys, not only CRM customers': a partner made a customer
    # (onboarded, won, imported) is then checked without computing anything,
    # and whether a key counts (a customer's, an active contact's) is decided
    # where the keys are compared.
    @api.depends("name", "phone", "mobile", "vat", "country_id", "company_id")
    def _compute_crm_duplicate_keys(self):
        for partner in self:
            keys = partner._crm_duplicate_keys(
                {name: partner[name] for name in ("name", "phone", "mobile", "vat")},
                country=partner.country_id,
                company=partner.company_id,
            )
            partner.update(keys)

    @api.model
    def _crm_duplicate_keys(self, vals, country=None, company=None):
        """The keys of a partner with ``vals``: its name, tax ID, phone and
        mobile in normal form."""
        region = self._crm_phone_region(country, company)
        return {
            "crm_name_key": duplicate_keys.name_key(vals.get("name")),
            "crm_vat_key": duplicate_keys.vat_key(vals.get("vat")),
            "crm_phone_key": duplicate_keys.phone_key(vals.get("phone"), region),
            "crm_mobile_key": duplicate_keys.phone_key(vals.get("mobile"), region),
        }

    @api.model
    def _crm_phone_region(self, country, company):
        """Where a partner's phone numbers are read without a country
        prefix: its country, else its company's, else China (the same for
        whoever registers it, so that its keys do not depend on the user)."""
        country = country or (company and company.sudo().country_id)
        return (country and country.code) or "CN"

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

    @api.model
    def _crm_find_duplicates(self, probes):
        """{probe id: [match]} for the probes (id, name key, code key, phone
        keys) matched exactly by another CRM customer, over every company
        and archived customers too; a match: {"id", "name", "owner" (its
        account manager's name or None), "archived", "reason"}. The phones
        of active contacts count for their customer."""
        probes = [probe for probe in probes if probe[1] or probe[2] or probe[3]]
        if not probes:
            return {}
        self.flush_model(self._crm_lookup_fields())
        if len(probes) == 1:
            # a customer and its contacts are no duplicates of it
            own_id, name_key, vat_key, phones = probes[0]
            query = SQL(
                ONE_PROBE_LOOKUP,
                vat_key or None,
                name_key or None,
                phones,
                phones,
                own_id,
            )
        else:
            # of several, each may be another's duplicate: sorted out below
            phones = sorted({key for probe in probes for key in probe[3]})
            query = SQL(
                PROBES_LOOKUP,
                sorted({probe[2] for probe in probes if probe[2]}),
                sorted({probe[1] for probe in probes if probe[1]}),
                phones,
                phones,
            )
        self.env.cr.execute(query)
        return self._crm_duplicates_among(
            probes, [row[0] for row in self.env.cr.fetchall()]
        )

    def _crm_find_batch_duplicates(self):
        """_crm_find_duplicates of these partners' stored keys (those that are
        CRM customers), thousands at once."""
        self.flush_model(self._crm_lookup_fields())
        self.env.cr.execute(SQL(BATCH_SHARED_KEYS, ids=self.ids))
        shared = set(self.env.cr.fetchall())
        if not shared:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT id, crm_name_key, crm_vat_key,
                       array_remove(ARRAY[crm_phone_key, crm_mobile_key], NULL)
                  FROM res_partner
                 WHERE id = ANY(%s) AND is_crm_customer
                """,
                self.ids,
            )
        )
        probes = [
            (own_id, name_key, vat_key, phones)
            for own_id, name_key, vat_key, phones in self.env.cr.fetchall()
            if ("name", name_key) in shared
            or ("vat", vat_key) in shared
            or any(("phone", phone) in shared for phone in phones)
        ]
        return self._crm_find_duplicates(probes)

    @api.model
    def _crm_lookup_fields(self):
        return [
            "crm_name_key",
            "crm_vat_key",
            "crm_phone_key",
            "crm_mobile_key",
            "commercial_partner_id",
            "is_crm_customer",
            "active",
        ]

    @api.model
    def _crm_duplicates_among(self, probes, found_ids):
        """_crm_find_duplicates of ``probes`` among the partners ``found_ids``
        (those sharing a key with one of them)."""
        if not found_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT commercial_partner_id, is_crm_customer, active, crm_vat_key,
                       crm_name_key, crm_phone_key, crm_mobile_key
                  FROM res_partner
                 WHERE id = ANY(%s)
                """,
                found_ids,
            )
        )
        rows = self.env.cr.fetchall()
        found = self._crm_match_probes(probes, rows)
        if not found:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT customer.id, customer.name, NOT customer.active,
                       owner_partner.name
                  FROM res_partner customer
                  LEFT JOIN res_users owner ON owner.id = customer.user_id
                  LEFT JOIN res_partner owner_partner
                    ON owner_partner.id = owner.partner_id
                 WHERE customer.id = ANY(%s) AND customer.is_crm_customer
                """,
                sorted({customer_id for _own, customer_id in found}),
            )
        )
        customers = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        matches = {}
        for (own_id, customer_id), reasons in sorted(found.items()):
            if customer_id not in customers:
                continue
            name, archived, owner = customers[customer_id]
            matches.setdefault(own_id, []).append(
                {
                    "id": customer_id,
                    "name": name,
                    "owner": owner,
                    "archived": archived,
                    # the strongest
                    "reason": min(reasons, key=EXACT_REASONS.index),
                }
            )
        return matches

    def _crm_match_probes(self, probes, rows):
        """{(probe id, customer id): reasons} of the ``rows`` (commercial
        partner, is customer, active, keys...) that match each probe."""
        merged = set(self._crm_merged_partner_ids())
        # the rows found by each key (thousands of probes at once when
        # partners are onboarded: no probe reads every row)
        by_key = defaultdict(list)
        for customer_id, customer, active, row_vat, row_name, *row_phones in rows:
            # an archived contact no longer speaks for its customer
            if not (customer or active):
                continue
            if customer and row_vat:
                by_key["vat", row_vat].append(customer_id)
            if customer and row_name:
                by_key["name", row_name].append(customer_id)
            for phone in filter(None, row_phones):
                by_key["phone", phone].append(
                    (customer_id, "phone" if customer else "contact_phone")
                )
        found = defaultdict(set)  # (probe id, customer id): reasons
        for own_id, name_key, vat_key, phone_keys in probes:
            for reason, key in (("vat", vat_key), ("name", name_key)):
                for customer_id in by_key.get((reason, key), ()) if key else ():
                    found[own_id, customer_id].add(reason)
            for phone in phone_keys:
                for customer_id, reason in by_key.get(("phone", phone), ()):
                    found[own_id, customer_id].add(reason)
        found = {
            (own_id, customer_id): reasons
            for (own_id, customer_id), reasons in found.items()
            if customer_id != own_id and customer_id not in merged
        }
        return found

    @api.model
    def _crm_similar_names(self, own_id, name_key, threshold):
        """The CRM customers whose name key is at least ``threshold``
        similar (pg_trgm) to ``name_key``, the closest first."""
        self.flush_model(["crm_name_key", "is_crm_customer", "active", "user_id"])
        cr = self.env.cr
        # the trigram operator's threshold, for this transaction only
        cr.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(threshold)],
        )
        # a plain query: Odoo's SQL() has no way to write the operator %
        cr.execute(
            """
            SELECT customer.id, customer.name, NOT customer.active,
                   owner_partner.name
              FROM res_partner customer
              LEFT JOIN res_users owner ON owner.id = customer.user_id
              LEFT JOIN res_partner owner_partner
                ON owner_partner.id = owner.partner_id
             WHERE customer.crm_name_key %% %(key)s
               AND customer.is_crm_customer
               AND customer.id != %(own)s
             ORDER BY similarity(customer.crm_name_key, %(key)s) DESC, customer.id
             LIMIT %(limit)s
            """,
            {"key": name_key, "own": own_id, "limit": SIMILAR_LIMIT},
        )
        return [
            {
                "id": match_id,
                "name": name,
                "owner": owner,
                "archived": archived,
                "reason": SIMILAR_NAME,
            }
            for match_id, name, archived, owner in cr.fetchall()
        ]

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
