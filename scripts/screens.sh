#!/usr/bin/env bash
# The screen walk (scripts/screen_walk.py): serves database $DB (created with
# crm_lite, its demo data and Chinese the first time, brought up to this
# checkout's code otherwise) on a free port, walks every crm_lite screen of
# every demo role in headless Chromium, then stops the server. PNGs and the
# report go to screens/; the exit status is the walk's. SCREENS_ROLES (logins,
# comma-separated) walks only those; SCREENS_MAX_SECONDS relaxes the 2 s limit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB=${DB:-crm_lite_screens}
PORT=${SCREENS_PORT:-$(free_port)}
OUT=${SCREENS_OUT:-$ROOT/screens}
mkdir -p "$ROOT/test-logs"
log=$ROOT/test-logs/screens-install.log
: >"$log"
if ! db_exists "$DB"; then
  echo "[screens] creating database $DB with crm_lite and its demo data (about two minutes)"
  "${ODOO_BIN[@]}" -d "$DB" -i crm_lite --load-language=zh_CN --stop-after-init \
    --logfile="$log" || { tail -50 "$log"; dropdb --if-exists "$DB"; exit 1; }
  check_log "$log" || { dropdb --if-exists "$DB"; exit 1; }
else
  echo "[screens] updating crm_lite in database $DB"
  "${ODOO_BIN[@]}" -d "$DB" -u crm_lite --stop-after-init --logfile="$log" \
    || { tail -50 "$log"; exit 1; }
  check_log "$log"
fi

server_log=$ROOT/test-logs/screens-server.log
: >"$server_log"
"${ODOO_BIN[@]}" -d "$DB" --db-filter="^$DB\$" --http-interface=127.0.0.1 \
  --http-port="$PORT" --logfile="$server_log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
url=http://127.0.0.1:$PORT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$url/web/login" && break
  kill -0 "$server" 2>/dev/null || { echo "[screens] Odoo stopped; see $server_log" >&2; exit 1; }
  sleep 0.5
done
echo "[screens] Odoo serves $DB on $url (log: test-logs/screens-server.log)"
"$VENV/bin/python" "$ROOT/scripts/screen_walk.py" --url "$url" --db "$DB" --out "$OUT" \
  --server-log "$server_log" ${SCREENS_ROLES:+--roles "$SCREENS_ROLES"}
