"""The contribution analysis grouped by customer for one year, beside the
host's sale.report grouped the same way and a _read_group of amount_untaxed
on the raw sale orders with the same filter; through _read_group and through
the public read_group the pivot calls (which adds the customers' display
names). Both analyses convert their amounts into the current company's
currency: measured once with the bench's one company (the host's currency
table is then a few VALUES), once with a second company in another currency
selected too (the host builds a temporary rate table for each query).
Targets: <= 0.5x sale.report (both times) and <= 1.3x the raw query.
Usage: python bench/bench_contribution.py DB CONFIG"""

import datetime
import sys

from common import environment, median_seconds, scale


def second_company(env):
    """A company in another currency than the bench's one, with a rate in
    the main company's table: selected beside it, the analyses convert
    through the host's temporary currency table. Rolled back at the end."""
    main = env.company
    other = env.ref(
        "base.EUR" if main.currency_id != env.ref("base.EUR") else "base.USD"
    )
    other.active = True
    company = env["res.company"].create(
        {"name": "Bench second company", "currency_id": other.id}
    )
    env["res.currency.rate"].create(
        {
            "currency_id": other.id,
            "company_id": main.id,
            "name": "2000-01-01",
            "rate": 0.9,
        }
    )
    return company


def measure(env, queries, repeat):
    """Median seconds of _read_group and of read_group per query, and the
    number of customers and the total each found."""
    results, totals = {}, {}
    for label, (model, domain, measure_field) in queries.items():
        model = model.with_env(env)

        def private(model=model, domain=domain, field=measure_field, label=label):
            groups = model._read_group(domain, ["partner_id"], [f"{field}:sum"])
            totals[label] = (len(groups), round(sum(a for _p, a in groups), 2))

        def public(model=model, domain=domain, field=measure_field):
            model.read_group(domain, [f"{field}:sum"], ["partner_id"], lazy=False)
            env.invalidate_all()

        private()  # warm the caches
        results[label] = (
            median_seconds(private, repeat),
            median_seconds(public, repeat),
        )
    return results, totals


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5 if name == "small" else 3
    year = datetime.date.today().year - 1
    first_day, next_day = (
        datetime.datetime(year, 1, 1),
        datetime.datetime(year + 1, 1, 1),
    )
    with environment(database, config) as env:
        queries = {
            "contribution": (
                env["crm_lite.report.contribution"],
                [("date", ">=", first_day), ("date", "<", next_day)],
                "amount",
            ),
            "sale.report": (
                env["sale.report"],
                [
                    ("state", "=", "sale"),
                    ("date", ">=", first_day),
                    ("date", "<", next_day),
                ],
                "price_subtotal",
            ),
            "raw sale.order": (
                env["sale.order"],
                [
                    ("state", "=", "sale"),
                    ("date_order", ">=", first_day),
                    ("date_order", "<", next_day),
                ],
                "amount_untaxed",
            ),
        }
        results, totals = measure(env, queries, repeat)
        # the bench's orders are all the main company's: selecting a second
        # company changes the rate table, not the figures
        company = second_company(env)
        two = env(
            context=dict(env.context, allowed_company_ids=[env.company.id, company.id])
        )
        converting = {k: queries[k] for k in ("contribution", "sale.report")}
        multi, multi_totals = measure(two, converting, repeat)
        results.update({f"{k} (2 cur.)": v for k, v in multi.items()})
        totals.update({f"{k} (2 cur.)": v for k, v in multi_totals.items()})
        env.cr.rollback()
    print(f"[bench] scale {name}, year {year}, median of {repeat} runs")
    for label, (private_s, public_s) in results.items():
        groups, total = totals[label]
        print(
            f"  {label:26} _read_group {private_s * 1000:8.1f} ms   "
            f"read_group {public_s * 1000:8.1f} ms   "
            f"({groups} customers, total {total:,.2f})"
        )
    ours, host, raw = (
        results[k] for k in ("contribution", "sale.report", "raw sale.order")
    )
    ours_multi, host_multi = (
        results[k] for k in ("contribution (2 cur.)", "sale.report (2 cur.)")
    )
    ok = True
    for index, api_name in enumerate(("_read_group", "read_group")):
        vs_host, vs_raw = ours[index] / host[index], ours[index] / raw[index]
        vs_host_multi = ours_multi[index] / host_multi[index]
        ok &= vs_host <= 0.5 and vs_raw <= 1.3 and vs_host_multi <= 0.5
        print(
            f"  {api_name:11} contribution / sale.report {vs_host:5.2f}x "
            f"(target <= 0.50x)   / raw {vs_raw:5.2f}x (target <= 1.30x)   "
            f"2 currencies / sale.report {vs_host_multi:5.2f}x (target <= 0.50x)"
        )
    if len(set(totals.values())) != 1:
        print(f"  they disagree: {totals}")
        ok = False
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
