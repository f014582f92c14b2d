import logging

from odoo import api, fields, models

from . import duplicate_keys

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    """The keys of the duplicate check (查重): every partner keeps its name,
    phones and tax number in normal form (``duplicate_keys``), indexed, and
    the name key also under a trigram index for similar names."""

    # files of their own: the partner model's main file changes for other reasons
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
