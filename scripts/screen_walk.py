"""The screen walk: every crm_lite screen of every demo role, in headless Chromium.

Usage: python scripts/screen_walk.py --url URL --db DB [--out screens]
       [--roles crm_manager1,...] [--max-seconds 2.0] [--server-log odoo.log]

For each demo login (password = login) it asks the server, as that user, for
the menus of the crm_lite app (root crm_lite.menu_root) and for each leaf
menu's action. It opens each menu as a click would (the web client's menu
service), then every other view type of the action through the view switcher,
then the form of the first record by clicking it, and saves one PNG per screen
as OUT/<login>/NN-<menu path>-<view type>.png. Dialog actions (target new) are
shot as dialogs and closed; report, server and URL actions are skipped with a
note: running them would print or change data.

A screen fails when it shows an error dialog or a danger notification, when
the page logs a console error or throws, when it takes longer than
--max-seconds (env SCREENS_MAX_SECONDS, default 2.0) from the click to ready
(the view rendered, no RPC or other request in flight, no blocked UI, no
pending rendering), when a record's form opens with unsaved changes, or when
the server logs an ERROR while it is shown (--server-log). Everything is in
OUT/report.txt and OUT/report.json; the exit status is 1 when any screen
failed. Talks to Chromium over the DevTools protocol (requests and
websocket-client only).
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROLES = ["crm_manager1", "crm_manager2", "crm_supervisor", "crm_executive", "crm_admin"]
ROOT_MENU = "crm_lite.menu_root"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTH, HEIGHT = 1400, 900
STEP_TIMEOUT = 30.0
SETTLE = 0.3  # after ready, before the shot (fades); not counted in the timing
SETTLE_GRAPH = 0.9  # Chart.js animates the first drawing
MULTI_VIEWS = ("list", "kanban", "pivot", "graph", "calendar", "activity")
SERVER_PROBLEM = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) ")

# Console noise that is not a defect of a screen. Each entry says why; keep it short.
IGNORED_CONSOLE = [
    # None so far: every console error the walk has met pointed at a real defect.
]

# In-page helper, installed once the web client has started: it keeps the RPCs
# in flight and the RPC errors, and marks the screen shown before a click.
HELPER_JS = """
(() => {
    if (window.__walk) return true;
    const modules = odoo.loader.modules;
    const { rpcBus } = modules.get("@web/core/network/rpc");
    const { App } = modules.get("@odoo/owl");
    const env = odoo.__WOWL_DEBUG__.root.env;
    const walk = { pending: new Map(), rpcErrors: [], env };
    rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => {
        walk.pending.set(detail.data.id, detail.url);
    });
    rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => {
        const url = walk.pending.get(detail.data.id);
        walk.pending.delete(detail.data.id);
        if (detail.error) {
            const { data, name, message } = detail.error;
            const what = `${data?.name || name}: ${data?.message || message}`;
            walk.rpcErrors.push(`${url}: ${what}`);
        }
    });
    walk.tasks = () => [...App.apps].reduce((n, a) => n + a.scheduler.tasks.size, 0);
    walk.mark = () => {
        const shown = document.querySelectorAll(".o_action_manager > *, .o_dialog");
        shown.forEach((el) => (el.dataset.walkOld = "1"));
        walk.rpcErrors = [];
    };
    window.__walk = walk;
    return true;
})()
"""

# Where a step is ready: the element that proves it and whether the page is busy.
STATE_JS = """
((target) => {
    const walk = window.__walk;
    const q = (sel) => document.querySelector(sel);
    const errorDialog = q(".o_error_dialog");
    const notifications = [...document.querySelectorAll(".o_notification")]
        .filter((n) => n.querySelector(".text-danger, .bg-danger")
                       || n.className.includes("danger"))
        .map((n) => n.innerText.trim());
    const busy = [];
    if (walk.pending.size) busy.push("RPC " + [...walk.pending.values()].join(", "));
    if (walk.tasks()) busy.push("rendering");
    if (q(".o_blockUI")) busy.push("blocked UI");
    if (q(".o_loading_indicator")) busy.push("loading indicator");
    let error = null;
    if (errorDialog) {
        // Unfold the technical details: the PNG and the report show the traceback.
        const unfold = errorDialog.querySelector(".modal-body .btn-link");
        if (unfold && !errorDialog.querySelector(".o_error_detail")) unfold.click();
        const title = errorDialog.querySelector(".modal-title")?.innerText || "";
        const body = errorDialog.querySelector(".modal-body")?.innerText || "";
        error = `${title}: ${body}`;
    }
    return {
        found: !!q(target),
        busy,
        error,
        notifications,
        rpcErrors: walk.rpcErrors,
    };
})
"""

# What the screen shows, for the report (rows, cards, empty helper, sample data).
CONTENT_JS = """
(() => {
    const q = (sel) => document.querySelector(sel);
    const scope = q(".o_dialog:not([data-walk-old]) .modal-content")
        || q(".o_action_manager > .o_action:not([data-walk-old])")
        || document;
    const count = (sel) => scope.querySelectorAll(sel).length;
    const content = {
        title: [...document.querySelectorAll(".o_breadcrumb .o_last_breadcrumb_item, "
            + ".o_dialog .modal-title")].map((e) => e.innerText.trim()).join(" / "),
        rows: count(".o_data_row"),
        cards: count(".o_kanban_record:not(.o_kanban_ghost)"),
        pivot_cells: count(".o_pivot_cell_value"),
        charts: count("canvas"),
        empty: !!scope.querySelector(".o_view_nocontent"),
        sample: !!scope.querySelector(".o_view_sample_data"),
    };
    const pager = scope.querySelector(".o_pager_counter");
    if (pager) content.pager = pager.innerText.trim();
    return content;
})()
"""

# Opens the first record of the list (or kanban) shown: a click on a plain cell.
OPEN_FIRST_JS = """
(() => {
    const scope = document.querySelector(".o_action_manager > .o_action");
    if (!scope || scope.querySelector(".o_view_sample_data")) return "no record";
    const row = scope.querySelector(".o_data_row");
    if (row) {
        const cells = [...row.querySelectorAll("td.o_data_cell")];
        const plain = cells.find((td) => ![...td.classList].some(
            (c) => c.endsWith("_cell") && c !== "o_data_cell" && c !== "o_field_cell"));
        const cell = plain || cells[0];
        if (!cell) return "no cell";
        cell.click();
        return "row";
    }
    const card = scope.querySelector(".o_kanban_record:not(.o_kanban_ghost)");
    if (card) {
        card.click();
        return "card";
    }
    const group = scope.querySelector(".o_group_header:not(.o_group_open)");
    if (group) {
        group.click();
        return "group";
    }
    return "no record";
})()
"""

# An existing record's form with its save/discard buttons shown has unsaved changes.
DIRTY_JS = """
(() => {
    const form = document.querySelector(".o_action_manager > .o_action");
    const indicator = form && form.querySelector(
        ".o_form_status_indicator:not(.o_form_status_indicator_new_record)"
        + " .o_form_status_indicator_buttons:not(.invisible)");
    if (!indicator) return false;
    indicator.querySelector(".o_form_button_cancel")?.click();
    return true;
})()
"""


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "menu"


class Chromium:
    """A headless Chromium on a DevTools port of its own choosing."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="screen-walk-")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--hide-scrollbars",
                "--lang=zh-CN",
                "--accept-lang=zh-CN,zh",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().split()) == 2):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                sys.exit("[screens] Chromium did not start")
            time.sleep(0.1)
        port, path = port_file.read_text().split()
        self.base = f"ws://127.0.0.1:{port}"
        self.browser = Cdp(f"{self.base}{path}")

    def new_page(self):
        """A page in a browser context of its own: cookies and storage apart."""
        context = self.browser.send("Target.createBrowserContext")["browserContextId"]
        target = self.browser.send(
            "Target.createTarget", url="about:blank", browserContextId=context
        )["targetId"]
        return Page(Cdp(f"{self.base}/devtools/page/{target}"), context)

    def drop_context(self, context):
        self.browser.send("Target.disposeBrowserContext", browserContextId=context)

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Cdp:
    """One DevTools websocket: commands wait for their answer, events are kept."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(
            ws_url, timeout=STEP_TIMEOUT * 2, suppress_origin=True
        )
        self.last = 0
        self.events = []

    def send(self, method, **params):
        self.last += 1
        ident = self.last
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def take_events(self):
        events, self.events = self.events, []
        return events


class Page:
    """A page of one role: what it logged, what it is loading."""

    def __init__(self, cdp, context):
        self.cdp = cdp
        self.context = context
        self.inflight = {}
        self.console = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.send(f"{domain}.enable")
        cdp.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        cdp.send("Emulation.setLocaleOverride", locale="zh-CN")
        cdp.send("Emulation.setTimezoneOverride", timezoneId="Asia/Shanghai")

    def evaluate(self, expression, await_promise=False):
        reply = self.cdp.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=await_promise,
        )
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details["text"]
            raise RuntimeError(f"walk script failed in the page: {text}")
        self.digest()
        return reply["result"].get("value")

    def digest(self):
        """Sort the events that arrived: console errors, requests in flight."""
        for event in self.cdp.take_events():
            method, params = event["method"], event["params"]
            if method == "Network.requestWillBeSent":
                # A worker's own script (Odoo's bus) has no loader: it lives
                # beside the page and its loading is never reported finished.
                url = params["request"]["url"]
                if url.startswith(("http:", "https:")) and params.get("loaderId"):
                    self.inflight[params["requestId"]] = url
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                self.inflight.pop(params["requestId"], None)
            elif method == "Page.javascriptDialogOpening":
                self.console.append(f"browser dialog: {params['message']}")
                self.cdp.send("Page.handleJavaScriptDialog", accept=True)
            else:
                message = console_error(method, params)
                if message and not any(
                    re.search(pattern, message) for pattern, _why in IGNORED_CONSOLE
                ):
                    self.console.append(message)

    def take_console(self):
        self.digest()
        messages, self.console = self.console, []
        return messages

    def navigate(self, url):
        self.cdp.send("Page.navigate", url=url)

    def screenshot(self, path):
        shot = self.cdp.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


def console_error(method, params):
    """The text of a console error, an uncaught exception or an error log entry."""
    if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
        parts = [
            str(arg.get("value", arg.get("description", arg.get("type"))))
            for arg in params.get("args", [])
        ]
        return "console.error: " + " ".join(parts)[:2000]
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details["text"]
        return f"uncaught: {text}"[:2000]
    if method == "Log.entryAdded" and params["entry"]["level"] == "error":
        entry = params["entry"]
        return f"log: {entry['text']} {entry.get('url', '')}".strip()[:2000]
    return None


class Server:
    """Odoo as one demo user, over JSON-RPC; and the server log, read as it grows."""

    def __init__(self, url, database, log_path):
        self.url = url
        self.database = database
        self.log_path = Path(log_path) if log_path else None
        self.log_offset = self.log_path.stat().st_size if self.log_path else 0

    def login(self, login):
        session = requests.Session()
        reply = session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": self.database, "login": login, "password": login},
            },
            timeout=60,
        ).json()
        if "error" in reply or not reply.get("result", {}).get("uid"):
            raise RuntimeError(f"login {login} failed: {reply.get('error')}")
        return session

    def rpc(self, session, path, **params):
        reply = session.post(
            f"{self.url}{path}", json={"jsonrpc": "2.0", "params": params}, timeout=60
        ).json()
        if "error" in reply:
            raise RuntimeError(f"{path}: {reply['error']['data']['message']}")
        return reply["result"]

    def crm_menus(self, session):
        """The apps this user has, and the leaf menus of crm_lite, in the
        navbar's order: each with its path of names (the user's language and
        English) and its action."""
        menus = session.get(
            f"{self.url}/web/webclient/load_menus/{int(time.time())}", timeout=60
        ).json()
        apps = [menus[str(i)]["name"] for i in menus["root"]["children"]]
        app = next((m for m in menus.values() if m.get("xmlid") == ROOT_MENU), None)
        if app is None:
            return apps, []
        english = {
            m["id"]: m["name"]
            for m in self.rpc(
                session,
                "/web/dataset/call_kw",
                model="ir.ui.menu",
                method="read",
                args=[[int(i) for i in menus if str(i).isdigit()], ["name"]],
                kwargs={"context": {"lang": "en_US"}},
            )
        }
        leaves = []

        def visit(menu, names, names_en):
            names, names_en = names + [menu["name"]], names_en + [english[menu["id"]]]
            if menu.get("actionID"):
                leaves.append({**menu, "path": names, "path_en": names_en})
            for child in menu["children"]:
                visit(menus[str(child)], names, names_en)

        for child in app["children"]:
            visit(menus[str(child)], [], [])
        for leaf in leaves:
            leaf["action"] = self.rpc(
                session, "/web/action/load", action_id=leaf["actionID"]
            )
        return apps, leaves

    def new_log_problems(self):
        """ERROR and CRITICAL lines the server logged since the last call."""
        if not self.log_path:
            return []
        with open(self.log_path, errors="replace") as log:
            log.seek(self.log_offset)
            text = log.read()
            self.log_offset = log.tell()
        # A problem's entry: its line, then its traceback's last line (the error).
        entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,)", text)
        return [
            "server: "
            + one_line(entry.splitlines()[0])
            + (f" ... {one_line(entry.splitlines()[-1])}" if "\n" in entry else "")
            for entry in entries
            if SERVER_PROBLEM.match(entry)
        ]


class Walk:
    """One role's walk through its screens, in one page."""

    def __init__(self, page, server, login, out, max_seconds):
        self.page = page
        self.server = server
        self.login = login
        self.out = out
        self.max_seconds = max_seconds
        self.screens = []
        self.apps = []
        self.number = 0

    # -- waiting ---------------------------------------------------------
    def wait_ready(self, target, start=None):
        """Wait until ``target`` (a CSS selector) is on screen and nothing is
        loading; return (seconds, problems), the seconds counted from ``start``
        (default: now)."""
        start = time.monotonic() if start is None else start
        problems = []
        last = None
        while time.monotonic() - start < STEP_TIMEOUT:
            state = self.page.evaluate(f"({STATE_JS})({json.dumps(target)})")
            if state["error"]:
                problems.append("error dialog: " + one_line(state["error"], 600))
                break
            if state["found"] and not state["busy"] and not self.page.inflight:
                break
            last = state["busy"] + list(self.page.inflight.values())
            time.sleep(0.02)
        else:
            problems.append(
                f"not ready after {STEP_TIMEOUT:.0f} s"
                + (f" (waiting for {', '.join(last)[:300]})" if last else "")
                + ("" if state["found"] else f" (no {target})")
            )
        return time.monotonic() - start, problems

    def trigger(self, expression, target):
        """Run ``expression`` in the page (a click), timed until ``target`` is ready."""
        self.page.evaluate("window.__walk.mark()")
        start = time.monotonic()
        self.page.evaluate(expression)
        return self.wait_ready(target, start)

    # -- a screen --------------------------------------------------------
    def record(self, leaf, view, seconds, problems, notes=()):
        """Settle, shoot, and note what failed on this screen."""
        time.sleep(SETTLE_GRAPH if view == "graph" else SETTLE)
        state = self.page.evaluate(f"({STATE_JS})('body')")
        if state["error"]:  # now with its technical details unfolded
            problems = [p for p in problems if not p.startswith("error dialog")]
            problems.append("error dialog: " + one_line(state["error"], 600))
        problems = list(problems)
        problems += [
            f"danger notification: {one_line(n)}" for n in state["notifications"]
        ]
        problems += [f"RPC error: {one_line(e)}" for e in state["rpcErrors"]]
        if seconds > self.max_seconds:
            problems.append(f"slow: {seconds:.2f} s > {self.max_seconds:.2f} s")
        self.number += 1
        name = f"{self.number:02d}-{slug('-'.join(leaf['path_en']))}-{view}.png"
        path = self.out / name
        self.page.screenshot(path)
        problems += self.page.take_console()
        problems += self.server.new_log_problems()
        if state["error"]:
            self.close_dialogs()
        screen = {
            "role": self.login,
            "file": str(path),
            "menu": " / ".join(leaf["path"]),
            "menu_en": " / ".join(leaf["path_en"]),
            "menu_xmlid": leaf.get("xmlid"),
            "action": leaf["action"].get("xml_id") or leaf.get("actionID"),
            "view": view,
            "seconds": round(seconds, 3),
            "content": self.page.evaluate(CONTENT_JS),
            "problems": problems,
            "notes": list(notes),
        }
        self.screens.append(screen)
        flag = "FAIL" if problems else "ok"
        print(
            f"[screens] {self.login} {name} {seconds:.2f} s {flag}"
            + "".join(f"\n          - {p}" for p in problems),
            flush=True,
        )
        return screen

    def skip(self, leaf, why):
        self.screens.append(
            {
                "role": self.login,
                "file": None,
                "menu": " / ".join(leaf["path"]),
                "menu_en": " / ".join(leaf["path_en"]),
                "menu_xmlid": leaf.get("xmlid"),
                "action": leaf["action"].get("xml_id") or leaf["actionID"],
                "view": None,
                "seconds": None,
                "content": {},
                "problems": [],
                "notes": [why],
            }
        )
        print(f"[screens] {self.login} skipped {' / '.join(leaf['path'])}: {why}")

    # -- the walk --------------------------------------------------------
    def start(self, url):
        """Load the web client (not timed: a first load builds the assets)."""
        self.page.navigate(f"{url}/odoo")
        deadline = time.monotonic() + 120
        while not self.page.evaluate(
            "!!(window.odoo && odoo.__WOWL_DEBUG__ && odoo.__WOWL_DEBUG__.root"
            " && document.querySelector('.o_main_navbar'))"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("the web client did not start within 120 s")
            time.sleep(0.2)
        self.page.evaluate(HELPER_JS)
        self.wait_ready(".o_main_navbar")
        problems = self.page.take_console() + self.server.new_log_problems()
        return problems

    def open_menu(self, leaf):
        action = leaf["action"]
        kind = action["type"]
        select = f"window.__walk.env.services.menu.selectMenu({leaf['id']})"
        if kind == "ir.actions.act_window" and action.get("target") == "new":
            seconds, problems = self.trigger(
                select, ".o_dialog:not([data-walk-old]) .modal-body > *"
            )
            self.record(leaf, "dialog", seconds, problems)
            self.close_dialogs()
        elif kind == "ir.actions.act_window":
            self.walk_views(leaf, select)
        elif kind == "ir.actions.client":
            seconds, problems = self.trigger(
                select, ".o_action_manager > .o_action:not([data-walk-old])"
            )
            self.record(leaf, action.get("tag", "client"), seconds, problems)
        else:
            self.skip(leaf, f"{kind}: not opened (it would print or change data)")

    def walk_views(self, leaf, select):
        views = [view_type for _view_id, view_type in leaf["action"]["views"]]
        first = views[0]
        seconds, problems = self.trigger(select, view_target(first))
        self.record(leaf, first, seconds, problems)
        if problems and any(
            p.startswith(("error dialog", "not ready")) for p in problems
        ):
            self.close_dialogs()
            return
        current = first
        for view in views[1:]:
            if view == "form" or view not in MULTI_VIEWS:
                continue
            self.switch(leaf, view)
            current = view
        if "form" in views and first != "form":
            self.open_first_record(leaf, views, current)

    def switch(self, leaf, view, shoot=True):
        button = f".o_cp_switch_buttons .o_switch_view.o_{view}"
        if not self.page.evaluate(f"!!document.querySelector({json.dumps(button)})"):
            problems = [f"the action offers {view} but the view switcher has no {view}"]
            return self.record(leaf, view, 0.0, problems)
        seconds, problems = self.trigger(
            f"document.querySelector({json.dumps(button)}).click()", view_target(view)
        )
        if shoot or problems:
            return self.record(leaf, view, seconds, problems)
        return None

    def open_first_record(self, leaf, views, current):
        notes = []
        source = "list" if "list" in views else "kanban" if "kanban" in views else None
        if source is None:
            return self.skip(leaf, "form: no list or kanban to open a record from")
        if current != source:
            self.switch(leaf, source, shoot=False)
            notes.append(f"opened from the {source} view")
        for _ in range(3):  # a grouped list: unfold its first group
            self.page.evaluate("window.__walk.mark()")
            start = time.monotonic()
            how = self.page.evaluate(OPEN_FIRST_JS)
            if how != "group":
                break
            notes.append("first group unfolded")
            self.wait_ready(".o_action .o_data_row, .o_action .o_group_header")
        if how not in ("row", "card"):
            return self.skip(leaf, f"form: {how} in the {source} view")
        seconds, problems = self.wait_ready(view_target("form"), start)
        time.sleep(SETTLE)
        if self.page.evaluate(DIRTY_JS):
            problems.append("the form has unsaved changes right after opening")
        return self.record(leaf, "form", seconds, problems, notes)

    def close_dialogs(self):
        """Close what a screen left open: dialogs (error ones too)."""
        for _ in range(5):
            if not self.page.evaluate("!!document.querySelector('.o_dialog')"):
                return
            self.page.evaluate(
                "document.querySelector('.o_dialog .btn-close, "
                ".o_dialog .modal-footer .btn-secondary')?.click()"
            )
            time.sleep(0.3)

    def run(self, url):
        problems = self.start(url)
        if problems:
            leaf = {"path": ["home"], "path_en": ["home"], "action": {}, "actionID": 0}
            self.record(leaf, "start", 0.0, problems)
        session = self.server.login(self.login)
        self.apps, leaves = self.server.crm_menus(session)
        print(f"[screens] {self.login}: apps {', '.join(self.apps)}")
        if not leaves:
            leaf = {"path": ["crm_lite"], "path_en": ["crm-lite"], "action": {}}
            self.record(leaf, "menu", 0.0, [f"{self.login} has no {ROOT_MENU} menu"])
        for leaf in leaves:
            try:
                self.open_menu(leaf)
            except (RuntimeError, websocket.WebSocketException) as error:
                self.record(leaf, "error", 0.0, [f"the walk itself failed: {error}"])
                self.close_dialogs()
        return self.screens


def view_target(view):
    """The new action's element showing a view of this type, rendered."""
    new = ".o_action_manager > .o_action:not([data-walk-old])"
    return f"{new}.o_{view}_view, {new} .o_{view}_view"


def one_line(text, limit=300):
    return re.sub(r"\s+", " ", text).strip()[:limit]


def write_report(out, screens, apps, max_seconds):
    (out / "report.json").write_text(
        json.dumps(
            {"max_seconds": max_seconds, "apps": apps, "screens": screens},
            indent=1,
            ensure_ascii=False,
        )
    )
    lines = [f"{login}: apps {', '.join(names)}" for login, names in apps.items()]
    lines.append(f"{'role':15} {'seconds':>7}  status  screen  (menu, content)")
    for s in screens:
        status = "FAIL" if s["problems"] else ("skip" if s["file"] is None else "ok")
        seconds = "" if s["seconds"] is None else f"{s['seconds']:.2f}"
        name = Path(s["file"]).name if s["file"] else "-"
        content = s["content"]
        shown = ", ".join(f"{k} {v}" for k, v in content.items() if v and k != "title")
        lines.append(
            f"{s['role']:15} {seconds:>7}  {status:6}  {name}  ({s['menu']}; {shown})"
        )
        lines += [f"{'':25}problem: {p}" for p in s["problems"]]
        lines += [f"{'':25}note: {n}" for n in s["notes"]]
    (out / "report.txt").write_text("\n".join(lines) + "\n")


def summary(screens, max_seconds):
    shot = [s for s in screens if s["file"] and s["seconds"] is not None]
    roles = {}
    for s in shot:
        roles[s["role"]] = roles.get(s["role"], 0) + 1
    print(
        f"[screens] {len(shot)} screens: "
        + ", ".join(f"{role} {count}" for role, count in roles.items())
    )
    if shot:
        slowest = max(shot, key=lambda s: s["seconds"])
        print(
            f"[screens] slowest: {slowest['role']}/{Path(slowest['file']).name} "
            f"{slowest['seconds']:.2f} s (limit {max_seconds:.2f} s)"
        )
    skipped = [s for s in screens if s["file"] is None]
    for s in skipped:
        print(f"[screens] skipped: {s['role']} {s['menu']}: {'; '.join(s['notes'])}")
    failed = [s for s in screens if s["problems"]]
    for s in failed:
        name = Path(s["file"]).name if s["file"] else s["menu"]
        print(f"[screens] FAILED {s['role']}/{name}:")
        for problem in s["problems"]:
            print(f"            {problem}")
    print(f"[screens] {len(failed)} failed" if failed else "[screens] no failure")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="screens")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=float(os.environ.get("SCREENS_MAX_SECONDS", "2.0")),
    )
    parser.add_argument("--server-log", help="Odoo's log file, to catch its errors")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = Server(args.url.rstrip("/"), args.db, args.server_log)
    browser = Chromium()
    screens, apps = [], {}
    try:
        for login in args.roles.split(","):
            folder = out / login
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            page = browser.new_page()
            page.cdp.send(
                "Network.setCookie",
                name="session_id",
                value=server.login(login).cookies["session_id"],
                url=args.url,
            )
            walk = Walk(page, server, login, folder, args.max_seconds)
            try:
                walk.run(args.url.rstrip("/"))
            except (RuntimeError, OSError, websocket.WebSocketException) as error:
                # This role's walk stopped: say so, and walk the next role.
                leaf = {"path": ["walk"], "path_en": ["walk"], "action": {}}
                walk.record(leaf, "stopped", 0.0, [f"the walk stopped: {error}"])
            screens += walk.screens
            apps[login] = walk.apps
            browser.drop_context(page.context)
    finally:
        browser.close()
        write_report(out, screens, apps, args.max_seconds)
    print(f"[screens] PNGs and report.txt in {out}/")
    return summary(screens, args.max_seconds)


if __name__ == "__main__":
    sys.exit(main())
