"""The daily reminders cron (key dates incl. lunar birthdays, first-order
anniversaries, follow-ups, escalation) at the bench's scale: 100k customers
with a contact each, each contact with a birthday (every other one lunar).
Target: at most 1 s absolute, on the first run and on a day of steady
operation (yesterday's run done), the median of a few rolled-back runs.
Usage: python bench/bench_reminders.py DB CONFIG"""

import datetime
import sys

from common import environment, median_seconds, rolled_back, scale

TARGET_SECONDS = 1.0


def measure(env, today, repeat):
    Reminder = env["crm_lite.reminder"]
    counts = {}

    def run():
        counts["todos"] = len(Reminder._cron_send_reminders(today=today))

    rolled_back(env, run)()  # warm the caches
    seconds = median_seconds(rolled_back(env, run), repeat)
    return seconds, counts["todos"]


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5
    today = datetime.date.today()
    with environment(database, config) as env:
        env.cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE lunar) FROM crm_lite_key_date"
        )
        total, lunar = env.cr.fetchone()
        print(
            f"[bench] reminders, scale {name}: {total} key dates ({lunar} lunar), "
            f"median of {repeat} runs"
        )
        ok = True
        for title, first in (("first run", True), ("a steady day", False)):
            if not first:
                env.cr.execute("SAVEPOINT yesterday")
                env["crm_lite.reminder"]._cron_send_reminders(
                    today=today - datetime.timedelta(days=1)
                )
            seconds, todos = measure(env, today, repeat)
            print(
                f"  {title:14s} {seconds * 1000:9.1f} ms ({todos} to-dos)  "
                f"(target <= {TARGET_SECONDS * 1000:.0f} ms)"
            )
            ok = ok and seconds <= TARGET_SECONDS
        # the Today screen of one account manager (a tenth of the customers):
        # reported, no target
        manager = env["res.users"].search([("login", "=", "bench_manager_1")])
        if manager:
            Agenda = env["crm_lite.agenda"].with_user(manager)
            fields = ["date", "kind", "partner_id", "name", "owner_id"]
            rows = {}

            def screen():
                rows["count"] = len(Agenda.search_read([], fields, limit=80))

            seconds = median_seconds(rolled_back(env, screen), repeat)
            print(
                f"  Today screen   {seconds * 1000:9.1f} ms ({rows['count']} rows "
                "of one account manager, first page)"
            )
        env.cr.rollback()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
