import http.server
import importlib.util
import json
import threading
from urllib.parse import parse_qs, urlparse

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_path, mute_logger

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from ..models import duplicate_keys
from .common import CrmLiteCase, load_chinese, new_company, new_company_user

LOOKUP = "/crm_lite/phone/lookup"
MOBILE = "+8613800000000"
LANDLINE = "+861012345678"
# ten usual ways of writing one mobile number and one Beijing number
MOBILE_FORMS = (
    "+86 138 0000 0000",
    "13800000000",
    "013800000000",
    "8613800000000",
    "008613800000000",
    "+86-138-0000-0000",
    "(+86) 138 0000 0000",
    "138-0000-0000",
    "＋８６ １３８ ００００ ００００",
    "138 0000 0000 转 5",
)
LANDLINE_FORMS = (
    "010-12345678",
    "(010) 12345678",
    "+86 10 1234 5678",
    "0086 10 12345678",
    "86-10-12345678",
    "01012345678",
    "010 1234 5678 转 801",
    "010-12345678 ext. 801",
    "010-12345678#801",
    "010-12345678-801",
)
# and what else may follow a number
MORE_FORMS = {
    "0755-12345678-0": "+8675512345678",
    "010-12345678,801": LANDLINE,
    "(010)1234-5678 内线 12": LANDLINE,
    "+86 400 820 8820": "+864008208820",
    "95588": None,
}


