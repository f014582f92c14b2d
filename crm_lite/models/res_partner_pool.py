# One concern per file: the customer profile stays in res_partner.py.
# pylint: disable=consider-merging-classes-inherited
import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .crm_bulk import log_notes
from .crm_messages import as_odoobot
from .res_partner import crm_access_key
from .transitions import in_transition


class ResPartnerPool(models.Model):
    """The public pool (公海): customers nobody looked after for the pool
    period return to it, their owners warned before; account managers claim
    them from it."""

    _inherit = "res.partner"

    pool_date = fields.Date(
        string="In Pool Since",
        readonly=True,
        copy=False,
        help="When the customer was returned to the public pool.",
    )
    previous_user_id = fields.Many2one(
        "res.users",
        string="Previous Account Manager",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    claim_user_id = fields.Many2one(
        "res.users", string="Claimed By", readonly=True, copy=False
    )
    claim_date = fields.Date(string="Claimed On", readonly=True, copy=False)

    @api.model
    def _crm_in_languages(self, text):
        """{language code: ``text(env)`` written in that language} for the
        installed languages and English: what the crons write for people
        who each read their own language."""
        codes = {code for code, _name in self.env["res.lang"].get_installed()}
        return {
            code: text(self.with_context(lang=code).env)
            for code in sorted(codes | {"en_US"})
        }

    @api.model
    def _pool_idle_sql(self, companies, warn=False):
        """Owned CRM customers idle for their pool period (less the warning
        period with ``warn``) by the settings and the day of their company:
        no interaction, no confirmed order, no new owner since. ``companies``
        as ``res.company._crm_per_company()`` gives them; None when no
        company warns. Rows: customer, owner, the company's today, the
        language the owner reads (theirs, else the company's, else English)."""
        rows = [
            SQL(
                "(%s, %s::date, %s, %s)",
                company.id,
                today,
                settings["days"],
                settings["warn_days"] if warn else 0,
            )
            for company, settings, today in companies
            if settings["warn_days"] or not warn
        ]
        if not rows:
            return None
        # the levels' own periods and the owners' companies are read by the
        # statement
        self.env["crm_lite.dict"].flush_model(["pool_days"])
        self.env["res.users"].flush_model(["company_id", "partner_id"])
        self.flush_model(
            ["lang", "company_id", "user_id", "customer_level_id", "crm_customer_date"]
        )
        return SQL(
            """
            SELECT customer.id, customer.user_id, company_day.today,
                   COALESCE(owner_partner.lang, company_partner.lang, 'en_US')
              FROM res_partner customer
              JOIN res_users owner ON owner.id = customer.user_id
              JOIN res_partner owner_partner ON owner_partner.id = owner.partner_id
              JOIN (VALUES %(rows)s) AS company_day(company_id, today, days, margin)
                ON company_day.company_id = %(company)s
              JOIN res_company company ON company.id = company_day.company_id
              JOIN res_partner company_partner
                ON company_partner.id = company.partner_id
              LEFT JOIN crm_lite_dict level ON level.id = customer.customer_level_id
             WHERE customer.is_crm_customer
               AND customer.active
               %(owner_active)s
               AND GREATEST(COALESCE(customer.owner_date, %(since)s),
                            customer.last_interaction_date,
                            customer.last_order_date)
                   < company_day.today
                     - COALESCE(NULLIF(level.pool_days, 0), company_day.days)
                     + company_day.margin
            """,
            rows=SQL(", ").join(rows),
            company=self._crm_company_sql("customer", "owner"),
            since=self._crm_since_sql("customer"),
            # an archived owner is warned of nothing (his customers still
            # return to the pool)
            owner_active=SQL("AND owner.active") if warn else SQL(""),
        )

    @api.model
    def _cron_return_to_pool(self, today=None):
        """Return idle customers to the public pool, then warn the owners of
        those that will return within the warning period; each company's
        customers by its own settings and day."""
        returned = self._pool_return(today=today)
        self._pool_warn_owners(today=today)
        return returned

    @api.model
    def _pool_return(self, today=None):
        """One statement: owner cleared and remembered, contacts follow. Then
        what follows any change of owner, as ``_crm_set_owner`` does it: a
        note with the reason on each customer, in its former owner's
        language, by OdooBot; the readers of their services; the pool
        warnings of the former owners."""
        self.flush_model()
        self.env["crm_lite.interaction"].flush_model()
        companies = self.env["res.company"]._crm_per_company(today)
        self.env.cr.execute(
            SQL(
                """
                WITH idle AS (%(idle)s),
                returned AS (
                    UPDATE res_partner customer
                       SET previous_user_id = idle.user_id,
                           user_id = NULL,
                           crm_owner_id = NULL,
                           crm_access_key = %(key)s,
                           owner_date = NULL,
                           pool_date = idle.today,
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM idle AS idle(id, user_id, today, lang)
                     WHERE customer.id = idle.id
                 RETURNING customer.id, idle.lang
                ),
                contacts AS (
                    UPDATE res_partner contact
                       SET crm_owner_id = NULL,
                           crm_access_key = %(key)s
                      FROM returned
                     WHERE contact.commercial_partner_id = returned.id
                       AND contact.id != returned.id
                )
                SELECT id, lang FROM returned
                """,
                idle=self._pool_idle_sql(companies),
                now=fields.Datetime.now(),
                uid=self.env.uid,
                key=crm_access_key(self.env["res.users"]),
            )
        )
        languages = dict(self.env.cr.fetchall())
        returned = self.browse(sorted(languages))
        self.invalidate_model()
        if not returned:
            return returned
        reasons = self._crm_in_languages(
            lambda env: env._(
                "Returned to the public pool: no interaction and no "
                "confirmed order for the pool period."
            )
        )
        log_notes(
            as_odoobot(returned),
            {
                partner_id: reasons.get(lang, reasons["en_US"])
                for partner_id, lang in languages.items()
            },
        )
        returned._crm_refresh_service_readers()
        returned._pool_end_warnings()
        return returned

    @api.model
    def _pool_warn_owners(self, today=None):
        """A to-do for the owner of each customer that returns to the pool
        within its company's warning period, in the owner's language."""
        idle_sql = self._pool_idle_sql(
            self.env["res.company"]._crm_per_company(today), warn=True
        )
        if idle_sql is None:
            return
        self.env.cr.execute(idle_sql)
        idle = {partner_id: rest for partner_id, *rest in self.env.cr.fetchall()}
        activity_type = self.env.ref("crm_lite.mail_activity_pool_warning")
        warned = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", list(idle)),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        # warned already: by a to-do of the present owner (one a former owner
        # still has does not count)
        already = {(a.res_id, a.user_id.id) for a in warned}
        to_warn = {
            pid
            for pid, (owner_id, *_rest) in idle.items()
            if (pid, owner_id) not in already
        }
        if not to_warn:
            return
        summaries = self._crm_in_languages(
            lambda env: env._("Contact this customer, or it returns to the public pool")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        # the activities show in each owner's activity menu; no e-mail each
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner_id,
                    "activity_type_id": activity_type.id,
                    "user_id": owner_id,
                    "summary": summaries.get(lang, summaries["en_US"]),
                    "date_deadline": day,
                }
                for partner_id in sorted(to_warn)
                for owner_id, day, lang in [idle[partner_id]]
            ]
        )

    def action_release_to_pool(self):
        """Give these customers back to the public pool (释放到公海): their
        account manager's, or a supervisor's, as clearing 客户经理 on the form
        does."""
        if not self.env.user.has_group("crm_lite.group_account_manager"):
            raise AccessError(
                self.env._("Only account managers release customers to the pool.")
            )
        unowned = self.filtered(
            lambda partner: not partner.is_crm_customer or not partner.user_id
        )
        if unowned:
            raise UserError(
                self.env._(
                    "%(names)s has no account manager: it is in the public pool "
                    "already, or no CRM customer.",
                    names=", ".join(unowned.mapped("display_name")),
                )
            )
        self.check_access("write")
        self.write({"user_id": False})
        return True

    @api.model
    def _pool_claim_selected(self, records):
        """The Claim action of the lists: the selected customers, of which
        there are none when the action is opened by its address."""
        if not records:
            raise UserError(
                self.env._("Select the customers to claim in the public pool.")
            )
        return records.action_claim()

    def _pool_taken_for_oneself(self, owner):
        """Those of these customers in the public pool that ``owner``, the
        current user and no supervisor, takes for himself: a claim (unless an
        action moves them, as winning a chance does)."""
        user = self.env.user
        if (
            not owner
            or owner != user
            or self.env.su
            or in_transition(self)
            or user.has_group("crm_lite.group_sales_supervisor")
        ):
            return self.browse()
        return self.filtered(lambda customer: not customer.user_id)

    def action_claim(self):
        """Take these customers from the public pool; of simultaneous claims
        of one customer exactly one succeeds."""
        user = self.env.user
        if not user.has_group("crm_lite.group_account_manager"):
            raise AccessError(
                self.env._("Only account managers claim customers from the pool.")
            )
        if not self:
            return True
        # first, without reading them (one may belong to someone else by now)
        self._pool_lock_unowned()
        # the limits of the company the account manager works in
        settings = self.env.company._crm_settings()
        today = fields.Date.context_today(self)
        block = settings["reclaim_block_days"]
        blocked = self.filtered(
            lambda p: (
                block
                and p.previous_user_id == user
                and p.pool_date
                and (today - p.pool_date).days < block
            )
        )
        if blocked:
            raise UserError(
                self.env._(
                    "You had %(names)s until recently: you may claim it again "
                    "%(days)s days after it entered the pool.",
                    names=", ".join(blocked.mapped("display_name")),
                    days=block,
                )
            )
        Partner = self.env["res.partner"]
        if settings["max_owned"]:
            owned = Partner.search_count(
                [("is_crm_customer", "=", True), ("user_id", "=", user.id)]
            )
            if owned + len(self) > settings["max_owned"]:
                raise UserError(
                    self.env._(
                        "You may own at most %(max)s customers; you own %(owned)s.",
                        max=settings["max_owned"],
                        owned=owned,
                    )
                )
        if settings["daily_claims"]:
            claimed = Partner.search_count(
                [("claim_user_id", "=", user.id), ("claim_date", "=", today)]
            )
            if claimed + len(self) > settings["daily_claims"]:
                raise UserError(
                    self.env._(
                        "You may claim at most %(max)s customers a day; you "
                        "claimed %(claimed)s today.",
                        max=settings["daily_claims"],
                        claimed=claimed,
                    )
                )
        self.check_access("write")
        self.write({"claim_user_id": user.id, "claim_date": today})
        note = self.env._("Claimed from the public pool by %(user)s.", user=user.name)
        self._crm_set_owner(user, note=note)
        return True

    def _pool_lock_unowned(self):
        """Lock the rows of these CRM customers while nobody owns them; a
        claim of a customer out of the pool, or that loses the race for one,
        gets a clear message instead of a second owner."""
        taken = UserError(
            self.env._(
                "Not all of these customers are in the public pool: another "
                "account manager may just have claimed one. Refresh the pool and "
                "choose again."
            )
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """
                    SELECT id FROM res_partner
                     WHERE id = ANY(%s) AND user_id IS NULL AND is_crm_customer
                       FOR UPDATE NOWAIT
                    """,
                    [self.ids],
                )
                locked = {row[0] for row in self.env.cr.fetchall()}
        except (
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.SerializationFailure,
        ) as error:
            raise taken from error
        if locked != set(self.ids):
            # the user's own customers are no race lost: say so
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id = ANY(%s) AND user_id = %s",
                    list(set(self.ids) - locked),
                    self.env.uid,
                )
            )
            own = self.browse([row[0] for row in self.env.cr.fetchall()])
            if own:
                raise UserError(
                    self.env._(
                        "You are the account manager of %(names)s already: only "
                        "customers in the public pool are claimed.",
                        names=", ".join(own.mapped("display_name")),
                    )
                )
            raise taken

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
        if not stale:
            return
        customers = self.sudo().browse(set(stale.mapped("res_id")))
        owners = {partner.id: partner.user_id for partner in customers}
        stale.filtered(lambda a: a.user_id != owners.get(a.res_id)).unlink()
