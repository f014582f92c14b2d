from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmLiteCase

# Expected model access (create, read, write, unlink) per role; "-" = refused.
ACL = {
    "crm_lite.dict": {
        "manager_a": "-r--",
        "supervisor": "-r--",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.interaction": {
        "manager_a": "crwu",
        "supervisor": "crwu",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "----",
        "portal": "----",
    },
    "res.partner": {
        "manager_a": "crw-",
        "supervisor": "crwu",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "-r--",
        "portal": "-r--",
    },
    "crm_lite.chance": {
        "manager_a": "crwu",
        "supervisor": "crwu",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.plan": {
        "manager_a": "crwu",
        "supervisor": "crwu",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.service": {
        "manager_a": "crwu",
        "supervisor": "crwu",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "----",
        "portal": "----",
    },
    # rows created by the records' computation, read by their rules
    "crm_lite.readers": {
        "manager_a": "-r--",
        "supervisor": "-r--",
        "executive": "-r--",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.loss": {
        "manager_a": "-rw-",
        "supervisor": "-rw-",
        "executive": "-r--",
        "crm_admin": "-rw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.loss.measure": {
        "manager_a": "-r--",
        "supervisor": "-r--",
        "executive": "-r--",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.report.contribution": {
        "manager_a": "----",
        "supervisor": "-r--",
        "executive": "-r--",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.duplicate": {
        "manager_a": "----",
        "supervisor": "-r--",
        "executive": "----",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.management.report": {
        "manager_a": "----",
        "supervisor": "crw-",
        "executive": "crw-",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.dashboard": {
        "manager_a": "----",
        "supervisor": "crw-",
        "executive": "crw-",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.assign.wizard": {
        "manager_a": "----",
        "supervisor": "crw-",
        "executive": "----",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.onboard.wizard": {
        "manager_a": "----",
        "supervisor": "crw-",
        "executive": "----",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.handover.wizard": {
        "manager_a": "----",
        "supervisor": "crw-",
        "executive": "----",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.loss.wizard": {
        "manager_a": "crw-",
        "supervisor": "crw-",
        "executive": "----",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.settings": {
        "manager_a": "----",
        "supervisor": "----",
        "executive": "----",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "sale.order": {
        "manager_a": "crw-",
        "supervisor": "crw-",
        "executive": "-r--",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "-r--",
    },
    "crm_lite.key.date": {
        "manager_a": "crwu",
        "supervisor": "crwu",
        "executive": "-r--",
        "crm_admin": "crwu",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.agenda": {
        "manager_a": "-r--",
        "supervisor": "-r--",
        "executive": "-r--",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.reminder": {
        "manager_a": "----",
        "supervisor": "----",
        "executive": "----",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.call.wizard": {
        "manager_a": "crw-",
        "supervisor": "crw-",
        "executive": "----",
        "crm_admin": "crw-",
        "internal": "----",
        "portal": "----",
    },
    "crm_lite.customer.rfm": {
        "manager_a": "----",
        "supervisor": "----",
        "executive": "----",
        "crm_admin": "-r--",
        "internal": "----",
        "portal": "----",
    },
}
OPERATIONS = {"c": "create", "r": "read", "w": "write", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestGroups(CrmLiteCase):
    def test_group_chain(self):
        manager = self.env.ref("crm_lite.group_account_manager")
        supervisor = self.env.ref("crm_lite.group_sales_supervisor")
        executive = self.env.ref("crm_lite.group_executive")
        admin = self.env.ref("crm_lite.group_admin")
        category = self.env.ref("crm_lite.module_category_crm_lite")
        self.assertEqual(
            (manager | supervisor | executive | admin).category_id, category
        )
        self.assertIn(
            self.env.ref("sales_team.group_sale_salesman"), manager.trans_implied_ids
        )
        self.assertIn(manager, supervisor.trans_implied_ids)
        self.assertIn(
            self.env.ref("sales_team.group_sale_salesman_all_leads"),
            supervisor.trans_implied_ids,
        )
        self.assertIn(supervisor, admin.trans_implied_ids)
        self.assertIn(executive, admin.trans_implied_ids)
        self.assertIn(self.env.ref("base.group_erp_manager"), admin.trans_implied_ids)
        self.assertNotIn(manager, executive.trans_implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), admin.users)
        self.assertTrue(self.crm_admin.has_group("crm_lite.group_account_manager"))
        self.assertFalse(self.executive.has_group("crm_lite.group_account_manager"))


@tagged("post_install", "-at_install")
class TestModelAccess(CrmLiteCase):
    def test_acl_matrix(self):
        checked = 0
        for model, roles in ACL.items():
            for role, expected in roles.items():
                user = getattr(self, role)
                access = self.env["ir.model.access"].with_user(user)
                for letter, operation in OPERATIONS.items():
                    allowed = access.check(model, operation, raise_exception=False)
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(allowed, letter in expected)
                    checked += 1
        self.assertEqual(checked, len(ACL) * 6 * 4)

    def test_acl_matrix_covers_every_model(self):
        models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("crm_lite.") and not model._abstract
        }
        self.assertEqual(models - set(ACL), set())

    def test_acl_refusals_are_access_errors(self):
        Dict = self.env["crm_lite.dict"]
        entry = Dict.create({"type": "region", "item": "Test region"})
        with self.assertRaises(AccessError):
            Dict.with_user(self.manager_a).create({"type": "region", "item": "Nope"})
        with self.assertRaises(AccessError):
            entry.with_user(self.supervisor).write({"item": "Renamed"})
        with self.assertRaises(AccessError):
            entry.with_user(self.executive).unlink()
        self.assertEqual(entry.item, "Test region")
        with self.assertRaises(AccessError):
            self.env["crm_lite.interaction"].with_user(self.executive).create(
                {"partner_id": self.customer_a.id, "place": "Office", "name": "Visit"}
            )
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.manager_a).unlink()
        self.assertTrue(self.customer_a.exists())


