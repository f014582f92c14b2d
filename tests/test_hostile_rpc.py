"""Hostile and malformed calls over XML-RPC and JSON-RPC, as the demo staff
and a portal user would send them: wrong types, out-of-range values,
nonexistent ids, other people's records, skipped workflow states, huge texts,
unicode and SQL-looking strings, private methods.

Every call must be answered by a clean Odoo error (XML-RPC fault 2 for
UserError/ValidationError, 4 for AccessError; never an application
traceback) and leave the data as it was: the row counts and a checksum of
the CRM tables are the same before and after the whole series."""

import xmlrpc.client

import pytest
import requests
from database import CRM_TABLES, checksums
from flows import run_cron
from rpc_faults import FAULT_ACCESS, FAULT_VALIDATION

V, A = FAULT_VALIDATION, FAULT_ACCESS
CHECKED_TABLES = (
    *CRM_TABLES,
    "res_partner",
    "sale_order",
    "sale_order_line",
    "mail_message",
    "mail_activity",
    "mail_followers",
)
MISSING_ID = 2_000_000_000
HUGE = "长" * 200_000
SQL_LIKE = "x'); DROP TABLE crm_lite_chance; --"


def _chance(**values):
    return [
        dict(
            {
                "name": "Hostile chance",
                "customer_name": "Nobody Ltd",
                "description": "Needs desks",
            },
            **values,
        )
    ]


def _service(world, **values):
    base = {
        "name": "Hostile service",
        "service_type_id": world["service_type"],
        "partner_id": world["customer1"],
        "request": "Broken",
    }
    return [dict(base, **values)]


def _interaction(world, **values):
    base = {"partner_id": world["customer1"], "place": "Office", "name": "Visit"}
    return [dict(base, **values)]


