"""Onboarding existing partners ("Make CRM Customers") beside the bare
statements doing the same writes, measured in one run on the same data
(every run rolled back).

The bench's first customers (10,000 at full scale), with their contacts and
their order history, are turned back into plain partners of the host; then
they are made CRM customers of one account manager at once. The bare
equivalent writes the same columns of the same rows: the customers' flag,
code, dates, owner and access key and their last confirmed order date, and
the contacts' access key. Target: no slower than the bare statements.
Usage: python bench/bench_onboarding.py DB CONFIG"""

import datetime
import statistics
import sys

from common import environment, median_seconds, rolled_back, scale

PORTFOLIO = {"small": 2_000, "full": 10_000}

UNFLAG = """
    UPDATE res_partner
       SET is_crm_customer = FALSE, customer_code = NULL, user_id = NULL,
           crm_owner_id = NULL, crm_access_key = -1, crm_restricted = FALSE,
           owner_date = NULL, crm_customer_date = NULL, pool_date = NULL,
           last_order_date = NULL
     WHERE commercial_partner_id = ANY(%(ids)s)
"""

BARE_ONBOARDING = """
    WITH numbered AS MATERIALIZED (
        SELECT id, nextval(%(sequence)s)::text AS number
          FROM unnest(%(ids)s) AS partner(id) ORDER BY id
    )
    UPDATE res_partner customer
       SET is_crm_customer = TRUE,
           customer_code = %(prefix)s
               || lpad(numbered.number, greatest(%(padding)s, length(numbered.number)),
                       '0'),
           crm_state = 'normal', crm_customer_date = %(today)s,
           user_id = %(owner)s, owner_date = %(today)s, pool_date = NULL,
           crm_restricted = TRUE, crm_owner_id = %(owner)s, crm_access_key = %(owner)s,
           last_order_date = (
                SELECT max((so.date_order AT TIME ZONE 'UTC')
                           AT TIME ZONE %(tz)s)::date
                  FROM sale_order so
                  JOIN res_partner buyer ON buyer.id = so.partner_id
                 WHERE buyer.commercial_partner_id = customer.id
                   AND so.state = 'sale'),
           write_uid = 1, write_date = now()
      FROM numbered
     WHERE customer.id = numbered.id;
    UPDATE res_partner contact
       SET crm_restricted = TRUE, crm_owner_id = %(owner)s, crm_access_key = %(owner)s
     WHERE contact.commercial_partner_id = ANY(%(ids)s)
       AND contact.id != ALL(%(ids)s)
"""


def main(database, config):
    name, _customers, _orders = scale()
    size = PORTFOLIO[name]
    repeat = 5
    with environment(database, config) as env:
        cr = env.cr
        Partner = env["res.partner"]
        owner = env["res.users"].search(
            env["res.users"]._crm_account_manager_domain(), limit=1
        )
        cr.execute(
            "SELECT id FROM res_partner WHERE is_crm_customer ORDER BY id LIMIT %s",
            [size],
        )
        ids = [row[0] for row in cr.fetchall()]
        if len(ids) < size or not owner:
            sys.exit("[bench] the bench database has too few customers")
        cr.execute(UNFLAG, {"ids": ids})
        cr.execute("ANALYZE res_partner")
        env.invalidate_all()
        sequence = env["ir.sequence"].search([("code", "=", "crm_lite.customer")])
        params = {
            "ids": ids,
            "owner": owner.id,
            "today": datetime.date.today(),
            "sequence": f"ir_sequence_{sequence.id:03d}",
            "prefix": sequence._get_prefix_suffix()[0],
            "padding": sequence.padding,
            "tz": env.company._crm_tz(),
        }
        counts = {}

        def onboarding():
            Partner.browse(ids)._crm_onboard(owner)

        def checked_onboarding():
            onboarding()
            counts["onboarded"] = Partner.search_count(
                [
                    ("id", "in", ids),
                    ("is_crm_customer", "=", True),
                    ("user_id", "=", owner.id),
                ]
            )

        def bare():
            cr.execute(BARE_ONBOARDING, params)

        rolled_back(env, bare)()  # warm the caches
        rolled_back(env, checked_onboarding)()
        # alternated, so that both meet the same cache and load
        runs = {"bare": [], "onboarding": []}
        for _ in range(repeat):
            for key, run in (("bare", bare), ("onboarding", onboarding)):
                runs[key].append(median_seconds(rolled_back(env, run), 1))
        timings = {key: statistics.median(values) for key, values in runs.items()}
        cr.rollback()
    if counts["onboarded"] != size:
        sys.exit(f"[bench] {counts['onboarded']} of {size} partners onboarded")
    ratio = timings["onboarding"] / timings["bare"]
    print(f"[bench] onboarding, scale {name}, median of {repeat} runs")
    print(
        f"    onboarding        {timings['onboarding'] * 1000:9.1f} ms "
        f"({size} partners with a contact each)"
    )
    print(f"    bare UPDATEs      {timings['bare'] * 1000:9.1f} ms")
    print(f"    ratio             {ratio:9.2f}x  (target <= 1.00x)")
    return ratio <= 1.0


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
