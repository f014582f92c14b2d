from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CrmLiteCase, CrmMultiCompanyCase, load_chinese


class CrmRowsMixin:
    def crm_row_counts(self):
        """{table: rows} of every crm_lite table."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'crm\\_lite\\_%'"
        )
        counts = {}
        for (table,) in self.env.cr.fetchall():
            self.env.cr.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = self.env.cr.fetchone()[0]
        self.assertIn("crm_lite_loss_measure", counts)
        return counts


@tagged("post_install", "-at_install")
class TestPartnerMerge(CrmRowsMixin, CrmLiteCase):
    """Odoo's partner merge, run by a sales supervisor, moves every crm_lite
    record to the kept partner and deletes none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env.ref("crm_lite.dict_service_type_complaint")
        Partner = cls.env["res.partner"]
        # registered twice before the duplicate check (查重) knew better: a
        # name of its own, so that the check lets the fixture exist
        cls.duplicate = Partner.create(
            {
                "name": "Customer A Trading",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_a.id,
            }
        )
        cls.duplicate_contact = Partner.create(
            {
                "name": "Second contact of A",
                "parent_id": cls.duplicate.id,
                "phone": "+86 21 5555 0101",
            }
        )
        Interaction = cls.env["crm_lite.interaction"]
        Interaction.create(
            [
                {
                    "partner_id": cls.customer_a.id,
                    "place": "Office",
                    "name": "Visit",
                    "date": "2026-01-10",
                },
                {
                    "partner_id": cls.duplicate.id,
                    "place": "Phone",
                    "name": "Call",
                    "date": "2026-03-05",
                },
            ]
        )
        for customer in (cls.customer_a, cls.duplicate):
            cls.env["crm_lite.service"].with_user(cls.manager_a).create(
                {
                    "name": f"Service for {customer.name}",
                    "service_type_id": cls.complaint.id,
                    "partner_id": customer.id,
                    "request": "Broken desk",
                }
            )
            cls.env["crm_lite.chance"].with_user(cls.manager_a).create(
                {
                    "name": f"Chance for {customer.name}",
                    "partner_id": customer.id,
                    "description": "More desks",
                }
            )
        # the duplicate's contact ordered; the kept customer never did
        cls.order = cls.new_order(cls, None, cls.duplicate_contact)
        cls.order.action_confirm()
        cls.ordered_on = cls.duplicate.last_order_date
        Loss = cls.env["crm_lite.loss"]
        cls.older_loss = Loss.create(
            {"partner_id": cls.customer_a.id, "user_id": cls.manager_a.id}
        )
        cls.newer_loss = Loss.create(
            {"partner_id": cls.duplicate.id, "user_id": cls.manager_a.id}
        )
        cls.closed_loss = Loss.create(
            {
                "partner_id": cls.duplicate.id,
                "user_id": cls.manager_a.id,
                "state": "recovered",
            }
        )
        cls.env.cr.execute(
            "UPDATE crm_lite_loss SET create_date = create_date - interval '1 day'"
            " WHERE id = %s",
            [cls.older_loss.id],
        )
        cls.older_loss.invalidate_recordset()
        cls.older_loss.with_user(cls.manager_a).action_add_measure("Called them")
        cls.newer_loss.with_user(cls.manager_a).action_add_measure("Sent an offer")

    def merge(self, user, partners, kept):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"dst_partner_id": kept.id})
        )
        self.assertEqual(wizard.partner_ids, partners)
        return wizard.action_merge()

    def test_supervisor_merge_moves_everything(self):
        before = self.crm_row_counts()
        code = self.customer_a.customer_code
        self.assertTrue(self.ordered_on)
        self.assertFalse(self.customer_a.last_order_date)
        measures = (self.older_loss | self.newer_loss).measure_ids
        self.merge(self.supervisor, self.customer_a | self.duplicate, self.customer_a)
        self.assertEqual(self.crm_row_counts(), before)
        self.assertFalse(self.duplicate.exists())
        kept = self.customer_a
        kept.invalidate_recordset()
        self.assertEqual(kept.customer_code, code)
        domain = [("partner_id", "=", kept.id)]
        self.assertEqual(self.env["crm_lite.interaction"].search_count(domain), 2)
        self.assertEqual(self.env["crm_lite.service"].search_count(domain), 2)
        self.assertEqual(self.env["crm_lite.chance"].search_count(domain), 2)
        self.assertEqual(
            (self.older_loss | self.newer_loss | self.closed_loss).partner_id, kept
        )
        # the older open record goes on, the other is closed as merged
        self.assertEqual(self.older_loss.state, "delayed")
        self.assertEqual(self.newer_loss.state, "merged")
        self.assertEqual(self.closed_loss.state, "recovered")
        self.assertIn("merged into", self.newer_loss.message_ids[0].body)
        self.assertEqual(measures.exists(), measures)
        # the contact moved keeps its owner's protection
        self.assertEqual(self.duplicate_contact.parent_id, kept)
        self.assertEqual(self.duplicate_contact.crm_access_key, self.manager_a.id)
        self.assertEqual(self.duplicate_contact.crm_owner_id, self.manager_a)
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.manager_b)
            .search([("id", "=", self.duplicate_contact.id)])
        )
        self.assertEqual(str(kept.last_interaction_date), "2026-03-05")
        self.assertEqual(kept.last_order_date, self.ordered_on)
        self.assertEqual(kept.crm_order_ids, self.order)
        # the account manager sees all of it on the kept customer
        Loss = self.env["crm_lite.loss"].with_user(self.manager_a)
        self.assertEqual(Loss.search_count(domain), 3)
        Service = self.env["crm_lite.service"].with_user(self.manager_a)
        self.assertEqual(Service.search_count(domain), 2)

    def test_supervisor_without_email_merges(self):
        self.supervisor.email = False
        before = self.crm_row_counts()
        self.merge(self.supervisor, self.customer_a | self.duplicate, self.customer_a)
        self.assertEqual(self.crm_row_counts(), before)
        self.assertFalse(self.duplicate.exists())
        note = self.customer_a.message_ids[:1]
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))

    def test_customer_merged_into_plain_partner(self):
        """The kept partner becomes the CRM customer, with its code, owner,
        contacts and history."""
        before = self.crm_row_counts()
        code = self.duplicate.customer_code
        self.merge(self.supervisor, self.vendor | self.duplicate, self.vendor)
        self.assertEqual(self.crm_row_counts(), before)
        vendor = self.vendor
        vendor.invalidate_recordset()
        self.assertTrue(vendor.is_crm_customer)
        self.assertEqual(vendor.customer_code, code)
        self.assertEqual(vendor.user_id, self.manager_a)
        self.assertEqual(self.duplicate_contact.crm_access_key, self.manager_a.id)
        self.assertEqual(self.newer_loss.partner_id, vendor)
        self.assertEqual(self.newer_loss.state, "delayed")
        self.assertEqual(
            self.env["crm_lite.interaction"].search_count(
                [("partner_id", "=", vendor.id)]
            ),
            1,
        )
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.manager_a)
            .search_count([("id", "=", vendor.id)]),
            1,
        )
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.manager_b)
            .search_count([("id", "=", vendor.id)])
        )

    def test_owned_customer_merged_into_pool_customer(self):
        self.pool_customer.write({"pool_date": "2026-01-01"})
        before = self.crm_row_counts()
        self.merge(
            self.supervisor, self.pool_customer | self.duplicate, self.pool_customer
        )
        self.assertEqual(self.crm_row_counts(), before)
        kept = self.pool_customer
        kept.invalidate_recordset()
        self.assertEqual(kept.user_id, self.manager_a)
        self.assertFalse(kept.pool_date)
        self.assertEqual(self.duplicate_contact.crm_access_key, self.manager_a.id)
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.manager_b)
            .search_count([("id", "=", kept.id)])
        )

    def test_merge_offered_to_whoever_may_run_it(self):
        action = self.env.ref("base.action_partner_merge")

        def offered(user):
            bindings = self.env["ir.actions.actions"].with_user(user)
            actions = bindings.get_bindings("res.partner").get("action", [])
            return action.id in [offered["id"] for offered in actions]

        self.assertTrue(offered(self.supervisor))
        self.assertTrue(offered(self.crm_admin))
        self.assertFalse(offered(self.manager_a))
        self.assertFalse(offered(self.executive))

    def test_only_supervisors_merge_crm_customers(self):
        manager = new_test_user(
            self.env,
            login="crm_test_merging_manager",
            groups="crm_lite.group_account_manager,base.group_partner_manager",
        )
        before = self.crm_row_counts()
        with self.assertRaises(AccessError):
            self.merge(manager, self.customer_a | self.pool_customer, self.customer_a)
        with self.assertRaises(AccessError):
            self.merge(
                self.executive, self.customer_a | self.duplicate, self.customer_a
            )
        self.assertEqual(self.crm_row_counts(), before)
        self.assertTrue(self.pool_customer.exists())
        self.assertTrue(self.duplicate.exists())


