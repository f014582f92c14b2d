"""RFM and churn-risk refresh beside the bare aggregate that computes the
same figures in one SELECT over sale_order, measured in one run on the same
data (every run rolled back).

The refresh (``res.partner._crm_refresh_rfm``, the nightly
``crm_lite.ir_cron_refresh_rfm``) computes, per CRM customer, the recency,
frequency and monetary figures of the last 12 months of confirmed orders,
their quintile scores and segment, the median gap between its purchase days
and the churn risk, and writes the customers whose figures changed. The bare
aggregate computes the same figures as one would by hand (the bench's orders
are all of one company in its currency and time zone: no conversion) and
only returns them. Two situations: the first run (every customer's figures
written) and a steady day (the refresh already ran today: nothing changed).
Target: the refresh at most as long as the bare aggregate in both. The
figures of both are compared, customer by customer; the script fails if they
differ. Usage: python bench/bench_rfm.py DB CONFIG"""

import datetime
import statistics
import sys

from common import environment, median_seconds, rolled_back, scale
from dateutil.relativedelta import relativedelta

# The figures by hand: the confirmed orders' day, the distinct purchase days
# and their gaps, the last 12 months' orders, then the quintiles among the
# customers who ordered in them (ceil(5 x cume_dist), better is higher) and
# the classic segments (a score of 4 or more is high).
BARE_RFM = """
    WITH orders AS (
        SELECT so.crm_customer_id AS customer_id, so.date_order::date AS day,
               so.amount_untaxed AS amount
          FROM sale_order so
         WHERE so.state = 'sale'
    ),
    purchase_days AS (
        SELECT customer_id, day,
               day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
          FROM (SELECT DISTINCT customer_id, day FROM orders) distinct_days
    ),
    rhythm AS (
        SELECT customer_id, max(day) AS last_day,
               CASE WHEN count(*) >= 3 THEN
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) END AS gap
          FROM purchase_days
         GROUP BY customer_id
    ),
    recent AS (
        SELECT customer_id, %(today)s::date - max(day) AS recency,
               count(*) AS frequency, round(sum(amount)::numeric, 2) AS monetary
          FROM orders
         WHERE day > %(start)s::date
         GROUP BY customer_id
    ),
    scored AS (
        SELECT customer.id, recent.recency, recent.frequency, recent.monetary,
               ceil(5 * cume_dist() OVER (
                   PARTITION BY recent.customer_id IS NULL
                   ORDER BY recent.recency DESC))::int AS r,
               ceil(5 * cume_dist() OVER (
                   PARTITION BY recent.customer_id IS NULL
                   ORDER BY recent.frequency))::int AS f,
               ceil(5 * cume_dist() OVER (
                   PARTITION BY recent.customer_id IS NULL
                   ORDER BY recent.monetary))::int AS m,
               rhythm.gap,
               round(((%(today)s::date - rhythm.last_day) / rhythm.gap)::numeric, 2)
                   AS risk
          FROM res_partner customer
          LEFT JOIN recent ON recent.customer_id = customer.id
          LEFT JOIN rhythm ON rhythm.customer_id = customer.id
         WHERE customer.is_crm_customer
    )
    SELECT id, recency, frequency, monetary,
           CASE WHEN frequency IS NOT NULL THEN r END,
           CASE WHEN frequency IS NOT NULL THEN f END,
           CASE WHEN frequency IS NOT NULL THEN m END,
           CASE WHEN frequency IS NULL THEN NULL
                WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'important_value'
                WHEN r >= 4 AND m >= 4 THEN 'important_develop'
                WHEN f >= 4 AND m >= 4 THEN 'important_keep'
                WHEN m >= 4 THEN 'important_retain'
                WHEN r >= 4 AND f >= 4 THEN 'general_value'
                WHEN r >= 4 THEN 'general_develop'
                WHEN f >= 4 THEN 'general_keep'
                ELSE 'general_retain' END,
           gap, risk
      FROM scored
"""
STORED = """
    SELECT customer.id, rfm_recency_days, rfm_frequency, rfm_monetary, rfm_r, rfm_f,
           rfm_m, rfm_segment, order_gap_days, churn_risk
      FROM res_partner customer
      LEFT JOIN crm_lite_customer_rfm figures ON figures.id = customer.id
     WHERE customer.is_crm_customer
"""


