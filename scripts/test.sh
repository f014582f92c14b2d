#!/usr/bin/env bash
# Installs crm_lite into a throwaway database, fails on any ERROR in the install
# log, then runs every test: the addon's Odoo tests through pytest-odoo, and the
# end-to-end checks in tests/ against a real server. Drops the database after.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB=crm_lite_test_$(date +%s)_$$
LOGS=$ROOT/test-logs
mkdir -p "$LOGS"
cleanup() {
  dropdb --if-exists "$DB" 2>/dev/null || true
  dropdb --if-exists "${DB}_lifecycle" 2>/dev/null || true
}
trap cleanup EXIT
port=$(free_port)
rc=$LOGS/test.rc
sed -e "s/^http_port = .*/http_port = $port/" "$ROOT/.odoorc" >"$rc"

# Odoo appends to its log file: each run starts a new one
: >"$LOGS/install.log"
: >"$LOGS/odoo-tests.log"

if [ "${1:-}" = --odoo-runner ]; then
  # Odoo's own runner: the same tests, tagged post_install, after the install.
  "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$rc" -d "$DB" -i crm_lite --test-enable \
    --test-tags=/crm_lite --stop-after-init --logfile="$LOGS/odoo-tests.log" \
    || { tail -40 "$LOGS/odoo-tests.log"; exit 1; }
  check_log "$LOGS/odoo-tests.log"
  summary=$(grep -oE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$LOGS/odoo-tests.log" | tail -1)
  echo "[test-odoo] $summary"
  case "$summary" in
    "0 failed, 0 error(s) of 0 tests" | "") echo "[test-odoo] no test ran" >&2; exit 1 ;;
    "0 failed, 0 error(s) of "*) exit 0 ;;
    *) exit 1 ;;
  esac
fi

echo "[test] installing crm_lite into $DB"
start=$(date +%s)
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$rc" -d "$DB" -i crm_lite --stop-after-init \
  --logfile="$LOGS/install.log" || { tail -40 "$LOGS/install.log"; exit 1; }
check_log "$LOGS/install.log"
# a copy with the demo data as installed, for the upgrade and uninstall checks
createdb -T "$DB" "${DB}_lifecycle"
echo "[test] installed in $(( $(date +%s) - start ))s; running the addon's tests"
cd "$ROOT"
"$VENV/bin/pytest" -p no:cacheprovider --odoo-database="$DB" --odoo-config="$rc" --odoo-http \
  --log-level=WARNING crm_lite/tests "$@"
echo "[test] end-to-end checks against a running server"
CRM_LITE_TEST_DB=$DB CRM_LITE_TEST_RC=$rc CRM_LITE_LIFECYCLE_DB=${DB}_lifecycle \
  "$VENV/bin/pytest" -p no:cacheprovider -p no:odoo tests
# Next to Odoo's own CRM: installing it brings sale_crm and the bridge
# crm_lite_crm (both auto-installed), whose tests run as the host's salespeople.
echo "[test] installing Odoo's crm next to crm_lite"
: >"$LOGS/install-crm.log"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$rc" -d "$DB" -i crm --stop-after-init --logfile="$LOGS/install-crm.log" \
  || { tail -40 "$LOGS/install-crm.log"; exit 1; }
check_log "$LOGS/install-crm.log"
for module in sale_crm crm_lite_crm; do
  state=$(psql -d "$DB" -Atc "select state from ir_module_module where name = '$module'")
  [ "$state" = installed ] || { echo "[test] $module was not installed with crm ($state)" >&2; exit 1; }
done
"$VENV/bin/pytest" -p no:cacheprovider --odoo-database="$DB" --odoo-config="$rc" \
  --log-level=WARNING crm_lite_crm/tests