@tagged("post_install", "-at_install")
class TestCustomerDeletion(CrmRowsMixin, CrmLiteCase):
    """A CRM customer or contact with history is archived, not deleted."""

    def test_customer_with_interactions_is_kept(self):
        self.env["crm_lite.interaction"].create(
            {"partner_id": self.customer_a.id, "place": "Office", "name": "Visit"}
        )
        before = self.crm_row_counts()
        with self.assertRaises(UserError) as error:
            self.customer_a.with_user(self.supervisor).unlink()
        self.assertIn("Archive them instead", str(error.exception))
        self.assertEqual(self.crm_row_counts(), before)
        self.assertTrue(self.customer_a.exists())
        self.assertEqual(self.contact_a.parent_id, self.customer_a)
        # archiving is what remains
        self.customer_a.with_user(self.supervisor).action_archive()
        self.assertFalse(self.customer_a.active)
        self.assertEqual(self.crm_row_counts(), before)

    def test_history_of_every_kind_is_kept(self):
        Partner = self.env["res.partner"]
        complaint = self.env.ref("crm_lite.dict_service_type_complaint")
        histories = {
            "service": lambda customer: self.env["crm_lite.service"].create(
                {
                    "name": "Service",
                    "service_type_id": complaint.id,
                    "partner_id": customer.id,
                    "request": "Help",
                }
            ),
            "chance": lambda customer: self.env["crm_lite.chance"].create(
                {"name": "Chance", "partner_id": customer.id, "description": "Desks"}
            ),
            "loss": lambda customer: self.env["crm_lite.loss"].create(
                {"partner_id": customer.id}
            ),
            "order": lambda customer: self.new_order(None, customer),
        }
        for kind, make in histories.items():
            with self.subTest(kind=kind):
                customer = Partner.create(
                    {
                        "name": f"Customer with a {kind}",
                        "is_company": True,
                        "is_crm_customer": True,
                        "user_id": self.manager_a.id,
                    }
                )
                make(customer)
                before = self.crm_row_counts()
                with self.assertRaises(UserError):
                    customer.with_user(self.supervisor).unlink()
                self.assertEqual(self.crm_row_counts(), before)
                self.assertTrue(customer.exists())

    def test_contacts_keep_their_customer(self):
        """A customer with contacts, even without any other history, is
        kept: its contacts would become every account manager's."""
        with self.assertRaises(UserError):
            self.customer_b.with_user(self.supervisor).unlink()
        self.assertEqual(self.contact_b.crm_access_key, self.manager_b.id)

    def test_partners_without_history_are_deleted(self):
        before = self.crm_row_counts()
        self.contact_a.with_user(self.supervisor).unlink()
        self.assertFalse(self.contact_a.exists())
        lonely = self.env["res.partner"].create(
            {"name": "Lonely Ltd", "is_company": True, "is_crm_customer": True}
        )
        lonely.with_user(self.supervisor).unlink()
        self.assertFalse(lonely.exists())
        self.assertEqual(self.crm_row_counts(), before)

    def test_contact_with_orders_is_kept(self):
        """Quotations included: the host would delete them with it."""
        quotation = self.new_order(None, self.contact_a)
        with self.assertRaises(UserError):
            self.contact_a.with_user(self.supervisor).unlink()
        self.assertTrue(self.contact_a.exists())
        self.assertTrue(quotation.exists())


