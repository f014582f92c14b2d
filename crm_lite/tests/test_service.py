from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmLiteCase, flush_tracking, state_changes, watch_writes


@tagged("post_install", "-at_install")
class TestService(CrmLiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Service = cls.env["crm_lite.service"]
        cls.complaint = cls.env.ref("crm_lite.dict_service_type_complaint")

    def test_create(self):
        service = self.new_service()
        self.assertEqual(service.state, "new")
        self.assertEqual(service.create_uid, self.manager_a)
        self.assertEqual(self.customer_a.service_ids, service)
        self.assertEqual(self.customer_a.service_count, 1)

    def test_bad_input(self):
        before = self.Service.search_count([])
        with self.assertRaises(ValidationError):
            self.new_service(partner=self.vendor)
        with self.assertRaises(AccessError):
            self.new_service(partner=self.customer_b)
        region = self.env.ref("crm_lite.dict_region_beijing")
        with self.assertRaises(ValidationError):
            self.new_service(service_type_id=region.id)
        with self.assertRaises(ValidationError):
            self.new_service(satisfaction="6")
        with self.assertRaises(UserError):
            self.new_service(state="archived")
        self.assertEqual(self.Service.search_count([]), before)

    def test_only_supervisors_assign(self):
        service = self.new_service()
        with self.assertRaises(AccessError):
            service.with_user(self.manager_a).action_assign(self.manager_a.id)
        with self.assertRaises(AccessError):
            service.with_user(self.manager_a).write({"user_id": self.manager_a.id})
        with self.assertRaises(AccessError):
            service.with_user(self.executive).action_assign(self.manager_a.id)
        with self.assertRaises(ValidationError):
            service.with_user(self.supervisor).action_assign(999999)
        self.assertEqual(service.state, "new")
        service.with_user(self.supervisor).write({"user_id": self.manager_b.id})
        self.assertEqual((service.state, service.user_id), ("assigned", self.manager_b))
        self.assertTrue(service.assign_date)
        self.assertEqual(service.activity_ids.user_id, self.manager_b)

    def test_assign_several_at_once(self):
        services = self.new_service() | self.new_service() | self.new_service()
        wizard = Form(
            self.env["crm_lite.assign.wizard"]
            .with_user(self.supervisor)
            .with_context(active_model="crm_lite.service", active_ids=services.ids)
        )
        wizard.user_id = self.manager_a
        wizard.save().action_assign()
        self.assertEqual(set(services.mapped("state")), {"assigned"})
        self.assertEqual(services.user_id, self.manager_a)

    def test_handle(self):
        service = self.assigned_service(assignee=self.manager_b)
        handler = service.with_user(self.manager_b)
        with self.assertRaises(UserError):
            handler.action_handle()
        handler.write({"handling": "   "})
        with self.assertRaises(UserError):
            handler.action_handle()
        # the creator is not the handler
        with self.assertRaises(AccessError):
            service.with_user(self.manager_a).write({"handling": "Creator meddles"})
        with self.assertRaises(AccessError):
            service.with_user(self.manager_a).action_handle()
        with self.assertRaises(AccessError):
            service.with_user(self.executive).action_handle()
        self.assertEqual(service.state, "assigned")
        handler.write({"handling": "Replaced the rail"})
        handler.action_handle()
        self.assertEqual(service.state, "handled")
        self.assertEqual(service.handled_by_id, self.manager_b)
        self.assertTrue(service.handle_date)
        with self.assertRaises(UserError):
            handler.action_handle()

    def test_supervisor_may_handle(self):
        service = self.assigned_service()
        as_supervisor = service.with_user(self.supervisor)
        as_supervisor.write({"handling": "Done by the supervisor"})
        as_supervisor.action_handle()
        self.assertEqual(service.handled_by_id, self.supervisor)

    def test_feedback_needs_result_and_satisfaction(self):
        service = self.handled_service()
        creator = service.with_user(self.manager_a)
        with self.assertRaises(UserError):
            creator.action_feedback()
        creator.write({"result": "Works again"})
        with self.assertRaises(UserError):
            creator.action_feedback()
        for bad in ("0", "6", 3, "x"):
            with self.subTest(satisfaction=bad), self.assertRaises(ValidationError):
                creator.write({"satisfaction": bad})
        self.assertEqual(service.state, "handled")
        self.assertFalse(service.satisfaction)
        with self.assertRaises(AccessError):
            service.with_user(self.manager_b).action_feedback()

    def test_satisfied_customer_archives(self):
        service = self.handled_service()
        service.with_user(self.manager_a).write(
            {"result": "Fixed", "satisfaction": "3"}
        )
        service.with_user(self.manager_a).action_feedback()
        self.assertEqual(service.state, "archived")
        self.assertEqual(service.satisfaction, "3")

    def test_unsatisfied_customer_sends_it_back(self):
        service = self.handled_service(assignee=self.manager_b)
        service.with_user(self.supervisor).write(
            {"result": "Still stuck", "satisfaction": "2"}
        )
        service.with_user(self.supervisor).action_feedback()
        self.assertEqual(service.state, "assigned")
        self.assertEqual(service.user_id, self.manager_b)
        self.assertFalse(service.result)
        self.assertFalse(service.satisfaction)
        self.assertEqual(service.handling, "Replaced the rail")
        self.assertTrue(
            any("Still stuck" in message.body for message in service.message_ids)
        )
        self.assertEqual(service.activity_ids.user_id, self.manager_b)
        handler = service.with_user(self.manager_b)
        handler.write({"handling": "Replaced the whole drawer"})
        handler.action_handle()
        handler.write({"result": "Perfect", "satisfaction": "5"})
        handler.action_feedback()
        self.assertEqual(service.state, "archived")

    def test_archived_is_read_only(self):
        service = self.handled_service()
        service.write({"result": "Fine", "satisfaction": "4"})
        service.with_user(self.manager_a).action_feedback()
        for user in (self.manager_a, self.supervisor, self.crm_admin):
            archived = service.with_user(user)
            with self.assertRaises(UserError):
                archived.write({"result": "Changed"})
            with self.assertRaises(UserError):
                archived.write({"state": "new"})
            with self.assertRaises(UserError):
                archived.unlink()
            with self.assertRaises(UserError):
                archived.action_assign(self.manager_b.id)
            with self.assertRaises(UserError):
                archived.action_handle()
            with self.assertRaises(UserError):
                archived.action_feedback()
        self.assertEqual((service.state, service.result), ("archived", "Fine"))

    def test_state_cannot_be_written(self):
        service = self.assigned_service()
        for user in (self.manager_a, self.supervisor):
            with self.assertRaises(UserError):
                service.with_user(user).write({"state": "archived"})
        self.assertEqual(service.state, "assigned")

    def test_delete_only_new(self):
        service = self.new_service()
        with self.assertRaises(AccessError):
            service.with_user(self.manager_b).unlink()
        service.with_user(self.manager_a).unlink()
        self.assertFalse(service.exists())
        assigned = self.assigned_service()
        with self.assertRaises(UserError):
            assigned.with_user(self.supervisor).unlink()

    def test_visibility_between_account_managers(self):
        own = self.new_service()
        others = self.new_service(user=self.manager_b, partner=self.customer_b)
        by_supervisor = self.new_service(user=self.supervisor)
        Service = self.env["crm_lite.service"]
        everything = own | others | by_supervisor
        domain = [("id", "in", everything.ids)]
        self.assertEqual(Service.with_user(self.manager_a).search(domain), own)
        self.assertEqual(Service.with_user(self.manager_b).search(domain), others)
        for role in ("supervisor", "executive", "crm_admin"):
            self.assertEqual(
                Service.with_user(getattr(self, role)).search(domain), everything
            )
        with self.assertRaises(AccessError):
            others.with_user(self.manager_a).read(["name"])
        by_supervisor.with_user(self.supervisor).action_assign(self.manager_b.id)
        self.assertEqual(
            Service.with_user(self.manager_b).search(domain), others | by_supervisor
        )
        with self.assertRaises(AccessError):
            own.with_user(self.executive).write({"name": "Exec"})

    def test_creator_keeps_a_service_while_the_customer_is_theirs(self):
        own = self.new_service()
        Service = self.env["crm_lite.service"].with_user(self.manager_a)
        self.customer_a.write({"user_id": self.manager_b.id})
        self.assertFalse(Service.search([("id", "=", own.id)]))
        with self.assertRaises(AccessError):
            own.with_user(self.manager_a).read(["name"])
        # back in the public pool, the customer and its services are in reach
        self.customer_a.write({"user_id": False})
        self.assertEqual(Service.search([("id", "=", own.id)]), own)
        self.assertEqual(own.with_user(self.manager_a).read(["name"])[0]["id"], own.id)

    # transitions

    def _handled_twice_then_archived(self, service):
        """Handled, sent back by an unsatisfied customer, handled again and
        archived by a satisfied one."""
        handler = service.with_user(self.manager_a)
        for satisfaction in ("2", "4"):
            handler.write({"handling": "Replaced the rail"})
            handler.action_handle()
            flush_tracking(self)
            handler.write({"result": "Checked", "satisfaction": satisfaction})
            handler.action_feedback()
            flush_tracking(self)

    def test_transitions_go_through_write(self):
        writes = watch_writes(self, "crm_lite.service")
        service = self.assigned_service()
        self._handled_twice_then_archived(service)
        self.assertEqual(
            [(ids, vals["state"]) for ids, vals in writes if "state" in vals],
            [
                (service.ids, state)
                for state in ("assigned", "handled", "assigned", "handled")
            ]
            + [(service.ids, "archived")],
        )
        self.assertEqual((service.state, service.satisfaction), ("archived", "4"))

    def test_each_transition_is_tracked_once(self):
        service = self.new_service()
        self.assertEqual(state_changes(self, service), [])
        service.with_user(self.supervisor).action_assign(self.manager_a.id)
        flush_tracking(self)
        self._handled_twice_then_archived(service)
        self.assertEqual(
            state_changes(self, service),
            [
                (service.id, "New", "Assigned"),
                (service.id, "Assigned", "Handled"),
                (service.id, "Handled", "Assigned"),
                (service.id, "Assigned", "Handled"),
                (service.id, "Handled", "Archived"),
            ],
        )

    def test_form_flags_by_role(self):
        service = self.new_service()
        flags = ("can_edit_request", "can_assign", "can_handle", "can_give_feedback")

        def expect(user, **values):
            as_user = service.with_user(user)
            with self.subTest(state=service.state, user=user.login):
                self.assertEqual(
                    {name: as_user[name] for name in flags},
                    dict.fromkeys(flags, False) | values,
                )

        expect(self.manager_a, can_edit_request=True)
        expect(self.supervisor, can_edit_request=True, can_assign=True)
        expect(self.executive)
        service.with_user(self.supervisor).action_assign(self.manager_b.id)
        expect(self.manager_a)
        expect(self.manager_b, can_handle=True)
        expect(self.supervisor, can_assign=True, can_handle=True)
        service.with_user(self.manager_b).write({"handling": "Replaced the rail"})
        service.with_user(self.manager_b).action_handle()
        for user in (self.manager_a, self.manager_b, self.supervisor):
            expect(user, can_give_feedback=True)
        expect(self.executive)
        service.with_user(self.manager_a).write(
            {"result": "Fixed", "satisfaction": "5"}
        )
        service.with_user(self.manager_a).action_feedback()
        for user in (self.manager_a, self.manager_b, self.supervisor):
            expect(user)
