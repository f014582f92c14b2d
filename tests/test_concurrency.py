"""Simultaneous requests to a multi-worker server: one pool customer claimed
by two account managers, one chance assigned by two supervisors, feedback
given twice on one service. Each time the outcome is one consistent winner
and no lost update; a loser gets a clean error."""

import threading
import xmlrpc.client

from flows import handled_service, own_customer, service_type
from rpc_faults import FAULT_VALIDATION

ATTEMPTS = 3


def _together(calls):
    """Run the calls at the same moment, one thread each; their outcomes by
    position: "won" or the XML-RPC fault code."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(position, call):
        start.wait()
        try:
            call()
            outcomes[position] = "won"
        except xmlrpc.client.Fault as fault:
            assert "Traceback" not in fault.faultString, fault.faultString
            outcomes[position] = fault.faultCode

    threads = [
        threading.Thread(target=run, args=(position, call))
        for position, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _second_supervisor(admin, rpc_user):
    login = "crm_supervisor_e2e"
    if not admin.call("res.users", "search", [("login", "=", login)]):
        group = admin.call(
            "ir.model.data",
            "check_object_reference",
            "crm_lite",
            "group_sales_supervisor",
        )[1]
        # in the company the demo's supervisor works in, as an administrator
        # sets up a colleague (his own current company may be another one)
        [first] = admin.call(
            "res.users",
            "search_read",
            [("login", "=", "crm_supervisor")],
            ["company_id", "company_ids"],
        )
        admin.call(
            "res.users",
            "create",
            {
                "name": "Second supervisor",
                "login": login,
                "password": login,
                "email": "supervisor2@example.com",
                "groups_id": [(6, 0, [group])],
                "company_ids": [(6, 0, first["company_ids"])],
                "company_id": first["company_id"][0],
            },
        )
    return rpc_user(login)


def _open_activities(admin, model, record_id):
    return admin.call(
        "mail.activity",
        "search_read",
        [("res_model", "=", model), ("res_id", "=", record_id)],
        fields=["user_id"],
    )


def test_simultaneous_claims_of_one_pool_customer(rpc_user):
    supervisor = rpc_user("crm_supervisor")
    managers = [rpc_user("crm_manager1"), rpc_user("crm_manager2")]
    for attempt in range(ATTEMPTS):
        customer_id = supervisor.call(
            "res.partner",
            "create",
            {
                "name": f"Contested {attempt}",
                "is_company": True,
                "is_crm_customer": True,
            },
        )
        outcomes = _together(
            [
                lambda m=manager, c=customer_id: m.call(
                    "res.partner", "action_claim", [c]
                )
                for manager in managers
            ]
        )
        assert sorted(map(str, outcomes)) == sorted(["won", str(FAULT_VALIDATION)])
        winner = managers[outcomes.index("won")]
        owner = supervisor.call("res.partner", "read", [customer_id], ["user_id"])[0]
        assert owner["user_id"][0] == winner.uid


def test_simultaneous_assignment_of_one_chance(rpc_user):
    admin = rpc_user("admin")
    supervisors = [rpc_user("crm_supervisor"), _second_supervisor(admin, rpc_user)]
    managers = [rpc_user("crm_manager1"), rpc_user("crm_manager2")]
    for attempt in range(ATTEMPTS):
        chance_id = supervisors[0].call(
            "crm_lite.chance",
            "create",
            {
                "name": f"Contested chance {attempt}",
                "customer_name": "Race Ltd",
                "description": "Two supervisors want it",
            },
        )
        outcomes = _together(
            [
                lambda s=supervisor, m=manager, c=chance_id: s.call(
                    "crm_lite.chance", "action_assign", [c], m.uid
                )
                for supervisor, manager in zip(supervisors, managers, strict=True)
            ]
        )
        # a reassignment is allowed: the two assignments take turns, the
        # second one committed is the chance's assignee, and everything about
        # the assignment agrees with it
        assert outcomes == ["won", "won"]
        chance = admin.call(
            "crm_lite.chance",
            "read",
            [chance_id],
            ["state", "user_id", "assign_date", "message_partner_ids"],
        )[0]
        assignee = chance["user_id"][0]
        assert chance["state"] == "assigned" and chance["assign_date"]
        assert assignee in {manager.uid for manager in managers}
        activities = _open_activities(admin, "crm_lite.chance", chance_id)
        assert [activity["user_id"][0] for activity in activities] == [assignee]
        assignee_partner = admin.call("res.users", "read", [assignee], ["partner_id"])[
            0
        ]["partner_id"][0]
        assert assignee_partner in chance["message_partner_ids"]


def _handled_service(manager1, manager2, supervisor, satisfaction, attempt):
    values = {
        "name": f"Contested service {attempt}",
        "service_type_id": service_type(manager1),
        "partner_id": own_customer(manager1),
        "request": "Desk wobbles",
    }
    return handled_service(
        manager1, manager2, supervisor, values, "Checked", satisfaction
    )


def _notes(admin, service_id):
    return admin.call(
        "mail.message",
        "search_count",
        [
            ("model", "=", "crm_lite.service"),
            ("res_id", "=", service_id),
            # the "sent back" note, in the handler's language: "(2/5)" or
            # "（2/5）"
            ("body", "ilike", "/5"),
        ],
    )


def test_simultaneous_feedback_on_one_service(rpc_user):
    admin, supervisor = rpc_user("admin"), rpc_user("crm_supervisor")
    manager1, manager2 = rpc_user("crm_manager1"), rpc_user("crm_manager2")
    for attempt, (satisfaction, final_state) in enumerate(
        [("5", "archived"), ("2", "assigned"), ("4", "archived")]
    ):
        service_id = _handled_service(
            manager1, manager2, supervisor, satisfaction, attempt
        )
        notes_before = _notes(admin, service_id)
        outcomes = _together(
            [
                lambda m=manager, s=service_id: m.call(
                    "crm_lite.service", "action_feedback", [s]
                )
                for manager in (manager1, manager2)
            ]
        )
        # the second feedback finds the service no longer waiting for one
        assert sorted(map(str, outcomes)) == sorted(["won", str(FAULT_VALIDATION)])
        service = admin.call(
            "crm_lite.service", "read", [service_id], ["state", "user_id"]
        )[0]
        assert service["state"] == final_state
        activities = _open_activities(admin, "crm_lite.service", service_id)
        if final_state == "assigned":
            # sent back once: one note, one new to-do for the same handler
            assert service["user_id"][0] == manager2.uid
            assert [a["user_id"][0] for a in activities] == [manager2.uid]
        # one feedback took effect: one note if sent back, none if archived
        assert _notes(admin, service_id) - notes_before == (
            1 if final_state == "assigned" else 0
        )