@tagged("post_install", "-at_install")
class TestImportAssignments(CrmLiteCase):
    """create and write leave the caller's dicts as they were; an import
    assigns what may be assigned and reports each row it could not."""

    FIELDS = ["name", "customer_name", "description", "user_id"]

    def rows(self, *assignees):
        return [
            [f"Imported chance {index}", f"Buyer {index}", "From a file", user.name]
            for index, user in enumerate(assignees)
        ]

    def imported(self, result):
        self.assertTrue(result["ids"], result["messages"])
        return self.env["crm_lite.chance"].browse(result["ids"])

    def test_create_and_write_keep_the_callers_dicts(self):
        Chance = self.env["crm_lite.chance"].with_user(self.supervisor)
        vals_list = [
            {
                "name": "Kept",
                "customer_name": "Buyer",
                "description": "Desks",
                "user_id": self.manager_a.id,
            }
        ]
        chance = Chance.create(vals_list)
        self.assertEqual(vals_list[0]["user_id"], self.manager_a.id)
        self.assertEqual(chance.user_id, self.manager_a)
        vals = {"user_id": self.manager_b.id, "source": "Fair"}
        chance.write(vals)
        self.assertEqual(vals, {"user_id": self.manager_b.id, "source": "Fair"})
        self.assertEqual(chance.user_id, self.manager_b)

    def test_supervisor_import_assigns_the_valid_rows(self):
        Chance = self.env["crm_lite.chance"].with_user(self.supervisor)
        result = Chance.load(
            self.FIELDS, self.rows(self.manager_a, self.internal, self.manager_b)
        )
        chances = self.imported(result)
        self.assertEqual(len(chances), 3)
        self.assertEqual(chances[0].user_id, self.manager_a)
        self.assertEqual(chances[0].state, "assigned")
        self.assertFalse(chances[1].user_id)
        self.assertEqual(chances[1].state, "new")
        self.assertEqual(chances[2].user_id, self.manager_b)
        [message] = result["messages"]
        self.assertEqual(message["record"], 1)
        self.assertEqual(message["rows"], {"from": 1, "to": 1})
        self.assertEqual(message["field"], "user_id")
        self.assertIn("without its assignee", message["message"])

    def test_failed_import_reports_errors_only(self):
        Chance = self.env["crm_lite.chance"].with_user(self.supervisor)
        rows = self.rows(self.internal, self.manager_a)
        rows[1][2] = ""  # no description: the file is refused
        result = Chance.load(self.FIELDS, rows)
        self.assertFalse(result["ids"])
        self.assertEqual({m["type"] for m in result["messages"]}, {"error"})
        self.assertFalse(
            self.env["crm_lite.chance"].search([("name", "like", "Imported chance")])
        )

    def test_account_manager_import_is_refused_each_assignment(self):
        Chance = self.env["crm_lite.chance"].with_user(self.manager_a)
        result = Chance.load(self.FIELDS, self.rows(self.manager_a, self.manager_b))
        chances = self.imported(result)
        self.assertFalse(chances.user_id)
        self.assertEqual(set(chances.mapped("state")), {"new"})
        self.assertEqual(
            sorted(message["record"] for message in result["messages"]), [0, 1]
        )
        self.assertTrue(
            all("sales supervisors" in m["message"] for m in result["messages"])
        )


