"""Everyday screens with the bench data, each beside a peer on the same data,
in one run: an account manager's first page of customers, chances and
services (web_search_read of 80 rows with the capped count, as the web client
asks for it) beside a supervisor's (no own-records rule); name_search on
customers as an account manager beside the administrator; opening a customer
with its tabs beside the host's partner form on the same partner.
Targets: pages and name_search <= 1.5x.
Usage: python bench/bench_screens.py DB CONFIG"""

import sys

from common import environment, median_seconds, scale
from lxml import etree

LIMIT, COUNT_LIMIT = 80, 10001


def specification(env, user, model, view_xmlid, view_type):
    """The fields a view reads for this user (the view as the web client
    receives it), nested as the web client's specification: display names of
    many2one values, the embedded list of an x2many."""
    view = env.ref(view_xmlid)
    views = env[model].with_user(user).get_views([(view.id, view_type)])
    arch = views["views"][view_type]["arch"]
    return _fields_of(env[model], etree.fromstring(arch))


def _fields_of(model, node):
    spec = {}
    for field_node in node.iter("field"):
        # only the fields of this level, not those of an embedded list
        parent = field_node.getparent()
        while parent is not None and parent is not node and parent.tag != "field":
            parent = parent.getparent()
        if parent is not None and parent is not node:
            continue
        name = field_node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            embedded = field_node.find("list")
            sub = (
                _fields_of(model.env[field.comodel_name], embedded)
                if embedded is not None
                else {"display_name": {}}
            )
            spec[name] = (
                {"fields": sub, "limit": 40}
                if embedded is not None
                else {"fields": sub}
            )
        else:
            spec[name] = {}
    return spec


def page(env, user, model, domain, spec):
    Model = env[model].with_user(user)

    def run():
        Model.web_search_read(
            domain, spec, offset=0, limit=LIMIT, order="", count_limit=COUNT_LIMIT
        )
        env.invalidate_all()

    return run


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 7 if name == "small" else 5
    ok = True
    with environment(database, config) as env:
        managers = env["res.users"].search(
            [("login", "like", "bench_manager_%")], order="id", limit=1
        )
        manager = managers[0]
        supervisor = env["res.users"].search([("login", "=", "bench_supervisor")])
        admin = env.ref("base.user_admin")
        print(f"[bench] scale {name}, median of {repeat} runs")
        screens = {
            "customers": (
                "res.partner",
                [("is_crm_customer", "=", True)],
                "crm_lite.view_crm_customer_list",
            ),
            "chances": ("crm_lite.chance", [], "crm_lite.view_crm_chance_list"),
            "services": ("crm_lite.service", [], "crm_lite.view_crm_service_list"),
        }
        for label, (model, domain, view) in screens.items():
            spec = specification(env, supervisor, model, view, "list")
            page(env, manager, model, domain, spec)()  # warm the caches
            timings = {
                role: median_seconds(page(env, user, model, domain, spec), repeat)
                for role, user in (("manager", manager), ("supervisor", supervisor))
            }
            ratio = timings["manager"] / timings["supervisor"]
            ok &= ratio <= 1.5
            print(
                f"  {label:10} first page  account manager "
                f"{timings['manager'] * 1000:7.1f} ms   supervisor "
                f"{timings['supervisor'] * 1000:7.1f} ms   ratio {ratio:5.2f}x "
                "(target <= 1.50x)"
            )

        env.cr.execute(
            "SELECT name FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'"
            " AND user_id = %s ORDER BY id DESC LIMIT 1",
            [manager.id],
        )
        needle = env.cr.fetchone()[0][:-1]

        def name_search(user):
            def run():
                env["res.partner"].with_user(user).name_search(needle, limit=8)
                env.invalidate_all()

            return run

        name_search(manager)()
        timings = {
            role: median_seconds(name_search(user), repeat)
            for role, user in (("manager", manager), ("admin", admin))
        }
        ratio = timings["manager"] / timings["admin"]
        ok &= ratio <= 1.5
        print(
            f"  name_search {needle!r} on customers  account manager "
            f"{timings['manager'] * 1000:7.1f} ms   administrator "
            f"{timings['admin'] * 1000:7.1f} ms   ratio {ratio:5.2f}x (target <= 1.50x)"
        )

        customer = env["res.partner"].search(
            [("is_crm_customer", "=", True), ("user_id", "=", manager.id)], limit=1
        )
        forms = {
            "crm_lite customer form": specification(
                env, manager, "res.partner", "crm_lite.view_crm_customer_form", "form"
            ),
            "host partner form": specification(
                env, manager, "res.partner", "base.view_partner_form", "form"
            ),
        }

        def open_form(spec):
            def run():
                env["res.partner"].with_user(manager).browse(customer.id).web_read(spec)
                env.invalidate_all()

            return run

        timings = {
            label: median_seconds(open_form(spec), repeat)
            for label, spec in forms.items()
        }
        crm_form, host_form = timings.values()
        print(
            f"  customer form with its tabs  {crm_form * 1000:7.1f} ms   host partner "
            f"form {host_form * 1000:7.1f} ms   ratio {crm_form / host_form:5.2f}x"
        )
        env.cr.rollback()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
