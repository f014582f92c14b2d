"""The contribution analysis grouped by customer for one year, beside the
host's sale.report grouped the same way and a _read_group of amount_untaxed
on the raw sale orders with the same filter; through _read_group and through
the public read_group the pivot calls (which adds the customers' display
names). Targets: <= 0.5x sale.report and <= 1.3x the raw query.
Usage: python bench/bench_contribution.py DB CONFIG"""

import datetime
import sys

from common import environment, median_seconds, scale


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5 if name == "small" else 3
    year = datetime.date.today().year - 1
    next_day = datetime.datetime(year + 1, 1, 1)
    with environment(database, config) as env:
        queries = {
            "contribution": (
                env["crm_lite.report.contribution"],
                [
                    ("date", ">=", datetime.datetime(year, 1, 1)),
                    ("date", "<", next_day),
                ],
                "amount",
            ),
            "sale.report": (
                env["sale.report"],
                [
                    ("state", "=", "sale"),
                    ("date", ">=", datetime.datetime(year, 1, 1)),
                    ("date", "<", next_day),
                ],
                "price_subtotal",
            ),
            "raw sale.order": (
                env["sale.order"],
                [
                    ("state", "=", "sale"),
                    ("date_order", ">=", datetime.datetime(year, 1, 1)),
                    ("date_order", "<", next_day),
                ],
                "amount_untaxed",
            ),
        }
        results, totals = {}, {}
        for label, (model, domain, measure) in queries.items():

            def private(model=model, domain=domain, measure=measure, label=label):
                groups = model._read_group(domain, ["partner_id"], [f"{measure}:sum"])
                totals[label] = (len(groups), round(sum(a for _p, a in groups), 2))

            def public(model=model, domain=domain, measure=measure):
                model.read_group(domain, [f"{measure}:sum"], ["partner_id"], lazy=False)
                env.invalidate_all()

            private()  # warm the caches
            results[label] = (
                median_seconds(private, repeat),
                median_seconds(public, repeat),
            )
        env.cr.rollback()
    print(f"[bench] scale {name}, year {year}, median of {repeat} runs")
    for label, (private_s, public_s) in results.items():
        groups, total = totals[label]
        print(
            f"  {label:15} _read_group {private_s * 1000:8.1f} ms   "
            f"read_group {public_s * 1000:8.1f} ms   "
            f"({groups} customers, total {total:,.2f})"
        )
    ours, host, raw = (
        results[k] for k in ("contribution", "sale.report", "raw sale.order")
    )
    ok = True
    for index, api_name in enumerate(("_read_group", "read_group")):
        vs_host, vs_raw = ours[index] / host[index], ours[index] / raw[index]
        ok &= vs_host <= 0.5 and vs_raw <= 1.3
        print(
            f"  {api_name:11} contribution / sale.report {vs_host:5.2f}x "
            f"(target <= 0.50x)   / raw {vs_raw:5.2f}x (target <= 1.30x)"
        )
    if len({totals[k] for k in totals}) != 1:
        print(f"  the three disagree: {totals}")
        ok = False
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