# (caller, model, method, positional arguments given the world, outcome)
CALLS = [
    # chances: wrong types, ranges, states, foreign records, private methods
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(success_rate="abc"), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(success_rate=150), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(success_rate=-5), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(success_rate=1e12), V),
    (
        "manager1",
        "crm_lite.chance",
        "create",
        lambda w: _chance(success_rate=SQL_LIKE),
        V,
    ),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(state="won"), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(no_such_field=1), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(name=HUGE), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(name=False), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(name=["a", "b"]), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(partner_id="abc"), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(partner_id=1.5), V),
    ("manager1", "crm_lite.chance", "create", lambda w: _chance(description=HUGE), V),
    ("manager1", "crm_lite.chance", "create", lambda w: ["not a mapping"], V),
    (
        "manager1",
        "crm_lite.chance",
        "action_assign",
        lambda w: [[w["chance_new"]], w["manager1"]],
        A,
    ),
    (
        "supervisor",
        "crm_lite.chance",
        "action_assign",
        lambda w: [[w["chance_new"]], "abc"],
        V,
    ),
    (
        "supervisor",
        "crm_lite.chance",
        "action_assign",
        lambda w: [[w["chance_new"]], MISSING_ID],
        V,
    ),
    (
        "supervisor",
        "crm_lite.chance",
        "action_assign",
        lambda w: [[w["chance_new"]], w["executive"]],
        V,
    ),
    (
        "supervisor",
        "crm_lite.chance",
        "action_assign",
        lambda w: [[w["chance_new"]], [1, 2]],
        V,
    ),
    (
        "supervisor",
        "crm_lite.chance",
        "action_assign",
        lambda w: [[w["chance_won"]], w["manager2"]],
        V,
    ),
    (
        "supervisor",
        "crm_lite.chance",
        "write",
        lambda w: [[w["chance_new"]], {"user_id": False}],
        V,
    ),
    (
        "manager2",
        "crm_lite.chance",
        "read",
        lambda w: [[w["chance_mine"]], ["name"]],
        A,
    ),
    (
        "manager2",
        "crm_lite.chance",
        "write",
        lambda w: [[w["chance_mine"]], {"name": "Mine"}],
        A,
    ),
    (
        "manager2",
        "crm_lite.chance",
        "action_mark_won",
        lambda w: [[w["chance_mine"]]],
        A,
    ),
    (
        "manager1",
        "crm_lite.chance",
        "action_mark_won",
        lambda w: [[w["chance_new"]]],
        A,
    ),
    (
        "manager1",
        "crm_lite.chance",
        "action_mark_won",
        lambda w: [[w["chance_won"]]],
        V,
    ),
    (
        "manager1",
        "crm_lite.chance",
        "action_mark_lost",
        lambda w: [[w["chance_won"]]],
        V,
    ),
    (
        "manager1",
        "crm_lite.chance",
        "write",
        lambda w: [[w["chance_mine"]], {"state": "won"}],
        V,
    ),
    (
        "manager1",
        "crm_lite.chance",
        "write",
        lambda w: [[w["chance_won"]], {"name": "Reopened"}],
        V,
    ),
    ("manager1", "crm_lite.chance", "unlink", lambda w: [[w["chance_mine"]]], V),
    (
        "manager1",
        "crm_lite.chance",
        "write",
        lambda w: [[MISSING_ID], {"name": "Ghost"}],
        V,
    ),
    ("manager1", "crm_lite.chance", "action_mark_won", lambda w: [[MISSING_ID]], V),
    (
        "manager1",
        "crm_lite.chance",
        "_write_workflow",
        lambda w: [[w["chance_mine"]], {"state": "won"}],
        A,
    ),
    (
        "manager1",
        "crm_lite.chance",
        "_notify_assignee",
        lambda w: [[w["chance_mine"]]],
        A,
    ),
    ("executive", "crm_lite.chance", "create", lambda w: _chance(), A),
    (
        "executive",
        "crm_lite.chance",
        "write",
        lambda w: [[w["chance_mine"]], {"name": "Exec"}],
        A,
    ),
    ("portal", "crm_lite.chance", "search_read", lambda w: [[]], A),
    # development plans
    (
        "manager1",
        "crm_lite.plan",
        "create",
        lambda w: [{"chance_id": w["chance_new"], "todo": "Call"}],
        A,
    ),
    (
        "manager2",
        "crm_lite.plan",
        "create",
        lambda w: [{"chance_id": w["chance_mine"], "todo": "Call"}],
        A,
    ),
    (
        "manager1",
        "crm_lite.plan",
        "create",
        lambda w: [
            {"chance_id": w["chance_mine"], "todo": "Call", "date": "next week"}
        ],
        V,
    ),
    (
        "manager1",
        "crm_lite.plan",
        "create",
        lambda w: [{"chance_id": w["chance_won"], "todo": "Call"}],
        V,
    ),
    (
        "manager1",
        "crm_lite.plan",
        "create",
        lambda w: [{"chance_id": "abc", "todo": "Call"}],
        V,
    ),
    (
        "executive",
        "crm_lite.plan",
        "create",
        lambda w: [{"chance_id": w["chance_mine"], "todo": "Call"}],
        A,
    ),
    # services
    (
        "manager1",
        "crm_lite.service",
        "create",
        lambda w: _service(w, service_type_id=w["region"]),
        V,
    ),
    (
        "manager1",
        "crm_lite.service",
        "create",
        lambda w: _service(w, state="archived"),
        V,
    ),
    (
        "manager1",
        "crm_lite.service",
        "create",
        lambda w: _service(w, partner_id=w["customer2"]),
        A,
    ),
    (
        "manager1",
        "crm_lite.service",
        "create",
        lambda w: _service(w, satisfaction="５"),
        V,
    ),
    ("manager1", "crm_lite.service", "create", lambda w: _service(w, request=HUGE), V),
    (
        "manager1",
        "crm_lite.service",
        "action_handle",
        lambda w: [[w["service_new"]]],
        A,
    ),
    (
        "manager1",
        "crm_lite.service",
        "action_feedback",
        lambda w: [[w["service_mine"]]],
        V,
    ),
    (
        "manager2",
        "crm_lite.service",
        "action_handle",
        lambda w: [[w["service_mine"]]],
        A,
    ),
    (
        "supervisor",
        "crm_lite.service",
        "action_assign",
        lambda w: [[w["service_new"]], "abc"],
        V,
    ),
    (
        "manager1",
        "crm_lite.service",
        "write",
        lambda w: [[w["service_mine"]], {"satisfaction": "9"}],
        V,
    ),
    (
        "manager1",
        "crm_lite.service",
        "write",
        lambda w: [[w["service_mine"]], {"satisfaction": 5}],
        V,
    ),
    (
        "manager1",
        "crm_lite.service",
        "write",
        lambda w: [[w["service_mine"]], {"state": "archived"}],
        V,
    ),
    (
        "executive",
        "crm_lite.service",
        "write",
        lambda w: [[w["service_mine"]], {"handling": "x"}],
        A,
    ),
    ("manager1", "crm_lite.service", "unlink", lambda w: [[w["service_mine"]]], V),
    # losses
    (
        "manager1",
        "crm_lite.loss",
        "write",
        lambda w: [[w["loss1"]], {"state": "lost"}],
        V,
    ),
    (
        "manager1",
        "crm_lite.loss",
        "action_add_measure",
        lambda w: [[w["loss1"]], ""],
        V,
    ),
    (
        "manager1",
        "crm_lite.loss",
        "action_add_measure",
        lambda w: [[w["loss1"]], 12345],
        V,
    ),
    (
        "manager1",
        "crm_lite.loss",
        "action_add_measure",
        lambda w: [[w["loss1"]], HUGE],
        V,
    ),
    (
        "manager2",
        "crm_lite.loss",
        "action_add_measure",
        lambda w: [[w["loss1"]], "Call"],
        A,
    ),
    (
        "manager1",
        "crm_lite.loss",
        "action_confirm_lost",
        lambda w: [[w["loss1"]], "   "],
        V,
    ),
    (
        "manager1",
        "crm_lite.loss",
        "action_confirm_lost",
        lambda w: [[w["loss1"]], None],
        V,
    ),
    (
        "executive",
        "crm_lite.loss",
        "action_add_measure",
        lambda w: [[w["loss1"]], "Call"],
        A,
    ),
    (
        "manager1",
        "crm_lite.loss",
        "create",
        lambda w: [{"partner_id": w["customer1"]}],
        A,
    ),
    ("manager1", "crm_lite.loss", "unlink", lambda w: [[w["loss1"]]], A),
    (
        "manager1",
        "crm_lite.loss.measure",
        "create",
        lambda w: [{"loss_id": w["loss1"], "text": "x"}],
        A,
    ),
    ("manager1", "crm_lite.loss", "_cron_detect_churn", lambda w: [], A),
    # customers and the pool
    ("manager1", "res.partner", "action_claim", lambda w: [[w["customer1"]]], V),
    ("manager1", "res.partner", "action_claim", lambda w: [[w["customer2"]]], V),
    ("manager1", "res.partner", "action_claim", lambda w: [[MISSING_ID]], V),
    ("executive", "res.partner", "action_claim", lambda w: [[w["customer1"]]], A),
    (
        "manager1",
        "res.partner",
        "write",
        lambda w: [[w["customer1"]], {"satisfaction": "7"}],
        V,
    ),
    (
        "manager1",
        "res.partner",
        "write",
        lambda w: [[w["customer1"]], {"registered_capital": "lots"}],
        V,
    ),
    (
        "manager1",
        "res.partner",
        "write",
        lambda w: [[w["customer1"]], {"crm_state": SQL_LIKE}],
        V,
    ),
    (
        "manager1",
        "res.partner",
        "write",
        lambda w: [[w["customer1"]], {"customer_code": w["customer2_code"]}],
        V,
    ),
    ("manager1", "res.partner", "read", lambda w: [[w["customer2"]], ["name"]], A),
    (
        "manager1",
        "res.partner",
        "write",
        lambda w: [[w["customer2"]], {"phone": "1"}],
        A,
    ),
    ("manager1", "res.partner", "unlink", lambda w: [[w["customer2"]]], A),
    (
        "manager1",
        "res.partner",
        "create",
        lambda w: [{"name": "Spy", "parent_id": w["customer2"]}],
        A,
    ),
    ("manager1", "res.partner", "_pool_return", lambda w: [{}], A),
    (
        "executive",
        "res.partner",
        "write",
        lambda w: [[w["customer1"]], {"phone": "1"}],
        A,
    ),
    ("portal", "res.partner", "read", lambda w: [[w["customer1"]], ["name"]], A),
    # interactions
    (
        "manager1",
        "crm_lite.interaction",
        "create",
        lambda w: _interaction(w, partner_id=w["customer2"]),
        A,
    ),
    (
        "manager1",
        "crm_lite.interaction",
        "create",
        lambda w: _interaction(w, date="yesterday"),
        V,
    ),
    (
        "manager1",
        "crm_lite.interaction",
        "create",
        lambda w: _interaction(w, place=HUGE),
        V,
    ),
    ("executive", "crm_lite.interaction", "create", lambda w: _interaction(w), A),
    # dictionary, analyses, dashboard
    (
        "supervisor",
        "crm_lite.dict",
        "create",
        lambda w: [{"type": "region", "item": "X"}],
        A,
    ),
    (
        "crm_admin",
        "crm_lite.dict",
        "create",
        lambda w: [{"type": "region", "item": HUGE}],
        V,
    ),
    ("crm_admin", "crm_lite.dict", "unlink", lambda w: [[w["locked_entry"]]], V),
    ("manager1", "crm_lite.report.contribution", "search_read", lambda w: [[]], A),
    (
        "manager1",
        "crm_lite.report.contribution",
        "read_group",
        lambda w: [[], ["amount"], ["partner_id"]],
        A,
    ),
    ("manager1", "crm_lite.management.report", "create", lambda w: [{}], A),
    ("portal", "crm_lite.dashboard", "create", lambda w: [{}], A),
    # settings: CRM administrators only, in range
    ("supervisor", "crm_lite.settings", "create", lambda w: [{}], A),
    (
        "crm_admin",
        "crm_lite.settings",
        "create",
        lambda w: [{"crm_lite_churn_months": 0}],
        V,
    ),
]


