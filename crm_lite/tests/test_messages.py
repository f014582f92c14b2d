from odoo.tests import Form, new_test_user, tagged

from .common import CrmLiteCase, load_chinese


@tagged("post_install", "-at_install")
class TestStaffWithoutEmail(CrmLiteCase):
    """Every step of every workflow for staff without an e-mail address (the
    account manager and the supervisor both), as in companies that send no
    mail from Odoo; the texts written to the account manager, who reads
    Chinese while the supervisor reads English, are in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.zhangwei = new_test_user(
            cls.env,
            login="zhangwei",
            name="Zhang Wei",
            email=False,
            lang="zh_CN",
            groups="crm_lite.group_account_manager",
        )
        cls.lisi = new_test_user(
            cls.env,
            login="lisi",
            name="Li Si",
            email=False,
            lang="en_US",
            groups="crm_lite.group_sales_supervisor",
        )
        cls.odoobot = cls.env.ref("base.partner_root")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Zhang's Customer Ltd",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.zhangwei.id,
            }
        )
        cls.complaint = cls.env.ref("crm_lite.dict_service_type_complaint")

    def setUp(self):
        super().setUp()
        self.assertFalse(self.zhangwei.email or self.lisi.email)

    def in_chinese(self, text, **params):
        """``text`` as crm_lite's Chinese translation gives it; the test
        fails if there is none (it would then prove nothing)."""
        translated = self.env["res.partner"].with_context(lang="zh_CN").env._(text)
        self.assertNotEqual(translated, text, "no Chinese translation")
        return translated % params if params else translated

    def todo_of(self, record, user):
        return record.activity_ids.filtered(lambda activity: activity.user_id == user)

    def assert_told_by_odoobot(self, record, user):
        """The host's "assigned to you" notice reached ``user``, from OdooBot."""
        notices = self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )
        self.assertTrue(notices, f"{user.name} was not told")
        self.assertEqual(notices.author_id, self.odoobot)

    def test_chance_from_registration_to_won(self):
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.zhangwei)
            .create(
                {
                    "name": "两百张桌子",
                    "customer_name": "新桌科技有限公司",
                    "contact_name": "王先生",
                    "description": "新办公室",
                }
            )
        )
        chance.with_user(self.lisi).action_assign(self.zhangwei.id)
        self.assertEqual(chance.state, "assigned")
        todo = self.todo_of(chance, self.zhangwei)
        self.assertEqual(
            todo.summary,
            self.in_chinese("Assigned to you: %(name)s") % {"name": "两百张桌子"},
        )
        self.assert_told_by_odoobot(chance, self.zhangwei)
        chance.with_user(self.zhangwei).write(
            {"plan_ids": [(0, 0, {"todo": "拜访", "result": "有意向"})]}
        )
        # the supervisor closes it: the new customer and its contact are the
        # account manager's, created by someone else
        chance.with_user(self.lisi).action_mark_won()
        self.assertEqual(chance.state, "won")
        self.assertEqual(chance.customer_id.user_id, self.zhangwei)
        self.assertFalse(self.todo_of(chance, self.zhangwei))
        self.assert_told_by_odoobot(chance.customer_id, self.zhangwei)

    def test_chance_reassigned_and_lost(self):
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.lisi)
            .create({"name": "Chairs", "customer_name": "X", "description": "-"})
        )
        chance.with_user(self.lisi).action_assign(self.manager_a.id)
        chance.with_user(self.lisi).action_assign(self.zhangwei.id)
        self.assertFalse(self.todo_of(chance, self.manager_a))
        self.assertTrue(self.todo_of(chance, self.zhangwei))
        chance.with_user(self.zhangwei).action_mark_lost()
        self.assertEqual(chance.state, "lost")

    def test_service_from_request_to_archive(self):
        service = (
            self.env["crm_lite.service"]
            .with_user(self.zhangwei)
            .create(
                {
                    "name": "抽屉卡住",
                    "service_type_id": self.complaint.id,
                    "partner_id": self.customer.id,
                    "request": "打不开",
                }
            )
        )
        service.with_user(self.lisi).action_assign(self.zhangwei.id)
        self.assert_told_by_odoobot(service, self.zhangwei)
        handler = service.with_user(self.zhangwei)
        handler.write({"handling": "换了滑轨"})
        handler.action_handle()
        # unsatisfied, recorded by the supervisor: back to the handler, with a
        # note and a to-do in the handler's language
        service.with_user(self.lisi).write({"result": "还是卡", "satisfaction": "2"})
        service.with_user(self.lisi).action_feedback()
        self.assertEqual(service.state, "assigned")
        self.assertEqual(
            self.todo_of(service, self.zhangwei).summary,
            self.in_chinese("Handle again: the customer is not satisfied"),
        )
        note_start = self.in_chinese(
            "The customer is not satisfied (%(stars)s/5): %(result)s. "
            "The service goes back to its handler."
        ).split("%")[0]
        self.assertIn(note_start, service.message_ids[:3].mapped("body")[0])
        handler.action_handle()
        handler.write({"result": "好了", "satisfaction": "5"})
        handler.action_feedback()
        self.assertEqual(service.state, "archived")

    def test_customers_given_and_claimed(self):
        Partner = self.env["res.partner"]
        # registered by the supervisor for the account manager
        given = Partner.with_user(self.lisi).create(
            {
                "name": "Given Ltd",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": self.zhangwei.id,
            }
        )
        self.assertEqual(given.crm_owner_id, self.zhangwei)
        self.assert_told_by_odoobot(given, self.zhangwei)
        # registered by the account manager on the CRM's customer form
        form = Form(
            Partner.with_user(self.zhangwei).with_context(crm_lite_customer=True),
            view="crm_lite.view_crm_customer_form",
        )
        form.name = "自己登记有限公司"
        with form.child_ids.new() as contact:
            contact.name = "赵经理"
        own = form.save()
        self.assertEqual(own.user_id, self.zhangwei)
        # the pool: one given by the supervisor, one claimed
        pooled = Partner.create(
            [
                {"name": f"Pool {n}", "is_company": True, "is_crm_customer": True}
                for n in (1, 2)
            ]
        )
        pooled[0].with_user(self.lisi).write({"user_id": self.zhangwei.id})
        pooled[1].with_user(self.zhangwei).action_claim()
        self.assertEqual(pooled.mapped("user_id"), self.zhangwei)

    def test_interaction_and_loss(self):
        self.env["crm_lite.interaction"].with_user(self.zhangwei).create(
            {"partner_id": self.customer.id, "place": "电话", "name": "回访"}
        )
        loss = self.env["crm_lite.loss"].create({"partner_id": self.customer.id})
        loss.with_user(self.zhangwei).action_add_measure("打折")
        loss.with_user(self.zhangwei).action_confirm_lost("搬走了")
        self.assertEqual(loss.state, "lost")
        self.assertEqual(self.customer.crm_state, "lost")