class TelephonyCase(CrmLiteCase):
    """Customer A has a Beijing switchboard and a contact with a mobile;
    customer B (account manager B's) and the pool customer have numbers of
    their own. The phone system's user is a supervisor in the telephony
    group; account manager A has a telephony key too, and extension 801."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # numbers without a country code are read in the company's country
        cls.env.company.country_id = cls.env.ref("base.cn")
        cls.customer_a.phone = "010-12345678"
        cls.contact_a.write({"mobile": "138 0000 0000", "function": "Buyer"})
        cls.customer_b.phone = "021-66661234"
        cls.pool_customer.mobile = "13911112222"
        telephony = "crm_lite.group_telephony"
        cls.pbx = new_test_user(
            cls.env,
            login="crm_test_pbx",
            groups=f"crm_lite.group_sales_supervisor,{telephony}",
            name="PBX",
            tz="UTC",
        )
        cls.manager_a.groups_id |= cls.env.ref(telephony)
        cls.manager_a.crm_phone_extension = "801"
        cls.manager_b.crm_phone_extension = "802"

    def lookup(self, user, number):
        return self.env["res.partner"].with_user(user)._crm_phone_lookup(number)


@tagged("post_install", "-at_install")
class TestPhoneKeys(TelephonyCase):
    def test_usual_forms_are_one_number(self):
        for forms, key in ((MOBILE_FORMS, MOBILE), (LANDLINE_FORMS, LANDLINE)):
            for number in forms:
                with self.subTest(number=number):
                    self.assertEqual(duplicate_keys.phone_key(number, "CN"), key)

    def test_more_forms(self):
        for number, key in MORE_FORMS.items():
            with self.subTest(number=number):
                self.assertEqual(duplicate_keys.phone_key(number, "CN"), key)

    def test_partners_keep_their_normalized_numbers(self):
        self.assertEqual(self.customer_a.phone_normalized, LANDLINE)
        self.assertEqual(self.contact_a.mobile_normalized, MOBILE)
        self.assertFalse(self.contact_a.phone_normalized)
        # kept current on every write, searchable
        self.customer_a.phone = "010-8765 4321 转 12"
        self.assertEqual(self.customer_a.phone_normalized, "+861087654321")
        self.assertEqual(
            self.env["res.partner"].search(
                [("phone_normalized", "=", "+861087654321")]
            ),
            self.customer_a,
        )
        # an import gives the same keys as the form
        imported = self.env["res.partner"].load(
            ["name", "is_company", "mobile"],
            [["Imported Ltd", "1", "+86 (0)139 0000 1111"]],
        )
        partner = self.env["res.partner"].browse(imported["ids"])
        self.assertEqual(partner.mobile_normalized, "+8613900001111")

    def test_the_duplicate_check_compares_the_same_keys(self):
        # the switchboard's number with an extension is the same phone
        self.assertTrue(
            self.env["res.partner"]._crm_duplicate_matches(
                {"name": "Other Name Ltd", "phone": "010 1234 5678 分机 9"}
            )
        )

    def test_ten_forms_find_the_same_customer(self):
        for forms, contact in ((MOBILE_FORMS, self.contact_a), (LANDLINE_FORMS, None)):
            for number in forms:
                with self.subTest(number=number):
                    answer = self.lookup(self.pbx, number)
                    self.assertEqual(
                        [card["id"] for card in answer["customers"]],
                        [self.customer_a.id],
                    )
                    card = answer["customers"][0]
                    self.assertEqual(
                        card["contact"] and card["contact"]["id"],
                        contact and contact.id,
                    )

    def test_the_answer(self):
        Interaction = self.env["crm_lite.interaction"].with_user(self.manager_a)
        for day, name in ((1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth")):
            Interaction.create(
                {
                    "partner_id": self.customer_a.id,
                    "place": "Office",
                    "name": name,
                    "date": fields.Date.add(fields.Date.today(), days=-10 + day),
                }
            )
        open_service = self.new_service()
        archived = self.handled_service()
        archived.with_user(self.manager_a).write(
            {"result": "Fine", "satisfaction": "5"}
        )
        archived.with_user(self.manager_a).action_feedback()
        self.assertEqual(archived.state, "archived")
        self.customer_a.customer_level_id = self.env.ref(
            "crm_lite.dict_customer_level_major"
        )
        answer = self.lookup(self.pbx, "138 0000 0000")
        self.assertEqual(answer["number"], MOBILE)
        (card,) = answer["customers"]
        self.assertEqual(card["name"], "Customer A Ltd")
        self.assertEqual(card["code"], self.customer_a.customer_code)
        self.assertTrue(card["code"])
        self.assertEqual(card["level"], self.customer_a.customer_level_id.item)
        self.assertEqual(
            card["owner"], {"id": self.manager_a.id, "name": self.manager_a.name}
        )
        self.assertFalse(card["pool"])
        self.assertEqual(card["contact"]["name"], "Contact of A")
        self.assertEqual(card["contact"]["function"], "Buyer")
        self.assertEqual(
            [interaction["name"] for interaction in card["interactions"]],
            ["Fourth", "Third", "Second"],
        )
        self.assertEqual(
            [service["id"] for service in card["services"]], [open_service.id]
        )
        pool = self.lookup(self.pbx, "139 1111 2222")["customers"]
        self.assertEqual([card["id"] for card in pool], [self.pool_customer.id])
        self.assertTrue(pool[0]["pool"])
        self.assertIsNone(pool[0]["owner"])

    def test_numbers_read_as_the_partners_are(self):
        # a company abroad: its caller IDs are read in its country first, and
        # in China, as a partner of no country and no company has its own
        self.env.company.country_id = self.env.ref("base.us")
        answer = self.lookup(self.pbx, "13800000000")
        self.assertEqual(answer["number"], "+13800000000")
        self.assertEqual(
            [card["id"] for card in answer["customers"]], [self.customer_a.id]
        )
        american = self.new_customer(
            "American Ltd",
            phone="(650) 253-0000",
            country_id=self.env.ref("base.us").id,
        )
        self.assertEqual(american.phone_normalized, "+16502530000")
        self.assertEqual(
            [card["id"] for card in self.lookup(self.pbx, "650-253-0000")["customers"]],
            [american.id],
        )

    def test_unknown_number_is_an_empty_answer(self):
        self.assertEqual(
            self.lookup(self.pbx, "+1 650 253 0000"),
            {"number": "+16502530000", "customers": []},
        )
        # a vendor's number is no customer's
        self.vendor.phone = "020-88886666"
        self.assertEqual(self.lookup(self.pbx, "020-88886666")["customers"], [])

    def test_what_an_account_manager_may_not_read_stays_out(self):
        Interaction = self.env["crm_lite.interaction"]
        Interaction.with_user(self.manager_b).create(
            {"partner_id": self.customer_b.id, "place": "Office", "name": "B's"}
        )
        self.assertEqual(self.lookup(self.manager_a, "021-66661234")["customers"], [])
        self.assertEqual(len(self.lookup(self.pbx, "021-66661234")["customers"]), 1)
        # his own and the pool's
        self.assertEqual(
            [
                card["id"]
                for card in self.lookup(self.manager_a, "13800000000")["customers"]
            ],
            [self.customer_a.id],
        )
        self.assertEqual(
            len(self.lookup(self.manager_a, "13911112222")["customers"]), 1
        )
        # B's contact with a number of A's contact: A's lookup shows A's only
        self.contact_b.mobile = "138-0000-0000"
        cards = self.lookup(self.manager_a, "13800000000")["customers"]
        self.assertEqual([card["id"] for card in cards], [self.customer_a.id])
        cards = self.lookup(self.pbx, "13800000000")["customers"]
        self.assertEqual(
            {card["id"] for card in cards}, {self.customer_a.id, self.customer_b.id}
        )

    def test_companies_kept_apart(self):
        company_a = new_company(self.env, "Phone Company A", self.env.ref("base.CNY"))
        company_b = new_company(self.env, "Phone Company B", self.env.ref("base.CNY"))
        pbx_a = new_company_user(
            self.env,
            "crm_test_pbx_a",
            "crm_lite.group_sales_supervisor,crm_lite.group_telephony",
            company_a,
        )
        customer_of_b = self.env["res.partner"].create(
            {
                "name": "Company B's caller",
                "is_company": True,
                "is_crm_customer": True,
                "company_id": company_b.id,
                "phone": "0755-88889999",
            }
        )
        pbx_ab = new_company_user(
            self.env,
            "crm_test_pbx_ab",
            "crm_lite.group_sales_supervisor,crm_lite.group_telephony",
            company_a | company_b,
        )
        self.assertEqual(self.lookup(pbx_a, "0755 8888 9999")["customers"], [])
        # nor does its screen pop reach the other company's staff
        staff_b = new_company_user(
            self.env, "crm_test_staff_b", "crm_lite.group_account_manager", company_b
        )
        staff_b.crm_phone_extension = "901"
        with self.assertRaises(UserError):
            self.env["res.users"].with_user(pbx_a)._crm_screen_pop_user(extension="901")
        staff_a = new_company_user(
            self.env, "crm_test_staff_a", "crm_lite.group_account_manager", company_a
        )
        staff_a.crm_phone_extension = "901"
        self.assertEqual(
            self.env["res.users"]
            .with_user(pbx_a)
            ._crm_screen_pop_user(extension="901"),
            staff_a,
        )
        # one extension in two companies: the login tells
        with self.assertRaises(UserError):
            self.env["res.users"].with_user(pbx_ab)._crm_screen_pop_user(
                extension="901"
            )
        self.assertEqual(
            [card["id"] for card in self.lookup(pbx_ab, "0755 8888 9999")["customers"]],
            [customer_of_b.id],
        )

    def test_bad_numbers_are_refused_cleanly(self):
        for number in (
            "",
            "   ",
            "abc",
            "12345",
            "1' OR '1'='1",
            "13800000000; DROP TABLE res_partner",
            "<script>alert(1)</script>",
            "1" * 200,
            "1" * 200_000,
            None,
            13800000000,
            ["13800000000"],
        ):
            with self.subTest(number=repr(number)[:30]):
                with self.assertRaises(UserError):
                    self.lookup(self.pbx, number)


@tagged("post_install", "-at_install")
class TestScreenPop(TelephonyCase):
    def popped(self, user):
        """The screen pops sent to ``user``'s bus channel, oldest first."""
        self.env.cr.precommit.run()
        channel = json_dump(channel_with_db(self.env.cr.dbname, user.partner_id))
        messages = self.env["bus.bus"].search([("channel", "=", channel)], order="id")
        return [
            json.loads(message.message)["payload"]
            for message in messages
            if json.loads(message.message)["type"] == "crm_lite.screen_pop"
        ]

    def test_extension_and_login_find_the_user(self):
        Users = self.env["res.users"].with_user(self.pbx)
        self.assertEqual(Users._crm_screen_pop_user(extension="801"), self.manager_a)
        self.assertEqual(
            Users._crm_screen_pop_user(login="crm_test_manager_b"), self.manager_b
        )
        for extension, login in (("999", None), (None, "nobody"), (None, None)):
            with self.assertRaises(UserError):
                Users._crm_screen_pop_user(extension=extension, login=login)

    def test_the_pop_reaches_that_user_only(self):
        user = self.manager_a.with_user(self.pbx)
        user._crm_screen_pop("138 0000 0000", [MOBILE])
        (payload,) = self.popped(self.manager_a)
        self.assertEqual(payload["partner_id"], self.customer_a.id)
        self.assertEqual(payload["contact_id"], self.contact_a.id)
        self.assertEqual(payload["action"]["res_id"], self.customer_a.id)
        self.assertEqual(
            payload["action"]["views"],
            [[self.env.ref("crm_lite.view_crm_customer_form").id, "form"]],
        )
        self.assertEqual(self.popped(self.manager_b), [])
        self.assertEqual(self.popped(self.pbx), [])

    def test_the_pop_shows_what_its_user_may_read(self):
        # B's phone rings for A's customer: B's screen offers a new customer
        self.manager_b.with_user(self.pbx)._crm_screen_pop("13800000000", [MOBILE])
        (payload,) = self.popped(self.manager_b)
        self.assertFalse(payload["partner_id"])
        # a mobile number goes to the new customer's mobile
        self.assertEqual(payload["action"]["context"]["default_mobile"], "13800000000")
        self.assertNotIn("default_phone", payload["action"]["context"])
        self.assertFalse(payload["action"].get("res_id"))
        self.assertEqual(payload["message"], "No customer you can see has this number.")
        # the customers' own action, which a reload opens again
        self.assertEqual(
            payload["action"]["id"], self.env.ref("crm_lite.action_crm_customer").id
        )
        # a landline to the new customer's phone
        self.manager_b.with_user(self.pbx)._crm_screen_pop(
            "021-87654321", ["+862187654321"]
        )
        landline = self.popped(self.manager_b)[-1]
        self.assertEqual(landline["action"]["context"]["default_phone"], "021-87654321")
        self.assertNotIn("default_mobile", landline["action"]["context"])
        self.assertEqual(
            payload["chance_action"]["context"],
            {"default_contact_phone": "13800000000"},
        )

    def test_extension_is_checked(self):
        for extension in ("80 1", "abc", "1" * 21, "801'; --"):
            with self.subTest(extension=extension):
                with self.assertRaises(ValidationError):
                    self.manager_b.crm_phone_extension = extension
        # two users of one company have different extensions
        with self.assertRaises(ValidationError):
            self.manager_b.crm_phone_extension = "801"
        # staff set their own in their preferences
        self.manager_b.with_user(self.manager_b).write({"crm_phone_extension": "8020"})
        self.assertEqual(self.manager_b.crm_phone_extension, "8020")
        self.assertIn("crm_phone_extension", self.manager_b.SELF_WRITEABLE_FIELDS)


