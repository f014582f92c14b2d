#!/usr/bin/env bash
# The lint tools' own virtualenv, .venv-lint (requirements-lint.txt), and the
# node tools (package.json): built when missing or out of date, else a no-op.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
LINT_VENV=${LINT_VENV:-$ROOT/.venv-lint}
stamp=$(sha1sum requirements-lint.txt | cut -c1-12)
if [ "$(cat "$LINT_VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "[setup] building $LINT_VENV (OCA's lint tools)"
  [ -x "$LINT_VENV/bin/python" ] || python3 -m venv "$LINT_VENV"
  # pip repeats a warning for every local index lacking a package: keep only what matters.
  "$LINT_VENV/bin/pip" install -q -r requirements-lint.txt 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  [ "${PIPESTATUS[0]}" = 0 ]
  echo "$stamp" >"$LINT_VENV/.stamp"
fi
if [ ! -x node_modules/.bin/prettier ] || [ package.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || { echo "[setup] npm is needed for prettier (Debian: apt-get install npm)" >&2; exit 1; }
  npm install --no-audit --no-fund --silent
fi
