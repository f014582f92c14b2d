from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..models import duplicate_keys
from .common import CrmLiteCase, CrmMultiCompanyCase, load_chinese

NAME = "北京重复科技有限公司"
PHONE = "13800000000"
# a valid unified social credit code (GB 32100-2015 check character "3")
USCC = "91350100M000100Y43"
PARTNER_FIELDS = {
    name: {}
    for name in (
        "name",
        "phone",
        "mobile",
        "vat",
        "is_crm_customer",
        "is_company",
        "parent_id",
        "country_id",
        "company_id",
    )
}


@tagged("post_install", "-at_install")
class TestDuplicateCheck(CrmLiteCase):
    """查重: account manager 1 registers a company; account manager 2, who
    cannot see it, cannot register it again by another spelling of its name,
    its phone or its code, and learns only its name and its owner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.crm_lite_duplicate_similarity = 50
        cls.original = (
            cls.env["res.partner"]
            .with_user(cls.manager_a)
            .create(
                {
                    "name": NAME,
                    "is_company": True,
                    "is_crm_customer": True,
                    "phone": PHONE,
                    "vat": USCC,
                    "user_id": cls.manager_a.id,
                }
            )
        )

    def register(self, user, **values):
        return (
            self.env["res.partner"]
            .with_user(user)
            .create({"is_company": True, "is_crm_customer": True, **values})
        )

    def assert_refused(self, user, names=(NAME,), owner=None, **values):
        """Registering ``values`` as ``user`` is refused naming the matches
        and their owner, and nothing is created."""
        before = self.env["res.partner"].search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.register(user, **values)
        message = str(caught.exception)
        for name in names:
            self.assertIn(name, message)
        self.assertIn(owner or self.manager_a.name, message)
        self.assertEqual(self.env["res.partner"].search_count([]), before)
        return message

    def test_other_spellings_of_the_name_are_refused(self):
        for name in (
            " 北京重复科技 有限公司 ",
            "北京重复科技（中国）有限公司",
            "北京重复科技",
        ):
            with self.subTest(name=name):
                message = self.assert_refused(self.manager_b, name=name)
                self.assertIn("same name", message)

    def test_same_phone_in_another_form_is_refused(self):
        for phone in ("+86 138-0000-0000", "0086 138 0000 0000", "138 0000 0000"):
            with self.subTest(phone=phone):
                message = self.assert_refused(
                    self.manager_b, name="Another name", phone=phone
                )
                self.assertIn("same phone number", message)
        # as a mobile too
        self.assert_refused(self.manager_b, name="Another name", mobile=PHONE)

    def test_same_code_is_refused(self):
        message = self.assert_refused(
            self.manager_b, name="Another name", vat=USCC.lower()
        )
        self.assertIn("same unified social credit code", message)

    def test_refusal_tells_name_and_owner_only(self):
        message = self.assert_refused(
            self.manager_b, name="北京重复科技 有限公司", phone=PHONE, vat=USCC
        )
        # nothing else of the customer: not its code, not its record
        self.assertNotIn(self.original.customer_code, message)
        self.assertEqual(message.count(NAME), 1)
        Partner = self.env["res.partner"].with_user(self.manager_b)
        self.assertFalse(Partner.search([("id", "=", self.original.id)]))
        with self.assertRaises(AccessError):
            self.original.with_user(self.manager_b).read(["name"])

    def test_own_duplicate_is_refused_too(self):
        self.assert_refused(self.manager_a, name=NAME)

    def test_a_supervisor_is_refused_too(self):
        self.assert_refused(self.supervisor, name=NAME)

    def test_other_customers_are_accepted(self):
        customer = self.register(
            self.manager_b,
            name="上海重复科技有限公司",
            phone="13800000001",
            vat="91440300MA5F000007",
        )
        self.assertTrue(customer.is_crm_customer)

    def test_a_branch_is_another_customer(self):
        branch = self.register(self.manager_b, name="北京重复科技有限公司上海分公司")
        self.assertTrue(branch.crm_name_key)

    def test_pool_customer_match_says_public_pool(self):
        self.pool_customer.write({"phone": "021 5830 6688"})
        message = self.assert_refused(
            self.manager_b,
            names=("Pool Customer Ltd",),
            owner="the public pool",
            name="Another name",
            phone="+86 21 58306688",
        )
        self.assertNotIn(self.manager_a.name, message)
        # in Chinese, as the web client of a Chinese user asks
        load_chinese(self.env)
        with self.assertRaises(ValidationError) as caught:
            self.env["res.partner"].with_user(self.manager_b).with_context(
                lang="zh_CN"
            ).create(
                {
                    "name": "又一家",
                    "phone": "02158306688",
                    "is_company": True,
                    "is_crm_customer": True,
                }
            )
        self.assertIn("公海", str(caught.exception))

    def test_archived_customer_counts(self):
        self.original.action_archive()
        message = self.assert_refused(self.manager_b, name=NAME)
        self.assertIn("archived", message)

    def test_contact_phone_counts_for_its_customer(self):
        self.env["res.partner"].with_user(self.manager_a).create(
            {"name": "钱芳", "parent_id": self.original.id, "mobile": "139 1111 2222"}
        )
        message = self.assert_refused(
            self.manager_b, name="Another name", phone="+8613911112222"
        )
        self.assertIn("one of its contacts", message)
        self.assertNotIn("钱芳", message)
        # a customer's own contacts are no duplicate of it
        self.original.with_user(self.manager_a).write({"mobile": "13911112222"})

    def test_changing_a_customer_to_a_duplicate_is_refused(self):
        for values in ({"phone": "+86 13800000000"}, {"name": NAME}, {"vat": USCC}):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.customer_b.with_user(self.manager_b).write(values)
        self.assertFalse(self.customer_b.phone)
        self.assertEqual(self.customer_b.name, "Customer B Ltd")

    def test_flagging_a_partner_runs_the_check(self):
        self.vendor.write({"phone": PHONE})
        with self.assertRaises(ValidationError):
            self.vendor.with_user(self.supervisor).write({"is_crm_customer": True})
        self.assertFalse(self.vendor.is_crm_customer)
        # as a plain partner it keeps the same phone (and the same key, for
        # the day it becomes a customer): no CRM duplicate
        self.assertEqual(self.vendor.phone, PHONE)
        self.assertEqual(self.vendor.crm_phone_key, self.original.crm_phone_key)

    def test_won_chance_named_like_a_customer_is_refused(self):
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.manager_b)
            .create(
                {
                    "name": "100 desks",
                    "customer_name": "北京重复科技（中国）有限公司",
                    "success_rate": 40,
                    "description": "Needs desks",
                }
            )
        )
        chance.with_user(self.supervisor).action_assign(self.manager_b.id)
        with self.assertRaises(ValidationError) as caught:
            chance.with_user(self.manager_b).action_mark_won()
        self.assertIn(self.manager_a.name, str(caught.exception))
        self.assertEqual(chance.state, "assigned")
        self.assertFalse(chance.customer_id)

    def test_import_refuses_the_duplicate_rows_only(self):
        result = (
            self.env["res.partner"]
            .with_user(self.manager_b)
            .load(
                ["name", "is_company", "is_crm_customer", "phone"],
                [
                    ["导入新客户有限公司", "1", "1", "13700000000"],
                    ["北京重复科技 有限公司", "1", "1", ""],
                    ["导入另一客户有限公司", "1", "1", "+86 137 0000 0001"],
                ],
            )
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        # the second row's, which the host also shows as the batch's error
        self.assertEqual({m["message"] for m in errors}, {errors[0]["message"]})
        self.assertIn(self.manager_a.name, errors[0]["message"])
        self.assertIn({"from": 1, "to": 1}, [m["rows"] for m in errors])
        self.assertNotIn({"from": 2, "to": 2}, [m["rows"] for m in errors])
        # Odoo's import creates nothing when a row fails
        self.assertFalse(result["ids"])

    def test_batch_duplicates_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].with_user(self.manager_b).create(
                [
                    {"name": "同批客户", "is_company": True, "is_crm_customer": True},
                    {"name": "同批客户 ", "is_company": True, "is_crm_customer": True},
                ]
            )

    def test_context_of_the_merge_is_no_bypass_for_account_managers(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].with_user(self.manager_b).with_context(
                crm_lite_merged_partner_ids=[self.original.id]
            ).create({"name": NAME, "is_company": True, "is_crm_customer": True})

    def test_duplicate_matches_for_callers(self):
        matches = (
            self.env["res.partner"]
            .with_user(self.manager_b)
            ._crm_duplicate_matches({"name": "北京重复科技", "phone": PHONE})
        )
        self.assertEqual(
            [(m["name"], m["owner"], m["reason"], m["exact"]) for m in matches],
            [(NAME, self.manager_a.name, "phone", True)],
        )

    # the form's warning

    def onchange(self, user, values, changed="name"):
        Partner = self.env["res.partner"].with_user(user)
        return Partner.onchange(
            {"is_company": True, "is_crm_customer": True, **values},
            [changed],
            PARTNER_FIELDS,
        )

    def test_similar_name_warns_on_the_form(self):
        result = self.onchange(self.manager_b, {"name": "北京重复科技发展有限公司"})
        warning = result["warning"]
        self.assertIn("similar name", warning["message"])
        self.assertIn(NAME, warning["message"])
        self.assertIn(self.manager_a.name, warning["message"])
        # and saving it is allowed: a similar name is no proof
        self.register(self.manager_b, name="北京重复科技发展有限公司")

    def test_exact_match_warns_before_saving(self):
        result = self.onchange(self.manager_b, {"name": "x", "phone": PHONE}, "phone")
        self.assertIn("will be refused", result["warning"]["message"])

    def test_similarity_threshold_is_a_company_setting(self):
        self.env.company.crm_lite_duplicate_similarity = 70
        result = self.onchange(self.manager_b, {"name": "北京重复科技发展有限公司"})
        self.assertFalse(result.get("warning"))
        self.env.company.crm_lite_duplicate_similarity = 0
        result = self.onchange(self.manager_b, {"name": "北京重复科技发展"})
        self.assertFalse(result.get("warning"))

    def test_unrelated_name_does_not_warn(self):
        result = self.onchange(self.manager_b, {"name": "深圳前海测试物流有限公司"})
        self.assertFalse(result.get("warning"))

    def test_contacts_get_no_warning(self):
        result = self.onchange(
            self.manager_a,
            {"name": NAME, "is_crm_customer": False, "parent_id": self.customer_a.id},
        )
        self.assertFalse(result.get("warning"))

    # the unified social credit code

    def test_bad_credit_code_is_refused(self):
        for vat in (
            USCC[:17] + "4",  # wrong check character
            USCC[:-1],  # 17 characters
            "91350100I000100Y43",  # I is no character of the code
            "CN123",
        ):
            with self.subTest(vat=vat), self.assertRaises(ValidationError) as caught:
                self.register(self.manager_b, name=f"客户 {vat}", vat=vat)
            self.assertIn("unified social credit code", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.customer_b.with_user(self.manager_b).write({"vat": USCC[:17] + "4"})

    def test_valid_credit_codes_are_accepted(self):
        code = "91110108MA01KPGK0L"
        self.assertIsNone(duplicate_keys.uscc_error(code))
        customer = self.register(self.manager_b, name="北京另一家科技", vat=code)
        self.assertEqual(customer.crm_vat_key, code)
        # written with spaces and in lower case
        self.customer_b.with_user(self.manager_b).write(
            {"vat": "9111 0000 1011 0000 1m"}
        )

    def test_foreign_customers_keep_their_tax_ids(self):
        customer = self.register(
            self.manager_b,
            name="Brussels Trading",
            vat="BE0477472701",
            country_id=self.env.ref("base.be").id,
        )
        self.assertEqual(customer.crm_vat_key, "BE0477472701")

    def test_plain_partners_are_not_checked(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.manager_b)
            .create({"name": NAME, "is_company": True, "vat": "CN123", "phone": PHONE})
        )
        self.assertEqual(partner.name, NAME)
        # nor is a plain partner anyone's duplicate: its phone and name are
        # free for a customer
        plain = self.env["res.partner"].create(
            {"name": "Plain Trading", "is_company": True, "phone": "13700001111"}
        )
        Contact = self.env["res.partner"].with_user(self.manager_b)
        Contact.create(
            {"name": "Someone", "parent_id": plain.id, "mobile": "13700002222"}
        )
        for values in (
            {"name": "Plain Customer Ltd", "phone": "+86 137 0000 1111"},
            {"name": "Plain Trading", "mobile": "13700002222"},
        ):
            with self.subTest(values=values):
                customer = self.register(self.manager_b, **values)
                self.assertTrue(customer.is_crm_customer)


@tagged("post_install", "-at_install")
class TestDuplicateAcrossCompanies(CrmMultiCompanyCase):
    def test_customer_of_another_company_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.partner"].with_user(self.manager_b_only).create(
                {
                    "name": "A's Customer Ltd",
                    "is_company": True,
                    "is_crm_customer": True,
                    "company_id": self.company_b.id,
                }
            )
        self.assertIn("A's customer", str(caught.exception))
        self.assertIn(self.manager_ab.name, str(caught.exception))


@tagged("post_install", "-at_install")
class TestDuplicateScreen(CrmLiteCase):
    """疑似重复客户: the supervisors' list of suspected pairs, from which they
    open Odoo's merge wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.first = Partner.create(
            {
                "name": "重复一号有限公司",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_a.id,
            }
        )
        cls.second = Partner.create(
            {
                "name": "另一个名字",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_b.id,
            }
        )
        # two customers registered before the check existed: one phone
        cls.env.cr.execute(
            "UPDATE res_partner SET phone = '010-6666 1234', crm_phone_key = %s "
            "WHERE id IN %s",
            ["+861066661234", (cls.first.id, cls.second.id)],
        )
        cls.env.invalidate_all()
        cls.similar = Partner.create(
            {
                "name": "重复一号发展有限公司",
                "is_company": True,
                "is_crm_customer": True,
            }
        )
        cls.env.company.crm_lite_duplicate_similarity = 50

    def pairs(self, user):
        rows = self.env["crm_lite.duplicate"].with_user(user).search([])
        return {(row.partner_id, row.duplicate_id): row.reason for row in rows}

    def test_supervisor_sees_the_pairs(self):
        pairs = self.pairs(self.supervisor)
        self.assertEqual(pairs[(self.first, self.second)], "phone")
        self.assertEqual(pairs[(self.first, self.similar)], "similar_name")
        self.assertNotIn((self.second, self.similar), pairs)
        self.assertIn((self.first, self.second), self.pairs(self.crm_admin))

    def test_similar_names_of_recent_customers_only(self):
        # both registered long ago: by now they would have been merged
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = now() - interval '1 year' "
            "WHERE id IN %s",
            [(self.first.id, self.similar.id)],
        )
        pairs = self.pairs(self.supervisor)
        self.assertNotIn((self.first, self.similar), pairs)
        # same phones are listed at any age
        self.assertEqual(pairs[(self.first, self.second)], "phone")

    def test_others_cannot_open_the_screen(self):
        for user in (self.manager_a, self.executive):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm_lite.duplicate"].with_user(user).search([])

    def test_supervisor_merges_a_pair(self):
        self.supervisor.groups_id |= self.env.ref("base.group_partner_manager")
        row = (
            self.env["crm_lite.duplicate"]
            .with_user(self.supervisor)
            .search([("partner_id", "=", self.first.id), ("reason", "=", "phone")])
        )
        action = row.action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.supervisor)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, self.first | self.second)
        wizard.dst_partner_id = self.first
        wizard.action_merge()
        self.assertFalse(self.second.exists())
        self.assertEqual(self.first.phone, "010-6666 1234")
        self.assertNotIn((self.first, self.second), self.pairs(self.supervisor))


