"""A loaded multi-worker server: Odoo with --workers=4 on a free loopback
port, 20 simulated staff of the four roles running their daily flows over
JSON-RPC for a fixed number of iterations each. Prints throughput, p50/p95
latency and errors; then checks that nothing was lost: every record a client
created is there, and every plan line appended to the one chance all the
account managers share.
Usage: python bench/load_test.py DB CONFIG [ITERATIONS]"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

import requests
from common import environment

ROOT = Path(__file__).resolve().parent.parent
# the server start the end-to-end checks use
sys.path.insert(0, str(ROOT / "tests"))
from odoo_server import OdooDidNotStart, start_odoo, stop_odoo

ROLES = {
    # role: (group, number of simulated users)
    "manager": ("crm_lite.group_account_manager", 10),
    "supervisor": ("crm_lite.group_sales_supervisor", 5),
    "executive": ("crm_lite.group_executive", 3),
    "admin": ("crm_lite.group_admin", 2),
}
TAG = "Load test"


def prepare(database, config):
    """The simulated staff (login = password), and the chance every account
    manager develops at the same time."""
    with environment(database, config) as env:
        Users = env["res.users"].with_context(no_reset_password=True)
        staff = {}
        for role, (group, count) in ROLES.items():
            staff[role] = []
            for n in range(count):
                login = f"load_{role}_{n}"
                user = Users.search([("login", "=", login)])
                if not user:
                    user = Users.create(
                        {
                            "name": f"Load {role} {n}",
                            "login": login,
                            "email": f"{login}@example.com",
                            "groups_id": [(6, 0, env.ref(group).ids)],
                        }
                    )
                user.password = login
                staff[role].append((user.id, login))
        Partner = env["res.partner"]
        customers = {}
        for uid, login in staff["manager"]:
            customer = Partner.search(
                [("name", "=", f"{TAG} customer of {login}")], limit=1
            ) or Partner.create(
                {
                    "name": f"{TAG} customer of {login}",
                    "is_company": True,
                    "is_crm_customer": True,
                    "user_id": uid,
                }
            )
            customers[uid] = customer.id
        shared = env["crm_lite.chance"].create(
            {"name": f"{TAG} shared chance", "customer_name": TAG, "description": TAG}
        )
        shared.with_user(staff["supervisor"][0][0]).action_assign(
            staff["manager"][0][0]
        )
        env.cr.commit()
        return staff, customers, shared.id


class Client:
    def __init__(self, url, database, uid, login, latencies, errors):
        self.url, self.database = f"{url}/jsonrpc", database
        self.uid, self.password = uid, login
        self.session = requests.Session()
        self.latencies, self.errors = latencies, errors

    def call(self, model, method, *args, **kwargs):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.database,
                    self.uid,
                    self.password,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        }
        start = time.perf_counter()
        answer = self.session.post(self.url, json=payload, timeout=120).json()
        self.latencies.append(time.perf_counter() - start)
        if "error" in answer:
            self.errors.append((model, method, answer["error"]["data"]["message"]))
            return None
        return answer["result"]


def manager_day(client, customer_id, done):
    client.call(
        "res.partner",
        "web_search_read",
        [("is_crm_customer", "=", True)],
        {"name": {}, "customer_code": {}, "user_id": {"fields": {"display_name": {}}}},
        limit=80,
        count_limit=10001,
    )
    client.call("res.partner", "web_read", [customer_id], {"name": {}, "phone": {}})
    if client.call(
        "crm_lite.interaction",
        "create",
        {"partner_id": customer_id, "place": "Phone", "name": TAG},
    ):
        done["interactions"] += 1
    client.call(
        "crm_lite.service",
        "search_read",
        [("state", "=", "assigned")],
        ["name", "partner_id"],
        limit=80,
    )
    if client.call(
        "crm_lite.chance",
        "create",
        {"name": TAG, "customer_name": "Walk-in", "description": TAG},
    ):
        done["chances"] += 1


def shared_plan_line(client, shared_chance, done):
    """The assignee and every supervisor append plan lines to one chance at
    the same time."""
    if client.call(
        "crm_lite.chance",
        "write",
        [shared_chance],
        {"plan_ids": [(0, 0, {"todo": TAG})]},
    ):
        done["plans"] += 1


def supervisor_day(client, managers, done, n):
    client.call(
        "crm_lite.chance",
        "web_search_read",
        [("state", "=", "new")],
        {"name": {}, "customer_name": {}},
        limit=80,
        count_limit=10001,
    )
    chance = client.call(
        "crm_lite.chance",
        "create",
        {"name": TAG, "customer_name": "Lead", "description": TAG},
    )
    if chance and client.call(
        "crm_lite.chance", "action_assign", [chance], managers[n % len(managers)]
    ):
        done["assigned"] += 1
    client.call(
        "crm_lite.report.contribution", "read_group", [], ["amount:sum"], ["user_id"]
    )


def executive_day(client, done):
    dashboard = client.call("crm_lite.dashboard", "create", {})
    if dashboard:
        client.call(
            "crm_lite.dashboard",
            "read",
            [dashboard],
            ["open_chances", "conversion_rate", "satisfaction_average"],
        )
    client.call("crm_lite.service", "read_group", [], ["id:count"], ["state"])
    done["dashboards"] += 1


def admin_day(client, done):
    client.call("crm_lite.dict", "search_read", [], ["type", "item"])
    client.call(
        "res.users", "search_read", [("share", "=", False)], ["login"], limit=80
    )
    done["admin_reads"] += 1


def start_server(database, config):
    try:
        return start_odoo(
            database,
            config,
            ROOT / "test-logs" / "load-test-server.log",
            [
                "--workers=4",
                "--max-cron-threads=0",
                "--limit-time-real=600",
                "--limit-time-cpu=600",
            ],
        )
    except OdooDidNotStart as error:
        sys.exit(f"[load] {error}")


def count_created(database, config, staff, shared_chance):
    with environment(database, config) as env:
        uids = {role: [uid for uid, _login in users] for role, users in staff.items()}
        return {
            "interactions": env["crm_lite.interaction"].search_count(
                [("name", "=", TAG), ("create_uid", "in", uids["manager"])]
            ),
            "chances": env["crm_lite.chance"].search_count(
                [
                    ("customer_name", "=", "Walk-in"),
                    ("create_uid", "in", uids["manager"]),
                ]
            ),
            "assigned": env["crm_lite.chance"].search_count(
                [
                    ("customer_name", "=", "Lead"),
                    ("create_uid", "in", uids["supervisor"]),
                    ("state", "=", "assigned"),
                ]
            ),
            "plans": env["crm_lite.plan"].search_count(
                [("todo", "=", TAG), ("chance_id", "=", shared_chance)]
            ),
        }


def main(database, config, iterations=10):
    iterations = int(iterations)
    staff, customers, shared_chance = prepare(database, config)
    before = count_created(database, config, staff, shared_chance)
    process, url = start_server(database, config)
    latencies, errors = [], []
    done = {
        "interactions": 0,
        "chances": 0,
        "assigned": 0,
        "plans": 0,
        "dashboards": 0,
        "admin_reads": 0,
    }
    lock = threading.Lock()
    managers = [uid for uid, _login in staff["manager"]]
    assignee = staff["manager"][0][0]

    def simulate(role, uid, login, n):
        client = Client(url, database, uid, login, latencies, errors)
        mine = {key: 0 for key in done}
        for iteration in range(iterations):
            if role == "manager":
                manager_day(client, customers[uid], mine)
                if uid == assignee:
                    shared_plan_line(client, shared_chance, mine)
            elif role == "supervisor":
                supervisor_day(client, managers, mine, n + iteration)
                shared_plan_line(client, shared_chance, mine)
            elif role == "executive":
                executive_day(client, mine)
            else:
                admin_day(client, mine)
        with lock:
            for key, value in mine.items():
                done[key] += value

    threads = [
        threading.Thread(target=simulate, args=(role, uid, login, n))
        for role, users in staff.items()
        for n, (uid, login) in enumerate(users)
    ]
    start = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    finally:
        stop_odoo(process, timeout=60)
    after = count_created(database, config, staff, shared_chance)
    lost = {
        key: (done[key], after[key] - before[key])
        for key in after
        if after[key] - before[key] != done[key]
    }
    ordered = sorted(latencies)
    print(
        f"[load] {len(threads)} users x {iterations} iterations, --workers=4: "
        f"{len(latencies)} calls in {elapsed:.1f} s = {len(latencies) / elapsed:.1f} "
        f"calls/s; latency p50 {statistics.median(ordered) * 1000:.0f} ms, "
        f"p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:.0f} ms; "
        f"{len(errors)} errors"
    )
    print(f"[load] created by the clients: {done}; lost: {lost or 'none'}")
    for error in errors[:5]:
        print(f"[load] error: {error}")
    return not errors and not lost


if __name__ == "__main__":
    os.makedirs(ROOT / "test-logs", exist_ok=True)
    sys.exit(0 if main(*sys.argv[1:4]) else 1)