@tagged("post_install", "-at_install")
class TestPartnerRule(CrmLiteCase):
    def _visible(self, user, partners):
        return (
            self.env["res.partner"].with_user(user).search([("id", "in", partners.ids)])
        )

    def test_search_and_read(self):
        everyone = (
            self.customer_a
            | self.contact_a
            | self.customer_b
            | self.contact_b
            | self.pool_customer
            | self.vendor
        )
        own_side = self.customer_a | self.contact_a | self.pool_customer | self.vendor
        self.assertEqual(self._visible(self.manager_a, everyone), own_side)
        self.assertEqual(
            self._visible(self.manager_b, everyone),
            self.customer_b | self.contact_b | self.pool_customer | self.vendor,
        )
        for role in ("supervisor", "executive", "crm_admin"):
            self.assertEqual(self._visible(getattr(self, role), everyone), everyone)
        for foreign in (self.customer_b, self.contact_b):
            with self.assertRaises(AccessError):
                foreign.with_user(self.manager_a).read(["name"])

    def test_name_search_read_group_export(self):
        self.manager_a.groups_id |= self.env.ref("base.group_allow_export")
        Partner = self.env["res.partner"].with_user(self.manager_a)
        found = Partner.name_search("Customer B")
        self.assertFalse(found)
        self.assertEqual(
            sorted(name for _id, name in Partner.name_search("Customer A")),
            ["Customer A Ltd", "Customer A Ltd, Contact of A"],
        )
        self.assertFalse(Partner.name_search("Contact of B"))
        groups = Partner.read_group(
            [("is_crm_customer", "=", True), ("name", "like", "Customer")],
            ["user_id"],
            ["user_id"],
        )
        self.assertEqual(
            {
                group["user_id"] and group["user_id"][0]: group["user_id_count"]
                for group in groups
            },
            {self.manager_a.id: 1, False: 1},
        )
        rows = Partner.search([("name", "like", "Customer")]).export_data(["name"])[
            "datas"
        ]
        self.assertEqual(sorted(rows), [["Customer A Ltd"], ["Pool Customer Ltd"]])

    def test_sale_order_partner(self):
        order_b = self.new_order(self.manager_b, self.customer_b)
        SaleOrder = self.env["sale.order"].with_user(self.manager_a)
        self.assertFalse(SaleOrder.search([("partner_id.name", "ilike", "Customer B")]))
        self.assertFalse(SaleOrder.search([("id", "=", order_b.id)]))
        with self.assertRaises(AccessError):
            order_b.with_user(self.manager_a).read(["partner_id"])
        with self.assertRaises(AccessError):
            SaleOrder.create({"partner_id": self.customer_b.id})

    def test_new_owner_reads_the_order_history(self):
        order_b = self.new_order(self.manager_b, self.contact_b)
        self.customer_b.write({"user_id": self.manager_a.id})
        SaleOrder = self.env["sale.order"].with_user(self.manager_a)
        self.assertEqual(SaleOrder.search([("id", "=", order_b.id)]), order_b)
        self.assertEqual(
            self.customer_b.with_user(self.manager_a).crm_order_ids, order_b
        )
        self.assertEqual(
            order_b.with_user(self.manager_a).order_line.product_id, self.product
        )
        # reading only: the order stays its salesperson's to change
        with self.assertRaises(AccessError):
            order_b.with_user(self.manager_a).write({"note": "Mine now"})
        # and the former owner no longer reads the customer's orders he did not take
        order_a = self.new_order(self.manager_a, self.customer_b)
        self.assertFalse(
            self.env["sale.order"]
            .with_user(self.manager_b)
            .search([("id", "=", order_a.id)])
        )

    def test_contacts_follow_their_customer(self):
        self.customer_b.write({"user_id": self.manager_a.id})
        self.assertEqual(
            self._visible(self.manager_a, self.customer_b | self.contact_b),
            self.customer_b | self.contact_b,
        )
        self.assertFalse(
            self._visible(self.manager_b, self.customer_b | self.contact_b)
        )
        self.customer_b.write({"is_crm_customer": False})
        self.assertEqual(
            self._visible(self.manager_b, self.customer_b | self.contact_b),
            self.customer_b | self.contact_b,
        )

    def test_account_manager_maintains_own_customers(self):
        customer = self.customer_a.with_user(self.manager_a)
        customer.write({"phone": "010-1234"})
        contact = (
            self.env["res.partner"]
            .with_user(self.manager_a)
            .create({"name": "New contact", "parent_id": self.customer_a.id})
        )
        self.assertEqual(contact.crm_owner_id, self.manager_a)
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.manager_a).write({"phone": "1"})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.manager_a).create(
                {"name": "Sneaky contact", "parent_id": self.customer_b.id}
            )
        self.assertEqual(self.customer_b.phone, False)

    def test_executive_reads_but_writes_no_customer(self):
        self.executive.groups_id |= self.env.ref("base.group_partner_manager")
        self.assertEqual(
            self.customer_b.with_user(self.executive).read(["name"])[0]["name"],
            "Customer B Ltd",
        )
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.executive).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.contact_a.with_user(self.executive).unlink()
        self.assertEqual(self.customer_b.name, "Customer B Ltd")
        # Non-CRM partners stay the host's business.
        self.vendor.with_user(self.executive).write({"phone": "555"})
        self.assertEqual(self.vendor.phone, "555")

    def test_portal_user_sees_no_customer(self):
        visible = self._visible(self.portal, self.customer_a | self.customer_b)
        self.assertFalse(visible)

    def test_rule_filters_on_indexed_columns(self):
        # customers: one key, then the CRM flag, in an index that also holds
        # what the host's company rule reads
        self.env.cr.execute(
            """SELECT indexdef FROM pg_indexes
                WHERE tablename = 'res_partner'
                  AND indexdef LIKE '%%(crm_access_key, is_crm_customer)%%'"""
        )
        [(definition,)] = self.env.cr.fetchall()
        self.assertIn("INCLUDE (active, partner_share, company_id, id)", definition)
        # chances and services: the rows of their readers, then the records
        # of those through one index
        for table in ("crm_lite_chance", "crm_lite_service"):
            self.env.cr.execute(
                """SELECT indexdef FROM pg_indexes WHERE tablename = %s
                      AND indexdef LIKE '%%(readers_id)%%'""",
                [table],
            )
            self.assertEqual(len(self.env.cr.fetchall()), 1, table)
        for model in ("crm_lite.chance", "crm_lite.service"):
            rule_domain = (
                self.env["ir.rule"]
                .with_user(self.manager_a)
                ._compute_domain(model, "read")
            )
            # the readers' index, and the company (an indexed column of the
            # row) of the companies' rule
            leaves = [leaf[0] for leaf in rule_domain if isinstance(leaf, tuple | list)]
            self.assertEqual(sorted(leaves), ["company_id", "is_reader"], model)
            self.assertTrue(self.env[model]._fields["company_id"].index, model)


