# Apart from res_partner.py: who owns a customer is one rule of its own.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .crm_bulk import log_notes, subscribe
from .crm_messages import as_odoobot, in_language_of
from .res_partner import CRM_ACCESS_ANY_MANAGER, crm_access_key

# the columns _crm_set_owner writes on customers and their contacts
OWNER_FIELDS = [
    "user_id",
    "crm_owner_id",
    "crm_access_key",
    "owner_date",
    "pool_date",
    "previous_user_id",
    "write_uid",
    "write_date",
]
# what an account manager still works on: his open chances and services
# (by the field naming their customer); his customers' open loss records
# (loss.OPEN_STATES) go with them
OPEN_WORK = {
    "crm_lite.chance": ("partner_id", ("assigned",)),
    "crm_lite.service": ("partner_id", ("assigned", "handled")),
}
# The readers of a record (``_reader_users`` of chance.py and service.py) as
# SQL over the record aliased "record": its assignee and the user each
# expression gives (NULL: none): what the set-based changes of owner (and the
# pool return) write. Kept equal to the ORM's by test_handover and test_pool.
READER_SQL = {
    "crm_lite.chance": ("", "record.create_uid"),
    "crm_lite.service": (
        "JOIN res_partner customer ON customer.id = record.partner_id",
        f"""CASE WHEN customer.is_crm_customer
                  AND customer.crm_access_key IN ({CRM_ACCESS_ANY_MANAGER},
                                                  record.create_uid)
             THEN record.create_uid END""",
    ),
}


