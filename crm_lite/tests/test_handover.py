from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CrmLiteCase, CrmMultiCompanyCase, load_chinese


class HandoverCase(CrmLiteCase):
    """Manager A's portfolio: two customers (one with a contact), an open
    chance on one and one for a prospect, an assigned and a handled service,
    an open loss record, a call A planned on a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.today = fields.Date.context_today(cls.Partner)
        cls.customer_a2 = cls.Partner.create(
            {
                "name": "Customer A2 Ltd",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_a.id,
            }
        )
        cls.customers = cls.customer_a | cls.customer_a2
        Chance = cls.env["crm_lite.chance"].with_user(cls.manager_a)
        values = {"success_rate": 40, "description": "Desks"}
        cls.chance = Chance.create(
            dict(values, name="Desks for A", partner_id=cls.customer_a.id)
        )
        cls.prospect_chance = Chance.create(
            dict(values, name="Desks for a prospect", customer_name="Prospect")
        )
        (cls.chance | cls.prospect_chance).with_user(cls.supervisor).action_assign(
            cls.manager_a.id
        )
        Service = cls.env["crm_lite.service"].with_user(cls.manager_a)
        complaint = cls.env.ref("crm_lite.dict_service_type_complaint")
        cls.services = Service.create(
            [
                {
                    "name": name,
                    "service_type_id": complaint.id,
                    "partner_id": cls.customer_a2.id,
                    "request": "The drawer does not open",
                }
                for name in ("Assigned service", "Handled service")
            ]
        )
        cls.services.with_user(cls.supervisor).action_assign(cls.manager_a.id)
        handled = cls.services[1].with_user(cls.manager_a)
        handled.write({"handling": "Replaced the rail"})
        handled.action_handle()
        cls.services = cls.services.with_env(cls.env)
        cls.chance = cls.chance.with_env(cls.env)
        cls.prospect_chance = cls.prospect_chance.with_env(cls.env)
        cls.loss = cls.env["crm_lite.loss"].create(
            {"partner_id": cls.customer_a.id, "user_id": cls.manager_a.id}
        )
        cls.call = (
            cls.customer_a.with_user(cls.manager_a)
            .activity_schedule(
                "mail.mail_activity_data_call", user_id=cls.manager_a.id, summary="Call"
            )
            .with_env(cls.env)
        )

    def handover(self, user=None, **values):
        wizard = (
            self.env["crm_lite.handover.wizard"]
            .with_user(user or self.supervisor)
            .create(dict({"from_user_id": self.manager_a.id}, **values))
        )
        return wizard.action_handover()

    def todos(self, records, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("user_id", "=", user.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mail.mail_activity_data_todo").id,
                ),
            ]
        )


@tagged("post_install", "-at_install")
class TestHandover(HandoverCase):
    def test_all_to_another_manager(self):
        notes_before = {c: len(c.message_ids) for c in self.customers}
        self.handover(target="user", to_user_id=self.manager_b.id)
        self.assertEqual(self.customers.user_id, self.manager_b)
        for customer in self.customers:
            self.assertEqual(customer.previous_user_id, self.manager_a)
            self.assertEqual(customer.owner_date, self.today)
            self.assertFalse(customer.pool_date)
            self.assertEqual(customer.crm_access_key, self.manager_b.id)
            # one chatter line each, naming both and who did it
            self.assertEqual(len(customer.message_ids), notes_before[customer] + 1)
            line = customer.message_ids[0].body
            for name in (
                self.manager_a.name,
                self.manager_b.name,
                self.supervisor.name,
            ):
                self.assertIn(name, line)
            self.assertIn(self.manager_b.partner_id, customer.message_partner_ids)
        self.assertEqual(self.contact_a.crm_owner_id, self.manager_b)
        self.assertEqual(self.contact_a.crm_access_key, self.manager_b.id)
        work = self.chance | self.prospect_chance
        self.assertEqual(work.user_id, self.manager_b)
        self.assertEqual(set(work.mapped("state")), {"assigned"})
        self.assertEqual(self.services.user_id, self.manager_b)
        self.assertEqual(self.services.mapped("state"), ["assigned", "handled"])
        self.assertEqual(self.loss.user_id, self.manager_b)
        # his to-dos are the new owner's: the call, the assignments' to-dos
        self.assertEqual(self.call.user_id, self.manager_b)
        self.assertEqual(len(self.todos(work, self.manager_b)), 2)
        self.assertFalse(self.todos(work, self.manager_a))
        self.assertFalse(self.todos(self.services, self.manager_a))
        self.assertEqual(len(self.todos(self.services[0], self.manager_b)), 1)
        # as the account managers see it
        B = self.Partner.with_user(self.manager_b)
        self.assertEqual(B.search([("id", "in", self.customers.ids)]), self.customers)
        self.assertFalse(
            self.Partner.with_user(self.manager_a).search(
                [("id", "in", (self.customers | self.contact_a).ids)]
            )
        )
        Chance = self.env["crm_lite.chance"]
        self.assertEqual(
            Chance.with_user(self.manager_b).search([("id", "in", work.ids)]), work
        )
        self.assertEqual(
            self.env["crm_lite.service"]
            .with_user(self.manager_b)
            .search_count([("id", "in", self.services.ids)]),
            2,
        )
        self.assertFalse(self.manager_a._crm_holdings())
        self.assert_readers_as_the_orm_computes(work | self.chance.browse())
        self.assert_readers_as_the_orm_computes(self.services)

    def assert_readers_as_the_orm_computes(self, records):
        Readers = self.env["crm_lite.readers"]
        for record in records:
            key = Readers._key(record._reader_users())
            self.assertEqual(
                record.readers_id.id, Readers._ids_by_key([key]).get(key, False)
            )

    def test_chosen_to_the_pool(self):
        # a service of A's customer that B handles: its creator still sees
        # it once the customer is in the pool
        others = (
            self.env["crm_lite.service"]
            .with_user(self.manager_a)
            .create(
                {
                    "name": "B's service",
                    "service_type_id": self.services[0].service_type_id.id,
                    "partner_id": self.customer_a.id,
                    "request": "Wobbly",
                }
            )
            .with_env(self.env)
        )
        others.with_user(self.supervisor).action_assign(self.manager_b.id)
        self.handover(target="pool", scope="chosen", customer_ids=self.customer_a.ids)
        self.assertFalse(self.customer_a.user_id)
        self.assertEqual(self.customer_a.previous_user_id, self.manager_a)
        self.assertEqual(self.customer_a.pool_date, self.today)
        self.assertEqual(self.contact_a.crm_access_key, -1)
        self.assertIn("public pool", self.customer_a.message_ids[0].body)
        # the rest stays his
        self.assertEqual(self.customer_a2.user_id, self.manager_a)
        self.assertEqual(self.prospect_chance.user_id, self.manager_a)
        self.assertEqual(self.services.user_id, self.manager_a)
        # back to Unassigned, his to-dos gone
        self.assertEqual((self.chance.state, self.chance.user_id.id), ("new", False))
        self.assertFalse(self.todos(self.chance, self.manager_a))
        self.assertFalse(self.call.exists())
        self.assertFalse(self.loss.user_id)
        self.assert_readers_as_the_orm_computes(self.chance)
        self.assert_readers_as_the_orm_computes(self.services | others)
        self.assertEqual(
            others.readers_id.first_user_id | others.readers_id.second_user_id,
            self.manager_a | self.manager_b,
        )
        # a release: he may not claim it back at once
        self.env.company.crm_lite_pool_reclaim_block_days = 7
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.manager_a).action_claim()

    def test_chosen_from_the_customer_list(self):
        wizard = Form(
            self.env["crm_lite.handover.wizard"]
            .with_user(self.supervisor)
            .with_context(active_model="res.partner", active_ids=self.customer_a2.ids)
        )
        self.assertEqual(wizard.from_user_id, self.manager_a)
        self.assertEqual(wizard.scope, "chosen")
        self.assertEqual(wizard.customer_count, 1)
        self.assertNotIn(self.manager_a, wizard.allowed_user_ids)
        self.assertIn(self.manager_b, wizard.allowed_user_ids)
        self.assertNotIn(self.executive, wizard.allowed_user_ids)
        wizard.to_user_id = self.manager_b
        wizard.save().action_handover()
        self.assertEqual(self.customer_a2.user_id, self.manager_b)
        self.assertEqual(self.services.user_id, self.manager_b)
        self.assertEqual(self.customer_a.user_id, self.manager_a)

    def test_someone_elses_customer_is_refused(self):
        with self.assertRaises(UserError):
            self.handover(
                target="user",
                to_user_id=self.manager_b.id,
                scope="chosen",
                customer_ids=(self.customer_a | self.customer_b).ids,
            )
        self.assertEqual(self.customer_a.user_id, self.manager_a)

    def test_only_supervisors_hand_over(self):
        for user in (self.manager_a, self.executive):
            with self.assertRaises(AccessError):
                self.handover(user, target="user", to_user_id=self.manager_b.id)
        self.assertEqual(self.customers.user_id, self.manager_a)
        # the administrators of the CRM are supervisors too
        self.handover(self.crm_admin, target="user", to_user_id=self.manager_b.id)
        self.assertEqual(self.customers.user_id, self.manager_b)

    def test_invalid_owners_are_refused(self):
        archived = new_test_user(
            self.env, login="crm_test_gone", groups="crm_lite.group_account_manager"
        )
        archived.active = False
        for user in (self.executive, self.supervisor, archived, self.internal):
            with self.assertRaises(ValidationError):
                self.handover(target="user", to_user_id=user.id)
            with self.assertRaises(ValidationError):
                self.customer_a.with_user(self.supervisor).write({"user_id": user.id})
            # nor with the date it is owned since
            with self.assertRaises(ValidationError):
                self.customer_a.with_user(self.supervisor).write(
                    {"user_id": user.id, "owner_date": "2020-01-01"}
                )
            # nor registered for one
            with self.assertRaises(ValidationError):
                self.Partner.with_user(self.supervisor).create(
                    {
                        "name": "Registered Ltd",
                        "is_company": True,
                        "is_crm_customer": True,
                        "user_id": user.id,
                    }
                )
        self.assertEqual(self.customers.user_id, self.manager_a)
        self.assertEqual(self.chance.user_id, self.manager_a)
        self.assertEqual(self.call.user_id, self.manager_a)
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.manager_a).create(
                {
                    "name": "For a colleague Ltd",
                    "is_company": True,
                    "is_crm_customer": True,
                    "user_id": self.manager_b.id,
                }
            )
        # the host's salesperson of other partners is not the CRM's
        self.vendor.write({"user_id": self.executive.id})
        self.assertEqual(self.vendor.user_id, self.executive)
        self.vendor.write({"user_id": False})
        self.assertFalse(self.vendor.user_id)
        self.assertFalse(self.vendor.pool_date)

    def test_same_owner_changes_nothing(self):
        self.customer_a.owner_date = self.today - relativedelta(days=10)
        messages = len(self.customer_a.message_ids)
        changed = self.customer_a.with_user(self.supervisor)._crm_set_owner(
            self.manager_a
        )
        self.assertFalse(changed)
        self.assertEqual(
            self.customer_a.owner_date, self.today - relativedelta(days=10)
        )
        self.assertEqual(len(self.customer_a.message_ids), messages)
        with self.assertRaises(UserError):
            self.handover(target="user", to_user_id=self.manager_a.id)

    def test_account_manager_cannot_give_his_customer_away(self):
        with self.assertRaisesRegex(AccessError, "supervisors hand customers over"):
            self.customer_a.with_user(self.manager_a).write(
                {"user_id": self.manager_b.id}
            )
        self.assertEqual(self.customer_a.user_id, self.manager_a)
        # nor may an executive or a colleague release it
        for user in (self.executive, self.manager_b):
            with self.assertRaises(AccessError):
                self.customer_a.with_user(user).write({"user_id": False})
        self.assertEqual(self.customer_a.user_id, self.manager_a)
        # he may release it, and the supervisor give it
        self.customer_a.with_user(self.manager_a).write({"user_id": False})
        self.assertEqual(self.customer_a.previous_user_id, self.manager_a)
        self.customer_a.with_user(self.supervisor).write({"user_id": self.manager_b.id})
        self.assertEqual(self.contact_a.crm_owner_id, self.manager_b)
        # told by OdooBot, as the host tells a new salesperson
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.customer_a.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.manager_b.partner_id.ids),
            ]
        )
        self.assertEqual(notice.author_id, self.env.ref("base.partner_root"))
        self.assertIn(self.manager_b.name, self.customer_a.message_ids[0].body)

    def test_in_the_supervisors_language(self):
        load_chinese(self.env)
        # the web client's context: the user's language
        self.env["crm_lite.handover.wizard"].with_user(self.supervisor).with_context(
            lang="zh_CN"
        ).create(
            {
                "from_user_id": self.manager_a.id,
                "target": "pool",
                "scope": "chosen",
                "customer_ids": self.customer_a.ids,
            }
        ).action_handover()
        self.assertIn("转派", self.customer_a.message_ids[0].body)
        self.assertIn("公海", self.customer_a.message_ids[0].body)
        with self.assertRaisesRegex(AccessError, "转派"):
            self.customer_a2.with_user(self.manager_a).with_context(lang="zh_CN").write(
                {"user_id": self.manager_b.id}
            )

    def test_pool_warnings_go_with_the_owner(self):
        warning = self.env.ref("crm_lite.mail_activity_pool_warning")
        stale = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer_a.id,
                "activity_type_id": warning.id,
                "user_id": self.manager_a.id,
            }
        )
        self.handover(target="user", to_user_id=self.manager_b.id)
        self.assertFalse(stale.exists())
        self.assertEqual(self.call.user_id, self.manager_b)


@tagged("post_install", "-at_install")
class TestArchiveUser(HandoverCase):
    def test_archive_is_refused_while_he_owns(self):
        with self.assertRaisesRegex(UserError, "owns 2 customers"):
            self.manager_a.with_user(self.crm_admin).write({"active": False})
        self.assertTrue(self.manager_a.active)

    def test_archive_offers_the_handover(self):
        action = self.manager_a.with_user(self.crm_admin).action_archive()
        self.assertEqual(action["res_model"], "crm_lite.handover.wizard")
        # the web client opens an action it is given back with its views
        self.assertEqual(action["views"], [(False, "form")])
        wizard = Form(
            self.env["crm_lite.handover.wizard"]
            .with_user(self.crm_admin)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.from_user_id, self.manager_a)
        self.assertTrue(wizard.archive_user)
        wizard.target = "pool"
        wizard.save().action_handover()
        self.assertFalse(self.manager_a.active)
        self.assertFalse(self.customers.user_id)
        chances = self.chance | self.prospect_chance
        self.assertEqual(set(chances.mapped("state")), {"new"})
        self.assertEqual(set(self.services.mapped("state")), {"new"})
        self.assertFalse(chances.user_id | self.services.user_id)

    def test_users_without_crm_records_archive_as_before(self):
        idle = new_test_user(
            self.env, login="crm_test_idle", groups="crm_lite.group_account_manager"
        )
        idle.with_user(self.crm_admin).action_archive()
        self.assertFalse(idle.active)
        self.internal.with_user(self.crm_admin).write({"active": False})
        self.assertFalse(self.internal.active)

    def test_archived_owner_is_not_warned(self):
        # an owner archived in sudo, with an old customer
        self.manager_b.active = False
        old = self.env.cr.now() - relativedelta(years=3)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s, crm_customer_date = %s "
            "WHERE id IN %s",
            [old, old.date(), (self.customer_a2.id, self.customer_b.id)],
        )
        flagged = self.env["crm_lite.loss"]._cron_detect_churn()
        self.assertIn(self.customer_a2, flagged.partner_id)
        self.assertNotIn(self.customer_b, flagged.partner_id)


@tagged("post_install", "-at_install")
class TestHandoverCompanies(CrmMultiCompanyCase):
    def test_user_of_another_company_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "CRM Company A"):
            self.customer_of_a.with_user(self.supervisor_ab).write(
                {"user_id": self.manager_b_only.id}
            )
        wizard = (
            self.env["crm_lite.handover.wizard"]
            .with_user(self.supervisor_ab)
            .create({"from_user_id": self.manager_ab.id})
        )
        self.assertNotIn(self.manager_b_only, wizard.allowed_user_ids)
        self.assertNotIn(self.manager_a_only, wizard.allowed_user_ids)
        wizard.write({"target": "user", "to_user_id": self.manager_b_only.id})
        with self.assertRaises(ValidationError):
            wizard.action_handover()
        self.assertEqual(self.customer_of_a.user_id, self.manager_ab)
