"""A real Odoo server on a free loopback port, started and awaited: the
end-to-end checks (tests/conftest.py) and the load test (bench/load_test.py)
both drive one."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


class OdooDidNotStart(RuntimeError):
    pass


def start_odoo(database, config, log_path, extra_args=(), timeout=120):
    """Start Odoo serving only ``database`` and return ``(process, url)`` once
    its login page answers; raise OdooDidNotStart, the process stopped,
    otherwise."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    odoo_src = (ROOT / ".odoo-src").read_text().strip()
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                f"{odoo_src}/odoo-bin",
                "-c",
                config,
                "-d",
                database,
                f"--db-filter=^{database}$",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                *extra_args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise OdooDidNotStart(
                f"Odoo exited with {process.returncode}; see {log_path}"
            )
        try:
            if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                return process, url
        except (requests.ConnectionError, requests.Timeout):
            # not listening yet, or still loading the registry (its first
            # request takes longer than the timeout on a loaded machine)
            pass
        if time.monotonic() > deadline:
            stop_odoo(process)
            raise OdooDidNotStart(
                f"Odoo did not answer within {timeout} s; see {log_path}"
            )
        time.sleep(0.5)


def run_odoo(
    config, database, log_name, *arguments, script=None, tolerated=(), timeout=600
):
    """Run odoo-bin on ``database`` with ``arguments`` (its shell, fed
    ``script``, when given); fail when it fails or logs an ERROR other than
    the ``tolerated`` ones. Its log: test-logs/``log_name``.log."""
    odoo_src = (ROOT / ".odoo-src").read_text().strip()
    log = ROOT / "test-logs" / f"{log_name}.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text("")
    command = [sys.executable, f"{odoo_src}/odoo-bin"]
    if script is not None:
        command.append("shell")
    command += ["-c", str(config), "-d", database, f"--logfile={log}"]
    command += ["--no-http"] if script is not None else ["--stop-after-init"]
    finished = subprocess.run(
        command + list(arguments),
        input=script,
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    logged = log.read_text()
    assert finished.returncode == 0, finished.stderr[-2000:] + logged[-2000:]
    errors = [
        line
        for line in logged.splitlines()
        if " ERROR " in line and not any(known in line for known in tolerated)
    ]
    assert not errors, "\n".join(errors)


def stop_odoo(process, timeout=30):
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