@pytest.fixture(scope="module")
def world(rpc_user):
    """Records the hostile calls aim at, made through the normal flows."""
    admin, supervisor = rpc_user("admin"), rpc_user("crm_supervisor")
    manager1, manager2 = rpc_user("crm_manager1"), rpc_user("crm_manager2")
    executive = rpc_user("crm_executive")

    def owned_customer(manager):
        return admin.call(
            "res.partner",
            "search_read",
            [("is_crm_customer", "=", True), ("user_id", "=", manager.uid)],
            fields=["customer_code"],
            limit=1,
        )[0]

    customer1, customer2 = owned_customer(manager1), owned_customer(manager2)
    chance_won = supervisor.call(
        "crm_lite.chance", "create", _chance(user_id=manager1.uid)[0]
    )
    manager1.call("crm_lite.chance", "action_mark_won", [chance_won])
    world = {
        "manager1": manager1.uid,
        "manager2": manager2.uid,
        "executive": executive.uid,
        "customer1": customer1["id"],
        "customer2": customer2["id"],
        "customer2_code": customer2["customer_code"],
        "chance_new": supervisor.call("crm_lite.chance", "create", _chance()[0]),
        "chance_mine": supervisor.call(
            "crm_lite.chance", "create", _chance(user_id=manager1.uid)[0]
        ),
        "chance_won": chance_won,
        "service_type": admin.call(
            "crm_lite.dict", "search", [("type", "=", "service_type")], limit=1
        )[0],
        "region": admin.call(
            "crm_lite.dict", "search", [("type", "=", "region")], limit=1
        )[0],
        "locked_entry": admin.call(
            "crm_lite.dict", "search", [("is_editable", "=", False)], limit=1
        )[0],
    }
    world["service_new"] = supervisor.call(
        "crm_lite.service", "create", _service(world)[0]
    )
    world["service_mine"] = supervisor.call(
        "crm_lite.service", "create", _service(world, user_id=manager1.uid)[0]
    )
    run_cron(admin, "crm_lite.ir_cron_detect_churn")
    world["loss1"] = admin.call(
        "crm_lite.loss",
        "search",
        [("user_id", "=", manager1.uid), ("state", "in", ["warning", "delayed"])],
        limit=1,
    )[0]
    return world


