"""End-to-end checks: a real Odoo server process with crm_lite, driven over
HTTP, XML-RPC and JSON-RPC as the demo users.

`make test` runs them against the database it has just installed; set
CRM_LITE_TEST_DB and CRM_LITE_TEST_RC to point them at another one."""

import os
import xmlrpc.client
from pathlib import Path

import pytest
import requests
from database import connect
from odoo_server import OdooDidNotStart, start_odoo, stop_odoo

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def server():
    database = os.environ.get("CRM_LITE_TEST_DB")
    config = os.environ.get("CRM_LITE_TEST_RC")
    if not database or not config:
        pytest.fail(
            "CRM_LITE_TEST_DB and CRM_LITE_TEST_RC name the database and Odoo "
            "config to test: run these checks through `make test`."
        )
    try:
        process, url = start_odoo(
            database,
            config,
            ROOT / "test-logs" / "e2e-server.log",
            # several worker processes, as in production
            ["--workers=2", "--max-cron-threads=0"],
        )
    except OdooDidNotStart as error:
        pytest.fail(str(error))
    try:
        yield {"url": url, "db": database}
    finally:
        stop_odoo(process)


class XmlRpcUser:
    """One logged-in user over XML-RPC, as an integration would call Odoo."""

    def __init__(self, server, login, password):
        self.db = server["db"]
        self.password = password
        common = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, login, password, {})
        assert self.uid, f"{login} could not log in"
        self.proxy = xmlrpc.client.ServerProxy(
            f"{server['url']}/xmlrpc/2/object", allow_none=True
        )

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


class JsonRpcUser:
    """One logged-in user over JSON-RPC (/jsonrpc), with the same ``call``
    as XmlRpcUser; an error answer fails the test with Odoo's message."""

    def __init__(self, server, login, password):
        self.url, self.db, self.password = (
            f"{server['url']}/jsonrpc",
            server["db"],
            password,
        )
        self.session = requests.Session()
        self.uid = self._post("common", "authenticate", [self.db, login, password, {}])
        assert self.uid, f"{login} could not log in"

    def _post(self, service, method, args):
        answer = self.session.post(
            self.url,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": service, "method": method, "args": args},
            },
            timeout=120,
        ).json()
        assert "error" not in answer, answer["error"]["data"]["message"]
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            "object",
            "execute_kw",
            [self.db, self.uid, self.password, model, method, list(args), kwargs],
        )


@pytest.fixture(scope="session")
def json_user(server):
    return lambda login, password=None: JsonRpcUser(server, login, password or login)


@pytest.fixture(scope="session")
def rpc_user(server):
    return lambda login, password=None: XmlRpcUser(server, login, password or login)


@pytest.fixture(scope="session")
def database(server):
    """A direct connection to the server's database, for checks of what the
    server stored (never to change it)."""
    connection = connect(server["db"], os.environ["CRM_LITE_TEST_RC"])
    yield connection
    connection.close()
