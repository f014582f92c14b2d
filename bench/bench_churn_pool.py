"""Churn scan and pool return beside their bare SQL equivalents, measured in
one run on the same data (every run rolled back).

Two situations: the first run on a database that never had crm_lite's
scheduled actions (the whole backlog is flagged or returned at once), and a
day of steady operation (yesterday's run done, today's measured), which is
what the daily scheduled actions meet. Targets: the churn scan (detection and
insert) no slower than the bare aggregate of confirmed orders per customer;
the pool return's first run at most 1.1x the same writes done by bare
statements (the customers' owner fields, their contacts' access key, a note
per customer, idleness computed from the raw orders and interactions), and a
steady day at most half the bare ownership UPDATE of the customers alone.
Usage: python bench/bench_churn_pool.py DB CONFIG"""

import datetime
import statistics
import sys

from common import environment, median_seconds, rolled_back, scale

BARE_CHURN = """
    SELECT partner_id, max(date_order) FROM sale_order
     WHERE state = 'sale' GROUP BY partner_id
"""
# the owned customers idle for the pool period, from the raw orders and
# interactions
IDLE_FROM_RAW = """
    SELECT c.id, c.user_id
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
           < %(today)s::date - %(days)s
"""
# the customers' owner only: what a steady day is compared with
BARE_POOL_RETURN = f"""
    UPDATE res_partner customer
       SET previous_user_id = customer.user_id, user_id = NULL,
           pool_date = %(today)s
      FROM ({IDLE_FROM_RAW}) idle
     WHERE customer.id = idle.id
"""
# the writes the pool return makes, bare: the customers' owner fields, their
# contacts' access key (the record rules read it on the row) and a note per
# customer; what the first run, which writes the whole backlog, is compared
# with
BARE_POOL_SAME_WRITES = f"""
    WITH returned AS (
        UPDATE res_partner customer
           SET previous_user_id = idle.user_id, user_id = NULL,
               crm_owner_id = NULL, crm_access_key = -1, owner_date = NULL,
               pool_date = %(today)s, write_uid = 1, write_date = now()
          FROM ({IDLE_FROM_RAW}) idle
         WHERE customer.id = idle.id
     RETURNING customer.id
    ),
    contacts AS (
        UPDATE res_partner contact
           SET crm_owner_id = NULL, crm_access_key = -1
          FROM returned
         WHERE contact.commercial_partner_id = returned.id
           AND contact.id != returned.id
    ),
    notes AS (
        INSERT INTO mail_message (
            model, res_id, message_type, subtype_id, author_id, body,
            is_internal, date, create_uid, create_date, write_uid, write_date)
        SELECT 'res.partner', returned.id, 'notification', %(note)s,
               %(author)s, '<p>Returned to the public pool.</p>', TRUE, now(),
               1, now(), 1, now()
          FROM returned
    )
    SELECT count(*) FROM returned
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

    def bare_pool_same_writes():
        cr.execute(
            BARE_POOL_SAME_WRITES,
            {
                "today": today,
                "days": settings["days"],
                "note": env.ref("mail.mt_note").id,
                "author": env.ref("base.partner_root").id,
            },
        )
        counts["same_writes_returned"] = cr.fetchone()[0]

    # the churn scan reads the customers: measured before the pool's runs
    # leave their dead rows
    rolled_back(env, bare_churn)()  # warm the caches
    rolled_back(env, churn)()
    timings = {
        "bare_churn": median_seconds(rolled_back(env, bare_churn), repeat),
        "churn": median_seconds(rolled_back(env, churn), repeat),
    }
    # The pool return and its two yardsticks in turns, one of each a round
    # after a warm-up round, each round starting one further: every
    # rolled-back run leaves dead rows in res_partner and mail_message that
    # the next one reads through, which would weigh on whichever always came
    # last.
    runs = [
        ("bare_pool", bare_pool),
        ("bare_pool_same_writes", bare_pool_same_writes),
        ("pool", pool),
    ]
    seconds = {name: [] for name, _run in runs}
    for round_ in range(repeat + 1):
        for name, run in runs[round_ % 3 :] + runs[: round_ % 3]:
            timing = median_seconds(rolled_back(env, run), 1)
            if round_:
                seconds[name].append(timing)
    timings.update(
        {name: statistics.median(values) for name, values in seconds.items()}
    )
    if (
        not counts["returned"]
        == counts["bare_returned"]
        == counts["same_writes_returned"]
    ):
        sys.exit("[bench] the pool return and its bare equivalent disagree")
    return timings, counts


def report(title, timings, counts, first_run):
    churn_ratio = timings["churn"] / timings["bare_churn"]
    pool_ratio = timings["pool"] / timings["bare_pool"]
    same_writes_ratio = timings["pool"] / timings["bare_pool_same_writes"]
    # the first run writes the whole backlog: against the same writes, bare;
    # a steady day finds its few customers among many: against the bare
    # UPDATE of the customers alone, which reads all the orders
    pool_ratio_checked, pool_target = (
        (same_writes_ratio, 1.1) if first_run else (pool_ratio, 0.5)
    )
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
    print(f"    ratio             {pool_ratio:9.2f}x", end="")
    print("  (target <= 0.50x)" if not first_run else "")
    print(
        f"    bare same writes  {timings['bare_pool_same_writes'] * 1000:9.1f} ms "
        "(customers, contacts' access key, a note each)"
    )
    print(f"    ratio             {same_writes_ratio:9.2f}x", end="")
    print("  (target <= 1.10x)" if first_run else "")
    return churn_ratio <= 1.0 and pool_ratio_checked <= pool_target


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5 if name == "small" else 3
    today = datetime.date.today()
    with environment(database, config) as env:
        print(f"[bench] scale {name}, median of {repeat} runs")
        first = report(
            "first run (the whole backlog)", *measure(env, today, repeat), True
        )
        env.cr.execute("SAVEPOINT yesterday")
        yesterday = today - datetime.timedelta(days=1)
        env["crm_lite.loss"]._cron_detect_churn(today=yesterday)
        env["res.partner"]._pool_return(today=yesterday)
        steady = report(
            "a day of steady operation", *measure(env, today, repeat), False
        )
        env.cr.rollback()
    return first and steady


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
