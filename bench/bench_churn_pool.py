"""Churn scan and pool return beside their bare SQL equivalents, measured in
one run on the same data (every run rolled back).

Two situations: the first run on a database that never had crm_lite's
scheduled actions (the whole backlog is flagged or returned at once), and a
day of steady operation (yesterday's run done, today's measured), which is
what the daily scheduled actions meet. Targets: the churn scan (detection and
insert) no slower than the bare aggregate of confirmed orders per customer;
the pool return no slower than the bare ownership UPDATE computed from the
raw orders and interactions.
Usage: python bench/bench_churn_pool.py DB CONFIG"""

import datetime
import sys

from common import environment, median_seconds, rolled_back, scale

BARE_CHURN = """
    SELECT partner_id, max(date_order) FROM sale_order
     WHERE state = 'sale' GROUP BY partner_id
"""
BARE_POOL_RETURN = """
    UPDATE res_partner customer
       SET previous_user_id = customer.user_id, user_id = NULL,
           pool_date = %(today)s
      FROM (SELECT c.id
              FROM res_partner c
              LEFT JOIN (SELECT partner_id, max(date_order)::date AS last_date
                           FROM sale_order WHERE state = 'sale'
                          GROUP BY partner_id) orders ON orders.partner_id = c.id
              LEFT JOIN (SELECT partner_id, max(date) AS last_date
                           FROM crm_lite_interaction
                          GROUP BY partner_id) talks ON talks.partner_id = c.id
             WHERE c.is_crm_customer AND c.active AND c.user_id IS NOT NULL
               AND GREATEST(COALESCE(c.owner_date, c.crm_customer_date,
                                     c.create_date::date),
                            orders.last_date, talks.last_date)
                   < %(today)s::date - %(days)s) idle
     WHERE customer.id = idle.id
"""


def measure(env, today, repeat):
    cr = env.cr
    Partner, Loss = env["res.partner"], env["crm_lite.loss"]
    # the bench's customers are all the company's (their owners')
    settings = env.company._crm_settings()
    counts = {}

    def churn():
        counts["flagged"] = len(Loss._cron_detect_churn(today=today))

    def bare_churn():
        cr.execute(BARE_CHURN)
        cr.fetchall()

    def pool():
        counts["returned"] = len(Partner._pool_return(today=today))

    def bare_pool():
        cr.execute(BARE_POOL_RETURN, {"today": today, "days": settings["days"]})
        counts["bare_returned"] = cr.rowcount

    rolled_back(env, bare_churn)()  # warm the caches
    rolled_back(env, churn)()
    timings = {
        "bare_churn": median_seconds(rolled_back(env, bare_churn), repeat),
        "churn": median_seconds(rolled_back(env, churn), repeat),
        "bare_pool": median_seconds(rolled_back(env, bare_pool), repeat),
        "pool": median_seconds(rolled_back(env, pool), repeat),
    }
    if counts["returned"] != counts["bare_returned"]:
        sys.exit("[bench] the pool return and its bare equivalent disagree")
    return timings, counts


def report(title, timings, counts):
    churn_ratio = timings["churn"] / timings["bare_churn"]
    pool_ratio = timings["pool"] / timings["bare_pool"]
    print(f"  {title}")
    print(
        f"    churn scan        {timings['churn'] * 1000:9.1f} ms "
        f"({counts['flagged']} warnings)"
    )
    print(f"    bare aggregate    {timings['bare_churn'] * 1000:9.1f} ms")
    print(f"    ratio             {churn_ratio:9.2f}x  (target <= 1.00x)")
    print(
        f"    pool return       {timings['pool'] * 1000:9.1f} ms "
        f"({counts['returned']} customers)"
    )
    print(f"    bare pool UPDATE  {timings['bare_pool'] * 1000:9.1f} ms")
    print(f"    ratio             {pool_ratio:9.2f}x  (target <= 1.00x)")
    return churn_ratio <= 1.0 and pool_ratio <= 1.0


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5 if name == "small" else 3
    today = datetime.date.today()
    with environment(database, config) as env:
        print(f"[bench] scale {name}, median of {repeat} runs")
        first = report("first run (the whole backlog)", *measure(env, today, repeat))
        env.cr.execute("SAVEPOINT yesterday")
        yesterday = today - datetime.timedelta(days=1)
        env["crm_lite.loss"]._cron_detect_churn(today=yesterday)
        env["res.partner"]._pool_return(today=yesterday)
        steady = report("a day of steady operation", *measure(env, today, repeat))
        env.cr.rollback()
    return first and steady


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
