"""Churn warning, delay, confirmed loss, pool return and claim over XML-RPC.

The scheduled actions run as Odoo runs them (ir.cron's method_direct_trigger
as the administrator); everything else as the demo staff."""

from flows import run_cron
from rpc_faults import FAULT_ACCESS, FAULT_VALIDATION, fault_code


def test_churn_warning_delay_and_loss(rpc_user):
    admin, manager = rpc_user("admin"), rpc_user("crm_manager1")
    other = rpc_user("crm_manager2")
    run_cron(admin, "crm_lite.ir_cron_detect_churn")
    losses = manager.call(
        "crm_lite.loss",
        "search_read",
        [("state", "=", "warning")],
        fields=["partner_id", "user_id"],
    )
    assert losses, "the demo has customers who stopped ordering"
    assert all(loss["user_id"][0] == manager.uid for loss in losses)
    loss_id = losses[0]["id"]
    assert (
        fault_code(manager.call, "crm_lite.loss", "action_add_measure", [loss_id], "  ")
        == FAULT_VALIDATION
    )
    assert (
        fault_code(other.call, "crm_lite.loss", "action_add_measure", [loss_id], "x")
        == FAULT_ACCESS
    )
    assert (
        fault_code(manager.call, "crm_lite.loss", "write", [loss_id], {"state": "lost"})
        == FAULT_VALIDATION
    )
    manager.call("crm_lite.loss", "action_add_measure", [loss_id], "Visited the buyer")
    assert (
        fault_code(manager.call, "crm_lite.loss", "action_confirm_lost", [loss_id], "")
        == FAULT_VALIDATION
    )
    manager.call(
        "crm_lite.loss", "action_confirm_lost", [loss_id], "Moved to a competitor"
    )
    loss = manager.call(
        "crm_lite.loss", "read", [loss_id], ["state", "measure_ids", "partner_id"]
    )[0]
    assert loss["state"] == "lost" and len(loss["measure_ids"]) == 1
    customer = manager.call(
        "res.partner", "read", [loss["partner_id"][0]], ["crm_state"]
    )[0]
    assert customer["crm_state"] == "lost"
    # a second scan raises no second warning for anyone
    before = admin.call(
        "crm_lite.loss", "search_count", [("state", "in", ["warning", "delayed"])]
    )
    run_cron(admin, "crm_lite.ir_cron_detect_churn")
    after = admin.call(
        "crm_lite.loss", "search_count", [("state", "in", ["warning", "delayed"])]
    )
    assert after == before


def test_pool_return_and_claim(rpc_user):
    admin, supervisor = rpc_user("admin"), rpc_user("crm_supervisor")
    manager1, manager2 = rpc_user("crm_manager1"), rpc_user("crm_manager2")
    customer_id = supervisor.call(
        "res.partner",
        "create",
        {
            "name": "Idle RPC Ltd",
            "is_company": True,
            "is_crm_customer": True,
            "user_id": manager1.uid,
        },
    )
    admin.call("res.partner", "write", [customer_id], {"owner_date": "2020-01-01"})
    run_cron(admin, "crm_lite.ir_cron_return_to_pool")
    pooled = manager2.call(
        "res.partner",
        "read",
        [customer_id],
        ["user_id", "previous_user_id", "pool_date"],
    )[0]
    assert pooled["user_id"] is False
    assert pooled["previous_user_id"][0] == manager1.uid and pooled["pool_date"]
    assert (
        fault_code(manager1.call, "res.partner", "action_claim", [customer_id])
        == FAULT_VALIDATION
    )
    manager2.call("res.partner", "action_claim", [customer_id])
    assert (
        manager2.call("res.partner", "read", [customer_id], ["user_id"])[0]["user_id"][
            0
        ]
        == manager2.uid
    )
    assert (
        fault_code(manager1.call, "res.partner", "read", [customer_id], ["name"])
        == FAULT_ACCESS
    )
    assert (
        fault_code(manager2.call, "res.partner", "action_claim", [customer_id])
        == FAULT_VALIDATION
    )
