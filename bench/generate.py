"""Fills the bench database, set-based: account managers, CRM customers with
one contact each, confirmed sale orders over three years (plus draft and
cancelled ones), interactions; then the stored dates the order and
interaction flows keep. Usage: python bench/generate.py DB CONFIG"""

import sys
import time

from common import environment, scale

MANAGERS = 10
# the duplicate check's keys, kept for every partner
KEYS = ("crm_name_key", "crm_vat_key", "crm_phone_key", "crm_mobile_key")


def generate(env, customers, orders):
    cr = env.cr
    group = env.ref("crm_lite.group_account_manager")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .search([("login", "like", "bench_manager_%")])
    )
    if not users:
        users = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Bench manager {n}",
                        "login": f"bench_manager_{n}",
                        "email": f"bench_manager_{n}@example.com",
                        "groups_id": [(6, 0, group.ids)],
                    }
                    for n in range(MANAGERS)
                ]
            )
        )
    env.flush_all()
    company = env.company
    params = {
        "customers": customers,
        "users": users.ids,
        "company": company.id,
        "currency": company.currency_id.id,
        "orders": orders,
        "uid": env.uid,
    }
    cr.execute(
        """
        INSERT INTO res_partner (
            name, complete_name, is_company, is_crm_customer, customer_code,
            user_id, crm_owner_id, crm_access_key, crm_restricted, owner_date,
            active, type, crm_state, autopost_bills, create_date, write_date,
            create_uid, write_uid)
        SELECT 'Bench customer ' || n, 'Bench customer ' || n, TRUE, TRUE,
               'KHBENCH' || lpad(n::text, 7, '0'),
               (%(users)s::int[])[1 + n %% array_length(%(users)s::int[], 1)],
               (%(users)s::int[])[1 + n %% array_length(%(users)s::int[], 1)],
               (%(users)s::int[])[1 + n %% array_length(%(users)s::int[], 1)],
               TRUE, current_date - (n %% 400), TRUE, 'contact', 'normal', 'always',
               now() - interval '4 years', now(), %(uid)s, %(uid)s
          FROM generate_series(1, %(customers)s) AS n;
        UPDATE res_partner SET commercial_partner_id = id
         WHERE customer_code LIKE 'KHBENCH%%' AND commercial_partner_id IS NULL;
        INSERT INTO res_partner (
            name, complete_name, parent_id, commercial_partner_id, type,
            crm_owner_id, crm_access_key, crm_restricted, active, crm_state,
            autopost_bills, create_date, write_date, create_uid, write_uid)
        SELECT 'Contact of ' || c.name, c.name || ', Contact', c.id, c.id, 'contact',
               c.user_id, c.user_id, TRUE, TRUE, 'normal', 'always', c.create_date,
               now(), %(uid)s, %(uid)s
          FROM res_partner c WHERE c.customer_code LIKE 'KHBENCH%%';
        """,
        params,
    )
    # confirmed orders over three years, plus 10 % drafts and 10 % cancelled;
    # order n goes to customer n mod customers (scattered), so the state turns
    # with each round over the customers: every customer and every salesperson
    # has orders of each state
    cr.execute(
        """
        WITH customer AS (
            SELECT id, user_id, row_number() OVER (ORDER BY id) AS rank
              FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'
        ), counts AS (SELECT count(*) AS total FROM customer)
        INSERT INTO sale_order (
            name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
            currency_id, user_id, crm_customer_id, date_order, state, picking_policy,
            amount_untaxed, amount_tax, amount_total, create_date, write_date,
            create_uid, write_uid)
        SELECT 'BENCH/' || n, customer.id, customer.id, customer.id, %(company)s,
               %(currency)s, customer.user_id, customer.id,
               now() - (random() * interval '1095 days'),
               CASE (n + n / counts.total) %% 10 WHEN 0 THEN 'draft'
                                                   WHEN 1 THEN 'cancel'
                                                   ELSE 'sale' END,
               'direct', amount, 0, amount, now(), now(), %(uid)s, %(uid)s
          FROM generate_series(1, (%(orders)s * 1.25)::int) AS n
          CROSS JOIN counts
          JOIN customer ON customer.rank = 1 + (n::bigint * 7919) %% counts.total
          CROSS JOIN LATERAL (SELECT round((100 + random() * 9900)::numeric, 2)
                              AS amount) a
        """,
        params,
    )
    # statistics of the rows just inserted, for the plans of the updates
    # below (without them, each customer's update may aggregate the orders
    # anew)
    cr.execute("ANALYZE res_partner, sale_order")
    cr.execute(
        """
        INSERT INTO crm_lite_interaction (
            partner_id, company_id, date, place, name, create_date, write_date,
            create_uid, write_uid)
        SELECT c.id, %(company)s, current_date - (random() * 700)::int, 'Phone',
               'Follow-up', now(), now(), %(uid)s, %(uid)s
          FROM res_partner c, generate_series(1, 2)
         WHERE c.customer_code LIKE 'KHBENCH%%';
        UPDATE res_partner p SET last_order_date = latest.last_date
          FROM (SELECT partner_id, max(date_order)::date AS last_date
                  FROM sale_order WHERE state = 'sale' GROUP BY partner_id) latest
         WHERE p.id = latest.partner_id AND p.customer_code LIKE 'KHBENCH%%';
        UPDATE res_partner p SET last_interaction_date = latest.last_date
          FROM (SELECT partner_id, max(date) AS last_date
                  FROM crm_lite_interaction GROUP BY partner_id) latest
         WHERE p.id = latest.partner_id AND p.customer_code LIKE 'KHBENCH%%';
        """,
        params,
    )
    env.invalidate_all()