class OriginateHandler(http.server.BaseHTTPRequestHandler):
    """The phone system's stand-in: answers 200 and remembers the requests'
    paths (404 for a path with 'refuse')."""

    seen = []

    def do_GET(self):  # noqa: N802 - the handler's protocol
        type(self).seen.append(self.path)
        self.send_response(404 if "refuse" in self.path else 200)
        self.end_headers()
        self.wfile.write(b"OK")

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestClickToDial(TelephonyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.HTTPServer(("127.0.0.1", 0), OriginateHandler)
        cls.server_thread = threading.Thread(target=cls.server.serve_forever)
        cls.server_thread.start()
        cls.addClassCleanup(cls.server_thread.join)
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

    def setUp(self):
        super().setUp()
        OriginateHandler.seen.clear()

    def dial(self, user, partner, **values):
        """The Call button as ``user`` on ``partner``, then the call log
        saved with ``values``: the new interaction."""
        action = partner.with_user(user).action_crm_dial()
        self.assertEqual(action["res_model"], "crm_lite.call.wizard")
        Wizard = self.env["crm_lite.call.wizard"].with_user(user)
        wizard = Wizard.with_context(**action["context"]).create(
            {"call_duration": 2.5, "name": "Asked for a quote", **values}
        )
        before = self.env["crm_lite.interaction"].search([])
        wizard.action_save()
        return self.env["crm_lite.interaction"].search([]) - before

    def test_the_call_is_an_interaction(self):
        load_chinese(self.env)
        self.manager_a.lang = "zh_CN"
        interaction = self.dial(self.manager_a, self.customer_a)
        self.assertEqual(interaction.partner_id, self.customer_a)
        self.assertEqual(interaction.create_uid, self.manager_a)
        self.assertEqual(interaction.user_id, self.manager_a)
        self.assertEqual(interaction.place, "电话")
        self.assertEqual(interaction.name, "Asked for a quote")
        self.assertEqual(interaction.call_duration, 2.5)
        self.assertEqual(interaction.call_number, "010-12345678")
        self.assertTrue(interaction.call_start)
        self.assertEqual(interaction.date, fields.Date.today())
        self.assertEqual(self.customer_a.last_interaction_date, fields.Date.today())

    def test_calling_a_contact_records_it_for_the_customer(self):
        interaction = self.dial(self.manager_a, self.contact_a)
        self.assertEqual(interaction.partner_id, self.customer_a)
        self.assertEqual(interaction.call_number, "138 0000 0000")
        self.assertIn("Contact of A", interaction.note)

    def test_who_may_not_record_may_not_dial(self):
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.executive).action_crm_dial()
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.manager_a).action_crm_dial()
        self.vendor.phone = "020-88886666"
        with self.assertRaises(UserError):
            self.vendor.with_user(self.supervisor).action_crm_dial()
        self.customer_a.phone = False
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.manager_a).action_crm_dial()

    def test_bad_call_logs_are_refused(self):
        for values in (
            {"call_duration": -1},
            {"call_duration": 100_000},
            {"call_duration": "long"},
            {"call_start": fields.Datetime.add(fields.Datetime.now(), days=2)},
        ):
            with self.subTest(values=values):
                before = self.env["crm_lite.interaction"].search_count([])
                with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
                    self.dial(self.manager_a, self.customer_a, **values)
                self.assertEqual(
                    self.env["crm_lite.interaction"].search_count([]), before
                )

    def set_originate(self, template):
        self.env["ir.config_parameter"].set_param(
            "crm_lite.pbx_originate_url", template
        )

    def test_the_button_calls_the_phone_system(self):
        port = self.server.server_address[1]
        self.set_originate(
            f"http://127.0.0.1:{port}/originate?from={{extension}}&to={{national}}"
            "&e164={number}&who={login}"
        )
        interaction = self.dial(self.manager_a, self.contact_a)
        self.assertTrue(interaction)
        (path,) = OriginateHandler.seen
        query = parse_qs(urlparse(path).query)
        self.assertEqual(query["from"], ["801"])
        self.assertEqual(query["to"], ["13800000000"])
        self.assertEqual(query["e164"], [MOBILE])
        self.assertEqual(query["who"], ["crm_test_manager_a"])

    def test_an_unreachable_phone_system_records_nothing(self):
        # a port nobody listens on: the stand-in's, once closed
        closed = http.server.HTTPServer(("127.0.0.1", 0), OriginateHandler)
        port = closed.server_address[1]
        closed.server_close()
        before = self.env["crm_lite.interaction"].search_count([])
        for template in (
            f"http://127.0.0.1:{port}/originate?to={{number}}",
            f"http://127.0.0.1:{self.server.server_address[1]}/refuse?to={{number}}",
            "ftp://pbx/originate?to={number}",
            "http://pbx/originate?to={secret}",
            "http://pbx/originate?to={number",
        ):
            with self.subTest(template=template):
                self.set_originate(template)
                with self.assertRaises(UserError):
                    self.customer_a.with_user(self.manager_a).action_crm_dial()
        self.assertEqual(self.env["crm_lite.interaction"].search_count([]), before)

    def test_settings_check_the_template(self):
        settings = self.env["res.config.settings"].create(
            {"crm_lite_pbx_originate_url": "pbx/originate?to={number}"}
        )
        with self.assertRaises(UserError):
            settings.execute()
        settings = self.env["res.config.settings"].create(
            {"crm_lite_pbx_originate_url": "https://pbx/originate?to={number}"}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("crm_lite.pbx_originate_url"),
            "https://pbx/originate?to={number}",
        )


