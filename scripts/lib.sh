# Shared helpers for the project's scripts (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$ROOT/.venv
ODOO_SRC=$(cat "$ROOT/.odoo-src")
ODOO_BIN=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ROOT/.odoorc")
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}

free_port() {
  "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

db_exists() {
  [ "$(psql -d postgres -Atc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# Fails when the log of an Odoo run holds an ERROR or CRITICAL line, or says
# that demo data failed (Odoo logs that as a mere warning).
LOG_PROBLEM="^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |demo data failed to install"
check_log() {
  if grep -E "$LOG_PROBLEM" "$1" >/dev/null; then
    echo "Errors in $1:" >&2
    grep -E -A25 "$LOG_PROBLEM" "$1" | head -120 >&2
    return 1
  fi
}
