from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CrmLiteCase, flush_tracking, state_changes, watch_writes


@tagged("post_install", "-at_install")
class TestChance(CrmLiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Chance = cls.env["crm_lite.chance"]

    # creation and bad input

    def test_create(self):
        chance = self.new_chance(source="Trade fair")
        self.assertEqual(chance.state, "new")
        self.assertEqual(chance.create_uid, self.manager_a)
        self.assertFalse(chance.user_id)
        self.assertTrue(chance.with_user(self.manager_a).is_editable)
        self.assertFalse(chance.with_user(self.manager_b).is_editable)
        self.assertFalse(chance.with_user(self.manager_a).can_develop)

    def test_success_rate_must_be_a_percentage(self):
        before = self.Chance.search_count([])
        for rate in (101, -1):
            with (
                self.subTest(rate=rate),
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.new_chance(success_rate=rate)
                self.env.flush_all()
        for rate in ("abc", "50", 50.5, True, [1]):
            with self.subTest(rate=rate), self.assertRaises(ValidationError):
                self.new_chance(success_rate=rate)
        self.assertEqual(self.Chance.search_count([]), before)
        chance = self.new_chance(success_rate=100)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            chance.write({"success_rate": 101})
            chance.flush_recordset()
        chance.invalidate_recordset()
        self.assertEqual(chance.success_rate, 100)

    def test_required_fields(self):
        before = self.Chance.search_count([])
        for missing in ("name", "customer_name", "description"):
            with (
                self.subTest(missing=missing),
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.new_chance(**{missing: False})
                self.env.flush_all()
        self.assertEqual(self.Chance.search_count([]), before)

    def test_customer_name_from_existing_customer(self):
        values = {
            "name": "Bigger order",
            "partner_id": self.customer_a.id,
            "description": "Repeat business",
        }
        chance = self.Chance.with_user(self.manager_a).create(values)
        self.assertEqual(chance.customer_name, "Customer A Ltd")

    # visibility and editing of a new chance

    def test_visibility(self):
        chance = self.new_chance()
        self.assertFalse(self.Chance.with_user(self.manager_b).search([]))
        with self.assertRaises(AccessError):
            chance.with_user(self.manager_b).read(["name"])
        for role in ("supervisor", "executive", "crm_admin"):
            self.assertIn(chance, self.Chance.with_user(getattr(self, role)).search([]))
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        self.assertEqual(self.Chance.with_user(self.manager_b).search([]), chance)
        self.assertEqual(self.Chance.with_user(self.manager_a).search([]), chance)

    def test_reassigned_chance_leaves_the_former_assignee(self):
        chance = self.new_chance(user=self.supervisor)
        chance.with_user(self.supervisor).action_assign(self.manager_a.id)
        plan = (
            self.env["crm_lite.plan"]
            .with_user(self.manager_a)
            .create({"chance_id": chance.id, "date": "2026-01-05", "todo": "Call"})
        )
        Plan = self.env["crm_lite.plan"]
        self.assertEqual(self.Chance.with_user(self.manager_a).search([]), chance)
        self.assertEqual(Plan.with_user(self.manager_a).search([]), plan)
        self.assertFalse(self.Chance.with_user(self.manager_b).search([]))
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        self.assertFalse(self.Chance.with_user(self.manager_a).search([]))
        self.assertFalse(Plan.with_user(self.manager_a).search([]))
        with self.assertRaises(AccessError):
            plan.with_user(self.manager_a).read(["todo"])
        self.assertEqual(self.Chance.with_user(self.manager_b).search([]), chance)
        self.assertEqual(Plan.with_user(self.manager_b).search([]), plan)

    def test_chances_with_the_same_readers_share_them(self):
        first, second = self.new_chance(), self.new_chance(name="Chairs")
        self.assertEqual(first.readers_id, second.readers_id)
        self.assertEqual(first.readers_id.first_user_id, self.manager_a)
        self.assertEqual(first.readers_id.second_user_id, self.manager_a)
        second.with_user(self.supervisor).action_assign(self.manager_b.id)
        pair = second.readers_id
        self.assertNotEqual(pair, first.readers_id)
        self.assertEqual(
            pair.first_user_id | pair.second_user_id, self.manager_a | self.manager_b
        )
        self.assertLess(pair.first_user_id.id, pair.second_user_id.id)
        # the other way round, the same readers
        third = self.new_chance(user=self.manager_b, name="Lamps")
        third.with_user(self.supervisor).action_assign(self.manager_a.id)
        self.assertEqual(third.readers_id, pair)

    def test_search_by_reader(self):
        mine = self.new_chance()
        theirs = self.new_chance(user=self.manager_b, name="Chairs")
        shared = self.assigned_chance(name="Lamps")  # by A, assigned to B
        supervisors = self.new_chance(user=self.supervisor, name="Beds")
        chances = mine | theirs | shared | supervisors
        in_test = [("id", "in", chances.ids)]
        for user, expected in (
            (self.manager_a, mine | shared),
            (self.manager_b, theirs | shared),
            (self.supervisor, supervisors),
        ):
            Chance = self.Chance.with_user(user)
            self.assertEqual(
                Chance.search([*in_test, ("is_reader", "=", True)]), expected
            )
            self.assertEqual(chances.with_user(user).filtered("is_reader"), expected)
        # the supervisor sees every chance, also those they do not read
        self.assertEqual(
            self.Chance.with_user(self.supervisor).search(
                [*in_test, ("is_reader", "!=", True)]
            ),
            mine | theirs | shared,
        )
        # account managers see no chance they do not read
        self.assertFalse(
            self.Chance.with_user(self.manager_a).search(
                [*in_test, ("is_reader", "=", False)]
            )
        )
        with self.assertRaises(UserError):
            self.Chance.with_user(self.supervisor).search([("is_reader", "in", [1])])

    def test_new_chance_edited_by_creator_or_supervisor(self):
        chance = self.new_chance()
        chance.with_user(self.manager_a).write({"success_rate": 50})
        chance.with_user(self.supervisor).write({"name": "120 desks"})
        with self.assertRaises(AccessError):
            chance.with_user(self.manager_b).write({"name": "Stolen"})
        with self.assertRaises(AccessError):
            chance.with_user(self.executive).write({"name": "Exec"})
        other_creator = self.new_chance(user=self.manager_b)
        self.assertEqual((chance.name, chance.success_rate), ("120 desks", 50))
        with self.assertRaises(AccessError):
            other_creator.with_user(self.manager_a).unlink()

    def test_delete_only_new(self):
        mine = self.new_chance()
        mine.with_user(self.manager_a).unlink()
        self.assertFalse(mine.exists())
        by_supervisor = self.new_chance()
        by_supervisor.with_user(self.supervisor).unlink()
        self.assertFalse(by_supervisor.exists())
        assigned = self.assigned_chance()
        for user in (self.manager_a, self.manager_b, self.supervisor):
            with self.assertRaises(UserError):
                assigned.with_user(user).unlink()
        self.assertTrue(assigned.exists())

    # assignment

    def test_supervisor_assigns(self):
        chance = self.new_chance()
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        self.assertEqual(chance.state, "assigned")
        self.assertEqual(chance.user_id, self.manager_b)
        self.assertTrue(chance.assign_date)
        activity = chance.activity_ids
        self.assertEqual(activity.user_id, self.manager_b)
        self.assertIn(self.manager_b.partner_id, chance.message_partner_ids)
        self.assertTrue(chance.with_user(self.manager_b).can_develop)

    def test_assignment_by_writing_user(self):
        chance = self.new_chance()
        chance.with_user(self.supervisor).write({"user_id": self.manager_a.id})
        self.assertEqual((chance.state, chance.user_id), ("assigned", self.manager_a))
        chance.with_user(self.supervisor).write({"user_id": self.manager_b.id})
        self.assertEqual(chance.user_id, self.manager_b)
        # the former assignee's to-do left with the assignment
        self.assertEqual(chance.activity_ids.user_id, self.manager_b)
        self.assertEqual(len(chance.activity_ids), 1)
        with self.assertRaises(UserError):
            chance.with_user(self.supervisor).write({"user_id": False})
        self.assertEqual(chance.user_id, self.manager_b)

    def test_only_supervisors_assign(self):
        chance = self.new_chance()
        for user in (self.manager_a, self.manager_b):
            with self.assertRaises(AccessError):
                chance.with_user(self.manager_a).action_assign(user.id)
        with self.assertRaises(AccessError):
            chance.with_user(self.manager_a).write({"user_id": self.manager_a.id})
        with self.assertRaises(AccessError):
            self.new_chance(user_id=self.manager_a.id)
        with self.assertRaises(AccessError):
            chance.with_user(self.executive).action_assign(self.manager_a.id)
        self.assertEqual(chance.state, "new")
        self.assertFalse(chance.user_id)
        created = self.new_chance(user=self.supervisor, user_id=self.manager_a.id)
        self.assertEqual((created.state, created.user_id), ("assigned", self.manager_a))

    def test_assign_to_a_bad_user(self):
        chance = self.new_chance()
        supervisor_view = chance.with_user(self.supervisor)
        for bad in (999999, self.executive.id, self.portal.id, "abc", None, -3):
            with self.subTest(user=bad), self.assertRaises(ValidationError):
                supervisor_view.action_assign(bad)
        self.assertEqual(chance.state, "new")
        self.assertFalse(chance.user_id)

    def test_state_cannot_be_written(self):
        chance = self.new_chance()
        for user in (self.manager_a, self.supervisor, self.crm_admin):
            with self.assertRaises(UserError):
                chance.with_user(user).write({"state": "won"})
        with self.assertRaises(UserError):
            self.new_chance(state="won")
        self.assertEqual(chance.state, "new")

    def test_assign_wizard_on_several_chances(self):
        chances = self.new_chance() | self.new_chance() | self.new_chance()
        wizard = Form(
            self.env["crm_lite.assign.wizard"]
            .with_user(self.supervisor)
            .with_context(active_model="crm_lite.chance", active_ids=chances.ids)
        )
        self.assertEqual(wizard.record_count, 3)
        wizard.user_id = self.manager_b
        wizard.save().action_assign()
        self.assertEqual(set(chances.mapped("state")), {"assigned"})
        self.assertEqual(chances.user_id, self.manager_b)
        with self.assertRaises(AccessError):
            self.env["crm_lite.assign.wizard"].with_user(self.manager_a).create(
                {
                    "res_model": "crm_lite.chance",
                    "res_ids": chances.ids,
                    "user_id": self.manager_a.id,
                }
            )
        with self.assertRaises(AccessError):
            chances.with_user(self.manager_a).action_open_assign_wizard()

    # development

    def test_plans_by_assignee_or_supervisor(self):
        new_chance = self.new_chance()
        Plan = self.env["crm_lite.plan"]
        with self.assertRaises(UserError):
            Plan.with_user(self.supervisor).create(
                {"chance_id": new_chance.id, "date": "2026-01-05", "todo": "Call"}
            )
        chance = self.assigned_chance()
        plan = Plan.with_user(self.manager_b).create(
            {"chance_id": chance.id, "date": "2026-01-05", "todo": "Call the buyer"}
        )
        plan.with_user(self.manager_b).write({"result": "Interested"})
        Plan.with_user(self.supervisor).create(
            {"chance_id": chance.id, "date": "2026-01-09", "todo": "Send quotation"}
        )
        self.assertEqual(
            chance.plan_ids.mapped("todo"), ["Call the buyer", "Send quotation"]
        )
        # the creator still sees the chance but does not develop it
        with self.assertRaises(AccessError):
            Plan.with_user(self.manager_a).create(
                {"chance_id": chance.id, "date": "2026-01-06", "todo": "Meddle"}
            )
        with self.assertRaises(AccessError):
            plan.with_user(self.manager_a).write({"result": "Meddled"})
        with self.assertRaises(AccessError):
            plan.with_user(self.executive).write({"result": "Exec"})
        with self.assertRaises(AccessError):
            chance.with_user(self.manager_a).write({"success_rate": 90})
        chance.with_user(self.manager_b).write({"success_rate": 80})
        self.assertEqual(plan.result, "Interested")
        self.assertEqual(chance.success_rate, 80)

    def test_won_creates_customer_and_contact(self):
        chance = self.assigned_chance()
        with self.assertRaises(AccessError):
            chance.with_user(self.manager_a).action_mark_won()
        chance.with_user(self.manager_b).action_mark_won()
        self.assertEqual(chance.state, "won")
        customer = chance.customer_id
        self.assertTrue(customer.is_crm_customer)
        self.assertEqual(customer.name, "Prospect Ltd")
        self.assertTrue(customer.customer_code.startswith("KH"))
        self.assertEqual(customer.user_id, self.manager_b)
        self.assertEqual(customer.child_ids.mapped("name"), ["Mr Wang"])
        self.assertEqual(customer.child_ids.phone, "138000")
        self.assertEqual(customer.chance_ids, chance)
        self.assertEqual(customer.chance_count, 1)
        self.assertIn(
            customer,
            self.env["res.partner"]
            .with_user(self.manager_b)
            .search([("id", "=", customer.id)]),
        )

    def test_won_for_existing_customer(self):
        partners_before = self.env["res.partner"].search_count([])
        chance = self.assigned_chance(
            assignee=self.manager_a, partner_id=self.customer_a.id
        )
        self.assertEqual(self.customer_a.chance_count, 1)
        chance.with_user(self.manager_a).action_mark_won()
        self.assertEqual(chance.customer_id, self.customer_a)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def test_won_for_a_pool_customer_is_no_claim(self):
        """A chance developed for a customer of the public pool gives it to
        its assignee on winning, whatever the day's claims: winning is no
        claim from the pool."""
        self.env.company.write(
            {"crm_lite_pool_daily_claims": 1, "crm_lite_pool_max_owned": 1}
        )
        pooled = self.new_customer(name="Pool Prospect Ltd", user_id=False)
        self.assertFalse(pooled.user_id)
        chance = self.assigned_chance(assignee=self.manager_a, partner_id=pooled.id)
        chance.with_user(self.manager_a).action_mark_won()
        self.assertEqual(chance.state, "won")
        self.assertEqual(pooled.user_id, self.manager_a)
        self.assertFalse(pooled.claim_user_id)

    def test_lost(self):
        chance = self.assigned_chance()
        chance.with_user(self.supervisor).action_mark_lost()
        self.assertEqual(chance.state, "lost")
        self.assertFalse(chance.customer_id)
        self.assertFalse(chance.activity_ids)

    def test_transitions_from_wrong_states(self):
        chance = self.new_chance()
        for action in ("action_mark_won", "action_mark_lost"):
            with self.assertRaises(UserError):
                getattr(chance.with_user(self.supervisor), action)()
        self.assertEqual(chance.state, "new")

    def test_closed_chances_are_read_only(self):
        won = self.assigned_chance()
        won.with_user(self.manager_b).action_mark_won()
        lost = self.assigned_chance()
        lost.with_user(self.manager_b).action_mark_lost()
        for chance in (won, lost):
            for user in (self.manager_b, self.supervisor, self.crm_admin):
                closed = chance.with_user(user)
                with self.assertRaises(UserError):
                    closed.write({"name": "Changed"})
                with self.assertRaises(UserError):
                    closed.action_assign(self.manager_a.id)
                with self.assertRaises(UserError):
                    closed.action_mark_won()
                with self.assertRaises(UserError):
                    closed.action_mark_lost()
                with self.assertRaises(UserError):
                    closed.unlink()
                with self.assertRaises(UserError):
                    self.env["crm_lite.plan"].with_user(user).create(
                        {"chance_id": chance.id, "date": "2026-02-01", "todo": "Late"}
                    )
        self.assertEqual((won.state, lost.state), ("won", "lost"))
        self.assertEqual(won.name, "100 desks")

    # transitions

    def test_transitions_go_through_write(self):
        writes = watch_writes(self, "crm_lite.chance")
        won = self.new_chance()
        won.with_user(self.supervisor).write({"user_id": self.manager_b.id})
        won.with_user(self.manager_b).action_mark_won()
        lost = self.assigned_chance()
        lost.with_user(self.supervisor).action_mark_lost()
        self.assertEqual(
            [(ids, vals["state"]) for ids, vals in writes if "state" in vals],
            [
                (won.ids, "assigned"),
                (won.ids, "won"),
                (lost.ids, "assigned"),
                (lost.ids, "lost"),
            ],
        )
        self.assertEqual((won.state, lost.state), ("won", "lost"))
        self.assertEqual(won.customer_id.name, "Prospect Ltd")

    def test_each_transition_is_tracked_once(self):
        chance = self.new_chance()
        # the host tracks records from the transaction after their creation's
        self.assertEqual(state_changes(self, chance), [])
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        self.assertEqual(
            state_changes(self, chance),
            [(chance.id, "Unassigned", "In Development")],
        )
        # a reassignment keeps the state: nothing more to track
        chance.with_user(self.supervisor).action_assign(self.manager_a.id)
        flush_tracking(self)
        chance.with_user(self.manager_a).action_mark_won()
        self.assertEqual(
            state_changes(self, chance),
            [
                (chance.id, "Unassigned", "In Development"),
                (chance.id, "In Development", "Won"),
            ],
        )

    def test_form_flags_by_role(self):
        chance = self.new_chance()
        flags = ("is_editable", "can_assign", "can_develop")

        def expect(user, **values):
            as_user = chance.with_user(user)
            with self.subTest(state=chance.state, user=user.login):
                self.assertEqual(
                    {name: as_user[name] for name in flags},
                    dict.fromkeys(flags, False) | values,
                )

        expect(self.manager_a, is_editable=True)
        expect(self.supervisor, is_editable=True, can_assign=True)
        expect(self.executive)
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        expect(self.manager_a)
        expect(self.manager_b, is_editable=True, can_develop=True)
        expect(self.supervisor, is_editable=True, can_assign=True, can_develop=True)
        expect(self.executive)
        chance.with_user(self.manager_b).action_mark_won()
        expect(self.manager_b)
        expect(self.supervisor)