def generate_lines(env):
    """One line per bench order, so that the host's sale.report (built on
    order lines) sees the same amounts as the orders."""
    product = env["product.product"].search([("default_code", "=", "BENCH")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench product", "default_code": "BENCH", "list_price": 100.0}
        )
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO sale_order_line (
            order_id, sequence, company_id, currency_id, order_partner_id,
            salesman_id, product_id, product_uom, state, name, product_uom_qty,
            price_unit, technical_price_unit, discount, price_subtotal, price_tax,
            price_total, price_reduce_taxexcl, price_reduce_taxinc, qty_delivered,
            qty_invoiced, qty_to_invoice, untaxed_amount_invoiced,
            untaxed_amount_to_invoice, customer_lead, qty_delivered_method,
            invoice_status, is_downpayment, is_expense, create_date, write_date,
            create_uid, write_uid)
        SELECT so.id, 10, so.company_id, so.currency_id, so.partner_id, so.user_id,
               %(product)s, %(uom)s, so.state, 'Bench product', 1,
               so.amount_untaxed, so.amount_untaxed, 0, so.amount_untaxed, 0,
               so.amount_untaxed, so.amount_untaxed, so.amount_untaxed, 0, 0, 0, 0,
               0, 0, 'manual', 'no', FALSE, FALSE, so.create_date, so.write_date,
               so.create_uid, so.write_uid
          FROM sale_order so
         WHERE so.name LIKE 'BENCH/%%'
        """,
        {"product": product.id, "uom": product.uom_id.id},
    )


def bench_users(env):
    """The bench's ten account managers and one supervisor."""
    Users = env["res.users"].with_context(no_reset_password=True)
    managers = Users.search([("login", "like", "bench_manager_%")], order="id")
    supervisor = Users.search([("login", "=", "bench_supervisor")])
    if not supervisor:
        supervisor = Users.create(
            {
                "name": "Bench supervisor",
                "login": "bench_supervisor",
                "email": "bench_supervisor@example.com",
                "groups_id": [(6, 0, env.ref("crm_lite.group_sales_supervisor").ids)],
            }
        )
    return managers, supervisor


def generate_crm_records(env, customers):
    """Chances and services (two per customer each) and loss records (one per
    two customers), spread over the account managers and the workflow states,
    as the flows would have left them."""
    managers, supervisor = bench_users(env)
    env.flush_all()
    service_type = env["crm_lite.dict"].search([("type", "=", "service_type")], limit=1)
    params = {
        "users": managers.ids,
        "supervisor": supervisor.id,
        "count": customers * 2,
        "service_type": service_type.id,
        "company": env.company.id,
    }
    env.cr.execute(
        """
        WITH customer AS (
            SELECT id, user_id, row_number() OVER (ORDER BY id) AS rank
              FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'
        ), total AS (SELECT count(*) AS customers FROM customer)
        INSERT INTO crm_lite_chance (
            name, customer_name, description, success_rate, state, user_id,
            assign_date, customer_id, company_id, create_uid, write_uid, create_date,
            write_date)
        SELECT 'Bench chance ' || n, 'Prospect ' || n, 'Needs furniture', n %% 100,
               CASE WHEN n %% 5 = 0 THEN 'new' WHEN n %% 5 IN (1, 2) THEN 'assigned'
                    WHEN n %% 5 = 3 THEN 'won' ELSE 'lost' END,
               CASE WHEN n %% 5 = 0 THEN NULL
               ELSE (%(users)s::int[])[1 + (n / 7) %% cardinality(%(users)s::int[])]
               END,
               CASE WHEN n %% 5 <> 0 THEN now() - (n %% 700) * interval '1 day' END,
               CASE WHEN n %% 5 = 3 THEN customer.id END, %(company)s,
               CASE WHEN n %% 3 = 0 THEN %(supervisor)s
                    ELSE (%(users)s::int[])[1 + n %% cardinality(%(users)s::int[])] END,
               %(supervisor)s, now() - (n %% 900) * interval '1 day', now()
          FROM generate_series(1, %(count)s) AS n
          CROSS JOIN total
          JOIN customer ON customer.rank = 1 + n %% total.customers;

        WITH customer AS (
            SELECT id, user_id, row_number() OVER (ORDER BY id) AS rank
              FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'
        ), total AS (SELECT count(*) AS customers FROM customer)
        INSERT INTO crm_lite_service (
            name, service_type_id, partner_id, request, state, user_id, assign_date,
            handling, handled_by_id, handle_date, result, satisfaction, company_id,
            create_uid, write_uid, create_date, write_date)
        SELECT 'Bench service ' || n, %(service_type)s, customer.id, 'Broken chair',
               CASE WHEN k %% 4 = 0 THEN 'new' WHEN k %% 4 = 1 THEN 'assigned'
                    WHEN k %% 4 = 2 THEN 'handled' ELSE 'archived' END,
               CASE WHEN k %% 4 = 0 THEN NULL ELSE customer.user_id END,
               CASE WHEN k %% 4 <> 0 THEN now() - (n %% 600) * interval '1 day' END,
               CASE WHEN k %% 4 >= 2 THEN 'Replaced it' END,
               CASE WHEN k %% 4 >= 2 THEN customer.user_id END,
               CASE WHEN k %% 4 >= 2 THEN now() - (n %% 500) * interval '1 day' END,
               CASE WHEN k %% 4 = 3 THEN 'Fine' END,
               CASE WHEN k %% 4 = 3 THEN (3 + n %% 3)::text END, %(company)s,
               customer.user_id, customer.user_id,
               now() - (n %% 900) * interval '1 day', now()
          FROM generate_series(1, %(count)s) AS n
          CROSS JOIN total
          -- the state turns with each round over the customers, so that each
          -- account manager has services in every state
          CROSS JOIN LATERAL (SELECT n + n / total.customers AS k) turn
          JOIN customer ON customer.rank = 1 + n %% total.customers;

        INSERT INTO crm_lite_loss (
            partner_id, user_id, company_id, state, rule, risk_band,
            last_order_date, lost_date, reason, create_uid, write_uid,
            create_date, write_date)
        SELECT c.id, c.user_id, %(company)s,
               CASE WHEN (c.id / 20) %% 5 < 2 THEN 'warning'
                    WHEN (c.id / 20) %% 5 = 2 THEN 'delayed'
                    ELSE 'lost' END,
               'months', 'none',
               c.last_order_date,
               CASE WHEN (c.id / 20) %% 5 > 2 THEN current_date - (c.id %% 300) END,
               CASE WHEN (c.id / 20) %% 5 > 2 THEN 'Moved to a competitor' END,
               %(supervisor)s, %(supervisor)s, now(), now()
          FROM res_partner c
         -- blocks of ten consecutive customers span the ten account managers:
         -- every manager has loss records, in every state
         WHERE c.customer_code LIKE 'KHBENCH%%' AND (c.id / 10) %% 2 = 0;
        """,
        params,
    )
    # who reads each chance and service, as creating and assigning them would
    # have recorded it
    for model in ("crm_lite.chance", "crm_lite.service"):
        Model = env[model]
        env.add_to_compute(Model._fields["readers_id"], Model.search([]))
    env.flush_all()


def generate_keys(env):
    """Phones and tax IDs for the bench's customers and mobiles for their
    contacts, and the duplicate check's keys of all of them, computed as the
    ORM does on entry. Whether it was needed."""
    cr = env.cr
    cr.execute(
        """
        SELECT count(*) FROM res_partner
         WHERE customer_code LIKE 'KHBENCH%%' AND crm_phone_key IS NULL
        """
    )
    if not cr.fetchone()[0]:
        return False
    # the partners just inserted have no statistics yet: without them the
    # contacts' update below joins every contact to every customer
    cr.execute("ANALYZE res_partner")
    cr.execute(
        """
        UPDATE res_partner
           SET phone = '138' || lpad(id::text, 8, '0'),
               vat = '91BENCH' || lpad(id::text, 11, '0')
         WHERE customer_code LIKE 'KHBENCH%%';
        UPDATE res_partner contact
           SET mobile = '139' || lpad(contact.id::text, 8, '0')
          FROM res_partner customer
         WHERE contact.parent_id = customer.id
           AND customer.customer_code LIKE 'KHBENCH%%'
        """
    )
    cr.execute(
        """
        SELECT partner.id FROM res_partner partner
          JOIN res_partner customer ON customer.id = partner.commercial_partner_id
         WHERE customer.customer_code LIKE 'KHBENCH%%'
        """
    )
    Partner = env["res.partner"]
    partners = Partner.browse([row[0] for row in cr.fetchall()])
    env.invalidate_all()
    for name in KEYS:
        env.add_to_compute(Partner._fields[name], partners)
    partners.flush_recordset(list(KEYS))
    cr.commit()
    cr.execute("ANALYZE res_partner")
    print(f"[bench] keys of {len(partners)} bench partners computed")
    return True


def generate_key_dates(env):
    """A birthday for each bench contact, every other one by the lunar
    calendar, with the anniversary columns the ORM would store (the lunar
    month and day of each distinct day of birth computed in Python), and the
    customers' first confirmed order dates. Whether it was needed."""
    # the addon's package is importable once Odoo's configuration is read
    from odoo.addons.crm_lite.models.key_date import (  # noqa: PLC0415
        lunar_label,
        lunar_of,
    )

    cr = env.cr
    cr.execute(
        """
        SELECT 1 FROM crm_lite_key_date key_date
          JOIN res_partner customer ON customer.id = key_date.customer_id
         WHERE customer.customer_code LIKE 'KHBENCH%%' LIMIT 1
        """
    )
    if cr.fetchone():
        return False
    birthday = env.ref("crm_lite.dict_key_date_type_birthday")
    env.flush_all()
    cr.execute(
        """
        INSERT INTO crm_lite_key_date (
            partner_id, customer_id, company_id, type_id, date, lunar,
            anniversary_month, anniversary_day, anniversary_leap, create_uid,
            write_uid, create_date, write_date)
        SELECT contact.id, customer.id, customer.company_id, %(type)s, birth.day,
               contact.id %% 2 = 0, extract(month FROM birth.day),
               extract(day FROM birth.day), FALSE, %(uid)s, %(uid)s, now(), now()
          FROM res_partner contact
          JOIN res_partner customer ON customer.id = contact.parent_id
          CROSS JOIN LATERAL (
                SELECT DATE '1960-01-01'
                       + ((contact.id::bigint * 7919) %% 14600)::int AS day
          ) birth
         WHERE customer.customer_code LIKE 'KHBENCH%%'
        """,
        {"type": birthday.id, "uid": env.uid},
    )
    cr.execute("SELECT DISTINCT date FROM crm_lite_key_date WHERE lunar")
    days = [row[0] for row in cr.fetchall()]
    lunar = [lunar_of(day) for day in days]
    cr.execute(
        """
        UPDATE crm_lite_key_date key_date
           SET anniversary_month = lunar.month, anniversary_day = lunar.day,
               anniversary_leap = lunar.leap, lunar_date = lunar.label
          FROM unnest(%s::date[], %s::int[], %s::int[], %s::bool[], %s::varchar[])
               AS lunar(day, month, day_of_month, leap, label)
         WHERE key_date.lunar AND key_date.date = lunar.day
        """.replace("lunar.day,", "lunar.day_of_month,", 1),
        [
            days,
            [month for month, _day, _leap in lunar],
            [day for _month, day, _leap in lunar],
            [leap for _month, _day, leap in lunar],
            [lunar_label(*values) for values in lunar],
        ],
    )
    cr.execute(
        """
        UPDATE res_partner p SET first_order_date = first.first_date
          FROM (SELECT partner_id, min(date_order)::date AS first_date
                  FROM sale_order WHERE state = 'sale' GROUP BY partner_id) first
         WHERE p.id = first.partner_id AND p.customer_code LIKE 'KHBENCH%%'
           AND p.first_order_date IS DISTINCT FROM first.first_date
        """
    )
    cr.commit()
    cr.execute("ANALYZE crm_lite_key_date")
    cr.execute("SELECT count(*), count(*) FILTER (WHERE lunar) FROM crm_lite_key_date")
    total, lunar_total = cr.fetchone()
    print(f"[bench] {total} birthdays of bench contacts, {lunar_total} lunar")
    return True


def main(database, config):
    name, customers, orders = scale()
    with environment(database, config) as env:
        start = time.perf_counter()
        env.cr.execute(
            "SELECT count(*) FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'"
        )
        has_orders = bool(env.cr.fetchone()[0])
        if not has_orders:
            generate(env, customers, orders)
        env.cr.execute(
            "SELECT 1 FROM sale_order_line line JOIN sale_order so "
            "ON so.id = line.order_id WHERE so.name LIKE 'BENCH/%%' LIMIT 1"
        )
        has_lines = bool(env.cr.fetchone())
        if not has_lines:
            generate_lines(env)
        env.cr.execute("SELECT 1 FROM crm_lite_chance WHERE name LIKE 'Bench chance%%'")
        has_crm_records = bool(env.cr.fetchone())
        if not has_crm_records:
            generate_crm_records(env, customers)
        # the statements below join the new rows: without statistics of them
        # (nothing committed yet for autovacuum to analyse) PostgreSQL plans
        # nested loops over the whole tables, which at the full scale never end
        env.cr.execute("ANALYZE res_partner, sale_order, crm_lite_interaction")
        has_keys = not generate_keys(env)
        has_key_dates = not generate_key_dates(env)
        if has_orders and has_lines and has_crm_records and has_keys and has_key_dates:
            print(f"[bench] {database} already holds the bench data")
            return
        env.cr.commit()
        env.cr.execute("ANALYZE")
        env.cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
        confirmed = env.cr.fetchone()[0]
        print(
            f"[bench] generated scale {name}: {customers} customers, "
            f"{confirmed} confirmed orders in {time.perf_counter() - start:.1f}s"
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])
