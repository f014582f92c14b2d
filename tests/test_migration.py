"""The migration scripts (crm_lite/migrations/) on a database made with the
previous version: crm_lite as it was at its last 18.0.1.0.x commit, taken
from git history, is installed into a fresh database with odoo-bin, given
the values each migration moves, then updated (`-u crm_lite`) with the code
of this checkout; each migration's result is read back in the database.

`make test` runs it with the Odoo config it made (CRM_LITE_TEST_RC); the
database is this module's own and dropped after."""

import ast
import configparser
import datetime
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg2
import pytest
from database import connect
from odoo_server import run_odoo

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS_VERSION = "18.0.1.0."
MANIFEST = "crm_lite/__manifest__.py"

# system parameters of the previous version (parameter: value)
LEVEL_PARAMETERS = {
    "crm_lite.pool_days_level_1": "15",
    "crm_lite.pool_days_level_3": "60",
    # no number: the level keeps the general period
    "crm_lite.pool_days_level_5": "soon",
}
SETTING_PARAMETERS = {
    "crm_lite.churn_months": "4",
    "crm_lite.pool_days": "45",
    # no number: the default
    "crm_lite.pool_warn_days": "many",
    "crm_lite.pool_reclaim_block_days": "10",
}
# what each company holds then (the parameters' values, else the defaults)
COMPANY_SETTINGS = {
    "crm_lite_churn_months": 4,
    "crm_lite_pool_days": 45,
    "crm_lite_pool_warn_days": 3,
    "crm_lite_pool_max_owned": 0,
    "crm_lite_pool_daily_claims": 0,
    "crm_lite_pool_reclaim_block_days": 10,
}
# confirmed at 20:00 UTC: the next day in Shanghai, where the company is
ORDER_MOMENT = "2026-06-01 20:00:00"
ORDER_UTC_DAY = datetime.date(2026, 6, 1)
ORDER_SHANGHAI_DAY = datetime.date(2026, 6, 2)

PREVIOUS_DATA = f"""
from odoo import Command
params = env["ir.config_parameter"].sudo()
for key, value in {dict(LEVEL_PARAMETERS, **SETTING_PARAMETERS)!r}.items():
    params.set_param(key, value)
env.company.partner_id.tz = "Asia/Shanghai"
# the same region as one the module ships, typed again in other case and spaces
north_again = env["crm_lite.dict"].create(
    {{"type": "region", "item": "  north CHINA "}})
customer = env["res.partner"].create({{
    "name": "Migration Trading Ltd", "is_company": True, "is_crm_customer": True,
    "region_id": north_again.id,
    "customer_level_id": env.ref("crm_lite.dict_customer_level_major").id,
}})
env["res.partner"].create({{"name": "Migration Supplier", "phone": "+86 21 5830 6688"}})
product = env["product.product"].create({{"name": "Migration desk", "list_price": 90}})
order = env["sale.order"].create({{
    "partner_id": customer.id,
    "order_line": [Command.create({{"product_id": product.id}})],
}})
order.action_confirm()
order.date_order = "{ORDER_MOMENT}"
customer._crm_refresh_last_order_date()
env["crm_lite.interaction"].create(
    {{"partner_id": customer.id, "place": "Office", "name": "Migration visit"}})
chance = env["crm_lite.chance"].create({{
    "name": "Migration chance", "customer_name": "Migration Prospect Ltd",
    "description": "Desks",
}})
env["crm_lite.plan"].create({{"chance_id": chance.id, "todo": "Call"}})
env.cr.commit()
"""


def _git(*arguments):
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), *arguments],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.fail(
            f"the migration test takes the previous version of crm_lite from "
            f"git history, which is missing here (git {' '.join(arguments)}: "
            f"{getattr(error, 'stderr', error)})"
        )


def _version(commit):
    return ast.literal_eval(_git("show", f"{commit}:{MANIFEST}"))["version"]


def _previous_version_commit():
    """The last commit at version 18.0.1.0.x: the parent of the first one
    that changed the manifest's version to a later one."""
    for commit in _git("log", "--reverse", "--format=%H", "--", MANIFEST).split():
        if not _version(commit).startswith(PREVIOUS_VERSION):
            previous = _git("rev-parse", f"{commit}^").strip()
            if not _version(previous).startswith(PREVIOUS_VERSION):
                pytest.fail(
                    f"git history starts after version {PREVIOUS_VERSION}x "
                    f"(a shallow clone?): fetch the whole history"
                )
            return previous
    pytest.fail(f"crm_lite's version never moved past {PREVIOUS_VERSION}x")


def _extract(commit, target):
    archive = subprocess.Popen(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "crm_lite"],
        stdout=subprocess.PIPE,
    )
    subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    assert archive.wait() == 0, f"git archive {commit} failed"


def _config_with_addons(config, addons, target):
    """A copy of the Odoo config ``config`` whose addons path has ``addons``
    in place of this checkout."""
    parser = configparser.ConfigParser()
    parser.read(config)
    paths = parser["options"]["addons_path"].split(",")
    kept = [path for path in paths if Path(path).resolve() != ROOT]
    assert len(kept) < len(paths), f"{config} does not name {ROOT} in its addons_path"
    parser["options"]["addons_path"] = ",".join([*kept, str(addons)])
    with open(target, "w") as file:
        parser.write(file)
    return target


def _options(config):
    parser = configparser.ConfigParser()
    parser.read(config)
    return parser["options"]


def _admin_connection(config):
    options = _options(config)

    def option(name):
        value = options.get(name, "False")
        return None if value == "False" else value

    connection = psycopg2.connect(
        dbname="postgres",
        host=option("db_host"),
        port=option("db_port"),
        user=option("db_user"),
        password=option("db_password"),
    )
    connection.autocommit = True
    return connection


