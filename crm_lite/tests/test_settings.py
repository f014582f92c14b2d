from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmLiteCase


@tagged("post_install", "-at_install")
class TestCrmSettings(CrmLiteCase):
    """CRM administrators, who are no system administrators, set up the churn
    warnings and the public pool of their company in their own settings form;
    Odoo's Settings keep working for system administrators, on the same
    company fields."""

    def setUp(self):
        super().setUp()
        self.company = self.env.company
        self.company.write({"crm_lite_pool_days": 30, "crm_lite_churn_months": 6})

    def test_crm_admin_is_no_system_admin(self):
        self.assertFalse(self.crm_admin.has_group("base.group_system"))

    def test_crm_admin_changes_the_settings(self):
        Settings = self.env["crm_lite.settings"].with_user(self.crm_admin)
        form = Settings.create({})
        self.assertEqual(form.crm_lite_pool_days, 30)
        self.assertEqual(form.crm_lite_churn_months, 6)
        form.write({"crm_lite_pool_days": 45, "crm_lite_pool_max_owned": 200})
        form.action_save()
        self.assertEqual(self.company.crm_lite_pool_days, 45)
        self.assertEqual(self.company.crm_lite_pool_max_owned, 200)
        self.assertEqual(self.company._crm_settings()["days"], 45)
        # the next form shows what was saved
        self.assertEqual(Settings.create({}).crm_lite_pool_days, 45)

    def test_others_may_not(self):
        for user in (self.supervisor, self.executive, self.manager_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm_lite.settings"].with_user(user).create(
                    {"crm_lite_pool_days": 1}
                )
        self.assertEqual(self.company.crm_lite_pool_days, 30)

    def test_others_may_not_write_the_company_either(self):
        for user in (self.supervisor, self.executive, self.manager_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.company.with_user(user).write({"crm_lite_pool_days": 5})
        self.assertEqual(self.company.crm_lite_pool_days, 30)

    @mute_logger("odoo.sql_db")
    def test_out_of_range_values_are_refused(self):
        Settings = self.env["crm_lite.settings"].with_user(self.crm_admin)
        for values in (
            {"crm_lite_churn_months": 0},
            {"crm_lite_pool_days": 0},
            {"crm_lite_pool_max_owned": -1},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                Settings.create(values)
            # nor may the company hold them, however they are written
            with self.subTest(company=values), self.assertRaises(ValidationError):
                self.company.write(values)
        level = self.env.ref("crm_lite.dict_customer_level_major").with_user(
            self.crm_admin
        )
        with self.assertRaises(ValidationError):
            level.pool_days = -5
        region = self.env.ref("crm_lite.dict_region_beijing").with_user(self.crm_admin)
        with self.assertRaises(ValidationError):
            region.pool_days = 20
        self.assertEqual(self.company.crm_lite_churn_months, 6)
        self.assertEqual(self.company.crm_lite_pool_max_owned, 0)

    def test_system_settings_use_the_same_fields(self):
        settings = self.env["res.config.settings"].create({"crm_lite_pool_days": 60})
        settings.execute()
        self.assertEqual(self.company.crm_lite_pool_days, 60)
        form = self.env["crm_lite.settings"].with_user(self.crm_admin).create({})
        self.assertEqual(form.crm_lite_pool_days, 60)


@tagged("post_install", "-at_install")
class TestSettingParameters(CrmLiteCase):
    """The system parameters of the spec (crm_lite.pool_days, ...) set a
    setting for the whole database: every company takes the value, new
    companies start with it; a company then sets its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "CRM Other Company"})
        cls.companies = cls.env["res.company"].search([])

    def test_parameter_sets_every_company(self):
        Params = self.env["ir.config_parameter"]
        Params.set_param("crm_lite.pool_days", "12")
        Params.set_param("crm_lite.churn_months", 3)
        self.assertEqual(set(self.companies.mapped("crm_lite_pool_days")), {12})
        self.assertEqual(set(self.companies.mapped("crm_lite_churn_months")), {3})
        self.assertEqual(self.other._crm_settings()["days"], 12)
        new = self.env["res.company"].create({"name": "CRM Newer Company"})
        self.assertEqual((new.crm_lite_pool_days, new.crm_lite_churn_months), (12, 3))
        # then one company sets its own; the others keep the database's
        self.other.crm_lite_pool_days = 40
        self.assertEqual(self.env.company.crm_lite_pool_days, 12)
        self.assertEqual(self.other._crm_settings()["days"], 40)

    def test_bad_values_are_refused(self):
        Params = self.env["ir.config_parameter"]
        Params.set_param("crm_lite.pool_max_owned", "5")
        for value in ("many", "-1", "2.5"):
            with (
                self.subTest(value=value),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                Params.set_param("crm_lite.pool_max_owned", value)
        self.assertEqual(set(self.companies.mapped("crm_lite_pool_max_owned")), {5})
        self.assertEqual(Params.get_param("crm_lite.pool_max_owned"), "5")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Params.set_param("crm_lite.pool_days", "0")
        self.assertNotIn(0, self.companies.mapped("crm_lite_pool_days"))

    def test_other_parameters_untouched(self):
        before = self.companies.read(self.env.company._crm_setting_names())
        self.env["ir.config_parameter"].set_param("crm_lite.unrelated", "abc")
        self.assertEqual(
            self.companies.read(self.env.company._crm_setting_names()), before
        )
