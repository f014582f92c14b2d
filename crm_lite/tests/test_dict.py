from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CrmLiteCase


@tagged("post_install", "-at_install")
class TestDictionary(CrmLiteCase):
    def test_shipped_entries(self):
        Dict = self.env["crm_lite.dict"].with_context(lang="en_US")
        regions = Dict.search([("type", "=", "region")])
        self.assertEqual(
            regions.mapped("item"),
            ["Beijing", "North China", "Central South", "Northeast", "West"],
        )
        self.assertTrue(all(regions.mapped("is_editable")))
        levels = Dict.search([("type", "=", "customer_level")])
        self.assertEqual(levels.mapped("value"), ["1", "2", "3", "4", "5"])
        self.assertFalse(any(levels.mapped("is_editable")))
        self.assertEqual(
            Dict.search([("type", "=", "service_type")]).mapped("value"),
            ["consult", "suggestion", "complaint"],
        )

    def test_admin_maintains_editable_entries(self):
        Dict = self.env["crm_lite.dict"].with_user(self.crm_admin)
        entry = Dict.create({"type": "region", "item": "South China"})
        entry.write({"value": "SC"})
        self.assertEqual(entry.value, "SC")
        entry.unlink()
        self.assertFalse(entry.exists())

    def test_locked_entries_refused_for_everyone(self):
        level = self.env.ref("crm_lite.dict_customer_level_major")
        for user in (self.crm_admin, self.env.ref("base.user_admin")):
            locked = level.with_user(user)
            with self.assertRaises(UserError):
                locked.write({"item": "Renamed"})
            with self.assertRaises(UserError):
                locked.write({"is_editable": True})
            with self.assertRaises(UserError):
                locked.unlink()
        level.invalidate_recordset()
        self.assertEqual(level.with_context(lang="en_US").item, "Major Customer")
        self.assertFalse(level.is_editable)
        self.assertTrue(level.active)

    def test_users_cannot_lock_entries(self):
        Dict = self.env["crm_lite.dict"].with_user(self.crm_admin)
        with self.assertRaises(UserError):
            Dict.create({"type": "region", "item": "Locked", "is_editable": False})
        entry = Dict.create({"type": "region", "item": "Open"})
        with self.assertRaises(UserError):
            entry.write({"is_editable": False})
        self.assertTrue(entry.is_editable)

    def test_account_managers_only_read(self):
        region = self.env.ref("crm_lite.dict_region_beijing").with_user(self.manager_a)
        self.assertEqual(region.with_context(lang="en_US").item, "Beijing")
        with self.assertRaises(AccessError):
            region.write({"item": "Peking"})

    def test_partner_fields_point_at_their_category(self):
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._fields["region_id"].domain, [("type", "=", "region")])
        self.assertEqual(
            Partner._fields["customer_level_id"].domain,
            [("type", "=", "customer_level")],
        )
