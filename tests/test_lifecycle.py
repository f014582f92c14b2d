"""Upgrade and uninstall on a database full of data: `-u crm_lite` keeps
every record and setting; uninstalling removes crm_lite's models, menus,
rules and groups and leaves the host's partners, products and sale orders
(those crm_lite did not ship itself) intact.

`make test` hands over a copy of the freshly installed demo database in
CRM_LITE_LIFECYCLE_DB; this module adds business data to it through Odoo
itself, then upgrades and uninstalls crm_lite with odoo-bin."""

import os
from pathlib import Path

import pytest
from database import CRM_TABLES, checksums, connect
from odoo_server import run_odoo

ROOT = Path(__file__).resolve().parent.parent
# each company's own settings (fields of res.company), set on the demo staff's
SETTINGS = {
    "crm_lite_churn_months": 4,
    "crm_lite_pool_days": 45,
    "crm_lite_pool_max_owned": 250,
}
BUSINESS_DATA = f"""
from odoo import Command
manager = env.ref("crm_lite.user_crm_manager1")
manager.company_id.write({SETTINGS!r})
supervisor = env.ref("crm_lite.user_crm_supervisor")
customer = env["res.partner"].create({{
    "name": "Lifecycle Trading Ltd", "is_company": True, "is_crm_customer": True,
    "user_id": manager.id,
    "child_ids": [Command.create({{"name": "Ms Lifecycle"}})],
}})
chance = env["crm_lite.chance"].with_user(supervisor).create({{
    "name": "Lifecycle chance", "customer_name": "Lifecycle Prospect",
    "description": "Desks", "user_id": manager.id,
}})
env["crm_lite.plan"].with_user(manager).create(
    {{"chance_id": chance.id, "todo": "Visit"}})
chance.with_user(manager).action_mark_won()
env["crm_lite.interaction"].with_user(manager).create(
    {{"partner_id": customer.id, "place": "Office", "name": "Lifecycle visit"}})
product = env["product.product"].create({{"name": "Lifecycle stool", "list_price": 9}})
order = env["sale.order"].create({{
    "partner_id": customer.id,
    "order_line": [Command.create({{"product_id": product.id}})],
}})
order.action_confirm()
env["crm_lite.loss"]._cron_detect_churn()
loss = env["crm_lite.loss"].search(
    [("user_id", "=", manager.id), ("state", "=", "warning")], limit=1)
loss.with_user(manager).action_add_measure("Called the buyer")
env.cr.commit()
"""
UNINSTALL = """
env["ir.module.module"].search([("name", "=", "crm_lite")]).button_immediate_uninstall()
env.cr.commit()
"""


@pytest.fixture(scope="module")
def lifecycle():
    database = os.environ.get("CRM_LITE_LIFECYCLE_DB")
    config = os.environ.get("CRM_LITE_TEST_RC")
    if not database or not config:
        pytest.fail(
            "CRM_LITE_LIFECYCLE_DB and CRM_LITE_TEST_RC name a copy of the demo "
            "database and the Odoo config: run these checks through `make test`."
        )
    connection = connect(database, config)
    yield {"db": database, "config": config, "connection": connection}
    connection.close()


def _odoo(lifecycle, name, *arguments, script=None, tolerated=()):
    """Run odoo-bin on the lifecycle database; fail on any ERROR it logs
    but the tolerated ones."""
    run_odoo(
        lifecycle["config"],
        lifecycle["db"],
        f"lifecycle-{name}",
        *arguments,
        script=script,
        tolerated=tolerated,
    )


def _rows(lifecycle, query, *params):
    with lifecycle["connection"].cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def _crm_tables(lifecycle):
    return checksums(lifecycle["connection"], CRM_TABLES)


def _settings(lifecycle):
    """{(company, setting): value} of every company's crm_lite settings."""
    columns = [
        column
        for (column,) in _rows(
            lifecycle,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'res_company' AND column_name LIKE 'crm_lite_%%'"
            " ORDER BY column_name",
        )
    ]
    rows = _rows(lifecycle, f"SELECT id, {', '.join(columns)} FROM res_company")
    return {
        (row[0], column): value
        for row in rows
        for column, value in zip(columns, row[1:], strict=True)
    }


def _staff_company(lifecycle):
    [(company,)] = _rows(
        lifecycle,
        "SELECT u.company_id FROM res_users u JOIN ir_model_data d"
        " ON d.res_id = u.id AND d.model = 'res.users'"
        " WHERE d.module = 'crm_lite' AND d.name = 'user_crm_manager1'",
    )
    return company