class ResPartnerOwner(models.Model):
    """Who owns a CRM customer, and the one way that changes."""

    _inherit = "res.partner"

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        owned = partners.filtered(lambda p: p.is_crm_customer and p.user_id)
        # the owner itself is checked by _check_crm_owner
        for owner, customers in owned.grouped("user_id").items():
            customers._crm_check_may_give(owner)
        return partners

    def _write_owner(self, vals):
        """``write`` of ``user_id``: on CRM customers through
        ``_crm_set_owner`` (with the rest of ``vals`` written first, an
        ``owner_date`` given with it ignored: the change sets it); on other
        partners the host's salesperson, unchecked, its date kept."""
        owner = vals["user_id"]
        if not isinstance(owner, models.BaseModel):
            owner = self.env["res.users"].browse(owner or ())
        rest = {name: value for name, value in vals.items() if name != "user_id"}
        if "is_crm_customer" in rest:
            flagged = self if rest["is_crm_customer"] else self.browse()
        else:
            flagged = self.filtered("is_crm_customer")
        # a wrong owner changes nothing, the rest of vals included
        flagged._crm_check_owner(owner)
        # an account manager naming himself owner of pool customers on their
        # form claims them: the pool's limits apply as to the button, before
        # anything is written
        claimed = self.filtered("is_crm_customer")._pool_taken_for_oneself(owner)
        if claimed:
            claimed.action_claim()
        # partners becoming CRM customers with their owner: both at once (the
        # salesperson they had as host partners is no former owner)
        flagging = (
            self.filtered(lambda p: not p.is_crm_customer)
            if rest.get("is_crm_customer")
            else self.browse()
        )
        if flagging:
            flagging.with_context(crm_lite_owner_checked=True).write(
                dict(rest, user_id=owner.id)
            )
        rest_of_self = self - flagging
        if rest and rest_of_self:
            rest_of_self.write(rest)
        customers = rest_of_self.filtered("is_crm_customer")
        customers -= claimed
        changed = customers._crm_set_owner(owner)
        if owner and owner != self.env.user:
            # one customer given on its form: the host's "assigned to you"
            # notice (a handover's portfolio has its chatter lines instead)
            changed._message_auto_subscribe_notify(
                owner.partner_id.ids, "mail.message_user_assigned"
            )
        others = (rest_of_self - customers - claimed).filtered(
            lambda p: p.user_id != owner
        )
        if others:
            today = fields.Date.context_today(self)
            others.with_context(crm_lite_owner_checked=True).write(
                {"user_id": owner.id, "owner_date": today if owner else False}
            )
        return True

    def _crm_check_owner(self, owner):
        """Refuse ``owner`` (a res.users record; empty: the public pool) for
        these CRM customers unless he is an active internal account manager
        allowed in each of their companies."""
        if not owner or not self:
            return
        owner = owner.sudo()
        if not owner._is_crm_account_manager():
            raise ValidationError(
                self.env._(
                    "%(user)s is no active account manager and cannot own CRM "
                    "customers.",
                    user=owner.display_name,
                )
            )
        self.flush_model(["company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT company_id FROM res_partner WHERE id = ANY(%s)",
                self.ids,
            )
        )
        companies = self.env["res.company"].browse(
            company_id for [company_id] in self.env.cr.fetchall() if company_id
        )
        if not owner._is_crm_account_manager(companies):
            raise ValidationError(
                self.env._(
                    "%(user)s does not work in %(companies)s and cannot own its "
                    "customers.",
                    user=owner.display_name,
                    companies=", ".join(
                        (companies - owner.company_ids).mapped("display_name")
                    ),
                )
            )

    def _crm_check_may_give(self, owner):
        """Account managers take customers (claim, registration) or release
        them; giving one to a colleague is a supervisor's handover."""
        user = self.env.user
        if (
            not owner
            or owner == user
            or self.env.su
            or user.has_group("crm_lite.group_sales_supervisor")
        ):
            return
        raise AccessError(
            self.env._(
                "Only sales supervisors hand customers over to another "
                "account manager: ask one to hand %(names)s to %(user)s, or "
                "release them to the public pool.",
                names=", ".join(self.mapped("display_name")),
                user=owner.display_name,
            )
        )

    def _crm_check_write_access(self):
        """``check_access("write")`` for a portfolio: the record rules by
        PostgreSQL (the ORM filters ten thousand records in Python)."""
        self.browse().check_access("write")
        domain = self.env["ir.rule"]._compute_domain(self._name, "write")
        if not domain:
            return
        allowed = (
            self.sudo()
            .with_context(active_test=False)
            ._search([("id", "in", self.ids), *domain])
        )
        forbidden = self - self.browse(list(allowed))
        if forbidden:
            forbidden.check_access("write")

    def _crm_set_owner(self, owner, *, note=None):
        """Give these CRM customers to ``owner`` (a res.users record; empty:
        the public pool), the one way their owner changes: onboarding, won
        chance, supervisor's assignment, claim, release, handover.

        Set-based, for whole portfolios: the customers and their contacts'
        access fields in two statements, the former owners' pool warnings
        removed, the new owner following them, one chatter line each
        (``note``: its text, default "account manager: A → B"). Customers
        the owner has already are left as they are (their pool period goes
        on). A customer given an owner leaves the pool and remembers the
        one before; one released enters the pool today, its former owner
        remembered (the reclaim block counts from then).

        Returns the customers whose owner changed."""
        if not self:
            return self
        owner = owner.sudo()
        self.flush_model(["is_crm_customer"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM res_partner
                    WHERE id = ANY(%s) AND is_crm_customer IS NOT TRUE""",
                self.ids,
            )
        )
        not_customers = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not_customers:
            raise UserError(
                self.env._(
                    "%(names)s are no CRM customers: only CRM customers have an "
                    "account manager.",
                    names=", ".join(not_customers.mapped("display_name")),
                )
            )
        self._crm_check_owner(owner)
        self._crm_check_may_give(owner)
        self._crm_check_write_access()
        self.flush_model()
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                WITH former AS (
                    SELECT id, user_id FROM res_partner
                     WHERE id = ANY(%(ids)s) AND user_id IS DISTINCT FROM %(owner)s
                       FOR NO KEY UPDATE
                ),
                changed AS (
                    UPDATE res_partner customer
                       SET user_id = %(owner)s,
                           crm_owner_id = %(owner)s,
                           crm_access_key = %(key)s,
                           owner_date = %(owner_date)s,
                           pool_date = %(pool_date)s,
                           previous_user_id = COALESCE(former.user_id,
                                                       customer.previous_user_id),
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM former
                     WHERE customer.id = former.id
                 RETURNING customer.id, former.user_id
                ),
                contacts AS (
                    UPDATE res_partner contact
                       SET crm_owner_id = %(owner)s,
                           crm_access_key = %(key)s,
                           -- the salesperson of the customer's people follows
                           user_id = CASE WHEN contact.user_id = changed.user_id
                                          THEN %(owner)s ELSE contact.user_id END,
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM changed
                     WHERE contact.commercial_partner_id = changed.id
                       AND contact.id != changed.id
                )
                SELECT id, user_id FROM changed
                """,
                ids=self.ids,
                owner=owner.id or None,
                key=crm_access_key(owner),
                owner_date=today if owner else None,
                pool_date=None if owner else today,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        former = dict(self.env.cr.fetchall())
        self.invalidate_model(OWNER_FIELDS)
        changed = self.browse(sorted(former))
        if not changed:
            return changed
        changed._crm_owner_changed(owner, former, note)
        return changed

    def _crm_owner_changed(self, owner, former, note):
        """What follows a change of owner of these customers (``former``:
        {customer id: former owner id or None})."""
        self._pool_end_warnings()
        self._crm_refresh_service_readers()
        if owner:
            subscribe(self, owner.partner_id)
        if note is None:
            users = self.env["res.users"].sudo().with_context(active_test=False)
            pool = self.env._("the public pool")
            names = {
                user.id: user.name
                for user in users.browse({uid for uid in former.values() if uid})
            }
            bodies = {
                partner_id: self.env._(
                    "Account manager: %(former)s → %(owner)s",
                    former=names.get(former_id, pool),
                    owner=owner.name or pool,
                )
                for partner_id, former_id in former.items()
            }
        else:
            bodies = dict.fromkeys(self.ids, note)
        log_notes(self, bodies)
        # what else the ORM read of these customers and their contacts (the
        # related fields of other models) is read again
        self.env.invalidate_all()

    def _crm_refresh_service_readers(self):
        """The readers of these customers' services, after their owner (and
        so their access key) changed: a service's creator reads it while the
        customer is one the creator sees (``READER_SQL``)."""
        Service = self.env["crm_lite.service"].sudo()
        Service.flush_model(["partner_id", "user_id", "readers_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM crm_lite_service WHERE partner_id = ANY(%s)",
                self.ids,
            )
        )
        self._crm_refresh_readers(
            Service.browse([row[0] for row in self.env.cr.fetchall()])
        )

    @api.model
    def _crm_refresh_readers(self, records, assignee=None, also=None):
        """``readers_id`` of these chances or services, set-based (the ORM
        recomputes it one record at a time); with ``assignee`` (SQL) for a
        new assignee written in the same statement with ``also`` (SQL of
        more assignments), else for the present one, written where it
        changes."""
        if not records:
            return
        join, other = READER_SQL[records._name]
        assignee = assignee or SQL("record.user_id")
        wanted = SQL(
            """
            SELECT record.id, LEAST(%(assignee)s, %(other)s) AS first,
                   GREATEST(%(assignee)s, %(other)s) AS second
              FROM %(table)s record %(join)s
             WHERE record.id = ANY(%(ids)s)
            """,
            assignee=assignee,
            other=SQL(other),
            table=SQL.identifier(records._table),
            join=SQL(join),
            ids=records.ids,
        )
        # the rows it adds are not seen by the statement's own reading of the
        # table: they join from what the insert returns
        self.env.cr.execute(
            SQL(
                """
                WITH wanted AS MATERIALIZED (%(wanted)s),
                added AS (
                    INSERT INTO crm_lite_readers (first_user_id, second_user_id)
                    SELECT DISTINCT wanted.first, wanted.second FROM wanted
                     WHERE wanted.first IS NOT NULL
                        ON CONFLICT (first_user_id, second_user_id) DO NOTHING
                 RETURNING id, first_user_id, second_user_id
                ),
                readers AS (
                    SELECT id, first_user_id, second_user_id FROM crm_lite_readers
                     UNION ALL
                    SELECT id, first_user_id, second_user_id FROM added
                )
                UPDATE %(table)s record SET readers_id = readers.id %(also)s
                  FROM wanted
                  LEFT JOIN readers
                    ON readers.first_user_id = wanted.first
                   AND readers.second_user_id = wanted.second
                 WHERE record.id = wanted.id %(where)s
                """,
                wanted=wanted,
                table=SQL.identifier(records._table),
                also=also or SQL(),
                where=SQL()
                if also
                else SQL("AND record.readers_id IS DISTINCT FROM readers.id"),
            )
        )
        records.invalidate_recordset(["readers_id", "is_reader"])

    def _message_auto_subscribe_notify(self, partner_ids, template):
        # The host tells a new salesperson "you have been assigned to ..." from
        # whoever set them; for the CRM's customers and their contacts
        # (registered for an account manager, given from the pool, won from a
        # chance) OdooBot tells them, in their language (crm_messages).
        crm = self.filtered(
            lambda partner: partner.commercial_partner_id.is_crm_customer
        )
        super(ResPartnerOwner, self - crm)._message_auto_subscribe_notify(
            partner_ids, template
        )
        if not crm:
            return
        recipients = self.env["res.partner"].sudo().browse(partner_ids)
        for recipient in recipients:
            super(
                ResPartnerOwner, as_odoobot(in_language_of(crm, recipient))
            )._message_auto_subscribe_notify(recipient.ids, template)