class TestDuplicateKeys(TransactionCase):
    """The normal forms (a pure module): a table of inputs."""

    def test_name_key(self):
        for name, key in (
            ("北京重复科技有限公司", "北京重复科技"),
            (" 北京重复科技 有限公司 ", "北京重复科技"),
            ("北京重复科技（中国）有限公司", "北京重复科技"),
            ("北京重复科技(中国)有限责任公司", "北京重复科技"),
            ("北京重复科技股份有限公司", "北京重复科技"),
            ("北京重复科技集团有限公司", "北京重复科技"),
            ("北京重复科技公司", "北京重复科技"),
            ("ＡＢＣ Trading Co., Ltd.", "abctrading"),
            ("abc TRADING limited", "abctrading"),
            ("Tesco", "tesco"),
            ("重复科技（北京）有限公司", "重复科技北京"),
            ("北京重复科技有限公司上海分公司", "北京重复科技有限公司上海分公司"),
            ("", None),
            (False, None),
        ):
            with self.subTest(name=name):
                self.assertEqual(duplicate_keys.name_key(name), key)

    def test_phone_key(self):
        for number, region, key in (
            ("13800000000", "CN", "+8613800000000"),
            ("+86 138-0000-0000", "CN", "+8613800000000"),
            ("0086 138 0000 0000", "CN", "+8613800000000"),
            ("１３８００００００００", "CN", "+8613800000000"),
            ("010-8184 1736", "CN", "+861081841736"),
            ("+86 10 8184 1736", "US", "+861081841736"),
            ("(202) 555-0100", "US", "+12025550100"),
            ("12345", "CN", None),
            ("", "CN", None),
            (False, "CN", None),
        ):
            with self.subTest(number=number):
                self.assertEqual(duplicate_keys.phone_key(number, region), key)

    def test_vat_key_and_credit_code(self):
        self.assertEqual(duplicate_keys.vat_key(" 9135 0100-m000100y43 "), USCC)
        for code, error in (
            (USCC, None),
            ("91110108MA01KPGK0L", None),
            (USCC[:17] + "4", "check"),
            (USCC[:17], "length"),
            ("91350100O000100Y43", "character"),
        ):
            with self.subTest(code=code):
                self.assertEqual(duplicate_keys.uscc_error(code), error)
        self.assertEqual(duplicate_keys.uscc_check_character(USCC[:17]), "3")
