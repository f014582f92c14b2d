#!/usr/bin/env bash
# What `make lint` checks, applied: ruff's fixes and format, prettier with the
# XML plugin (OCA's 18.0 versions), README.rst from readme/.
# LINT_VENV: the lint tools' virtualenv (default .venv-lint, scripts/setup_lint.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup_lint.sh
TOOLS=${LINT_VENV:-$ROOT/.venv-lint}/bin
py_files=(crm_lite crm_lite_crm tests bench scripts)
"$TOOLS/ruff" check --fix --quiet "${py_files[@]}" || true
"$TOOLS/ruff" format --quiet "${py_files[@]}"
# the files pre-commit's prettier hook sees (its `exclude`, readme/ left to authors)
mapfile -t pretty < <(git ls-files --cached --others --exclude-standard \
  | grep -E '\.(css|htm|html|js|json|jsx|less|md|scss|toml|ts|xml|yaml|yml)$' \
  | grep -v -E '^setup/|/static/description/index\.html$|^README\.md$|/static/(src/)?lib/|readme/.*\.(rst|md)$|(^|/)(LICENSE|COPYING)' \
  | while read -r f; do [ -f "$f" ] && echo "$f"; done)
node_modules/.bin/prettier --write --log-level=warn --ignore-unknown "${pretty[@]}"
"$TOOLS/python" scripts/gen_addon_readme.py crm_lite crm_lite_crm
