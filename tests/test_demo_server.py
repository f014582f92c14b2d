"""What `make run` promises: the login page, each demo user logging in to
the menus of their role, in Chinese, and clean errors for bad input."""

import xmlrpc.client

import pytest
import requests
from rpc_faults import FAULT_ACCESS, FAULT_VALIDATION

SECTIONS = {
    "crm_lite.menu_marketing",
    "crm_lite.menu_customers",
    "crm_lite.menu_service",
    "crm_lite.menu_reports",
    "crm_lite.menu_basic_data",
    "crm_lite.menu_access",
}
EVERYDAY = {
    "crm_lite.menu_marketing",
    "crm_lite.menu_customers",
    "crm_lite.menu_service",
    "crm_lite.menu_basic_data",
}
EXPECTED_SECTIONS = {
    "crm_manager1": EVERYDAY,
    "crm_manager2": EVERYDAY,
    "crm_supervisor": EVERYDAY | {"crm_lite.menu_reports"},
    "crm_executive": EVERYDAY | {"crm_lite.menu_reports"},
    "crm_admin": EVERYDAY | {"crm_lite.menu_reports", "crm_lite.menu_access"},
}


def _login(server, login, password):
    session = requests.Session()
    response = session.post(
        f"{server['url']}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": server["db"], "login": login, "password": password},
        },
        timeout=30,
    )
    result = response.json()
    assert "error" not in result, result.get("error")
    return session, result["result"]


def test_login_page(server):
    response = requests.get(f"{server['url']}/web/login", timeout=30)
    assert response.status_code == 200
    assert 'name="login"' in response.text and 'name="password"' in response.text


@pytest.mark.parametrize("login", sorted(EXPECTED_SECTIONS))
def test_demo_user_sees_role_menus_in_chinese(server, login):
    session, info = _login(server, login, login)
    assert info["user_context"]["lang"] == "zh_CN"
    menus = session.get(
        f"{server['url']}/web/webclient/load_menus/0", timeout=60
    ).json()
    roots = [
        menu for menu in menus.values() if menu.get("xmlid") == "crm_lite.menu_root"
    ]
    assert len(roots) == 1, "the CRM app is missing from the home menu"
    root = roots[0]
    assert root["name"] == "客户关系管理"
    sections = {menus[str(child)]["xmlid"] for child in root["children"]} & SECTIONS
    assert sections == EXPECTED_SECTIONS[login]


def test_wrong_password_refused(server):
    response = requests.post(
        f"{server['url']}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": server["db"], "login": "crm_manager1", "password": "x"},
        },
        timeout=30,
    )
    assert "error" in response.json()


def test_account_manager_sees_own_customers_only(rpc_user):
    manager = rpc_user("crm_manager1")
    supervisor = rpc_user("crm_supervisor")
    domain = [("is_crm_customer", "=", True)]
    own = manager.call("res.partner", "search_read", domain, fields=["user_id"])
    everyone = supervisor.call("res.partner", "search_count", domain)
    assert 0 < len(own) < everyone
    assert {row["user_id"] and row["user_id"][0] for row in own} <= {manager.uid, False}
    foreign = supervisor.call(
        "res.partner",
        "search",
        domain + [("user_id", "not in", [manager.uid, False])],
        limit=1,
    )
    with pytest.raises(xmlrpc.client.Fault) as caught:
        manager.call("res.partner", "read", foreign, ["name"])
    assert caught.value.faultCode == FAULT_ACCESS


def test_bad_input_is_refused_cleanly(rpc_user):
    manager = rpc_user("crm_manager1")
    own = manager.call(
        "res.partner",
        "search_read",
        [("is_crm_customer", "=", True), ("user_id", "=", manager.uid)],
        fields=["customer_code", "satisfaction"],
        limit=2,
    )
    first, second = own
    bad_writes = [
        {"satisfaction": "9"},
        {"credit_rating": "0"},
        {"customer_code": second["customer_code"]},
        {"name": False},
    ]
    for values in bad_writes:
        with pytest.raises(xmlrpc.client.Fault) as caught:
            manager.call("res.partner", "write", [first["id"]], values)
        assert caught.value.faultCode == FAULT_VALIDATION, caught.value.faultString
        assert "Traceback" not in caught.value.faultString
    after = manager.call(
        "res.partner", "read", [first["id"]], ["customer_code", "satisfaction"]
    )[0]
    assert after == first
    with pytest.raises(xmlrpc.client.Fault) as caught:
        manager.call("crm_lite.dict", "create", {"type": "region", "item": "Nope"})
    assert caught.value.faultCode == FAULT_ACCESS
    admin = rpc_user("crm_admin")
    level = admin.call(
        "crm_lite.dict", "search", [("type", "=", "customer_level")], limit=1
    )
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin.call("crm_lite.dict", "unlink", level)
    assert caught.value.faultCode == FAULT_VALIDATION
    assert admin.call("crm_lite.dict", "search_count", [("id", "in", level)]) == 1
