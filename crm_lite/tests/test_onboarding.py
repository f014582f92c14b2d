import datetime

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CrmLiteCase


@tagged("post_install", "-at_install")
class TestOnboarding(CrmLiteCase):
    """Partners of the host made CRM customers: by the contacts list's action,
    by an import, by a won chance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # an old salesperson of the host with no CRM role
        cls.host_salesman = new_test_user(
            cls.env,
            login="crm_test_host_salesman",
            groups="sales_team.group_sale_salesman",
            name="Host salesman",
        )
        cls.old_partners = Partner.create(
            [{"name": f"Old Partner {n}", "is_company": True} for n in range(3)]
        )
        cls.old_partners[0].user_id = cls.host_salesman
        cls.old_contact = Partner.create(
            {
                "name": "Person at Old Partner 0",
                "parent_id": cls.old_partners[0].id,
                "phone": "+86 21 5555 0101",
            }
        )
        cls.today = fields.Date.context_today(Partner)
        # three years a partner, two years since its last order
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = ANY(%s)",
            [
                datetime.datetime.now() - relativedelta(years=3),
                [*cls.old_partners.ids, cls.old_contact.id],
            ],
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.old_contact.id,
                "order_line": [(0, 0, {"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        cls.two_years_ago = datetime.datetime.now() - relativedelta(years=2)
        order.date_order = cls.two_years_ago
        cls.env.invalidate_all()

    def _onboard(self, user, partners, owner=None):
        wizard = Form(
            self.env["crm_lite.onboard.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        )
        if owner:
            wizard.user_id = owner
        return wizard.save().action_onboard()

    def test_supervisor_onboards_to_an_account_manager(self):
        self._onboard(self.supervisor, self.old_partners, self.manager_a)
        for partner in self.old_partners:
            self.assertTrue(partner.is_crm_customer)
            self.assertEqual(partner.user_id, self.manager_a)
            self.assertEqual(partner.owner_date, self.today)
            self.assertEqual(partner.crm_customer_date, self.today)
            self.assertFalse(partner.pool_date)
            self.assertEqual(partner.crm_state, "normal")
        codes = self.old_partners.mapped("customer_code")
        self.assertTrue(all(codes))
        self.assertEqual(len(set(codes)), 3)
        # the next customer registered gets a code of its own
        registered = self.env["res.partner"].create(
            {"name": "Registered after", "is_company": True, "is_crm_customer": True}
        )
        self.assertNotIn(registered.customer_code, codes)
        # the contact's order counts for its new customer
        self.assertEqual(
            self.old_partners[0].last_order_date, self.two_years_ago.date()
        )
        # the contact now belongs to the customer's account manager
        Partner_a = self.as_user(self.manager_a, "res.partner")
        Partner_b = self.as_user(self.manager_b, "res.partner")
        self.assertEqual(
            Partner_a.search([("id", "=", self.old_contact.id)]), self.old_contact
        )
        self.assertFalse(Partner_b.search([("id", "in", self.old_partners.ids)]))
        self.assertFalse(Partner_b.search([("id", "=", self.old_contact.id)]))
        self.assertIn(
            self.old_partners[1],
            Partner_a.search([("is_crm_customer", "=", True)]),
        )

    def test_onboarding_to_the_pool(self):
        self._onboard(self.supervisor, self.old_partners[1:])
        for partner in self.old_partners[1:]:
            self.assertTrue(partner.is_crm_customer)
            self.assertFalse(partner.user_id)
            self.assertEqual(partner.pool_date, self.today)
            self.assertFalse(partner.previous_user_id)
        # any account manager claims one from the pool at once
        pool = self.as_user(self.manager_b, "res.partner").search(
            [("id", "in", self.old_partners.ids), ("is_crm_customer", "=", True)]
        )
        self.assertEqual(pool, self.old_partners[1:])
        pool[0].action_claim()
        self.assertEqual(self.old_partners[1].user_id, self.manager_b)

    def test_first_scans_count_from_onboarding(self):
        self._onboard(self.supervisor, self.old_partners, self.manager_a)
        flagged = self.env["crm_lite.loss"]._cron_detect_churn()
        self.assertFalse(
            flagged
            & self.env["crm_lite.loss"].search(
                [("partner_id", "in", self.old_partners.ids)]
            )
        )
        returned = self.env["res.partner"]._cron_return_to_pool()
        self.assertFalse(returned & self.old_partners)
        self.assertEqual(set(self.old_partners.mapped("user_id")), {self.manager_a})
        # seven months on, the churn period (six months) has passed since
        # they became customers: warned then
        later = self.today + relativedelta(months=7)
        flagged = self.env["crm_lite.loss"]._cron_detect_churn(today=later)
        self.assertEqual(flagged.partner_id & self.old_partners, self.old_partners)

    def test_owner_must_be_an_account_manager(self):
        for owner in (self.executive, self.supervisor, self.host_salesman):
            with self.subTest(owner=owner.login), self.assertRaises(ValidationError):
                self._onboard(self.supervisor, self.old_partners, owner)
            self.assertFalse(any(self.old_partners.mapped("is_crm_customer")))
        archived = new_test_user(
            self.env, login="crm_test_gone", groups="crm_lite.group_account_manager"
        )
        archived.active = False
        with self.assertRaises(ValidationError):
            self.old_partners.with_user(self.supervisor)._crm_onboard(archived)
        self.assertFalse(any(self.old_partners.mapped("is_crm_customer")))

    def test_only_supervisors_onboard(self):
        for user in (self.manager_a, self.executive, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.old_partners.with_user(user)._crm_onboard(self.manager_a)
        self.assertFalse(any(self.old_partners.mapped("is_crm_customer")))
        bindings = {
            user: [
                action["id"]
                for action in self.env["ir.actions.actions"]
                .with_user(user)
                .get_bindings("res.partner")
                .get("action", [])
            ]
            for user in (self.manager_a, self.supervisor, self.crm_admin)
        }
        action = self.env.ref("crm_lite.action_crm_onboard_wizard").id
        self.assertNotIn(action, bindings[self.manager_a])
        self.assertIn(action, bindings[self.supervisor])
        self.assertIn(action, bindings[self.crm_admin])

    def test_contacts_and_customers_are_refused(self):
        for partners in (
            self.old_contact,
            self.customer_a,
            self.old_partners[1] | self.customer_b,
            # staff and companies are partners too, but no customers
            self.manager_b.partner_id,
            self.env.company.partner_id,
        ):
            with (
                self.subTest(partners=partners.mapped("name")),
                self.assertRaises(UserError),
            ):
                partners.with_user(self.supervisor)._crm_onboard(self.manager_a)
        self.assertFalse(self.old_partners[1].is_crm_customer)
        self.assertEqual(self.customer_b.user_id, self.manager_b)

    def test_flagged_by_import(self):
        Partner = self.as_user(self.supervisor, "res.partner")
        rows = [[str(partner.id), "1"] for partner in self.old_partners]
        # the old salesman may not own a CRM customer: his partner's row is
        # refused, the others are flagged, the pool's from today
        result = Partner.load([".id", "is_crm_customer"], rows)
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors, result)
        self.assertIn("Host salesman", errors[0]["message"])
        self.assertFalse(self.old_partners[0].is_crm_customer)
        self.assertEqual(
            self.old_partners[1:].mapped("crm_customer_date"), [self.today] * 2
        )
        result = Partner.load(
            [".id", "is_crm_customer", "user_id/.id"],
            [[str(self.old_partners[0].id), "1", str(self.manager_a.id)]],
        )
        self.assertFalse(result["messages"], result)
        self.assertTrue(self.old_partners[0].is_crm_customer)
        self.assertEqual(self.old_partners[0].user_id, self.manager_a)
        self.assertEqual(self.old_partners[0].owner_date, self.today)
        self.assertEqual(self.old_partners[0].crm_customer_date, self.today)

    def test_won_chance_gives_the_partner_to_its_assignee(self):
        Chance = self.as_user(self.manager_a, "crm_lite.chance")
        for partner in (self.old_partners[2], self.pool_customer):
            with self.subTest(partner=partner.name):
                chance = Chance.create(
                    {
                        "name": "Big order",
                        "partner_id": partner.id,
                        "description": "Wants desks",
                    }
                )
                chance.with_user(self.supervisor).action_assign(self.manager_b.id)
                chance.with_user(self.manager_b).action_mark_won()
                self.assertEqual(chance.customer_id, partner)
                self.assertTrue(partner.is_crm_customer)
                self.assertEqual(partner.user_id, self.manager_b)
                self.assertEqual(partner.owner_date, self.today)
                self.assertFalse(partner.pool_date)
                self.assertIn(
                    partner,
                    self.as_user(self.manager_b, "res.partner").search(
                        [("user_id", "=", self.manager_b.id)]
                    ),
                )

    def test_codes_beyond_the_padding(self):
        sequence = self.env.ref("crm_lite.seq_customer_code")
        sequence.number_next_actual = 1000
        self._onboard(self.supervisor, self.old_partners[:2], self.manager_a)
        prefix = sequence._get_prefix_suffix()[0]
        self.assertEqual(
            sorted(self.old_partners[:2].mapped("customer_code")),
            [f"{prefix}1000", f"{prefix}1001"],
        )
        registered = self.env["res.partner"].create(
            {"name": "Registered after", "is_company": True, "is_crm_customer": True}
        )
        self.assertEqual(registered.customer_code, f"{prefix}1002")

    def test_duplicates_are_refused(self):
        # the same company, registered by an account manager meanwhile
        self.as_user(self.manager_b, "res.partner").create(
            {
                "name": "Old Partner 1 有限公司",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": self.manager_b.id,
            }
        )
        with self.assertRaises(ValidationError) as refused:
            self._onboard(self.supervisor, self.old_partners, self.manager_a)
        self.assertIn("CRM test manager_b", str(refused.exception))
        self.assertFalse(any(self.old_partners.mapped("is_crm_customer")))
        # two of the partners onboarded at once are one company
        self.old_partners[2].phone = "+86 21 5555 0101"
        with self.assertRaises(ValidationError):
            self._onboard(self.supervisor, self.old_partners[0] | self.old_partners[2])
        self.assertFalse(any(self.old_partners.mapped("is_crm_customer")))
        # the onboarded customers have their keys: a later copy is refused
        self._onboard(self.supervisor, self.old_partners[0], self.manager_a)
        with self.assertRaises(ValidationError):
            self.as_user(self.manager_b, "res.partner").create(
                {
                    "name": "old partner 0",
                    "is_company": True,
                    "is_crm_customer": True,
                }
            )

    def test_won_chance_offers_the_existing_partner(self):
        Chance = self.as_user(self.manager_a, "crm_lite.chance")
        form = Form(Chance)
        form.name = "Desks"
        form.description = "Wants desks"
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as warned:
            form.customer_name = "old partner 2 co., ltd."
        self.assertIn("Old Partner 2", "\n".join(warned.output))
        chance = form.save()
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        with self.assertRaises(UserError) as refused:
            chance.with_user(self.manager_b).action_mark_won()
        self.assertIn("Old Partner 2", str(refused.exception))
        self.assertEqual(chance.state, "assigned")
        self.assertFalse(self.old_partners[2].is_crm_customer)
        # chosen as the existing customer, it is won for it
        chance.with_user(self.manager_b).partner_id = self.old_partners[2]
        chance.with_user(self.manager_b).action_mark_won()
        self.assertEqual(chance.customer_id, self.old_partners[2])
        self.assertEqual(self.old_partners[2].user_id, self.manager_b)

    def test_import_from_the_customer_screen(self):
        # the customer list's import: its rows are customers of the importer,
        # or of the pool when a supervisor imports
        Partner = self.as_user(self.supervisor, "res.partner").with_context(
            crm_lite_customer=True
        )
        result = Partner.load(
            ["name", "phone"], [["导入测试一有限公司", "13911112222"]]
        )
        self.assertFalse(result["messages"], result)
        customer = Partner.browse(result["ids"])
        self.assertTrue(customer.is_crm_customer and customer.customer_code)
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.pool_date, self.today)
        self.assertEqual(customer.crm_customer_date, self.today)
        mine = self.as_user(self.manager_a, "res.partner").with_context(
            crm_lite_customer=True
        )
        result = mine.load(["name"], [["导入测试二有限公司"]])
        customer = mine.browse(result["ids"])
        self.assertEqual(customer.user_id, self.manager_a)
        self.assertEqual(customer.owner_date, self.today)

    def test_won_chance_named_like_the_assignees_own_customer(self):
        Chance = self.as_user(self.manager_a, "crm_lite.chance")
        chance = Chance.create(
            {
                "name": "More desks",
                "customer_name": "customer b limited",
                "description": "Again",
            }
        )
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        with self.assertRaises(UserError) as refused:
            chance.with_user(self.manager_b).action_mark_won()
        # offered as the existing customer, not refused as someone's duplicate
        self.assertIn("Customer B Ltd", str(refused.exception))
        self.assertNotIn("registered", str(refused.exception))
