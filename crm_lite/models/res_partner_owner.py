# Apart from res_partner.py: who owns a customer is one rule of its own.
# pylint: disable=consider-merging-classes-inherited
from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .res_partner import CRM_ACCESS_ANY_MANAGER

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


class ResPartnerOwner(models.Model):
    """Who owns a CRM customer, and the one way that changes."""

    _inherit = "res.partner"

    def _write_owner(self, vals):
        """``write`` of ``user_id``: on CRM customers through
        ``_crm_set_owner`` (with the rest of ``vals`` written first); on
        other partners the host's salesperson, unchecked, its date kept."""
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
        if rest:
            self.write(rest)
        customers = self.filtered("is_crm_customer")
        customers._crm_set_owner(owner)
        others = (self - customers).filtered(lambda p: p.user_id != owner)
        if others:
            today = fields.Date.context_today(self)
            others.write({"user_id": owner.id, "owner_date": owner and today})
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
        companies = self.sudo().company_id
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
                "Only sales supervisors hand customers over (转派) to another "
                "account manager: ask one to hand %(names)s to %(user)s, or "
                "release them to the public pool.",
                names=", ".join(self.mapped("display_name")),
                user=owner.display_name,
            )
        )

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
        not_customers = self.filtered(lambda partner: not partner.is_crm_customer)
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
        self.check_access("write")
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
                key=owner.id or CRM_ACCESS_ANY_MANAGER,
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
        # the readers of a service include its creator while the customer is
        # one the creator sees
        Service = self.env["crm_lite.service"].sudo()
        services = Service.search([("partner_id", "in", self.ids)])
        if services:
            self.env.add_to_compute(Service._fields["readers_id"], services)
            services.flush_recordset(["readers_id"])
            services.invalidate_recordset(["is_reader"])
        if owner:
            self._crm_subscribe(owner.partner_id)
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
        self._crm_log_notes(bodies)

    def _crm_subscribe(self, partner):
        """``partner`` follows these records with the default subtypes, in
        two statements (the ORM's subscription creates one follower at a
        time)."""
        subtypes = self.env["mail.message.subtype"].sudo().default_subtypes(self._name)
        self.env["mail.followers"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH added AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, record.id, %(partner)s
                      FROM unnest(%(ids)s) AS record(id)
                    ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
                    RETURNING id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel (
                    mail_followers_id, mail_message_subtype_id)
                SELECT added.id, subtype.id
                  FROM added, unnest(%(subtypes)s) AS subtype(id)
                """,
                model=self._name,
                partner=partner.id,
                ids=self.ids,
                subtypes=subtypes[0].ids,
            )
        )
        self.env["mail.followers"].invalidate_model()
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def _crm_log_notes(self, bodies):
        """One internal note per record, ``bodies`` {record id: text}, by the
        current user, in one statement (the ORM's message_log_batch creates
        one message at a time)."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (
                    model, res_id, message_type, subtype_id, author_id, body,
                    is_internal, date, create_uid, create_date, write_uid,
                    write_date)
                SELECT %(model)s, note.res_id, 'notification', %(subtype)s,
                       %(author)s, note.body, TRUE, %(now)s, %(uid)s, %(now)s,
                       %(uid)s, %(now)s
                  FROM unnest(%(ids)s, %(bodies)s) AS note(res_id, body)
                """,
                model=self._name,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.user.partner_id.id,
                ids=list(bodies),
                bodies=[
                    str(Markup("<p>%s</p>") % escape(body)) for body in bodies.values()
                ],
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        self.env["mail.message"].invalidate_model()
        self.invalidate_recordset(["message_ids"])

    def _pool_end_warnings(self):
        """The "returns to the pool soon" to-dos of these customers, except
        their present owner's: a former owner could no longer open them, and
        they would stop the new owner's own warning."""
        activity_type = self.env.ref(
            "crm_lite.mail_activity_pool_warning", raise_if_not_found=False
        )
        if not self or not activity_type:
            return
        stale = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        owners = {partner.id: partner.user_id for partner in self.sudo()}
        stale.filtered(lambda a: a.user_id != owners.get(a.res_id)).unlink()
