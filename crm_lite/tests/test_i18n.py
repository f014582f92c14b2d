import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

from .common import load_chinese


@tagged("post_install", "-at_install")
class TestChinese(TransactionCase):
    """Staff read crm_lite in Simplified Chinese: i18n/zh_CN.po is loaded
    and translates data, menus, fields, selections and messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_dictionary_data(self):
        levels = self.zh["crm_lite.dict"].search([("type", "=", "customer_level")])
        self.assertEqual(
            levels.mapped("item"),
            ["普通客户", "重点开发客户", "大客户", "合作伙伴", "战略合作伙伴"],
        )
        regions = self.zh["crm_lite.dict"].search([("type", "=", "region")])
        self.assertEqual(
            regions.mapped("item"), ["北京", "华北", "中南", "东北", "西部"]
        )
        types = self.zh["crm_lite.dict"].search([("type", "=", "service_type")])
        self.assertEqual(types.mapped("item"), ["咨询", "建议", "投诉"])

    def test_menus_and_groups(self):
        self.assertEqual(self.zh.ref("crm_lite.menu_root").name, "客户关系管理")
        sections = [
            self.zh.ref(f"crm_lite.{xmlid}").name
            for xmlid in (
                "menu_marketing",
                "menu_customers",
                "menu_service",
                "menu_reports",
                "menu_basic_data",
                "menu_access",
            )
        ]
        self.assertEqual(
            sections,
            ["营销管理", "客户管理", "服务管理", "统计报表", "基础数据", "权限管理"],
        )
        self.assertEqual(
            [
                self.zh.ref(f"crm_lite.{xmlid}").name
                for xmlid in (
                    "group_account_manager",
                    "group_sales_supervisor",
                    "group_executive",
                    "group_admin",
                )
            ],
            ["客户经理", "销售主管", "高管", "系统管理员"],
        )

    def test_fields_and_selections(self):
        fields = self.zh["res.partner"].fields_get(
            [
                "customer_code",
                "region_id",
                "customer_level_id",
                "crm_state",
                "satisfaction",
            ]
        )
        self.assertEqual(fields["customer_code"]["string"], "客户编号")
        self.assertEqual(fields["region_id"]["string"], "地区")
        self.assertEqual(fields["customer_level_id"]["string"], "客户等级")
        self.assertEqual(fields["satisfaction"]["string"], "满意度")
        self.assertEqual(
            dict(fields["crm_state"]["selection"]), {"normal": "正常", "lost": "流失"}
        )

    def test_messages(self):
        level = self.zh.ref("crm_lite.dict_customer_level_major").with_user(
            self.env.ref("base.user_admin")
        )
        with self.assertRaisesRegex(UserError, "不可编辑"):
            level.write({"value": "9"})


@tagged("post_install", "-at_install")
class TestTranslationsComplete(TransactionCase):
    """Every term a zh_CN user can meet in crm_lite — labels, menus, model
    descriptions, selection values, messages in the code, the report's and
    the tours' texts — has its Chinese translation in i18n/zh_CN.po."""

    def test_every_term_has_a_chinese_translation(self):
        terms = {
            (source, ttype)
            for _module, ttype, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=["crm_lite"])
            )
            if source.strip()
        }
        path = file_path("crm_lite/i18n/zh_CN.po")
        translated = {
            entry.msgid for entry in polib.pofile(path) if entry.msgstr.strip()
        }
        missing = sorted(source for source, _ttype in terms if source not in translated)
        self.assertEqual(missing, [], "terms without a zh_CN translation")
        # the kinds of terms that were once forgotten are among them
        kinds = {ttype for _source, ttype in terms}
        self.assertLessEqual({"model", "code", "model_terms"}, kinds)
        descriptions = {source for source, ttype in terms if ttype == "model"} & {
            "Sales Chance",
            "Customer Service Request",
            "CRM Data Dictionary Entry",
        }
        self.assertEqual(len(descriptions), 3)
