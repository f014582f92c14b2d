import threading
import time

import psycopg2

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

SERIALIZATION_FAILURE = "serialization failure"

ROLE_GROUPS = {
    "manager_a": "crm_lite.group_account_manager",
    "manager_b": "crm_lite.group_account_manager",
    "supervisor": "crm_lite.group_sales_supervisor",
    "executive": "crm_lite.group_executive",
    "crm_admin": "crm_lite.group_admin",
    "internal": "base.group_user",
    "portal": "base.group_portal",
}


class CrmLiteCase(TransactionCase):
    """One real user per role, two account managers with a customer and a
    contact each, a customer in the public pool and a partner that is no
    CRM customer at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        # the test's administrator and its users read dates in the company's
        # zone (UTC: its partner has none), as the crons do: Odoo's superuser
        # is in Europe/Brussels and would see tomorrow from 23:00 UTC on
        cls.env.user.tz = "UTC"
        for role, groups in ROLE_GROUPS.items():
            user = new_test_user(
                cls.env,
                login=f"crm_test_{role}",
                groups=groups,
                name=f"CRM test {role}",
                tz="UTC",
            )
            setattr(cls, role, user)
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {
                "name": "Customer A Ltd",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_a.id,
            }
        )
        cls.contact_a = Partner.create(
            {"name": "Contact of A", "parent_id": cls.customer_a.id}
        )
        cls.customer_b = Partner.create(
            {
                "name": "Customer B Ltd",
                "is_company": True,
                "is_crm_customer": True,
                "user_id": cls.manager_b.id,
            }
        )
        cls.contact_b = Partner.create(
            {"name": "Contact of B", "parent_id": cls.customer_b.id}
        )
        cls.pool_customer = Partner.create(
            {"name": "Pool Customer Ltd", "is_company": True, "is_crm_customer": True}
        )
        cls.vendor = Partner.create({"name": "Plain Vendor Ltd", "is_company": True})
        cls.product = cls.env["product.product"].create(
            {"name": "CRM test product", "list_price": 100.0}
        )

    def as_user(self, user, model):
        return self.env[model].with_user(user)

    # Records the test files build alike. ``user`` creates them (None: the
    # test's administrator).

    def new_customer(self, name="New Customer", owner=None, user=None, **values):
        """A CRM customer (a company) created by ``user``, owned by ``owner``
        (None: whoever creating it makes its owner), as ``user`` sees it."""
        vals = {"name": name, "is_company": True, "is_crm_customer": True}
        if owner:
            vals["user_id"] = owner.id
        vals.update(values)
        Partner = self.env["res.partner"]
        return (Partner.with_user(user) if user else Partner).create(vals)

    def new_chance(self, user=None, **values):
        """A new sales chance for a prospect, recorded by ``user`` (default:
        account manager A), as the test's administrator sees it."""
        vals = {
            "name": "100 desks",
            "customer_name": "Prospect Ltd",
            "success_rate": 40,
            "contact_name": "Mr Wang",
            "contact_phone": "138000",
            "description": "Needs desks for a new office",
        }
        vals.update(values)
        chance = self.env["crm_lite.chance"].with_user(user or self.manager_a)
        # assertions look at the record as it is, whoever acted
        return chance.create(vals).with_env(self.env)

    def assigned_chance(self, assignee=None, **values):
        """A new chance the supervisor assigned to ``assignee`` (default:
        account manager B)."""
        chance = self.new_chance(**values)
        chance.with_user(self.supervisor).action_assign((assignee or self.manager_b).id)
        return chance

    def new_service(self, user=None, partner=None, **values):
        """A new complaint of ``partner`` (default: customer A), recorded by
        ``user`` (default: account manager A), as the test's administrator
        sees it."""
        vals = {
            "name": "Drawer stuck",
            "service_type_id": self.env.ref("crm_lite.dict_service_type_complaint").id,
            "partner_id": (partner or self.customer_a).id,
            "request": "The drawer of desk 3 does not open",
        }
        vals.update(values)
        service = self.env["crm_lite.service"].with_user(user or self.manager_a)
        return service.create(vals).with_env(self.env)

    def assigned_service(self, assignee=None, **values):
        """A new service the supervisor assigned to ``assignee`` (default:
        account manager A)."""
        service = self.new_service(**values)
        service.with_user(self.supervisor).action_assign(
            (assignee or self.manager_a).id
        )
        return service

    def handled_service(self, **values):
        """An assigned service its handler handled."""
        service = self.assigned_service(**values)
        handler = service.with_user(service.user_id)
        handler.write({"handling": "Replaced the rail"})
        handler.action_handle()
        return service

    def new_order(self, user, partner, price=None, company=None, **values):
        """A quotation for ``partner`` taken by ``user`` (one line of the test
        product, at ``price`` if given) in ``company`` (default: the
        environment's); ``user`` None: by the test's administrator."""
        SaleOrder = self.env["sale.order"]
        if user:
            SaleOrder = SaleOrder.with_user(user)
        if company:
            SaleOrder = SaleOrder.with_company(company)
        line = {"product_id": self.product.id}
        if price is not None:
            line["price_unit"] = price
        return SaleOrder.create(
            {"partner_id": partner.id, "order_line": [(0, 0, line)], **values}
        )


