"""Fills the bench database, set-based: account managers, CRM customers with
one contact each, confirmed sale orders over three years (plus draft and
cancelled ones), interactions; then the stored dates the order and
interaction flows keep. Usage: python bench/generate.py DB CONFIG"""

import sys
import time

from common import environment, scale

MANAGERS = 10


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
            user_id, crm_owner_id, crm_restricted, owner_date, active, type,
            crm_state, autopost_bills, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench customer ' || n, 'Bench customer ' || n, TRUE, TRUE,
               'KHBENCH' || lpad(n::text, 7, '0'),
               (%(users)s::int[])[1 + n %% array_length(%(users)s::int[], 1)],
               (%(users)s::int[])[1 + n %% array_length(%(users)s::int[], 1)],
               TRUE, current_date - (n %% 400), TRUE, 'contact', 'normal', 'always',
               now() - interval '4 years', now(), %(uid)s, %(uid)s
          FROM generate_series(1, %(customers)s) AS n;
        UPDATE res_partner SET commercial_partner_id = id
         WHERE customer_code LIKE 'KHBENCH%%' AND commercial_partner_id IS NULL;
        INSERT INTO res_partner (
            name, complete_name, parent_id, commercial_partner_id, type,
            crm_owner_id, crm_restricted, active, crm_state, autopost_bills,
            create_date, write_date, create_uid, write_uid)
        SELECT 'Contact of ' || c.name, c.name || ', Contact', c.id, c.id, 'contact',
               c.user_id, TRUE, TRUE, 'normal', 'always', c.create_date, now(),
               %(uid)s, %(uid)s
          FROM res_partner c WHERE c.customer_code LIKE 'KHBENCH%%';
        """,
        params,
    )
    # confirmed orders over three years, plus 10 % drafts and 10 % cancelled
    cr.execute(
        """
        WITH customer AS (
            SELECT id, user_id, row_number() OVER (ORDER BY id) AS rank
              FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'
        ), counts AS (SELECT count(*) AS total FROM customer)
        INSERT INTO sale_order (
            name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
            currency_id, user_id, date_order, state, picking_policy,
            amount_untaxed, amount_tax, amount_total, create_date, write_date,
            create_uid, write_uid)
        SELECT 'BENCH/' || n, customer.id, customer.id, customer.id, %(company)s,
               %(currency)s, customer.user_id,
               now() - (random() * interval '1095 days'),
               CASE WHEN n %% 10 = 0 THEN 'draft'
                    WHEN n %% 10 = 1 THEN 'cancel'
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
    cr.execute(
        """
        INSERT INTO crm_lite_interaction (
            partner_id, date, place, name, create_date, write_date, create_uid,
            write_uid)
        SELECT c.id, current_date - (random() * 700)::int, 'Phone', 'Follow-up',
               now(), now(), %(uid)s, %(uid)s
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


def main(database, config):
    name, customers, orders = scale()
    with environment(database, config) as env:
        env.cr.execute(
            "SELECT count(*) FROM res_partner WHERE customer_code LIKE 'KHBENCH%%'"
        )
        if env.cr.fetchone()[0]:
            print(f"[bench] {database} already holds bench data")
            return
        start = time.perf_counter()
        generate(env, customers, orders)
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
