from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import CrmLiteCase


class PoolCase(CrmLiteCase):
    """Customers owned for some days, in a company returning them after 30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        # the crons count in the day of the customers' company
        cls.today = cls.env.company._crm_today()
        cls.env.company.write({"crm_lite_pool_days": 30, "crm_lite_pool_warn_days": 3})
        cls.env["crm_lite.dict"].search([("type", "=", "customer_level")]).write(
            {"pool_days": 0}
        )
        # keep the shared customers busy
        (cls.customer_a | cls.customer_b).write({"owner_date": cls.today})

    def _owned(self, name, idle_days, user=None, **values):
        customer = self.new_customer(name, owner=user or self.manager_a, **values)
        customer.owner_date = self.today - relativedelta(days=idle_days)
        return customer

    def _returned(self, customers):
        return self.Partner._cron_return_to_pool() & customers


@tagged("post_install", "-at_install")
class TestPoolReturn(PoolCase):
    def test_boundaries(self):
        idle = self._owned("Idle 31", 31)
        just_in = self._owned("Idle 30", 30)
        recent_interaction = self._owned("Talked to", 90)
        self.env["crm_lite.interaction"].create(
            {
                "partner_id": recent_interaction.id,
                "place": "Phone",
                "name": "Call",
                "date": self.today - relativedelta(days=5),
            }
        )
        old_interaction = self._owned("Talked long ago", 90)
        self.env["crm_lite.interaction"].create(
            {
                "partner_id": old_interaction.id,
                "place": "Phone",
                "name": "Call",
                "date": self.today - relativedelta(days=40),
            }
        )
        recent_order = self._owned("Ordered", 90)
        recent_order.last_order_date = self.today - relativedelta(days=10)
        returned = self._returned(
            idle | just_in | recent_interaction | old_interaction | recent_order
        )
        self.assertEqual(returned, idle | old_interaction)
        self.assertEqual(
            recent_interaction.last_interaction_date, self.today - relativedelta(days=5)
        )

    def test_returned_customer_state(self):
        customer = self._owned("Idle", 45)
        contact = self.Partner.create({"name": "Its contact", "parent_id": customer.id})
        self.assertEqual(contact.crm_owner_id, self.manager_a)
        self._returned(customer)
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.previous_user_id, self.manager_a)
        self.assertEqual(customer.pool_date, self.today)
        self.assertFalse(contact.crm_owner_id)
        self.assertIn("public pool", customer.message_ids[0].body)
        # now in the pool: every account manager sees it and its contact
        visible = self.Partner.with_user(self.manager_b).search(
            [("id", "in", (customer | contact).ids)]
        )
        self.assertEqual(visible, customer | contact)
        self.assertFalse(self._returned(customer))

    def test_returned_customer_services_back_in_reach(self):
        customer = self._owned("Idle", 45)
        service = self.new_service(partner=customer)
        customer.write({"user_id": self.manager_b.id})
        customer.owner_date = self.today - relativedelta(days=45)
        self.assertFalse(service.with_user(self.manager_a).has_access("read"))
        returned = self.Partner._pool_return()
        self.assertIn(customer, returned)
        # the return went past the ORM: the creator is in reach again at once
        self.assertTrue(service.with_user(self.manager_a).has_access("read"))

    def test_return_writes_what_the_orm_computes(self):
        # the set-based return writes the customer's and its contact's
        # access fields, and its service's readers, as the ORM's own
        # definitions (_compute_crm_owner, the service's _reader_users) give
        # them; its note is OdooBot's, as any change of owner logs it
        customer = self._owned("Idle", 45)
        contact = self.Partner.create({"name": "Its contact", "parent_id": customer.id})
        service = self.new_service(partner=customer)
        customer.write({"user_id": self.manager_b.id})
        customer.owner_date = self.today - relativedelta(days=45)
        self.assertIn(customer, self.Partner._pool_return())
        partners = customer | contact
        access_fields = ("crm_restricted", "crm_owner_id", "crm_access_key")

        def stored():
            self.env.cr.execute(
                "SELECT id, crm_restricted, crm_owner_id, crm_access_key "
                "FROM res_partner WHERE id = ANY(%s) ORDER BY id",
                [partners.ids],
            )
            return self.env.cr.fetchall()

        written = stored()
        self.assertEqual(
            [row[1:] for row in written], [(True, None, -1), (True, None, -1)]
        )
        for name in access_fields:
            self.env.add_to_compute(self.Partner._fields[name], partners)
        self.env.flush_all()
        self.assertEqual(stored(), written)
        Readers = self.env["crm_lite.readers"]
        key = Readers._key(service._reader_users())
        self.assertIn(self.manager_a, service._reader_users())
        self.assertEqual(
            service.readers_id.id, Readers._ids_by_key([key]).get(key, False)
        )
        note = customer.message_ids[0]
        self.assertIn("public pool", note.body)
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.message_type, "notification")

    def test_days_per_level(self):
        strategic = self.env.ref("crm_lite.dict_customer_level_strategic")
        ordinary = self.env.ref("crm_lite.dict_customer_level_ordinary")
        # set as CRM administrators do, on the levels the module ships locked
        strategic.with_user(self.crm_admin).pool_days = 60
        ordinary.with_user(self.crm_admin).pool_days = 10
        vip = self._owned("Strategic", 45, customer_level_id=strategic.id)
        small = self._owned("Ordinary", 11, customer_level_id=ordinary.id)
        plain = self._owned("No level", 45)
        self.assertEqual(self._returned(vip | small | plain), small | plain)

    def test_owner_warned_before_return(self):
        soon = self._owned("Soon", 28)
        later = self._owned("Later", 20)
        self.Partner._cron_return_to_pool()
        warning = self.env.ref("crm_lite.mail_activity_pool_warning")
        self.assertEqual(soon.activity_ids.activity_type_id, warning)
        self.assertEqual(soon.activity_ids.user_id, self.manager_a)
        self.assertFalse(later.activity_ids)
        self.Partner._cron_return_to_pool()
        self.assertEqual(len(soon.activity_ids), 1)


@tagged("post_install", "-at_install")
class TestPoolNotDodged(PoolCase):
    """What an owner does to keep an idle customer, and what is left of a
    former owner, do not keep the customer out of the pool."""

    def setUp(self):
        super().setUp()
        self.env.company.crm_lite_pool_reclaim_block_days = 7
        self.warning = self.env.ref("crm_lite.mail_activity_pool_warning")

    def warnings_of(self, customer):
        return customer.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.warning
        )

    def test_writing_the_same_owner_keeps_the_period(self):
        idle = self._owned("Rewritten", 31)
        owned_since = idle.owner_date
        idle.with_user(self.manager_a).write({"user_id": self.manager_a.id})
        self.assertEqual(idle.owner_date, owned_since)
        self.assertEqual(self._returned(idle), idle)

    def test_interaction_dated_ahead_is_refused(self):
        idle = self._owned("Dated ahead", 31)
        Interaction = self.env["crm_lite.interaction"].with_user(self.manager_a)
        with self.assertRaises(ValidationError):
            Interaction.create(
                {
                    "partner_id": idle.id,
                    "place": "Office",
                    "name": "Visit",
                    "date": self.today + relativedelta(years=70),
                }
            )
        self.assertFalse(idle.last_interaction_date)
        self.assertEqual(self._returned(idle), idle)

    def test_owner_cleared_by_hand_enters_the_pool(self):
        idle = self._owned("Cleared", 25)
        idle.with_user(self.manager_a).write({"user_id": False})
        self.assertEqual(
            (idle.user_id, idle.previous_user_id, idle.pool_date, idle.owner_date),
            (self.env["res.users"], self.manager_a, self.today, False),
        )
        with self.assertRaises(UserError):
            idle.with_user(self.manager_a).action_claim()
        self.assertFalse(idle.user_id)
        # given to someone else: out of the pool, the former owner remembered
        idle.with_user(self.supervisor).write({"user_id": self.manager_b.id})
        self.assertEqual(
            (idle.user_id, idle.previous_user_id, idle.pool_date),
            (self.manager_b, self.manager_a, False),
        )

    def test_former_owners_warning_goes_with_the_customer(self):
        soon = self._owned("Handed over", 28)
        self.Partner._cron_return_to_pool()
        self.assertEqual(self.warnings_of(soon).user_id, self.manager_a)
        soon.with_user(self.supervisor).write({"user_id": self.manager_b.id})
        self.assertFalse(self.warnings_of(soon))
        # idle again under the new owner: the new owner is warned
        soon.owner_date = self.today - relativedelta(days=28)
        self.Partner._cron_return_to_pool()
        self.assertEqual(self.warnings_of(soon).user_id, self.manager_b)

    def test_stale_warning_does_not_stop_the_new_owners(self):
        soon = self._owned("Stale warning", 28, user=self.manager_b)
        # a to-do a former owner kept, from before this rule
        soon.activity_schedule(
            activity_type_id=self.warning.id, user_id=self.manager_a.id
        )
        self.Partner._cron_return_to_pool()
        self.assertIn(self.manager_b, self.warnings_of(soon).user_id)

    def test_returned_customer_keeps_no_warning(self):
        soon = self._owned("Returned", 28)
        self.Partner._cron_return_to_pool()
        self.assertTrue(self.warnings_of(soon))
        soon.owner_date = self.today - relativedelta(days=31)
        self.assertEqual(self._returned(soon), soon)
        self.assertFalse(self.warnings_of(soon))

    def test_archived_owner_is_not_warned(self):
        leaver = self.env["res.users"].create(
            {
                "name": "Leaving manager",
                "login": "crm_test_leaver",
                "email": "leaver@example.com",
                "groups_id": [(4, self.env.ref("crm_lite.group_account_manager").id)],
            }
        )
        soon = self._owned("Leaver's", 28, user=leaver)
        gone = self._owned("Leaver's idle", 31, user=leaver)
        leaver.active = False
        returned = self.Partner._cron_return_to_pool()
        self.assertFalse(self.warnings_of(soon))
        self.assertIn(gone, returned)


@tagged("post_install", "-at_install")
class TestPoolClaim(CrmLiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.env.company.write(
            {
                "crm_lite_pool_max_owned": 0,
                "crm_lite_pool_daily_claims": 0,
                "crm_lite_pool_reclaim_block_days": 7,
            }
        )

    def _pooled(self, name, previous=None, days_in_pool=0):
        return self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_crm_customer": True,
                "previous_user_id": previous and previous.id,
                "pool_date": self.today - relativedelta(days=days_in_pool),
            }
        )

    def test_claim(self):
        customer = self._pooled("Free Ltd", previous=self.manager_a)
        customer.with_user(self.manager_b).action_claim()
        self.assertEqual(customer.user_id, self.manager_b)
        self.assertEqual(customer.owner_date, self.today)
        self.assertEqual(
            (customer.claim_user_id, customer.claim_date), (self.manager_b, self.today)
        )
        self.assertFalse(customer.pool_date)
        self.assertIn("Claimed", customer.message_ids[0].body)
        with self.assertRaises(UserError):
            customer.with_user(self.manager_b).action_claim()
        # manager_a may not even read it any more: the answer says why
        with self.assertRaisesRegex(UserError, "public pool"):
            customer.with_user(self.manager_a).action_claim()

    def test_claiming_ones_own_customer_says_so(self):
        with self.assertRaisesRegex(UserError, "already"):
            (self.customer_a | self._pooled("Free")).with_user(
                self.manager_a
            ).action_claim()

    def test_release_to_the_pool(self):
        """The form's 释放到公海: the owner's customer enters the pool today,
        remembered as his; others may not release it."""
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.executive).action_release_to_pool()
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.manager_b).action_release_to_pool()
        self.assertEqual(self.customer_a.user_id, self.manager_a)
        self.customer_a.with_user(self.manager_a).action_release_to_pool()
        self.assertFalse(self.customer_a.user_id)
        self.assertEqual(self.customer_a.previous_user_id, self.manager_a)
        self.assertEqual(self.customer_a.pool_date, self.today)
        with self.assertRaisesRegex(UserError, "public pool already"):
            self.customer_a.with_user(self.manager_b).action_release_to_pool()

    def test_claim_several(self):
        customers = self._pooled("One") | self._pooled("Two")
        customers.with_user(self.manager_a).action_claim()
        self.assertEqual(customers.user_id, self.manager_a)

    def test_not_in_pool(self):
        for partner in (self.customer_b, self.vendor):
            with self.assertRaises(UserError):
                partner.with_user(self.supervisor).action_claim()
        with self.assertRaises(AccessError):
            self._pooled("Exec").with_user(self.executive).action_claim()

    def test_previous_owner_block(self):
        fresh = self._pooled("Fresh", previous=self.manager_a, days_in_pool=6)
        with self.assertRaises(UserError):
            fresh.with_user(self.manager_a).action_claim()
        self.assertFalse(fresh.user_id)
        fresh.with_user(self.manager_b).action_claim()
        old = self._pooled("Old", previous=self.manager_a, days_in_pool=7)
        old.with_user(self.manager_a).action_claim()
        self.assertEqual(old.user_id, self.manager_a)

    def test_max_owned(self):
        self.env.company.crm_lite_pool_max_owned = 2
        # manager_a owns customer_a already
        first, second = self._pooled("First"), self._pooled("Second")
        with self.assertRaises(UserError):
            (first | second).with_user(self.manager_a).action_claim()
        self.assertFalse((first | second).user_id)
        first.with_user(self.manager_a).action_claim()
        with self.assertRaises(UserError):
            second.with_user(self.manager_a).action_claim()
        second.with_user(self.manager_b).action_claim()
        self.assertEqual(second.user_id, self.manager_b)

    def test_daily_claims(self):
        self.env.company.crm_lite_pool_daily_claims = 1
        first, second = self._pooled("First"), self._pooled("Second")
        first.with_user(self.manager_a).action_claim()
        with self.assertRaises(UserError):
            second.with_user(self.manager_a).action_claim()
        self.assertFalse(second.user_id)
        second.with_user(self.manager_b).action_claim()

    def test_owner_written_on_the_form_is_a_claim(self):
        """Naming oneself owner of a pool customer (客户经理 on its form) is
        a claim: the same waiting period and limits as the button."""
        self.env.company.crm_lite_pool_daily_claims = 1
        fresh = self._pooled("Fresh", previous=self.manager_a, days_in_pool=2)
        with self.assertRaisesRegex(UserError, "until recently"):
            fresh.with_user(self.manager_a).write({"user_id": self.manager_a.id})
        self.assertFalse(fresh.user_id)
        self.assertEqual(fresh.pool_date, self.today - relativedelta(days=2))
        first, second = self._pooled("First"), self._pooled("Second")
        first.with_user(self.manager_a).write({"user_id": self.manager_a.id})
        self.assertEqual(first.user_id, self.manager_a)
        self.assertEqual(
            (first.claim_user_id, first.claim_date), (self.manager_a, self.today)
        )
        self.assertIn("Claimed", first.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "a day"):
            second.with_user(self.manager_a).write(
                {"user_id": self.manager_a.id, "comment": "mine"}
            )
        self.assertFalse(second.user_id)
        self.assertFalse(second.comment)

    def test_claim_action_without_a_selection(self):
        """The list's Claim action opened by its address, with nothing
        selected, says what to do."""
        action = self.env.ref("crm_lite.action_crm_pool_claim").with_user(
            self.manager_a
        )
        with self.assertRaisesRegex(UserError, "Select the customers"):
            action.with_context(active_model="res.partner").run()
        customer = self._pooled("Selected")
        action.with_context(
            active_model="res.partner", active_ids=customer.ids, active_id=customer.id
        ).run()
        self.assertEqual(customer.user_id, self.manager_a)

    def test_supervisor_assigns_pool_customer(self):
        customer = self._pooled("Assigned directly")
        customer.with_user(self.supervisor).write({"user_id": self.manager_a.id})
        self.assertEqual(customer.user_id, self.manager_a)
        self.assertEqual(customer.crm_owner_id, self.manager_a)


@tagged("post_install", "-at_install")
class TestPoolClaimRace(TransactionCase):
    """Two account managers claim one customer from two database
    transactions at once: exactly one wins (committed data, real
    connections)."""

    def test_two_cursors_claim_the_same_customer(self):
        db = sql_db.db_connect(self.env.cr.dbname)
        with db.cursor() as setup_cr:
            env = api.Environment(setup_cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create(
                {"name": "Race pool Ltd", "is_company": True, "is_crm_customer": True}
            )
            group = env.ref("crm_lite.group_account_manager")
            users = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {
                            "name": f"Racer {n}",
                            "login": f"crm_racer_{n}",
                            "groups_id": [(6, 0, group.ids)],
                        }
                        for n in (1, 2)
                    ]
                )
            )
            ids = {"customer": customer.id, "users": users.ids}
            setup_cr.commit()
        try:
            results = []
            cursors = [db.cursor(), db.cursor()]
            try:
                envs = [
                    api.Environment(cr, uid, {})
                    for cr, uid in zip(cursors, ids["users"], strict=True)
                ]
                claims = [env["res.partner"].browse(ids["customer"]) for env in envs]
                for claim in claims:  # both read the customer while it is free
                    self.assertFalse(claim.user_id)
                claims[0].action_claim()
                with self.assertRaises(UserError), mute_logger("odoo.sql_db"):
                    claims[1].action_claim()
                cursors[0].commit()
                # a transaction that started before the winner committed
                with self.assertRaises(UserError), mute_logger("odoo.sql_db"):
                    claims[1].action_claim()
                cursors[1].rollback()
                results = [claims[0].user_id.id]
            finally:
                for cr in cursors:
                    cr.close()
            with db.cursor() as check_cr:
                check_cr.execute(
                    "SELECT user_id FROM res_partner WHERE id = %s", [ids["customer"]]
                )
                self.assertEqual(check_cr.fetchone()[0], ids["users"][0])
            self.assertEqual(results, [ids["users"][0]])
        finally:
            with db.cursor() as cleanup_cr:
                cleanup_cr.execute(
                    "DELETE FROM mail_message "
                    "WHERE model = 'res.partner' AND res_id = %s",
                    [ids["customer"]],
                )
                cleanup_cr.execute(
                    "DELETE FROM res_partner WHERE id = %s", [ids["customer"]]
                )
                cleanup_cr.execute(
                    "SELECT partner_id FROM res_users WHERE id = ANY(%s)",
                    [ids["users"]],
                )
                partner_ids = [row[0] for row in cleanup_cr.fetchall()]
                cleanup_cr.execute(
                    "DELETE FROM res_users WHERE id = ANY(%s)", [ids["users"]]
                )
                cleanup_cr.execute(
                    "DELETE FROM res_partner WHERE id = ANY(%s)", [partner_ids]
                )
                cleanup_cr.commit()
