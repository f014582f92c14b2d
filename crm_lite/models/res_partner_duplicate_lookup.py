from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

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


class ResPartner(models.Model):
    """The duplicate check's look-ups (查重): the CRM customers that share a
    key with given probes, read on the keys' indexes, and those of a similar
    name (pg_trgm)."""

    # files of their own: the partner model's main file changes for other reasons
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