def new_company(env, name, currency, tz=None):
    """A company trading in ``currency`` (activated), its partner in the time
    zone ``tz`` (the company's, see ``res.company._crm_tz``)."""
    currency.active = True
    company = env["res.company"].create({"name": name, "currency_id": currency.id})
    if tz:
        company.partner_id.tz = tz
    return company


def set_rates(company, rates, date="2020-01-01"):
    """``company``'s rate table from ``date``: {currency: units of it per
    unit of the company's currency}."""
    company.env["res.currency.rate"].create(
        [
            {
                "currency_id": currency.id,
                "company_id": company.id,
                "name": date,
                "rate": rate,
            }
            for currency, rate in rates.items()
        ]
    )


def new_company_user(env, login, groups, companies, tz=None):
    """A real user in role ``groups`` allowed in ``companies``, working in
    the first one, reading dates in ``tz``."""
    return new_test_user(
        env,
        login=login,
        groups=groups,
        name=login.replace("_", " "),
        company_id=companies[0].id,
        company_ids=[Command.set(companies.ids)],
        tz=tz or "UTC",
    )


def load_chinese(env):
    """Simplified Chinese active with crm_lite's translations loaded, as for
    staff who read the CRM in Chinese."""
    env["res.lang"]._activate_lang("zh_CN")
    env.ref("base.module_crm_lite")._update_translations(["zh_CN"], True)
    env.invalidate_all()


def run_behind(test, first_cr, second_cr, attempt, timeout=30):
    """Run ``attempt`` in ``second_cr``'s transaction on a thread while
    ``first_cr`` still holds what it wrote, then commit ``first_cr``: what
    ``attempt`` returned (``second_cr`` committed), or SERIALIZATION_FAILURE
    (``second_cr`` rolled back) when PostgreSQL refused it. ``first_cr``
    commits once PostgreSQL shows ``second_cr`` waiting on one of its locks
    (or ``attempt`` is over): the order the race needs, whatever the
    machine's speed."""
    outcome = {}

    def second_transaction():
        try:
            with mute_logger("odoo.sql_db"):  # the expected failure
                outcome["value"] = attempt()
            second_cr.commit()
        except psycopg2.errors.SerializationFailure:
            second_cr.rollback()
            outcome["value"] = SERIALIZATION_FAILURE

    thread = threading.Thread(target=second_transaction)
    thread.start()
    wait_until_blocked(test, second_cr, first_cr, thread, timeout)
    first_cr.commit()
    thread.join(timeout=timeout)
    test.assertFalse(thread.is_alive())
    return outcome["value"]