@tagged("post_install", "-at_install")
class TestCustomerEnumeration(CrmLiteCase):
    """Nobody names, on a chance, service or interaction, a customer they
    may not read, and learns its name so."""

    def assertHides(self, error, customer):
        self.assertNotIn(customer.name, str(error.exception))

    def test_chance_for_another_managers_customer(self):
        Chance = self.env["crm_lite.chance"].with_user(self.manager_a)
        values = {"name": "Probe", "description": "?", "partner_id": self.customer_b.id}
        with self.assertRaises(AccessError) as error:
            Chance.create(values)
        self.assertHides(error, self.customer_b)
        self.assertFalse(self.env["crm_lite.chance"].search([("name", "=", "Probe")]))
        mine = Chance.create(dict(values, partner_id=self.customer_a.id))
        self.assertEqual(mine.customer_name, "Customer A Ltd")
        with self.assertRaises(AccessError) as error:
            mine.write({"partner_id": self.customer_b.id})
        self.assertHides(error, self.customer_b)
        self.assertEqual(mine.partner_id, self.customer_a)
        pooled = Chance.create(dict(values, partner_id=self.pool_customer.id))
        self.assertEqual(pooled.customer_name, "Pool Customer Ltd")

    def test_chance_form_copies_no_hidden_name(self):
        Chance = self.env["crm_lite.chance"].with_user(self.manager_a)
        spec = {"partner_id": {}, "customer_name": {}, "name": {}}
        values = {"name": "Probe", "customer_name": False}
        hidden = Chance.onchange(
            dict(values, partner_id=self.customer_b.id), ["partner_id"], spec
        )
        self.assertNotIn(self.customer_b.name, str(hidden))
        shown = Chance.onchange(
            dict(values, partner_id=self.customer_a.id), ["partner_id"], spec
        )
        self.assertEqual(shown["value"]["customer_name"], "Customer A Ltd")

    def test_service_and_interaction_for_another_managers_customer(self):
        complaint = self.env.ref("crm_lite.dict_service_type_complaint")
        with self.assertRaises(AccessError) as error:
            self.env["crm_lite.service"].with_user(self.manager_a).create(
                {
                    "name": "Probe",
                    "service_type_id": complaint.id,
                    "partner_id": self.customer_b.id,
                    "request": "?",
                }
            )
        self.assertHides(error, self.customer_b)
        with self.assertRaises(AccessError) as error:
            self.env["crm_lite.interaction"].with_user(self.manager_a).create(
                {"partner_id": self.customer_b.id, "place": "?", "name": "Probe"}
            )
        self.assertHides(error, self.customer_b)

    def test_assignee_must_read_the_chance_customer(self):
        chance = (
            self.env["crm_lite.chance"]
            .with_user(self.supervisor)
            .create(
                {
                    "name": "For A's customer",
                    "description": "Desks",
                    "partner_id": self.customer_a.id,
                }
            )
        )
        with self.assertRaises(UserError) as error:
            chance.action_assign(self.manager_b.id)
        self.assertIn("may not read the customer", str(error.exception))
        self.assertFalse(chance.user_id)
        chance.action_assign(self.manager_a.id)
        self.assertEqual(chance.user_id, self.manager_a)
        with self.assertRaises(UserError):
            chance.write({"user_id": self.manager_b.id})
        self.assertEqual(chance.user_id, self.manager_a)