# the columns of the figures that are decimals (monetary, gap, risk)
DECIMALS = (2, 7, 8)


def comparable(rows):
    """{customer: its figures}, decimals as floats."""
    return {
        row[0]: tuple(
            float(value) if i in DECIMALS and value is not None else value
            for i, value in enumerate(row[1:])
        )
        for row in rows
    }


def bare_params(env, today):
    months = env.company._crm_settings()["rfm_months"]
    return {"today": today, "start": today - relativedelta(months=months)}


def measure(env, today, repeat):
    cr = env.cr
    Partner = env["res.partner"]
    params = bare_params(env, today)
    counts = {}

    def refresh():
        counts["written"] = Partner._crm_refresh_rfm(today=today)

    def bare():
        cr.execute(BARE_RFM, params)
        counts["bare_rows"] = len(cr.fetchall())

    def select():
        # the refresh's own figures, returned instead of written (flushes
        # included): what of the refresh is computing, what is writing
        Partner.flush_model()
        cr.execute(Partner._crm_rfm_sql(today))
        cr.fetchall()

    runs = [("bare", bare), ("refresh", refresh), ("select", select)]
    # a warm-up round, then rounds in turns, each starting with the next
    # one: every rolled-back refresh leaves dead rows the next run reads
    seconds = {name: [] for name, _run in runs}
    for round_ in range(repeat + 1):
        for name, run in runs[round_ % 3 :] + runs[: round_ % 3]:
            timing = median_seconds(rolled_back(env, run), 1)
            if round_:
                seconds[name].append(timing)
    return {name: statistics.median(values) for name, values in seconds.items()}, counts


def check(env, today):
    """The refresh's stored figures are the bare aggregate's."""
    cr = env.cr
    cr.execute("SAVEPOINT rfm_check")
    env["res.partner"]._crm_refresh_rfm(today=today)
    cr.execute(STORED)
    stored = comparable(cr.fetchall())
    cr.execute(BARE_RFM, bare_params(env, today))
    bare = comparable(cr.fetchall())
    cr.execute("ROLLBACK TO SAVEPOINT rfm_check")
    env.invalidate_all()
    differing = [key for key in bare if bare[key] != stored.get(key)]
    if differing or len(bare) != len(stored):
        key = differing[0] if differing else None
        sys.exit(
            f"[bench] the refresh and the bare aggregate disagree on {len(differing)} "
            f"customers, e.g. {key}: {stored.get(key)} vs {bare.get(key)}"
        )
    return sum(1 for figures in stored.values() if figures[6])


def report(title, timings, counts):
    ratio = timings["refresh"] / timings["bare"]
    print(f"  {title}")
    print(
        f"    RFM + risk refresh {timings['refresh'] * 1000:9.1f} ms "
        f"({counts['written']} customers written)"
    )
    print(
        f"    bare aggregate     {timings['bare'] * 1000:9.1f} ms "
        f"({counts['bare_rows']} customers)"
    )
    print(f"    ratio              {ratio:9.2f}x  (target <= 1.00x)")
    print(
        f"    its SELECT alone   {timings['select'] * 1000:9.1f} ms "
        f"({timings['select'] / timings['bare']:.2f}x the bare aggregate)"
    )
    return ratio <= 1.0


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5 if name == "small" else 3
    today = datetime.date.today()
    with environment(database, config) as env:
        print(f"[bench] scale {name}, median of {repeat} runs")
        # the first run starts without figures, as on a database the refresh
        # never ran on (the migration to their table computes them): emptied
        # in this transaction, which the script rolls back
        env.cr.execute("TRUNCATE crm_lite_customer_rfm")
        segmented = check(env, today)
        print(f"  figures agree with the bare aggregate ({segmented} customers scored)")
        first = report(
            "first run (every customer written)", *measure(env, today, repeat)
        )
        env.cr.execute("SAVEPOINT today")
        env["res.partner"]._crm_refresh_rfm(today=today)
        steady = report(
            "a steady day (refreshed already)", *measure(env, today, repeat)
        )
        env.cr.rollback()
    return first and steady


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
