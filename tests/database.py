"""Direct PostgreSQL access for the end-to-end checks: to read what the
server stored and compare it before and after (never to change it)."""

import configparser

import psycopg2

# crm_lite's own tables
CRM_TABLES = (
    "crm_lite_chance",
    "crm_lite_plan",
    "crm_lite_service",
    "crm_lite_loss",
    "crm_lite_loss_measure",
    "crm_lite_interaction",
    "crm_lite_dict",
)


def connect(database, config):
    """An autocommit connection to ``database`` with the credentials of the
    Odoo config file ``config``."""
    parser = configparser.ConfigParser()
    parser.read(config)
    options = parser["options"]

    def option(name):
        value = options.get(name, "False")
        return None if value == "False" else value

    connection = psycopg2.connect(
        dbname=database,
        host=option("db_host"),
        port=option("db_port"),
        user=option("db_user"),
        password=option("db_password"),
    )
    connection.set_session(readonly=True, autocommit=True)
    return connection


def checksums(connection, tables):
    """Per table: its row count and an md5 of all its rows."""
    sums = {}
    with connection.cursor() as cr:
        for table in tables:
            cr.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id),"
                f" '')) FROM {table} t"
            )
            sums[table] = cr.fetchone()
    return sums
