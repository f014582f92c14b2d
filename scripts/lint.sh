#!/usr/bin/env bash
# OCA's pre-commit checks, run directly: ruff (lint and format), pylint-odoo's
# mandatory checks, prettier with the XML plugin. Changes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
if [ ! -x node_modules/.bin/prettier ] || [ package.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || { echo "[lint] npm is needed for prettier (Debian: apt-get install npm)" >&2; exit 1; }
  npm install --no-audit --no-fund --silent
fi
py_files=(crm_lite crm_lite_crm tests bench scripts)
echo "[lint] ruff"
"$VENV/bin/ruff" check --no-fix "${py_files[@]}"
"$VENV/bin/ruff" format --check "${py_files[@]}"
echo "[lint] pylint-odoo (OCA mandatory checks)"
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory crm_lite crm_lite_crm
echo "[lint] prettier"
node_modules/.bin/prettier --check "**/*.{xml,js,scss,css,md,yml,yaml,json}"
echo "[lint] clean"