def checksum(database):
    return checksums(database, CHECKED_TABLES)


@pytest.fixture(scope="module")
def callers(rpc_user):
    logins = {
        "manager1": "crm_manager1",
        "manager2": "crm_manager2",
        "supervisor": "crm_supervisor",
        "executive": "crm_executive",
        "crm_admin": "crm_admin",
        "portal": "portal",
    }
    return {role: rpc_user(login) for role, login in logins.items()}


def test_hostile_calls_are_refused_cleanly(callers, world, database):
    assert len(CALLS) >= 60
    before = checksum(database)
    wrong = []
    for number, (caller, model, method, arguments, expected) in enumerate(CALLS):
        user = callers[caller]
        try:
            user.proxy.execute_kw(
                user.db, user.uid, user.password, model, method, arguments(world)
            )
        except xmlrpc.client.Fault as fault:
            clean = (
                fault.faultCode in (2, 3, 4) and "Traceback" not in fault.faultString
            )
            if fault.faultCode != expected or not clean:
                wrong.append(
                    (
                        number,
                        caller,
                        model,
                        method,
                        fault.faultCode,
                        fault.faultString[-300:],
                    )
                )
        else:
            wrong.append((number, caller, model, method, "accepted", ""))
    assert not wrong, "\n".join(map(str, wrong))
    assert checksum(database) == before


def _jsonrpc(server, user, model, method, args):
    response = requests.post(
        f"{server['url']}/jsonrpc",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [server["db"], user.uid, user.password, model, method, args],
            },
        },
        timeout=60,
    )
    return response.json()


def test_hostile_calls_over_json_rpc(server, callers, world, database):
    """The same refusals reach a JSON-RPC client as named Odoo exceptions."""
    names = {
        V: {
            "odoo.exceptions.UserError",
            "odoo.exceptions.ValidationError",
            "odoo.exceptions.MissingError",
        },
        A: {"odoo.exceptions.AccessError"},
    }
    before = checksum(database)
    wrong = []
    for number, (caller, model, method, arguments, expected) in enumerate(CALLS[::3]):
        answer = _jsonrpc(server, callers[caller], model, method, arguments(world))
        error = answer.get("error", {}).get("data", {}).get("name")
        if error not in names[expected]:
            wrong.append((number * 3, caller, model, method, error or answer))
    assert not wrong, "\n".join(map(str, wrong))
    assert checksum(database) == before