@tagged("post_install", "-at_install")
class TestLookupRoute(TelephonyCase, HttpCase):
    """The route as the phone system calls it, with API keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # as each user makes their own key in their preferences: the
        # telephony group's last a year, others' a day
        ApiKeys = cls.env["res.users.apikeys"]
        in_a_year = fields.Datetime.add(fields.Datetime.now(), days=360)
        tomorrow = fields.Datetime.add(fields.Datetime.now(), hours=20)
        cls.pbx_key = ApiKeys.with_user(cls.pbx)._generate(None, "PBX", in_a_year)
        cls.manager_key = ApiKeys.with_user(cls.manager_a)._generate(
            None, "A's PBX", in_a_year
        )
        # a supervisor with a key but not in the telephony group
        cls.supervisor_key = ApiKeys.with_user(cls.supervisor)._generate(
            None, "Not a PBX", tomorrow
        )

    def call(self, key=None, method="GET", headers=None, **params):
        headers = dict(headers or {})
        if key:
            headers["Authorization"] = f"Bearer {key}"
        if method == "GET":
            return self.url_open(
                LOOKUP + "?" + "&".join(f"{k}={v}" for k, v in params.items()),
                headers=headers,
            )
        headers.setdefault("Content-Type", "application/json")
        data = params.pop("data", None)
        return self.url_open(
            LOOKUP,
            data=data if data is not None else json.dumps(params),
            headers=headers,
        )

    def test_a_crm_role_decides_what_the_phone_system_reads(self):
        # in the telephony group without a CRM role: Odoo lets any internal
        # user read the partners, the lookup answers nothing
        roleless = new_test_user(
            self.env, login="crm_test_pbx_roleless", groups="crm_lite.group_telephony"
        )
        in_a_year = fields.Datetime.add(fields.Datetime.now(), days=360)
        key = (
            self.env["res.users.apikeys"]
            .with_user(roleless)
            ._generate(None, "PBX without a role", in_a_year)
        )
        refused = self.call(key=key, number="13800000000")
        self.assertEqual(refused.status_code, 403)
        self.assertIn("CRM role", refused.json()["error"])
        self.assertNotIn("Customer A", refused.text)

    def test_answers_in_the_key_users_language(self):
        load_chinese(self.env)
        self.pbx.lang = "zh_CN"
        # no Accept-Language: the phone system rarely sends one
        refused = self.call(key=self.pbx_key, number="abc")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("不是电话号码", refused.json()["error"])

    def test_authentication_and_group(self):
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_http"):
            self.assertEqual(self.call(number="13800000000").status_code, 401)
            self.assertEqual(
                self.call(key="0" * 40, number="13800000000").status_code, 401
            )
            self.assertEqual(
                self.call(
                    headers={"Authorization": f"Basic {self.pbx_key}"},
                    number="13800000000",
                ).status_code,
                401,
            )
            refused = self.call(key=self.supervisor_key, number="13800000000")
        self.assertEqual(refused.status_code, 403)
        self.assertNotIn("Customer A", refused.text)
        answer = self.call(key=self.pbx_key, number="%2B86%20138%200000%200000")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(
            [card["id"] for card in answer.json()["customers"]], [self.customer_a.id]
        )
        # JSON, and JSON-RPC's envelope
        for body in (
            {"number": "013800000000"},
            {"jsonrpc": "2.0", "params": {"number": "013800000000"}},
        ):
            answer = self.call(key=self.pbx_key, method="POST", **body)
            self.assertEqual(answer.status_code, 200)
            self.assertEqual(answer.json()["customers"][0]["id"], self.customer_a.id)
        # a key taken away no longer opens
        self.env["res.users.apikeys"].search([("user_id", "=", self.pbx.id)]).unlink()
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_http"):
            self.assertEqual(
                self.call(key=self.pbx_key, number="13800000000").status_code, 401
            )

    def test_an_account_managers_key(self):
        answer = self.call(key=self.manager_key, number="021-66661234")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["customers"], [])
        self.assertNotIn("Customer B", answer.text)
        answer = self.call(key=self.manager_key, number="010-12345678")
        self.assertEqual(answer.json()["customers"][0]["id"], self.customer_a.id)

    def test_unknown_number(self):
        answer = self.call(key=self.pbx_key, number="%2B1%20650%20253%200000")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json(), {"number": "+16502530000", "customers": []})

    def test_screen_pop_over_the_route(self):
        answer = self.call(key=self.pbx_key, number="13800000000", extension="801")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(
            answer.json()["screen_pop"], {"sent": True, "user": "crm_test_manager_a"}
        )
        channel = json_dump(
            channel_with_db(self.env.cr.dbname, self.manager_a.partner_id)
        )
        (message,) = self.env["bus.bus"].search([("channel", "=", channel)])
        payload = json.loads(message.message)
        self.assertEqual(payload["type"], "crm_lite.screen_pop")
        self.assertEqual(payload["payload"]["partner_id"], self.customer_a.id)
        answer = self.call(
            key=self.pbx_key,
            method="POST",
            number="13800000000",
            login="crm_test_manager_b",
        )
        self.assertEqual(answer.json()["screen_pop"]["user"], "crm_test_manager_b")
        answer = self.call(key=self.pbx_key, number="13800000000", extension="999")
        self.assertEqual(answer.status_code, 200)
        self.assertFalse(answer.json()["screen_pop"]["sent"])

    def test_hostile_requests(self):
        partners = self.env["res.partner"].search_count([])
        for params, status in (
            ({}, 400),
            ({"number": "abc"}, 400),
            ({"number": "1'%20OR%20'1'='1"}, 400),
            ({"number": "13800000000;DROP%20TABLE%20res_partner"}, 400),
            ({"number": "%00%01"}, 400),
            ({"number": "1" * 1000}, 413),
            ({"number": "13800000000", "extension": "8" * 1000}, 413),
        ):
            with self.subTest(params=str(params)[:40]):
                answer = self.call(key=self.pbx_key, **params)
                self.assertEqual(answer.status_code, status)
                self.assertIn("error", answer.json())
        for body, status in (
            ({"data": "{not json"}, 400),
            ({"data": "[1, 2]"}, 400),
            ({"data": json.dumps({"number": ["13800000000"]})}, 400),
            ({"data": json.dumps({"number": {"$ne": 1}})}, 400),
            ({"data": json.dumps({"number": "1" * 200_000})}, 413),
            ({"data": b"\xff\xfe"}, 400),
        ):
            with self.subTest(body=str(body)[:40]):
                answer = self.call(key=self.pbx_key, method="POST", **body)
                self.assertEqual(answer.status_code, status)
                self.assertIn("error", answer.json())
        # a number as JSON's number is read as its digits
        for number in (13800000000, 13800000000.0):
            answer = self.call(key=self.pbx_key, method="POST", number=number)
            self.assertEqual(answer.status_code, 200)
            self.assertEqual(answer.json()["customers"][0]["id"], self.customer_a.id)
        for number, status in ((True, 400), (0.5, 400), (1.5e300, 413)):
            answer = self.call(key=self.pbx_key, method="POST", number=number)
            self.assertEqual(answer.status_code, status)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)


@tagged("post_install", "-at_install")
class TestTelephonyGroup(CrmLiteCase):
    def test_the_phone_system_keeps_its_key_a_year(self):
        user = new_test_user(
            self.env,
            login="crm_test_pbx_key",
            groups="crm_lite.group_sales_supervisor,crm_lite.group_telephony",
        )
        ApiKeys = self.env["res.users.apikeys"].with_user(user)
        in_a_year = fields.Datetime.add(fields.Datetime.now(), days=364)
        self.assertTrue(ApiKeys._generate(None, "PBX", in_a_year))
        with self.assertRaises(ValidationError):
            ApiKeys._generate(None, "PBX", fields.Datetime.add(in_a_year, days=30))
        # others keep Odoo's day
        with self.assertRaises(ValidationError):
            self.env["res.users.apikeys"].with_user(self.supervisor)._generate(
                None, "Not a PBX", in_a_year
            )

    def test_no_role_implies_it(self):
        telephony = self.env.ref("crm_lite.group_telephony")
        for role in ("manager_a", "supervisor", "executive", "crm_admin"):
            with self.subTest(role=role):
                self.assertNotIn(telephony, getattr(self, role).groups_id)
        user = new_test_user(
            self.env, login="crm_test_pbx_only", groups="crm_lite.group_telephony"
        )
        self.assertTrue(user.has_group("base.group_user"))
        self.assertEqual(user.crm_role, "none")
        # the role changes leave it
        user.groups_id = [Command.link(telephony.id)]
        user.crm_role = "executive"
        self.assertIn(telephony, user.groups_id)


@tagged("post_install", "-at_install")
class TestPhoneKeysMigration(CrmLiteCase):
    def test_keys_with_extensions_are_computed_again(self):
        path = file_path("crm_lite/migrations/18.0.1.6.0/post-migration.py")
        spec = importlib.util.spec_from_file_location("crm_lite_18_0_1_6_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        # as 18.0.1.5.0 left them: the digits, extension included
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE res_partner SET phone = '010-12345678 转 801',
                   crm_phone_key = '01012345678801'
             WHERE id = %s;
            UPDATE res_partner SET mobile = '138 0000 0000',
                   crm_mobile_key = '+8613800000000'
             WHERE id = %s;
            UPDATE res_partner SET phone = '0755-12345678-0',
                   crm_phone_key = '+86755123456780'
             WHERE id = %s
            """,
            [self.customer_a.id, self.contact_a.id, self.customer_b.id],
        )
        self.env.invalidate_all()
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual(self.customer_a.phone_normalized, LANDLINE)
        self.assertEqual(self.contact_a.mobile_normalized, MOBILE)
        self.assertEqual(self.customer_b.phone_normalized, "+8675512345678")


