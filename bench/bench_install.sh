#!/usr/bin/env bash
# Installing crm_lite into a fresh database beside installing the host's crm
# module, both onto a copy of one database that already holds the
# dependencies of both (so each run installs the module alone), median of
# three runs each. Target: <= 1.5x.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
DEPS_DB=crm_lite_bench_deps
DEPS=sale_management,stock,base_setup,sales_team,calendar,resource,utm,web_tour,contacts,digest,phone_validation
LOG=$ROOT/test-logs/bench-install-compare.log
: >"$LOG"
if ! db_exists "$DEPS_DB"; then
  "${ODOO_BIN[@]}" -d "$DEPS_DB" -i "$DEPS" --without-demo=all --stop-after-init \
    --logfile="$LOG" || { dropdb --if-exists "$DEPS_DB"; exit 1; }
fi
median_install() {
  local module=$1 times=()
  for run in 1 2 3; do
    local db=crm_lite_bench_install_$$
    dropdb --if-exists "$db"
    createdb -T "$DEPS_DB" "$db"
    local start end
    start=$(date +%s.%N)
    "${ODOO_BIN[@]}" -d "$db" -i "$module" --without-demo=all --stop-after-init \
      --logfile="$LOG"
    end=$(date +%s.%N)
    dropdb "$db"
    times+=("$(python3 -c "print($end - $start)")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}
check_log "$LOG"
crm_lite=$(median_install crm_lite)
crm=$(median_install crm)
check_log "$LOG"
ratio=$(python3 -c "print(round($crm_lite / $crm, 2))")
printf '  install into a fresh database  crm_lite %.1f s   host crm %.1f s   ratio %.2fx (target <= 1.50x)\n' \
  "$crm_lite" "$crm" "$ratio"
python3 -c "import sys; sys.exit($ratio > 1.5)"
