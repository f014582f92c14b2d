from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.crm_lite.tests.common import CrmLiteCase, load_chinese


@tagged("post_install", "-at_install")
class TestLeadOfAnotherManagersCustomer(CrmLiteCase):
    """A supervisor puts account manager B as salesperson on an opportunity
    for account manager A's customer: B works it in Odoo's CRM as any
    salesperson does (the lead form, a quotation from it), and still reads
    no other customer of A's and changes none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a.email = "buyer@customer-a.example"
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.supervisor)
            .create(
                {
                    "name": "Desks for the new office",
                    "type": "opportunity",
                    "partner_id": cls.contact_a.id,
                    "user_id": cls.manager_b.id,
                }
            )
        )
        cls.other_customer_a = cls.env["res.partner"].create(
            {
                "name": "Another customer of A",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_a.id,
            }
        )

    def setUp(self):
        super().setUp()
        # what the test's administrator read must not stand in for B's reads
        self.env.invalidate_all()

    def test_salesperson_opens_the_lead_form(self):
        form = Form(self.lead.with_user(self.manager_b), view="crm.crm_lead_view_form")
        self.assertEqual(form.partner_id, self.contact_a)
        form.expected_revenue = 5000
        form.save()
        self.assertEqual(self.lead.expected_revenue, 5000)

    def test_salesperson_makes_the_quotation(self):
        action = self.lead.with_user(self.manager_b).action_sale_quotations_new()
        SaleOrder = self.env["sale.order"].with_user(self.manager_b)
        form = Form(SaleOrder.with_context(**action["context"]))
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.partner_id, self.contact_a)
        self.assertEqual(order.opportunity_id, self.lead)
        self.assertEqual(order.user_id, self.manager_b)
        self.env.invalidate_all()
        order.with_user(self.manager_b).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_salesperson_reads_only_the_leads_partners(self):
        Partner = self.env["res.partner"].with_user(self.manager_b)
        visible = Partner.search([("id", "in", (self.contact_a | self.customer_a).ids)])
        self.assertEqual(visible, self.contact_a | self.customer_a)
        with self.assertRaises(AccessError):
            self.other_customer_a.with_user(self.manager_b).read(["name"])
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.manager_b).write({"name": "Renamed"})
        self.assertEqual(self.customer_a.name, "Customer A Ltd")

    def test_lost_lead_still_opens(self):
        self.lead.with_user(self.manager_b).action_set_lost()
        self.env.invalidate_all()
        lead = self.lead.with_user(self.manager_b).with_context(active_test=False)
        self.assertEqual(lead.partner_id.commercial_partner_id, self.customer_a)
        self.assertEqual(
            lead.read(["partner_id"])[0]["partner_id"][0], self.contact_a.id
        )

    def test_other_account_manager_still_sees_nothing(self):
        # manager_a owns the customer; another manager, not on the lead, may
        # not read the customer (nor, by the host's rules, the lead)
        other = self.env["res.users"].create(
            {
                "name": "Third manager",
                "login": "crm_test_third_manager",
                "email": "third@example.com",
                "groups_id": [(4, self.env.ref("crm_lite.group_account_manager").id)],
            }
        )
        with self.assertRaises(AccessError):
            self.customer_a.with_user(other).read(["name"])


@tagged("post_install", "-at_install")
class TestTwoApps(CrmLiteCase):
    def test_home_menu_tells_the_two_crms_apart(self):
        load_chinese(self.env)
        for module in ("crm", "crm_lite_crm"):
            self.env.ref(f"base.module_{module}")._update_translations(["zh_CN"], True)
        for user in (self.manager_a, self.supervisor):
            Menu = self.env["ir.ui.menu"].with_user(user).with_context(lang="zh_CN")
            menus = Menu.load_menus(debug=False)
            names = {
                menus[menu_id]["xmlid"]: menus[menu_id]["name"]
                for menu_id in menus["root"]["children"]
            }
            self.assertEqual(names["crm.crm_menu_root"], "客户关系管理")
            self.assertEqual(names["crm_lite.menu_root"], "客户关系管理 Lite")