# The screen pop in the web client: the notifications the bus would deliver
# (Odoo's test server has no websocket) given to the service's subscription,
# with the web client's own action and notification services.
SCREEN_POP_JS = """
(async () => {
    const {crmLiteScreenPopService} = odoo.loader.modules.get(
        "@crm_lite/phone/screen_pop_service"
    );
    const env = odoo.__WOWL_DEBUG__.root.env;
    const subscribed = {};
    const bus = {
        subscribe: (type, callback) => (subscribed[type] = callback),
        start() {},
    };
    crmLiteScreenPopService.start(env, {
        action: env.services.action,
        bus_service: bus,
        notification: env.services.notification,
    });
    // a client connecting gets the last minute's pops at once: the latest opens
    for (const payload of %(payloads)s) {
        subscribed["crm_lite.screen_pop"](payload);
    }
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
        const name = document.querySelector(
            ".o_form_view .o_field_widget[name=name] input"
        );
        const notice = document.querySelector(".o_notification");
        if (name && name.value === %(name)s && notice) {
            if (!notice.textContent.includes(%(title)s)) {
                console.error("the notification says " + notice.textContent);
            } else if (location.pathname.includes("/new")) {
                console.error("an older pop opened: " + location.pathname);
            } else {
                console.log("test successful");
            }
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.error("the customer's form did not open: " + location.pathname);
})();
"""


@tagged("post_install", "-at_install")
class TestScreenPopClient(TelephonyCase, HttpCase):
    def test_the_web_client_opens_the_callers_customer(self):
        self.manager_a.password = "crm_test_manager_a"
        Users = self.env["res.users"].with_user(self.pbx)
        unknown = Users.browse(self.manager_a.id)._crm_screen_pop(
            "13999990000", ["+8613999990000"]
        )
        known = Users.browse(self.manager_a.id)._crm_screen_pop(
            "138 0000 0000", [MOBILE]
        )
        self.assertFalse(unknown["partner_id"])
        self.assertEqual(known["partner_id"], self.customer_a.id)
        self.browser_js(
            "/odoo",
            SCREEN_POP_JS
            % {
                "payloads": json.dumps([unknown, known]),
                "name": json.dumps(self.customer_a.name),
                "title": json.dumps(known["title"]),
            },
            "odoo.isReady === true",
            login="crm_test_manager_a",
            timeout=60,
        )
