"""One customer's whole life over the wire, as the staff of each role drive
it against the multi-worker server, over JSON-RPC (account managers) and
XML-RPC (supervisor, administrator): a chance registered, assigned, planned
and won; interactions; a service from request to archive; a churn warning,
delayed, then a confirmed loss; the return to the public pool and a claim by
another account manager."""

from flows import handled_service, run_cron, service_type


def test_one_customer_from_chance_to_the_pool_and_back(rpc_user, json_user):
    admin, supervisor = rpc_user("admin"), rpc_user("crm_supervisor")
    manager1, manager2 = json_user("crm_manager1"), json_user("crm_manager2")

    # marketing: registered, assigned, planned, won
    chance_id = manager1.call(
        "crm_lite.chance",
        "create",
        {
            "name": "Whole-life chance",
            "customer_name": "Whole Life Trading Ltd",
            "contact_name": "Mr Quan",
            "success_rate": 60,
            "description": "Furniture for three floors",
        },
    )
    supervisor.call("crm_lite.chance", "action_assign", [chance_id], manager1.uid)
    manager1.call(
        "crm_lite.chance",
        "write",
        [chance_id],
        {"plan_ids": [(0, 0, {"date": "2024-03-01", "todo": "Visit the buyer"})]},
    )
    manager1.call("crm_lite.chance", "action_mark_won", [chance_id])
    chance = manager1.call(
        "crm_lite.chance", "read", [chance_id], ["state", "customer_id"]
    )[0]
    assert chance["state"] == "won"
    customer_id = chance["customer_id"][0]
    customer = manager1.call(
        "res.partner",
        "read",
        [customer_id],
        ["user_id", "customer_code", "child_ids", "is_crm_customer"],
    )[0]
    assert customer["user_id"][0] == manager1.uid and customer["is_crm_customer"]
    assert customer["customer_code"] and len(customer["child_ids"]) == 1

    # customer care: two interactions, long ago
    for date in ("2024-03-05", "2024-04-10"):
        manager1.call(
            "crm_lite.interaction",
            "create",
            {
                "partner_id": customer_id,
                "date": date,
                "place": "Office",
                "name": "Visit",
            },
        )
    # a service from request to archive, handled by another account manager
    service_id = handled_service(
        manager1,
        manager2,
        supervisor,
        {
            "name": "Drawer stuck",
            "partner_id": customer_id,
            "service_type_id": service_type(manager1),
            "request": "A drawer of desk 4 is stuck",
        },
        "Works",
        "4",
    )
    manager1.call("crm_lite.service", "action_feedback", [service_id])
    assert (
        manager1.call("crm_lite.service", "read", [service_id], ["state"])[0]["state"]
        == "archived"
    )

    # one order, long ago; then silence: the churn scan warns
    product = admin.call("product.product", "search", [("sale_ok", "=", True)], limit=1)
    order_id = manager1.call(
        "sale.order",
        "create",
        {"partner_id": customer_id, "order_line": [(0, 0, {"product_id": product[0]})]},
    )
    manager1.call("sale.order", "action_confirm", [order_id])
    admin.call("sale.order", "write", [order_id], {"date_order": "2024-05-01 10:00:00"})
    # a customer since before that order (the churn period counts from the later
    # of the last order and the day the partner became a customer)
    admin.call(
        "res.partner", "write", [customer_id], {"crm_customer_date": "2024-04-01"}
    )
    assert (
        manager1.call("res.partner", "read", [customer_id], ["last_order_date"])[0][
            "last_order_date"
        ]
        == "2024-05-01"
    )
    run_cron(admin, "crm_lite.ir_cron_detect_churn")
    loss_ids = manager1.call(
        "crm_lite.loss", "search", [("partner_id", "=", customer_id)]
    )
    assert len(loss_ids) == 1
    manager1.call("crm_lite.loss", "action_add_measure", loss_ids, "Offered a discount")
    assert (
        manager1.call("crm_lite.loss", "read", loss_ids, ["state"])[0]["state"]
        == "delayed"
    )
    manager1.call("crm_lite.loss", "action_confirm_lost", loss_ids, "Closed the office")
    assert manager1.call("res.partner", "read", [customer_id], ["crm_state"])[0] == {
        "id": customer_id,
        "crm_state": "lost",
    }

    # idle since spring 2024: back to the public pool, claimed by manager 2
    admin.call("res.partner", "write", [customer_id], {"owner_date": "2024-01-01"})
    run_cron(admin, "crm_lite.ir_cron_return_to_pool")
    pooled = manager2.call(
        "res.partner", "read", [customer_id], ["user_id", "previous_user_id"]
    )[0]
    assert pooled["user_id"] is False
    assert pooled["previous_user_id"][0] == manager1.uid
    manager2.call("res.partner", "action_claim", [customer_id])
    owner = supervisor.call("res.partner", "read", [customer_id], ["user_id"])[0]
    assert owner["user_id"][0] == manager2.uid
    # the whole history stays with the customer for its new owner
    history = manager2.call(
        "res.partner",
        "read",
        [customer_id],
        ["interaction_ids", "crm_order_ids"],
    )[0]
    assert len(history["interaction_ids"]) == 2 and history["crm_order_ids"]
