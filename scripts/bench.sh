#!/usr/bin/env bash
# Benchmarks on a database of their own (SCALE=small by default, SCALE=full for
# 100k customers and 1M confirmed orders); the database is kept between runs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export SCALE=${SCALE:-small}
DB=${BENCH_DB:-crm_lite_bench_$SCALE}
mkdir -p "$ROOT/test-logs"
: >"$ROOT/test-logs/bench-install.log"
: >"$ROOT/test-logs/bench-update.log"
if ! db_exists "$DB"; then
  echo "[bench] installing crm_lite into $DB (no demo data)"
  "${ODOO_BIN[@]}" -d "$DB" -i crm_lite --without-demo=all --stop-after-init \
    --logfile="$ROOT/test-logs/bench-install.log" || { dropdb --if-exists "$DB"; exit 1; }
  check_log "$ROOT/test-logs/bench-install.log" || { dropdb --if-exists "$DB"; exit 1; }
else
  # the database follows the code of this checkout
  "${ODOO_BIN[@]}" -d "$DB" -u crm_lite --stop-after-init \
    --logfile="$ROOT/test-logs/bench-update.log"
  check_log "$ROOT/test-logs/bench-update.log"
fi
cd "$ROOT/bench"
"$VENV/bin/python" generate.py "$DB" "$ROOT/.odoorc"
# Each measurement starts on clean tables: the ones before it roll back their
# writes (the pool return's runs alone leave some 700k dead partner rows),
# which autovacuum clears on a running server, and which would send the next
# measurement through dead index entries and pages no longer all-visible.
clean_tables() {
  psql -q -d "$DB" -c "VACUUM ANALYZE res_partner, sale_order, sale_order_line, crm_lite_loss, crm_lite_interaction, crm_lite_chance, crm_lite_service, crm_lite_readers, mail_message, mail_activity, mail_followers, crm_lite_key_date, crm_lite_reminder"
}
status=0
clean_tables
"$VENV/bin/python" bench_churn_pool.py "$DB" "$ROOT/.odoorc" || status=1
clean_tables
"$VENV/bin/python" bench_reminders.py "$DB" "$ROOT/.odoorc" || status=1
"$VENV/bin/python" bench_rfm.py "$DB" "$ROOT/.odoorc" || status=1
clean_tables
"$VENV/bin/python" bench_onboarding.py "$DB" "$ROOT/.odoorc" || status=1
clean_tables
"$VENV/bin/python" bench_contribution.py "$DB" "$ROOT/.odoorc" || status=1
clean_tables
"$VENV/bin/python" bench_screens.py "$DB" "$ROOT/.odoorc" || status=1
clean_tables
"$VENV/bin/python" bench_duplicates.py "$DB" "$ROOT/.odoorc" || status=1
"$VENV/bin/python" bench_phone.py "$DB" "$ROOT/.odoorc" || status=1
"$VENV/bin/python" bench_handover.py "$DB" "$ROOT/.odoorc" || status=1
bash bench_install.sh || status=1
"$VENV/bin/python" load_test.py "$DB" "$ROOT/.odoorc" "${LOAD_ITERATIONS:-10}" || status=1
exit $status
