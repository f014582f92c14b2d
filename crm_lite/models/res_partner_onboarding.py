# One concern per file: the customer profile stays in res_partner.py.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .res_partner import crm_access_key

# the partners that may become CRM customers (onboarded, or won through a
# chance): companies or persons of their own, not the staff's or the
# companies' own partners (the action of the partners to onboard says the
# same in XML)
CUSTOMER_CANDIDATE_DOMAIN = [
    ("parent_id", "=", False),
    ("user_ids", "=", False),
    ("ref_company_ids", "=", False),
]


class ResPartner(models.Model):
    """Existing partners made CRM customers: one at a time (the flag on a
    form, a row of an import) or thousands at once (the contacts list's
    "Make CRM Customers"). Either way the customer counts its pool period and
    its churn from that day, not from when the partner was created, and its
    owner is one who may own CRM customers."""

    _inherit = "res.partner"

    crm_customer_date = fields.Date(
        string="CRM Customer Since",
        readonly=True,
        copy=False,
        help="When the partner became a CRM customer; its first pool period "
        "and churn period count from that day.",
    )

    @api.model
    def _crm_since_sql(self, alias):
        """SQL of the day the customer aliased ``alias`` became a CRM customer
        (customers of a version without the field: their creation)."""
        return SQL(
            "COALESCE(%s.crm_customer_date, %s.create_date::date)",
            SQL.identifier(alias),
            SQL.identifier(alias),
        )

    @api.constrains("is_crm_customer", "user_id", "company_id")
    def _check_crm_owner(self):
        """A CRM customer's owner is an active account manager of its company
        (the host's salesperson of other partners is anyone), however it
        became one: flagged with the salesperson it had, imported, moved to
        another company."""
        owned = self.filtered(
            lambda partner: partner.is_crm_customer and partner.user_id
        )
        for owner, customers in owned.grouped("user_id").items():
            customers._crm_check_owner(owner)

    def _crm_onboard(self, owner):
        """Make these partners CRM customers of ``owner`` (a user; empty: the
        public pool) from today, in one statement for the partners and one
        for their contacts, then one duplicate check of all. Partners that are
        contacts of a company, or already CRM customers, are refused with
        their names."""
        user = self.env.user
        # CRM administrators are supervisors too (implied group)
        if not (self.env.su or user.has_group("crm_lite.group_sales_supervisor")):
            raise AccessError(
                self.env._(
                    "Only sales supervisors and CRM administrators make existing "
                    "partners CRM customers."
                )
            )
        if not self:
            raise UserError(self.env._("Select the partners to make CRM customers."))
        self.check_access("write")
        partners = self.with_context(active_test=False)
        today = fields.Date.context_today(self)
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "crm_lite.customer")], limit=1)
        )
        if not sequence:
            raise UserError(self.env._("The customer code sequence is missing."))
        self.flush_model()
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        self.env["res.users"].flush_model(["partner_id"])
        self.env["res.company"].flush_model(["partner_id"])
        # thousands at once: the statement flags only the partners that may
        # become customers, and says whether they all did; the reasons are
        # looked for only when some did not
        with self.env.cr.savepoint(flush=False):
            self.env.cr.execute(
                self._crm_onboard_sql(partners.ids, owner, today, sequence)
            )
            flagged = self.env.cr.fetchone()[0]
            if flagged != len(set(partners.ids)):
                raise partners._crm_onboard_refusal()
            partners._crm_check_owner(owner)
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner contact
                       SET crm_restricted = TRUE,
                           crm_owner_id = %(owner)s,
                           crm_access_key = %(key)s
                     WHERE contact.commercial_partner_id = ANY(%(ids)s)
                       AND contact.id != ALL(%(ids)s)
                    """,
                    owner=owner.id or None,
                    key=crm_access_key(owner),
                    ids=partners.ids,
                )
            )
            self.invalidate_model()
            # the duplicate check's keys are every partner's already: the
            # check compares them, all at once
            partners._crm_check_duplicates()
        self.invalidate_model()
        # the sequence's cache of its next number
        sequence.invalidate_recordset()
        return True

    def _crm_onboard_refusal(self):
        """The error saying why some of these partners cannot become CRM
        customers: contacts of a company, partners of users or companies,
        customers already."""
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(array_agg(p.id) FILTER (
                           WHERE p.parent_id IS NOT NULL), '{}'),
                       COALESCE(array_agg(p.id) FILTER (
                           WHERE EXISTS (SELECT 1 FROM res_users u
                                          WHERE u.partner_id = p.id)
                              OR EXISTS (SELECT 1 FROM res_company c
                                          WHERE c.partner_id = p.id)), '{}'),
                       COALESCE(array_agg(p.id) FILTER (
                           WHERE p.is_crm_customer), '{}')
                  FROM res_partner p
                 WHERE p.id = ANY(%s)
                """,
                self.ids,
            )
        )
        contacts, staff, customers = self.env.cr.fetchone()
        for ids, message in (
            (
                contacts,
                self.env._(
                    "%(names)s are contacts of a company: make their company the "
                    "CRM customer."
                ),
            ),
            (
                staff,
                self.env._(
                    "%(names)s are users or companies of this database, not customers."
                ),
            ),
            (customers, self.env._("%(names)s are CRM customers already.")),
        ):
            if ids:
                names = self.browse(ids[:10]).mapped("display_name")
                return UserError(message % {"names": ", ".join(names)})
        # gone meanwhile
        return UserError(self.env._("Select the partners to make CRM customers."))

    @api.model
    def _crm_onboard_sql(self, ids, owner, today, sequence):
        """The statement that flags ``ids`` as CRM customers of ``owner``: the
        customer code from its sequence, owner and pool fields, the access
        key of the rules, and the last confirmed order date (any order of the
        partner or of its contacts, in the order's company's time zone)."""
        prefix, suffix = sequence._get_prefix_suffix()
        if sequence.implementation == "standard":
            number = SQL("nextval(%s)", f"ir_sequence_{sequence.id:03d}")
        else:
            raise UserError(
                self.env._("The customer code sequence must be of the standard kind.")
            )
        order_day = self.env["res.company"]._crm_local_date_sql(
            SQL("so.date_order"), SQL("so.company_id")
        )
        return SQL(
            """
            WITH numbered AS MATERIALIZED (
                -- one number each, in the order of the ids (materialized: a
                -- rescan would draw new numbers)
                SELECT partner.id, %(number)s::text AS number
                  FROM (SELECT DISTINCT id FROM unnest(%(ids)s) AS ids(id)
                         ORDER BY id) AS partner
            ),
            flagged AS (
            UPDATE res_partner customer
               SET is_crm_customer = TRUE,
                   customer_code = %(prefix)s
                       || lpad(numbered.number, greatest(%(padding)s,
                                                         length(numbered.number)), '0')
                       || %(suffix)s,
                   crm_state = 'normal',
                   crm_customer_date = %(today)s,
                   user_id = %(owner)s,
                   owner_date = %(owner_date)s,
                   pool_date = %(pool_date)s,
                   crm_restricted = TRUE,
                   crm_owner_id = %(owner)s,
                   crm_access_key = %(key)s,
                   last_order_date = (
                        SELECT max(%(order_day)s)
                          FROM sale_order so
                          JOIN res_partner buyer ON buyer.id = so.partner_id
                         WHERE buyer.commercial_partner_id = customer.id
                           AND so.state = 'sale'),
                   write_uid = %(uid)s,
                   write_date = %(now)s
              FROM numbered
             WHERE customer.id = numbered.id
               AND customer.is_crm_customer IS NOT TRUE
               AND customer.parent_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM res_users staff
                                WHERE staff.partner_id = customer.id)
               AND NOT EXISTS (SELECT 1 FROM res_company company
                                WHERE company.partner_id = customer.id)
         RETURNING customer.id
            )
            SELECT count(*) FROM flagged
            """,
            prefix=prefix or "",
            suffix=suffix or "",
            number=number,
            padding=sequence.padding,
            today=today,
            owner=owner.id or None,
            owner_date=today if owner else None,
            pool_date=None if owner else today,
            key=crm_access_key(owner),
            order_day=order_day,
            uid=self.env.uid,
            now=fields.Datetime.now(),
            ids=list(ids),
        )