@tagged("post_install", "-at_install")
class TestDictionaryKeys(CrmLiteCase):
    """An item is once in its category in every language; an entry in use
    keeps its category."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.admin_zh = new_test_user(
            cls.env,
            login="crm_test_admin_zh",
            groups="crm_lite.group_admin",
            lang="zh_CN",
        )
        cls.beijing = cls.env.ref("crm_lite.dict_region_beijing")

    def test_same_untranslated_item_refused(self):
        Dict = self.env["crm_lite.dict"].with_user(self.crm_admin)
        with self.assertRaises(ValidationError) as error:
            Dict.create({"type": "region", "item": "  beijing "})
        self.assertIn("only once in its category", str(error.exception))
        # the database refuses it too, should two administrators add it at
        # the same moment
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "INSERT INTO crm_lite_dict (type, item, item_key, sequence)"
                " VALUES ('region', '{\"en_US\": \"BEIJING\"}', 'beijing', 1)"
            )
        # another category may hold the same item
        Dict.create({"type": "service_type", "item": "Beijing"})

    def test_same_translation_refused(self):
        Dict = (
            self.env["crm_lite.dict"]
            .with_user(self.admin_zh)
            .with_context(lang="zh_CN")
        )
        self.assertEqual(self.beijing.with_env(Dict.env).item, "北京")
        with self.assertRaises(ValidationError) as error:
            Dict.create({"type": "region", "item": "北京"})
        self.assertIn("北京", str(error.exception))
        east = (
            self.env["crm_lite.dict"]
            .with_user(self.crm_admin)
            .create({"type": "region", "item": "East China"})
        )
        east.with_user(self.crm_admin).update_field_translations(
            "item", {"zh_CN": "华东"}
        )
        with self.assertRaises(ValidationError):
            Dict.create({"type": "region", "item": "华东"})
        other = (
            self.env["crm_lite.dict"]
            .with_user(self.crm_admin)
            .create({"type": "region", "item": "Eastern China"})
        )
        with self.assertRaises(ValidationError):
            other.with_user(self.crm_admin).update_field_translations(
                "item", {"zh_CN": "华东"}
            )
        with self.assertRaises(ValidationError):
            other.with_env(Dict.env).write({"item": "华东 "})
        self.assertEqual(
            self.env["crm_lite.dict"]
            .with_context(lang="zh_CN")
            .search_count([("type", "=", "region"), ("item", "=", "华东")]),
            1,
        )

    def test_entry_in_use_keeps_its_type(self):
        self.customer_a.region_id = self.beijing
        with self.assertRaises(ValidationError):
            self.beijing.with_user(self.crm_admin).write({"type": "service_type"})
        self.assertEqual(self.beijing.type, "region")
        unused = (
            self.env["crm_lite.dict"]
            .with_user(self.crm_admin)
            .create({"type": "region", "item": "Nowhere"})
        )
        unused.write({"type": "service_type"})
        self.assertEqual(unused.type, "service_type")
        complaint = self.env.ref("crm_lite.dict_service_type_complaint")
        self.env["crm_lite.service"].create(
            {
                "name": "Used",
                "service_type_id": complaint.id,
                "partner_id": self.customer_a.id,
                "request": "?",
            }
        )
        with self.assertRaises(ValidationError):
            complaint.with_user(self.crm_admin).write({"type": "region"})


@tagged("post_install", "-at_install")
class TestPartnerMergeCompanies(CrmRowsMixin, CrmMultiCompanyCase):
    """Records moved to a customer of another company follow its company."""

    def test_records_follow_the_kept_customers_company(self):
        interaction = self.env["crm_lite.interaction"].create(
            {"partner_id": self.customer_of_b.id, "place": "Office", "name": "Visit"}
        )
        chance = self.in_companies(
            self.env["crm_lite.chance"], self.manager_ab, self.company_b
        ).create(
            {
                "name": "B's chance",
                "description": "Desks",
                "partner_id": self.customer_of_b.id,
            }
        )
        self.assertEqual(interaction.company_id, self.company_b)
        self.assertEqual(chance.company_id, self.company_b)
        before = self.crm_row_counts()
        both = self.customer_of_a | self.customer_of_b
        wizard = self.in_companies(
            self.env["base.partner.merge.automatic.wizard"],
            self.supervisor_ab,
            self.company_a | self.company_b,
        ).create(
            {"partner_ids": [(6, 0, both.ids)], "dst_partner_id": self.customer_of_a.id}
        )
        wizard.action_merge()
        self.assertEqual(self.crm_row_counts(), before)
        self.assertFalse(self.customer_of_b.exists())
        chance = chance.with_env(self.env)
        self.assertEqual(chance.partner_id, self.customer_of_a)
        self.assertEqual(interaction.company_id, self.company_a)
        self.assertEqual(chance.company_id, self.company_a)