@tagged("post_install", "-at_install")
class TestCustomerCodeConstraint(CrmLiteCase):
    def test_duplicate_code_refused(self):
        code_b = self.customer_b.customer_code
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.customer_a.write({"customer_code": code_b})
            self.customer_a.flush_recordset()
        self.customer_a.invalidate_recordset()
        self.assertNotEqual(self.customer_a.customer_code, code_b)


@tagged("post_install", "-at_install")
class TestIsolationBetweenAccountManagers(CrmLiteCase):
    """What account manager A works on stays out of account manager B's
    reach through every path the web client and RPC offer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b.groups_id |= cls.env.ref("base.group_allow_export")
        service_type = cls.env["crm_lite.dict"].search(
            [("type", "=", "service_type")], limit=1
        )
        supervisor = cls.supervisor
        cls.records_of_a = {
            "res.partner": cls.customer_a,
            "crm_lite.chance": cls.env["crm_lite.chance"]
            .with_user(supervisor)
            .create(
                {
                    "name": "Isolated chance",
                    "customer_name": "Isolated Prospect",
                    "description": "Desks",
                    "user_id": cls.manager_a.id,
                }
            ),
            "crm_lite.service": cls.env["crm_lite.service"]
            .with_user(cls.manager_a)
            .create(
                {
                    "name": "Isolated service",
                    "partner_id": cls.customer_a.id,
                    "service_type_id": service_type.id,
                    "request": "Broken lamp",
                }
            ),
            "crm_lite.interaction": cls.env["crm_lite.interaction"]
            .with_user(cls.manager_a)
            .create(
                {
                    "partner_id": cls.customer_a.id,
                    "place": "Office",
                    "name": "Isolated visit",
                }
            ),
            "crm_lite.loss": cls.env["crm_lite.loss"].create(
                {"partner_id": cls.customer_a.id, "user_id": cls.manager_a.id}
            ),
        }
        for record in cls.records_of_a.values():
            record.message_subscribe(partner_ids=cls.manager_a.partner_id.ids)
            record.with_user(cls.manager_a).message_post(body="Secret of A")

    def test_no_path_leads_to_the_other_managers_records(self):
        checked = 0
        for model, record in self.records_of_a.items():
            Model = self.env[model].with_user(self.manager_b)
            own = self.env[model].with_user(self.manager_a)
            with self.subTest(model=model):
                # the owner reaches the record, so each refusal below is the rule's
                self.assertEqual(own.search([("id", "=", record.id)]), record)
                self.assertFalse(Model.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.manager_b).read(["display_name"])
                groups = Model.read_group([("id", "=", record.id)], ["id:count"], [])
                self.assertEqual(groups[0]["__count"], 0)
                self.assertNotIn(
                    record.id,
                    [found for found, _name in Model.name_search(record.display_name)],
                )
                exported = Model.search([]).export_data(["display_name"])["datas"]
                self.assertNotIn([record.display_name], exported)
                messages = (
                    self.env["mail.message"]
                    .with_user(self.manager_b)
                    .search([("model", "=", model), ("res_id", "=", record.id)])
                )
                self.assertFalse(messages)
                # the record's followers, as its chatter reads them
                self.assertTrue(record.with_user(self.manager_a).message_follower_ids)
                with self.assertRaises(AccessError):
                    record.with_user(self.manager_b).read(["message_follower_ids"])
                with self.assertRaises(AccessError):
                    record.with_user(self.manager_b).message_post(body="Intrusion")
                checked += 1
        self.assertEqual(checked, len(self.records_of_a))


@tagged("post_install", "-at_install")
class TestDeletingStaff(CrmLiteCase):
    """A user who still owns CRM customers or works open chances or services
    is archived, not deleted; one with none may go."""

    def _new_manager(self, login):
        return self.env["res.users"].create(
            {
                "name": login,
                "login": login,
                "email": f"{login}@example.com",
                "groups_id": [(4, self.env.ref("crm_lite.group_account_manager").id)],
            }
        )

    def test_owner_of_customers_is_not_deleted(self):
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.manager_a.unlink()
        self.assertTrue(self.manager_a.exists())
        self.assertEqual(self.customer_a.user_id, self.manager_a)
        self.assertEqual(self.customer_a.crm_access_key, self.manager_a.id)
        # archiving stays possible
        self.manager_a.active = False
        self.assertFalse(self.manager_a.active)

    def test_assignee_of_open_work_is_not_deleted(self):
        chance_worker = self._new_manager("crm_test_chance_worker")
        chance = self.env["crm_lite.chance"].create(
            {"name": "Open", "customer_name": "X", "description": "-"}
        )
        chance.with_user(self.supervisor).action_assign(chance_worker.id)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            chance_worker.unlink()
        self.assertEqual(chance.user_id, chance_worker)
        chance.with_user(chance_worker).action_mark_lost()
        chance_worker.unlink()
        self.assertFalse(chance_worker.exists())

    def test_user_without_crm_records_is_deleted(self):
        newcomer = self._new_manager("crm_test_newcomer")
        newcomer.unlink()
        self.assertFalse(newcomer.exists())


@tagged("post_install", "-at_install")
class TestWorkflowTransitions(CrmLiteCase):
    """The actions write their transitions through write, which lets them past
    its guards for the records being moved, while the action writes them:
    code running meanwhile (a module's override of write) moves no other
    record. The scope is kept in the server's call stack, out of reach of
    what a client sends (its context included)."""

    def test_a_transition_opens_write_to_its_own_records_only(self):
        moved, other = self.assigned_chance(), self.assigned_chance()
        refusals = []
        chance_class = type(self.env["crm_lite.chance"])
        crm_lite_write = chance_class.write

        def write(records, vals):
            # where a module extending chances overrides write
            if vals.get("state") == "won" and records.ids == moved.ids:
                for attempt in ({"state": "won"}, {"user_id": self.manager_b.id}):
                    try:
                        other.with_user(self.manager_b).write(attempt)
                    except (AccessError, UserError) as error:
                        refusals.append(type(error))
            return crm_lite_write(records, vals)

        self.patch(chance_class, "write", write)
        moved.with_user(self.manager_b).action_mark_won()
        self.assertEqual(refusals, [UserError, AccessError])
        self.assertEqual((moved.state, other.state), ("won", "assigned"))
        # the scope ended with the action
        with self.assertRaises(UserError):
            other.with_user(self.manager_b).write({"state": "lost"})
        self.assertEqual(other.state, "assigned")
