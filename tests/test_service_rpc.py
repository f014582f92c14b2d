"""Customer service from creation to the archive over XML-RPC."""

from flows import own_customer, service_type
from rpc_faults import FAULT_ACCESS, FAULT_VALIDATION, fault_code


def _service_values(user, type_code="complaint"):
    customer = own_customer(user)
    service_type_id = service_type(user, type_code)
    return {
        "name": "Chair squeaks",
        "service_type_id": service_type_id,
        "partner_id": customer,
        "request": "Chair 7 squeaks",
    }


def test_service_through_feedback_to_archive(rpc_user):
    manager, supervisor = rpc_user("crm_manager1"), rpc_user("crm_supervisor")
    service_id = manager.call("crm_lite.service", "create", _service_values(manager))
    assert (
        fault_code(
            manager.call, "crm_lite.service", "action_assign", [service_id], manager.uid
        )
        == FAULT_ACCESS
    )
    supervisor.call("crm_lite.service", "action_assign", [service_id], manager.uid)
    assert (
        fault_code(manager.call, "crm_lite.service", "action_handle", [service_id])
        == FAULT_VALIDATION
    )
    manager.call("crm_lite.service", "write", [service_id], {"handling": "Oiled it"})
    manager.call("crm_lite.service", "action_handle", [service_id])
    for satisfaction in ("0", "6", 7):
        assert (
            fault_code(
                manager.call,
                "crm_lite.service",
                "write",
                [service_id],
                {"satisfaction": satisfaction},
            )
            == FAULT_VALIDATION
        )
    manager.call(
        "crm_lite.service",
        "write",
        [service_id],
        {"result": "Still", "satisfaction": "2"},
    )
    manager.call("crm_lite.service", "action_feedback", [service_id])
    state = manager.call("crm_lite.service", "read", [service_id], ["state", "user_id"])
    assert state[0]["state"] == "assigned" and state[0]["user_id"][0] == manager.uid
    manager.call("crm_lite.service", "action_handle", [service_id])
    manager.call(
        "crm_lite.service",
        "write",
        [service_id],
        {"result": "Quiet", "satisfaction": "3"},
    )
    manager.call("crm_lite.service", "action_feedback", [service_id])
    final = manager.call("crm_lite.service", "read", [service_id], ["state"])[0]
    assert final["state"] == "archived"
    for values in ({"result": "Edited"}, {"state": "new"}):
        assert (
            fault_code(manager.call, "crm_lite.service", "write", [service_id], values)
            == FAULT_VALIDATION
        )
    assert (
        fault_code(supervisor.call, "crm_lite.service", "unlink", [service_id])
        == FAULT_VALIDATION
    )


def test_other_manager_cannot_see_or_touch(rpc_user):
    manager1, manager2 = rpc_user("crm_manager1"), rpc_user("crm_manager2")
    service_id = manager1.call("crm_lite.service", "create", _service_values(manager1))
    assert manager2.call("crm_lite.service", "search", [("id", "=", service_id)]) == []
    assert (
        fault_code(manager2.call, "crm_lite.service", "read", [service_id], ["name"])
        == FAULT_ACCESS
    )
    assert (
        fault_code(
            manager2.call, "crm_lite.service", "write", [service_id], {"name": "x"}
        )
        == FAULT_ACCESS
    )
    foreign = _service_values(manager1)
    assert (
        fault_code(manager2.call, "crm_lite.service", "create", foreign) == FAULT_ACCESS
    )
