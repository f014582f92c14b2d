"""The marketing flow over XML-RPC, as real users of each role."""

from rpc_faults import FAULT_ACCESS, FAULT_VALIDATION, fault_code

CHANCE = {
    "name": "Conference room furniture",
    "customer_name": "RPC Prospect Co",
    "success_rate": 35,
    "contact_name": "Ms Zhao",
    "contact_phone": "13500001234",
    "description": "Three conference rooms",
}


def test_chance_from_registration_to_customer(rpc_user):
    manager1, manager2 = rpc_user("crm_manager1"), rpc_user("crm_manager2")
    supervisor = rpc_user("crm_supervisor")
    chance_id = manager1.call("crm_lite.chance", "create", CHANCE)
    assert (
        fault_code(
            manager1.call, "crm_lite.chance", "action_assign", [chance_id], manager1.uid
        )
        == FAULT_ACCESS
    )
    supervisor.call("crm_lite.chance", "action_assign", [chance_id], manager2.uid)
    manager2.call(
        "crm_lite.chance",
        "write",
        [chance_id],
        {
            "plan_ids": [
                (0, 0, {"date": "2026-11-20", "todo": "Visit", "result": "Keen"})
            ]
        },
    )
    manager2.call("crm_lite.chance", "action_mark_won", [chance_id])
    chance = supervisor.call(
        "crm_lite.chance", "read", [chance_id], ["state", "customer_id", "plan_ids"]
    )[0]
    assert chance["state"] == "won" and len(chance["plan_ids"]) == 1
    customer_id = chance["customer_id"][0]
    customer = manager2.call(
        "res.partner", "read", [customer_id], ["customer_code", "user_id", "child_ids"]
    )[0]
    assert customer["customer_code"].startswith("KH")
    assert customer["user_id"][0] == manager2.uid
    assert len(customer["child_ids"]) == 1
    assert (
        fault_code(manager1.call, "res.partner", "read", [customer_id], ["name"])
        == FAULT_ACCESS
    )


def test_bad_chance_input_changes_nothing(rpc_user):
    manager1, supervisor = rpc_user("crm_manager1"), rpc_user("crm_supervisor")
    chance_id = manager1.call("crm_lite.chance", "create", CHANCE)
    before = supervisor.call("crm_lite.chance", "search_count", [])
    bad_creates = [
        dict(CHANCE, success_rate=101),
        dict(CHANCE, success_rate=-1),
        dict(CHANCE, success_rate="abc"),
        dict(CHANCE, name=False),
        dict(CHANCE, customer_name=False),
        dict(CHANCE, description=False),
        dict(CHANCE, state="won"),
    ]
    for values in bad_creates:
        assert (
            fault_code(manager1.call, "crm_lite.chance", "create", values)
            == FAULT_VALIDATION
        ), values
    calls = [
        (supervisor, "action_assign", [[chance_id], 999999], FAULT_VALIDATION),
        (supervisor, "action_assign", [[chance_id], "abc"], FAULT_VALIDATION),
        (supervisor, "write", [[chance_id], {"state": "won"}], FAULT_VALIDATION),
        (supervisor, "write", [[chance_id], {"success_rate": 150}], FAULT_VALIDATION),
        (manager1, "write", [[chance_id], {"user_id": manager1.uid}], FAULT_ACCESS),
        (manager1, "action_mark_won", [[chance_id]], FAULT_VALIDATION),
    ]
    for user, method, args, code in calls:
        assert fault_code(user.call, "crm_lite.chance", method, *args) == code, method
    assert supervisor.call("crm_lite.chance", "search_count", []) == before
    assert supervisor.call(
        "crm_lite.chance", "read", [chance_id], ["state", "success_rate", "user_id"]
    ) == [{"id": chance_id, "state": "new", "success_rate": 35, "user_id": False}]
    manager1.call("crm_lite.chance", "unlink", [chance_id])