def _odoo(config, database, name, *arguments, script=None):
    """Run odoo-bin (or its shell with ``script``); fail on any ERROR logged."""
    run_odoo(
        config, database, f"migration-{name}", *arguments, script=script, timeout=900
    )


def _rows(connection, query, *params):
    with connection.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


@pytest.fixture(scope="module")
def migration():
    """The database made with the previous version and its values, and a way
    to update it with this checkout's code."""
    config = os.environ.get("CRM_LITE_TEST_RC")
    if not config:
        pytest.fail(
            "CRM_LITE_TEST_RC names the Odoo config to use: run these checks "
            "through `make test`."
        )
    commit = _previous_version_commit()
    database = f"crm_lite_migration_{os.getpid()}"
    admin = _admin_connection(config)
    workdir = Path(tempfile.mkdtemp(prefix="crm_lite_migration_"))
    connection = None
    try:
        _extract(commit, workdir)
        previous_config = _config_with_addons(config, workdir, workdir / "odoo.rc")
        _odoo(
            previous_config,
            database,
            "install",
            "-i",
            "crm_lite",
            "--without-demo=all",
        )
        _odoo(previous_config, database, "data", script=PREVIOUS_DATA)
        connection = connect(database, config)
        yield {
            "db": database,
            "connection": connection,
            "upgrade": lambda: _odoo(config, database, "upgrade", "-u", "crm_lite"),
        }
    finally:
        if connection is not None:
            connection.close()
        with admin.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.close()
        shutil.rmtree(workdir, ignore_errors=True)
        data_dir = _options(config).get("data_dir")
        if data_dir:
            shutil.rmtree(Path(data_dir) / "filestore" / database, ignore_errors=True)


def _level_days(connection):
    """{level value: pool days} of the shipped customer levels."""
    return dict(
        _rows(
            connection,
            "SELECT value, COALESCE(pool_days, 0) FROM crm_lite_dict"
            " WHERE type = 'customer_level' ORDER BY value",
        )
    )


def _customer(connection, column):
    [(value,)] = _rows(
        connection,
        f"SELECT {column} FROM res_partner WHERE name = 'Migration Trading Ltd'",
    )
    return value


def _shipped_region(connection, xmlid):
    [(region,)] = _rows(
        connection,
        "SELECT res_id FROM ir_model_data WHERE module = 'crm_lite'"
        " AND model = 'crm_lite.dict' AND name = %s",
        xmlid,
    )
    return region


def test_migrations_move_the_previous_versions_values(migration):
    connection = migration["connection"]
    # the previous version's state, as this test set it up
    assert _rows(
        connection,
        "SELECT latest_version FROM ir_module_module WHERE name = 'crm_lite'",
    )[0][0].startswith(PREVIOUS_VERSION)
    keys = sorted({*LEVEL_PARAMETERS, *SETTING_PARAMETERS})
    assert _rows(
        connection,
        "SELECT key FROM ir_config_parameter WHERE key = ANY(%s) ORDER BY key",
        keys,
    ) == [(key,) for key in keys]
    assert _customer(connection, "last_order_date") == ORDER_UTC_DAY
    north_china = _shipped_region(connection, "dict_region_north_china")
    north_again = _customer(connection, "region_id")
    assert north_again != north_china

    migration["upgrade"]()

    # 18.0.1.1.0: each level's pool period on the level; the parameters gone
    assert _level_days(connection) == {"1": 15, "2": 0, "3": 60, "4": 0, "5": 0}
    # 18.0.1.2.0 (pre): the settings on every company, the parameters gone
    columns = ", ".join(COMPANY_SETTINGS)
    companies = _rows(connection, f"SELECT {columns} FROM res_company")
    assert companies == [tuple(COMPANY_SETTINGS.values())] * len(companies)
    assert companies
    assert (
        _rows(
            connection,
            "SELECT key FROM ir_config_parameter WHERE key = ANY(%s)",
            keys,
        )
        == []
    )
    # ... and the records in a company: the customer's, else their creator's
    [(main_company,)] = _rows(connection, "SELECT min(id) FROM res_company")
    for table in ("crm_lite_interaction", "crm_lite_chance", "crm_lite_plan"):
        assert _rows(connection, f"SELECT company_id FROM {table}") == [
            (main_company,)
        ], table
    # 18.0.1.2.0 (post): the last order's day where its company is
    assert _customer(connection, "last_order_date") == ORDER_SHANGHAI_DAY
    # 18.0.1.3.0: the region typed again merged into the shipped one
    assert _customer(connection, "region_id") == north_china
    assert (
        _rows(connection, "SELECT id FROM crm_lite_dict WHERE id = %s", north_again)
        == []
    )
    # 18.0.1.4.0: plain partners keep the duplicate check's keys too
    assert _rows(
        connection,
        "SELECT crm_phone_key, crm_name_key IS NOT NULL FROM res_partner"
        " WHERE name = 'Migration Supplier'",
    ) == [("+862158306688", True)]
    # the loss analysis of before showed confirmed losses only by a fixed
    # domain; the warnings are a filter away now, on upgraded databases too
    assert _rows(
        connection,
        "SELECT action.domain FROM ir_act_window action JOIN ir_model_data data"
        " ON data.res_id = action.id AND data.model = 'ir.actions.act_window'"
        " WHERE data.module = 'crm_lite' AND data.name = 'action_report_loss'",
    ) == [(None,)]
    # and the module is at this checkout's version
    [(version,)] = _rows(
        connection,
        "SELECT latest_version FROM ir_module_module WHERE name = 'crm_lite'",
    )
    current = ast.literal_eval((ROOT / MANIFEST).read_text())["version"]
    assert version == current
