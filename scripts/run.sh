#!/usr/bin/env bash
# Serves Odoo with crm_lite on http://localhost:$HTTP_PORT, creating database $DB
# with demo data (Chinese loaded for the demo staff) the first time.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB=${DB:-crm_lite}
HTTP_PORT=${HTTP_PORT:-8069}
update=(-u crm_lite)  # an existing database follows the code of this checkout
if ! db_exists "$DB"; then
  update=()
  echo "[run] creating database $DB with crm_lite and its demo data (about two minutes)"
  mkdir -p "$ROOT/test-logs"
  log=$ROOT/test-logs/run-install.log
  : >"$log"
  "${ODOO_BIN[@]}" -d "$DB" -i crm_lite --load-language=zh_CN --stop-after-init \
    --logfile="$log" || { tail -50 "$log"; dropdb --if-exists "$DB"; exit 1; }
  check_log "$log" || { dropdb --if-exists "$DB"; exit 1; }
fi
cat <<MSG
[run] Odoo with crm_lite: http://localhost:$HTTP_PORT (database $DB)
      demo logins (password = login): crm_manager1, crm_manager2 (account managers),
      crm_supervisor, crm_executive, crm_admin; Odoo's own admin: admin / admin
MSG
exec "${ODOO_BIN[@]}" -d "$DB" "${update[@]}" --db-filter="^$DB\$" --http-port="$HTTP_PORT" \
  --http-interface="${HTTP_INTERFACE:-0.0.0.0}"
