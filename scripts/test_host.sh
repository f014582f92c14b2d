#!/usr/bin/env bash
# The host's own tests with and without crm_lite. Two fresh databases get the
# host modules crm_lite depends on, with the host's demo data (which its tests
# expect); one then gets crm_lite. On both, installs Odoo's crm, sale_crm and
# contacts with their own tests, then runs the post-install tests of sale and
# sale_management on the installed database, and prints the tests failing
# only with crm_lite: exits 1 if there are any, 2 if a run crashed or ran no
# test, 0 otherwise.
#
# crm_lite comes with its demo: Odoo 18 gives every module installed into a
# database with demo data its demo too (--without-demo only counts when the
# database is created). The databases go one after the other (each run keeps
# a core busy), or side by side with HOST_PARALLEL=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
LOGS=$ROOT/test-logs
mkdir -p "$LOGS"
LITE_DB=host_lite_$$
BARE_DB=host_bare_$$
INSTALL_TAGS=/crm,/sale_crm,/contacts
# on an installed database, --test-enable runs the at_install tests of every
# module as it loads and then the post_install ones: -at_install keeps these
SALE_TAGS=/sale,/sale_management,-at_install
jobs_started=()

cleanup() {
  for job in "${jobs_started[@]}"; do kill "$job" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in "$LITE_DB" "$BARE_DB"; do
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$ROOT/.odoo-data/filestore/$db"
  done
}
trap cleanup EXIT

# The host modules crm_lite depends on, from its manifest: both databases get
# them first, so that crm_lite is the only difference between the two.
depends=$("$VENV/bin/python" -c '
import ast, sys
print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' crm_lite/__manifest__.py)

odoo() {
  local log=$1
  shift
  : >"$log"
  "${ODOO_BIN[@]}" --http-port="$(free_port)" --workers=0 --max-cron-threads=0 \
    --stop-after-init --logfile="$log" "$@"
}

# Odoo appends to its log file: each run starts a new one, and a run that does
# not happen leaves no log of an earlier one
rm -f "$LOGS"/host-*.log
step() { printf '[test-host] %s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# One database's runs; its logs are test-logs/host-<kind>-*.log.
run_db() {
  local kind=$1 db=$2 t0=$SECONDS status=0
  step "$kind: installing $depends into $db (demo data, no tests)"
  odoo "$LOGS/host-$kind-install.log" -d "$db" -i "$depends" \
    || { tail -40 "$LOGS/host-$kind-install.log"; return 2; }
  check_log "$LOGS/host-$kind-install.log" || return 2
  if [ "$kind" = lite ]; then
    step "$kind: installing crm_lite (no tests)"
    odoo "$LOGS/host-$kind-crm_lite.log" -d "$db" -i crm_lite \
      || { tail -40 "$LOGS/host-$kind-crm_lite.log"; return 2; }
    check_log "$LOGS/host-$kind-crm_lite.log" || return 2
  fi
  step "$kind: installing crm, sale_crm, contacts with their tests ($INSTALL_TAGS)"
  # a failing test makes odoo-bin exit 1: the report below reads the log
  odoo "$LOGS/host-$kind-crm.log" -d "$db" -i crm,sale_crm,contacts \
    --test-enable --test-tags="$INSTALL_TAGS" || status=$?
  [ "$status" -le 1 ] || { tail -40 "$LOGS/host-$kind-crm.log"; return 2; }
  step "$kind: post-install tests of sale and sale_management ($SALE_TAGS)"
  status=0
  odoo "$LOGS/host-$kind-sale.log" -d "$db" --test-enable --test-tags="$SALE_TAGS" || status=$?
  [ "$status" -le 1 ] || { tail -40 "$LOGS/host-$kind-sale.log"; return 2; }
  step "$kind: done in $((SECONDS - t0))s"
}

for db in "$LITE_DB" "$BARE_DB"; do
  if db_exists "$db"; then echo "[test-host] database $db exists" >&2; exit 2; fi
done
start=$SECONDS
crashed=0
if [ "${HOST_PARALLEL:-0}" = 1 ]; then
  run_db lite "$LITE_DB" &
  jobs_started+=($!)
  run_db bare "$BARE_DB" &
  jobs_started+=($!)
  for job in "${jobs_started[@]}"; do wait "$job" || crashed=1; done
  jobs_started=()
else
  # once the first database crashed there is nothing to compare the second to
  run_db lite "$LITE_DB" || crashed=1
  [ "$crashed" = 1 ] || run_db bare "$BARE_DB" || crashed=1
fi

status=0
"$VENV/bin/python" scripts/test_host_report.py \
  "$LOGS/host-lite-crm.log,$LOGS/host-lite-sale.log" \
  "$LOGS/host-bare-crm.log,$LOGS/host-bare-sale.log" || status=$?
minutes=$(((SECONDS - start) / 60))
seconds=$(((SECONDS - start) % 60))
echo "[test-host] total time ${minutes}m${seconds}s"
if [ "$crashed" = 1 ]; then
  echo "[test-host] a run crashed: see test-logs/host-*.log" >&2
  exit 2
fi
exit "$status"
