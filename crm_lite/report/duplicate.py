from odoo import fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# similar names are listed for the customers registered within this many days
SIMILAR_NAMES_DAYS = 90

REASONS = [
    ("vat", "Same Unified Social Credit Code"),
    ("phone", "Same Phone Number"),
    ("contact_phone", "Same Phone Number as a Contact"),
    ("name", "Same Name"),
    ("similar_name", "Similar Name"),
]


class CrmDuplicate(models.Model):
    """疑似重复客户: pairs of CRM customers (archived ones too) sharing a
    unified social credit code, a phone number (their own or one of their
    contacts'), their name, or with similar names by their company's setting
    (one of them registered within SIMILAR_NAMES_DAYS); each pair once, under
    its strongest reason. Supervisors merge them with Odoo's merge wizard."""

    _name = "crm_lite.duplicate"
    _description = "Suspected Duplicate Customers"
    _auto = False
    _rec_name = "partner_id"
    _order = "rank, partner_id, duplicate_id"
    _depends = {
        "res.partner": [
            "crm_name_key",
            "crm_vat_key",
            "crm_phone_key",
            "crm_mobile_key",
            "commercial_partner_id",
            "is_crm_customer",
            "active",
            "company_id",
            "user_id",
        ],
        "res.company": ["crm_lite_duplicate_similarity"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    duplicate_id = fields.Many2one(
        "res.partner", string="Suspected Duplicate", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    duplicate_user_id = fields.Many2one(
        "res.users", string="Owner of the Duplicate", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    duplicate_company_id = fields.Many2one(
        "res.company", string="Company of the Duplicate", readonly=True
    )
    reason = fields.Selection(REASONS, readonly=True)
    rank = fields.Integer(readonly=True)
    similarity = fields.Float(
        string="Name Similarity (%)", readonly=True, aggregator=False
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # similar names need pg_trgm (see res.partner's init)
        # Similar names of the customers registered lately against every
        # customer: a trigram lookup per customer, which for all of them at
        # every read would not scale (same names, codes and phones are
        # compared for all, at any age).
        similar = SQL(
            """
            UNION ALL
            SELECT LEAST(a.id, b.id), GREATEST(a.id, b.id), 5, 'similar_name',
                   similarity(a.crm_name_key, b.crm_name_key)
              FROM res_partner a
              CROSS JOIN settings
              JOIN res_company company
                ON company.id = COALESCE(a.company_id,
                                         (SELECT min(id) FROM res_company))
              JOIN res_partner b
                ON b.crm_name_key %% a.crm_name_key
               AND b.id != a.id
               AND b.crm_name_key != a.crm_name_key
               AND b.is_crm_customer
             WHERE a.crm_name_key IS NOT NULL
               AND a.is_crm_customer
               AND a.create_date >= (now() AT TIME ZONE 'UTC')
                                    - make_interval(days => settings.recent_days)
               AND company.crm_lite_duplicate_similarity > 0
               AND similarity(a.crm_name_key, b.crm_name_key) * 100
                   >= company.crm_lite_duplicate_similarity
            """
        )
        if not self.env["res.partner"]._crm_has_trigram():
            similar = SQL()
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                WITH settings AS (SELECT %(recent_days)s::int AS recent_days),
                phones AS (
                    SELECT p.commercial_partner_id AS customer_id,
                           p.is_crm_customer AS own, key
                      FROM res_partner p,
                           unnest(ARRAY[p.crm_phone_key, p.crm_mobile_key]) AS key
                     WHERE key IS NOT NULL
                       AND p.crm_restricted
                       AND (p.is_crm_customer OR p.active)
                ), pairs AS (
                    SELECT a.id AS left_id, b.id AS right_id, 1 AS rank,
                           'vat' AS reason, NULL::float AS similarity
                      FROM res_partner a
                      JOIN res_partner b
                        ON b.crm_vat_key = a.crm_vat_key AND b.id > a.id
                       AND b.is_crm_customer
                     WHERE a.is_crm_customer
                    UNION ALL
                    SELECT LEAST(a.customer_id, b.customer_id),
                           GREATEST(a.customer_id, b.customer_id),
                           CASE WHEN a.own AND b.own THEN 2 ELSE 3 END,
                           CASE WHEN a.own AND b.own THEN 'phone'
                                ELSE 'contact_phone' END,
                           NULL
                      FROM phones a
                      JOIN phones b
                        ON b.key = a.key AND b.customer_id > a.customer_id
                     -- two customers' contacts with one number: no sign
                     WHERE a.own OR b.own
                    UNION ALL
                    SELECT a.id, b.id, 4, 'name', NULL
                      FROM res_partner a
                      JOIN res_partner b
                        ON b.crm_name_key = a.crm_name_key AND b.id > a.id
                       AND b.is_crm_customer
                     WHERE a.is_crm_customer
                    %(similar)s
                ), strongest AS (
                    SELECT DISTINCT ON (left_id, right_id) *
                      FROM pairs
                     ORDER BY left_id, right_id, rank
                )
                -- one id per pair, whatever the other rows
                SELECT strongest.right_id::bigint * (strongest.right_id - 1) / 2
                           + strongest.left_id AS id,
                       strongest.left_id AS partner_id,
                       strongest.right_id AS duplicate_id,
                       a.user_id, b.user_id AS duplicate_user_id,
                       a.company_id, b.company_id AS duplicate_company_id,
                       strongest.reason, strongest.rank,
                       round((strongest.similarity * 100)::numeric, 1)::float
                           AS similarity
                  FROM strongest
                  JOIN res_partner a ON a.id = strongest.left_id
                  JOIN res_partner b ON b.id = strongest.right_id
                 WHERE a.is_crm_customer = %(customer)s
                   AND b.is_crm_customer = %(customer)s
                )
                """,
                view=SQL.identifier(self._table),
                similar=similar,
                recent_days=SIMILAR_NAMES_DAYS,
                # parameters, so that psycopg2 reads %% as the operator %
                customer=True,
            )
        )

    def action_merge(self):
        """Odoo's merge wizard on the pair, the customer kept preselected."""
        self.ensure_one()
        partners = self.partner_id | self.duplicate_id
        if len(partners) != 2:
            raise UserError(self.env._("This pair no longer exists."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "base.action_partner_deduplicate"
        )
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": partners.ids,
            "active_test": False,
        }
        return action
