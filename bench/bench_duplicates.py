"""The 查重 check of one new customer beside a bare indexed lookup of the same
normalised keys, in one run on the bench data (every run rolled back).

The bench's customers have a phone and a tax ID and their contacts a mobile
(``generate.py``), so that each key's index holds one entry per customer.
The check (``res.partner._crm_check_duplicates``: normalised keys, one
statement over every customer and active contact, archived customers too)
is timed for a new customer that duplicates none, and for one that
duplicates an existing customer's phone (refused). Targets: the new
customer's check <= 30 ms and <= 1.5x the bare SELECT.
Usage: python bench/bench_duplicates.py DB CONFIG"""

import statistics
import sys

from common import environment, median_seconds, rolled_back, scale

from odoo.exceptions import ValidationError

LIMIT_MS, LIMIT_RATIO = 30.0, 1.5
BARE_LOOKUP = """
    SELECT id FROM res_partner
     WHERE crm_vat_key = %(vat)s
        OR crm_name_key = %(name)s
        OR crm_phone_key = ANY(%(phones)s)
        OR crm_mobile_key = ANY(%(phones)s)
"""


def measure(env, partner, repeat):
    """Median seconds of the check of ``partner`` and of the bare lookup of
    its keys; whether the check refused it."""
    keys = {
        "vat": partner.crm_vat_key,
        "name": partner.crm_name_key,
        "phones": [k for k in (partner.crm_phone_key, partner.crm_mobile_key) if k],
    }
    outcome = {}

    def check():
        try:
            partner._crm_check_duplicates()
            outcome["refused"] = False
        except ValidationError:
            outcome["refused"] = True

    def bare():
        env.cr.execute(BARE_LOOKUP, keys)
        env.cr.fetchall()

    for _ in range(3):  # warm the caches
        rolled_back(env, bare, invalidate=False)()
        rolled_back(env, check, invalidate=False)()
    # interleaved, so that the machine's other load weighs on both alike
    check_times, bare_times = [], []
    for _ in range(repeat):
        check_times.append(median_seconds(rolled_back(env, check, invalidate=False), 1))
        bare_times.append(median_seconds(rolled_back(env, bare, invalidate=False), 1))
    return (
        statistics.median(check_times),
        statistics.median(bare_times),
        outcome["refused"],
    )


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 101
    with environment(database, config) as env:
        env.cr.execute(
            "SELECT phone FROM res_partner WHERE customer_code LIKE 'KHBENCH%%' "
            "ORDER BY id DESC LIMIT 1"
        )
        taken_phone = env.cr.fetchone()[0]
        Partner = env["res.partner"]
        ok = True
        print(f"[bench] scale {name}, median of {repeat} runs")
        for title, phone, gated in (
            ("a new customer", "+86 137 9999 8888", True),
            ("a duplicate of a customer's phone", f"+86 {taken_phone}", False),
        ):
            env.cr.execute("SAVEPOINT bench_new_customer")
            partner = Partner.create(
                {
                    "name": "基准查重新客户有限公司",
                    "is_company": True,
                    "is_crm_customer": True,
                    "phone": "13799998888",
                    "vat": "91350100M000100Y43",
                }
            )
            partner.flush_recordset()
            # then the phone measured (a duplicate could not be created)
            env.cr.execute(
                "UPDATE res_partner SET phone = %s WHERE id = %s", [phone, partner.id]
            )
            partner.invalidate_recordset(["phone"])
            env.add_to_compute(Partner._fields["crm_phone_key"], partner)
            partner.flush_recordset()
            check, bare, refused = measure(env, partner, repeat)
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_new_customer")
            env.invalidate_all()
            ratio = check / bare
            verdict = ""
            if gated:
                passed = check * 1000 <= LIMIT_MS and ratio <= LIMIT_RATIO
                verdict = "ok" if passed else "TOO SLOW"
                ok = ok and passed
            print(
                f"[bench] 查重 of {title}: {check * 1000:.2f} ms "
                f"(refused: {refused}), bare indexed lookup {bare * 1000:.2f} ms, "
                f"ratio {ratio:.2f} {verdict}"
            )
        env.cr.rollback()
    print(
        f"[bench] target: the new customer's check <= {LIMIT_MS:.0f} ms and "
        f"<= {LIMIT_RATIO}x the bare lookup: {'ok' if ok else 'FAILED'}"
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
