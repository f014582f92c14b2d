#!/usr/bin/env bash
# `make pot`: crm_lite's .pot and .po (scripts/update_i18n.sh) from DB, or from
# a throwaway database crm_lite is installed into first (dropped after).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ -z "${DB:-}" ]; then
  DB=crm_lite_pot_$(date +%s)_$$
  trap 'dropdb --if-exists "$DB" 2>/dev/null || true' EXIT
  echo "[pot] installing crm_lite into $DB"
  "${ODOO_BIN[@]}" -d "$DB" -i crm_lite --stop-after-init --log-level=warn
fi
DB=$DB bash "$ROOT/scripts/update_i18n.sh"