def _host_records(lifecycle):
    """The host's partners, products and sale orders that crm_lite did not
    ship as its own data, and a checksum of their names and amounts."""
    shipped = (
        "SELECT res_id FROM ir_model_data WHERE module = 'crm_lite' AND model = %s"
    )
    return {
        "res.partner": _rows(
            lifecycle,
            f"SELECT count(*), md5(string_agg(id || name, ',' ORDER BY id))"
            f" FROM res_partner WHERE id NOT IN ({shipped})",
            "res.partner",
        )[0],
        "product.product": _rows(
            lifecycle,
            f"SELECT count(*), md5(string_agg(id::text, ',' ORDER BY id))"
            f" FROM product_product WHERE id NOT IN ({shipped})",
            "product.product",
        )[0],
        "sale.order": _rows(
            lifecycle,
            f"SELECT count(*), md5(string_agg(id || name || state || amount_total,"
            f" ',' ORDER BY id)) FROM sale_order WHERE id NOT IN ({shipped})",
            "sale.order",
        )[0],
    }


def test_upgrade_keeps_records_and_settings(lifecycle):
    _odoo(lifecycle, "data", script=BUSINESS_DATA)
    tables, settings = _crm_tables(lifecycle), _settings(lifecycle)
    assert all(count for count, _sum in tables.values()), tables
    company = _staff_company(lifecycle)
    assert {key: settings[company, key] for key in SETTINGS} == SETTINGS
    host = _host_records(lifecycle)

    _odoo(lifecycle, "upgrade", "-u", "crm_lite")

    assert _crm_tables(lifecycle) == tables
    assert _settings(lifecycle) == settings
    assert _host_records(lifecycle) == host
    owner = _rows(
        lifecycle,
        "SELECT u.login FROM res_partner p JOIN res_users u ON u.id = p.user_id"
        " WHERE p.name = 'Lifecycle Trading Ltd'",
    )
    assert owner == [("crm_manager1",)]


def test_uninstall_removes_crm_lite_and_keeps_the_host_data(lifecycle):
    host = _host_records(lifecycle)
    assert host["sale.order"][0] > 0

    # crm_lite's demo products are on stock moves of its confirmed demo
    # orders: Odoo refuses to delete them (logging the refused DELETE) and
    # keeps them; nothing else may fail
    demo_products = _rows(
        lifecycle,
        "SELECT p.id, p.product_tmpl_id FROM product_product p"
        " JOIN ir_model_data d ON d.res_id = p.id AND d.model = 'product.product'"
        " WHERE d.module = 'crm_lite'",
    )
    tolerated = [
        f'DELETE FROM "product_product" WHERE id IN ({product})'
        for product, _template in demo_products
    ] + [
        f'DELETE FROM "product_template" WHERE id IN ({template})'
        for _product, template in demo_products
    ]
    _odoo(lifecycle, "uninstall", script=UNINSTALL, tolerated=tolerated)

    assert _rows(
        lifecycle, "SELECT state FROM ir_module_module WHERE name = 'crm_lite'"
    ) == [("uninstalled",)]
    assert (
        _rows(lifecycle, "SELECT model FROM ir_model WHERE model LIKE 'crm_lite.%%'")
        == []
    )
    # of crm_lite's xml ids, only those of the demo products still in use
    kept_xmlids = _rows(
        lifecycle,
        "SELECT model, count(*) FROM ir_model_data WHERE module = 'crm_lite'"
        " GROUP BY model ORDER BY model",
    )
    expected = [("product.product", len(demo_products))] * bool(demo_products) + [
        ("product.template", len(demo_products))
    ] * bool(demo_products)
    assert kept_xmlids == expected
    leftover_tables = _rows(
        lifecycle,
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_name LIKE 'crm\\_lite\\_%%'",
    )
    assert leftover_tables == []
    leftover_columns = _rows(
        lifecycle,
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name IN ('res_partner', 'sale_order')"
        " AND column_name IN ('is_crm_customer', 'customer_code', 'crm_owner_id',"
        " 'crm_restricted', 'crm_access_key', 'crm_customer_id', 'pool_date')",
    )
    assert leftover_columns == []
    # menus, rules, groups and views of crm_lite left with their xml ids;
    # nothing of the kind is left without one either
    assert _rows(
        lifecycle,
        "SELECT count(*) FROM ir_rule r JOIN ir_model m ON m.id = r.model_id"
        " WHERE r.domain_force LIKE '%%crm_owner_id%%'"
        " OR r.domain_force LIKE '%%crm_access_key%%'",
    ) == [(0,)]
    assert _rows(
        lifecycle,
        "SELECT count(*) FROM ir_ui_view WHERE arch_db::text LIKE '%%crm_lite%%'",
    ) == [(0,)]
    assert _host_records(lifecycle) == host
    kept = _rows(
        lifecycle,
        "SELECT so.state, p.name FROM sale_order so JOIN res_partner p"
        " ON p.id = so.partner_id WHERE p.name = 'Lifecycle Trading Ltd'",
    )
    assert kept == [("sale", "Lifecycle Trading Ltd")]
