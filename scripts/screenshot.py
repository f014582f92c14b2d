"""Screenshots of crm_lite screens as a logged-in user, in headless Chromium.

Usage: python scripts/screenshot.py URL DB LOGIN PASSWORD OUT.png PATH [PATH...]
(each PATH like "/odoo/action-crm_lite.action_crm_customer"; one PNG per path,
numbered when there are several), in the user's own time zone (as their browser
would show it). Talks to Chromium over the DevTools protocol.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time

import requests
import websocket


def main(url, database, login, password, out, *paths):
    session = requests.Session()
    reply = session.post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": database, "login": login, "password": password},
        },
        timeout=30,
    ).json()
    if "error" in reply:
        sys.exit(f"login failed: {reply['error']}")
    sid = session.cookies["session_id"]
    user_tz = reply["result"].get("user_context", {}).get("tz")
    port = 9333
    profile = tempfile.mkdtemp()
    browser = subprocess.Popen(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={os.environ.get('SCREENSHOT_SIZE', '1400,900')}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{port}/json", timeout=2
                ).json()
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        counter = iter(range(1, 10**6))

        def send(method, **params):
            ident = next(counter)
            ws.send(json.dumps({"id": ident, "method": method, "params": params}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == ident:
                    return message.get("result", {})

        host = url.split("//", 1)[1].split(":")[0]
        if user_tz:
            send("Emulation.setTimezoneOverride", timezoneId=user_tz)
        send("Network.enable")
        send("Network.setCookie", name="session_id", value=sid, domain=host, path="/")
        for index, path in enumerate(paths, 1):
            send("Page.navigate", url=url + path)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                time.sleep(0.5)
                ready = send(
                    "Runtime.evaluate",
                    expression="!!document.querySelector('.o_view_controller')",
                )
                if ready.get("result", {}).get("value"):
                    break
            time.sleep(1.5)
            shot = send("Page.captureScreenshot", format="png")
            target = out if len(paths) == 1 else out.replace(".png", f"-{index}.png")
            with open(target, "wb") as handle:
                handle.write(base64.b64decode(shot["data"]))
            print(target)
    finally:
        browser.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:])
