"""Shared helpers of the benchmarks: an Odoo environment on the bench
database, and a timer that reports the median of several runs."""

import contextlib
import os
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

SCALES = {
    # customers, confirmed orders
    "small": (5_000, 50_000),
    "full": (100_000, 1_000_000),
}


def scale():
    name = os.environ.get("SCALE", "small")
    if name not in SCALES:
        sys.exit(f"SCALE must be one of {', '.join(SCALES)}")
    return name, *SCALES[name]


_configured = []


@contextlib.contextmanager
def environment(database, config):
    # Odoo's configuration can be parsed once per process
    if not _configured:
        odoo.tools.config.parse_config(
            ["-c", config, "-d", database, "--log-level=warn"]
        )
        _configured.append((database, config))
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def median_seconds(run, repeat=5):
    """Median wall time of ``run()``; each run is rolled back by the caller."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def rolled_back(env, run, name="bench", invalidate=True):
    """``run`` wrapped in a savepoint rolled back after it, so that every
    run of a measurement meets the same data; the caches are emptied after
    each (``invalidate``) unless the measurement reads a record it keeps."""

    def attempt():
        env.cr.execute(f"SAVEPOINT {name}")
        try:
            return run()
        finally:
            env.cr.execute(f"ROLLBACK TO SAVEPOINT {name}")
            if invalidate:
                env.invalidate_all()

    return attempt
