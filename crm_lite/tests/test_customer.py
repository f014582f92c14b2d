import re

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CrmLiteCase


@tagged("post_install", "-at_install")
class TestCustomer(CrmLiteCase):
    def test_code_from_sequence(self):
        today = fields.Date.context_today(self.env["res.partner"]).strftime("%Y%m%d")
        first = self.new_customer(user=self.manager_a, user_id=self.manager_a.id)
        # another name: the same one is a duplicate (test_duplicates)
        second = self.new_customer(
            user=self.manager_a, name="Second New Customer", user_id=self.manager_a.id
        )
        for customer in (first, second):
            self.assertRegex(customer.customer_code, rf"^KH{today}\d{{3,}}$")
        number = int(re.sub(r"^KH\d{8}", "", first.customer_code))
        self.assertEqual(second.customer_code, f"KH{today}{number + 1:03d}")
        self.assertEqual(first.owner_date, fields.Date.context_today(first))

    def test_other_partners_untouched(self):
        vendor = self.env["res.partner"].create(
            {"name": "Supplier Co", "is_company": True}
        )
        self.assertFalse(vendor.customer_code)
        self.assertFalse(vendor.crm_restricted)
        self.assertFalse(self.env.user.partner_id.crm_restricted)

    def test_flagging_a_partner_makes_a_customer(self):
        self.vendor.write({"is_crm_customer": True})
        self.assertTrue(self.vendor.customer_code.startswith("KH"))
        code = self.vendor.customer_code
        self.vendor.write({"is_crm_customer": True, "phone": "1"})
        self.assertEqual(self.vendor.customer_code, code)

    def test_contact_cannot_be_a_customer(self):
        with self.assertRaises(ValidationError):
            self.contact_a.write({"is_crm_customer": True})
        self.assertFalse(self.contact_a.is_crm_customer)
        self.assertFalse(self.contact_a.customer_code)

    def test_owner_date_follows_owner(self):
        self.pool_customer.owner_date = "2020-01-01"
        self.pool_customer.with_user(self.supervisor).write(
            {"user_id": self.manager_b.id}
        )
        self.assertEqual(
            self.pool_customer.owner_date, fields.Date.context_today(self.pool_customer)
        )
        self.assertEqual(self.pool_customer.crm_owner_id, self.manager_b)

    def test_stars_out_of_range(self):
        customer = self.customer_a.with_user(self.manager_a)
        customer.write({"satisfaction": "5", "credit_rating": "1"})
        for bad in ("0", "6", "-1", "five"):
            with self.assertRaises(ValidationError):
                customer.write({"satisfaction": bad})
            with self.assertRaises(ValidationError):
                self.new_customer(user=self.manager_a, credit_rating=bad)
        self.assertEqual((customer.satisfaction, customer.credit_rating), ("5", "1"))

    def test_profile_fields(self):
        region = self.env.ref("crm_lite.dict_region_beijing")
        level = self.env.ref("crm_lite.dict_customer_level_strategic")
        customer = self.new_customer(
            user=self.manager_a,
            user_id=self.manager_a.id,
            region_id=region.id,
            customer_level_id=level.id,
            license_no="91110000123",
            legal_representative="Zhang San",
            registered_capital=1000000.0,
            annual_turnover=5e6,
            local_tax_no="DS-1",
            fax="010-555",
            # a unified social credit code (test_duplicates)
            vat="91350100M000100Y43",
        )
        contact = (
            self.env["res.partner"]
            .with_user(self.manager_a)
            .create(
                {
                    "name": "Li Si",
                    "parent_id": customer.id,
                    "gender": "female",
                    "function": "Buyer",
                }
            )
        )
        self.assertEqual(customer.child_ids, contact)
        self.assertEqual(customer.crm_state, "normal")
        self.assertEqual(customer.region_id, region)
        with self.assertRaises(ValidationError):
            contact.write({"gender": "other"})
        with self.assertRaises(ValidationError):
            customer.write({"region_id": level.id})
        with self.assertRaises(ValidationError):
            customer.write({"customer_level_id": region.id})
        self.assertEqual(
            (customer.region_id, customer.customer_level_id), (region, level)
        )

    def test_last_order_date_follows_confirmed_orders(self):
        SaleOrder = self.env["sale.order"].with_user(self.manager_a)
        order = SaleOrder.create(
            {
                "partner_id": self.contact_a.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        self.assertFalse(self.customer_a.last_order_date)
        order.action_confirm()
        order.write({"date_order": "2025-03-04 10:00:00"})
        self.assertEqual(str(self.customer_a.last_order_date), "2025-03-04")
        draft = SaleOrder.create(
            {
                "partner_id": self.customer_a.id,
                "date_order": "2026-01-01 10:00:00",
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        self.assertEqual(str(self.customer_a.last_order_date), "2025-03-04")
        draft.action_cancel()
        order.with_user(self.supervisor)._action_cancel()
        self.assertFalse(self.customer_a.last_order_date)
