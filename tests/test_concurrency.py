"""Simultaneous requests to a multi-worker server: of two account managers
claiming one pool customer at the same moment, exactly one wins, and the
other gets a clean error."""

import threading
import xmlrpc.client

from rpc_faults import FAULT_VALIDATION


def _claim_together(managers, customer_id):
    """Each manager claims the customer; all calls leave together."""
    start = threading.Barrier(len(managers))
    outcomes = {}

    def claim(manager):
        start.wait()
        try:
            manager.call("res.partner", "action_claim", [customer_id])
            outcomes[manager.uid] = "won"
        except xmlrpc.client.Fault as fault:
            outcomes[manager.uid] = fault.faultCode

    threads = [threading.Thread(target=claim, args=(m,)) for m in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_claims_of_one_pool_customer(rpc_user):
    supervisor = rpc_user("crm_supervisor")
    managers = [rpc_user("crm_manager1"), rpc_user("crm_manager2")]
    for attempt in range(3):
        customer_id = supervisor.call(
            "res.partner",
            "create",
            {
                "name": f"Contested {attempt}",
                "is_company": True,
                "is_crm_customer": True,
            },
        )
        outcomes = _claim_together(managers, customer_id)
        assert sorted(map(str, outcomes.values())) == sorted(
            ["won", str(FAULT_VALIDATION)]
        ), outcomes
        winner = next(uid for uid, outcome in outcomes.items() if outcome == "won")
        owner = supervisor.call("res.partner", "read", [customer_id], ["user_id"])[0]
        assert owner["user_id"][0] == winner