def wait_until_blocked(test, waiting_cr, holding_cr, thread, timeout=30):
    """Return once PostgreSQL shows ``waiting_cr``'s connection waiting on a
    lock ``holding_cr``'s transaction holds, or ``thread`` (the one using
    ``waiting_cr``) has ended; fail after ``timeout`` seconds."""
    waiting_pid = waiting_cr._cnx.get_backend_pid()
    holding_pid = holding_cr._cnx.get_backend_pid()
    deadline = time.monotonic() + timeout
    while thread.is_alive():
        # pg_blocking_pids reads the lock manager as it is now (what
        # pg_stat_activity shows is a snapshot kept for the transaction)
        holding_cr.execute(
            "SELECT %s = ANY(pg_blocking_pids(%s))", [holding_pid, waiting_pid]
        )
        if holding_cr.fetchone()[0]:
            return
        test.assertLess(
            time.monotonic(),
            deadline,
            "the second transaction neither waited on the first one's locks "
            f"nor ended within {timeout} s",
        )
        thread.join(timeout=0.01)


class CrmMultiCompanyCase(CrmLiteCase):
    """Two companies, A in yuan and B in dollars. Each CRM role has a user
    allowed in A only and one allowed in A and B (current company A); an
    account manager works in B only. Each company has a CRM customer of its
    own, owned by the account manager of both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = new_company(cls.env, "CRM Company A", cls.env.ref("base.CNY"))
        cls.company_b = new_company(cls.env, "CRM Company B", cls.env.ref("base.USD"))
        both = cls.company_a | cls.company_b
        for role, group in (
            ("manager", "crm_lite.group_account_manager"),
            ("supervisor", "crm_lite.group_sales_supervisor"),
            ("executive", "crm_lite.group_executive"),
            ("crm_admin", "crm_lite.group_admin"),
        ):
            for suffix, companies in (("a_only", cls.company_a), ("ab", both)):
                user = new_company_user(
                    cls.env, f"crm_mc_{role}_{suffix}", group, companies
                )
                setattr(cls, f"{role}_{suffix}", user)
        cls.manager_b_only = new_company_user(
            cls.env,
            "crm_mc_manager_b_only",
            "crm_lite.group_account_manager",
            cls.company_b,
        )
        cls.customer_of_a = cls.company_customer("A's customer", cls.company_a)
        cls.customer_of_b = cls.company_customer("B's customer", cls.company_b)

    @classmethod
    def company_customer(cls, name, company, owner=None, **values):
        """A CRM customer of ``company`` (None: shared by the companies),
        owned by ``owner`` (default: the account manager of both); with a
        last order date, a customer since that order at least."""
        since = values.get("last_order_date")
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_crm_customer": True,
                "company_id": company.id if company else False,
                "user_id": (owner or cls.manager_ab).id,
                **({"crm_customer_date": since} if since else {}),
                **values,
            }
        )

    @staticmethod
    def in_companies(records, user, companies=None):
        """``records`` as ``user`` working in ``companies`` (the company
        switcher's; default: all the user's)."""
        records = records.with_user(user)
        if companies:
            records = records.with_context(allowed_company_ids=companies.ids)
        return records


def watch_writes(case, model):
    """The calls of ``write`` on ``model``'s records where a module extending
    the model overrides it: the registry's class, above crm_lite's classes
    (where Odoo's base_automation sets its own write, for the automated
    actions on a field's change). A list of (ids, values) the test fills."""
    seen = []
    model_class = type(case.env[model])
    crm_lite_write = model_class.write

    def write(records, vals):
        seen.append((records.ids, dict(vals)))
        return crm_lite_write(records, vals)

    case.patch(model_class, "write", write)
    return seen


def flush_tracking(case):
    """Write the tracking of the changes so far, as a commit does: what
    changes afterwards is tracked on its own."""
    case.env.flush_all()
    case.env.cr.flush()


def state_changes(case, records):
    """(record id, old state, new state) of each change of the records' state
    their chatter tracks, oldest first."""
    flush_tracking(case)
    state_field = case.env["ir.model.fields"]._get(records._name, "state")
    values = case.env["mail.tracking.value"].search(
        [
            ("field_id", "=", state_field.id),
            ("mail_message_id.model", "=", records._name),
            ("mail_message_id.res_id", "in", records.ids),
        ],
        order="id",
    )
    return [
        (value.mail_message_id.res_id, value.old_value_char, value.new_value_char)
        for value in values
    ]
