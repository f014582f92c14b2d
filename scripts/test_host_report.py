"""Compares the logs of the host's test runs with and without crm_lite.

    test_host_report.py LITE_LOG[,LITE_LOG...] BARE_LOG[,BARE_LOG...]

Reads the logs Odoo wrote for one database with crm_lite installed first and
one without, and prints the tests run on each, the tests failing on each, and
the tests failing only with crm_lite. Exits 1 when a test fails only with
crm_lite (or runs only without it), 2 when a run crashed or ran no test, 0
otherwise.

Odoo logs a failing test as an ERROR line "FAIL: Class.method" or
"ERROR: Class.method" under the logger of the test's Python module, each test
it starts as "Starting Class.method ...", and ends every run with
"N failed, M error(s) of K tests". A test is named here by both, as
"odoo.addons.sale.tests.test_sale_order: TestSaleOrder.test_x", since the
class names alone repeat across modules.
"""

import re
import sys
from collections import Counter

# 2026-12-02 06:30:00,123 4242 ERROR host_lite_1 odoo.addons.x.tests.y: FAIL: C.m
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
STARTING = re.compile(r"^Starting (?P<test>\S+) \.\.\.$")
FAILING = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<test>.+)$")
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


class Run:
    """What one log says: tests started, tests failed, Odoo's own summary."""

    def __init__(self, path):
        self.path = path
        self.started = []
        self.failing = {}
        self.summary = None
        self.critical = []
        self.missing = False
        try:
            with open(path, encoding="utf-8", errors="replace") as log:
                for line in log:
                    self.read(line.rstrip())
        except FileNotFoundError:
            self.missing = True

    def read(self, line):
        match = LINE.match(line)
        if not match:
            return
        level, logger, message = match.group("level", "logger", "message")
        if level == "CRITICAL":
            self.critical.append(message)
        if summary := SUMMARY.search(message):
            # the last one counts: Odoo repeats the database's total at the end
            self.summary = tuple(int(n) for n in summary.groups())
        if level == "INFO" and ".tests." in logger:
            if started := STARTING.match(message):
                self.started.append(f"{logger}: {started['test']}")
        elif level == "ERROR" and (failing := FAILING.match(message)):
            # a class whose set-up fails is logged under unittest's logger,
            # its description naming the class
            test = failing["test"]
            if ".tests." in logger:
                test = f"{logger}: {test}"
            self.failing.setdefault(test, failing["kind"])

    def problems(self):
        """Why this run's results cannot be trusted, if they cannot."""
        if self.missing:
            return [f"{self.path}: no log (the run did not start)"]
        if self.critical:
            return [f"{self.path}: CRITICAL {message}" for message in self.critical]
        if self.summary is None:
            return [f"{self.path}: no test summary (the run stopped early?)"]
        if self.summary[2] == 0:
            return [f"{self.path}: no test ran"]
        return []


def module_of(test):
    """odoo.addons.sale.tests.test_x: C.m -> sale"""
    return test.split(".tests.")[0].split(".")[-1]


def describe(name, runs):
    tests = [test for run in runs for test in run.started]
    failing = {test: kind for run in runs for test, kind in run.failing.items()}
    per_module = Counter(module_of(test) for test in tests)
    print(f"== {name}: {len(tests)} tests run", end="")
    print(" (" + ", ".join(f"{m} {n}" for m, n in sorted(per_module.items())) + ")")
    for run in runs:
        if run.summary:
            failed, errors, total = run.summary
            print(f"   {run.path}: {failed} failed, {errors} error(s) of {total} tests")
        else:
            print(f"   {run.path}: no summary")
    print(f"== {name}: {len(failing)} failing")
    for test, kind in sorted(failing.items()):
        print(f"   {kind}: {test}")
    return set(tests), failing


def main(lite_logs, bare_logs):
    lite = [Run(path) for path in lite_logs.split(",")]
    bare = [Run(path) for path in bare_logs.split(",")]
    lite_tests, lite_failing = describe("with crm_lite", lite)
    bare_tests, bare_failing = describe("without crm_lite", bare)
    only_lite = sorted(set(lite_failing) - set(bare_failing))
    print(f"== failing only with crm_lite: {len(only_lite)}")
    for test in only_lite:
        print(f"   {lite_failing[test]}: {test}")
    # a test that runs without crm_lite but not with it (its module no longer
    # imports, its class no longer sets up) fails with crm_lite as surely
    not_run = sorted(bare_tests - lite_tests)
    if not_run:
        print(f"== run without crm_lite only: {len(not_run)}")
        for test in not_run:
            print(f"   {test}")
    if lite_tests - bare_tests:
        print(f"== run with crm_lite only: {len(lite_tests - bare_tests)}")
    problems = [problem for run in lite + bare for problem in run.problems()]
    for problem in problems:
        print(f"!! {problem}")
    if problems:
        return 2
    return 1 if only_lite or not_run else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
