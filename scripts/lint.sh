#!/usr/bin/env bash
# OCA's 18.0 pre-commit checks (.pre-commit-config.yaml), run directly with the
# same tools at the same versions (requirements-lint.txt, package.json), as
# pre-commit cannot fetch its hooks' repositories everywhere. Changes nothing;
# `make format` applies the formatters.
#   ruff (lint and format), pylint-odoo's mandatory checks (failing) and
#   optional ones (reported), oca-checks-odoo-module and oca-checks-po (XML,
#   CSV, PO), pre-commit-hooks' file checks, prettier with the XML plugin,
#   eslint (fails on errors, shows warnings), and README.rst as the
#   generator makes it from readme/.
# LINT_VENV: the lint tools' virtualenv (default .venv-lint, scripts/setup_lint.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup_lint.sh
TOOLS=${LINT_VENV:-$ROOT/.venv-lint}/bin
addons=(crm_lite crm_lite_crm)
py_files=("${addons[@]}" tests bench scripts)
# the files pre-commit would see: tracked and new ones, less its `exclude`
mapfile -t files < <(git ls-files --cached --others --exclude-standard \
  | grep -v -E '^setup/|/static/description/index\.html$|\.svg$|^eslint\.config\.cjs$|^prettier\.config\.cjs$|^README\.md$|/static/(src/)?lib/|readme/.*\.(rst|md)$|(^|/)(LICENSE|COPYING)' \
  | while read -r f; do [ -f "$f" ] && echo "$f"; done)
only() { printf '%s\n' "${files[@]}" | grep -E "$1" || true; }

echo "[lint] forbidden files"
bad=$(only '\.rej$|[a-zA-Z0-9_]*/i18n/en\.po$|^(\.travis\.yml|\.t2d\.yml|CONTRIBUTING\.md|\.prettierrc\.yml|\.eslintrc\.yml)$')
[ -z "$bad" ] || { echo "$bad" >&2; exit 1; }
echo "[lint] pre-commit-hooks"
# pre-commit gives most of these hooks the text files only
mapfile -t text < <(grep -I -l '' "${files[@]}")
mapfile -t hand < <(printf '%s\n' "${text[@]}" | grep -v -E '/README\.rst$|\.pot?$')
# trailing-whitespace and end-of-file-fixer, as checks (they would fix in place)
"$TOOLS/python" - "${hand[@]}" <<'PY'
import sys

bad = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        continue
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.rstrip(b"\r") != line.rstrip(b"\r").rstrip():
            bad.append(f"{path}:{number}: trailing whitespace")
    if not data.endswith(b"\n") or data.endswith(b"\n\n"):
        bad.append(f"{path}: must end with exactly one newline")
if bad:
    print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
mapfile -t py < <(only '\.py$')
"$TOOLS/debug-statement-hook" "${py[@]}"
"$TOOLS/check-case-conflict" "${files[@]}"
"$TOOLS/check-docstring-first" "${py[@]}"
mapfile -t executable < <(for f in "${text[@]}"; do [ -x "$f" ] && echo "$f"; done)
"$TOOLS/check-executables-have-shebangs" "${executable[@]}"
mapfile -t conflict < <(printf '%s\n' "${text[@]}" | grep -v -E '/README\.rst$|^docs/.*\.rst$')
"$TOOLS/check-merge-conflict" "${conflict[@]}"
"$TOOLS/check-symlinks" "${files[@]}"
mapfile -t xml < <(only '\.xml$')
"$TOOLS/check-xml" "${xml[@]}"
"$TOOLS/mixed-line-ending" --fix=no "${text[@]}"

echo "[lint] ruff"
"$TOOLS/ruff" check --no-fix "${py_files[@]}"
"$TOOLS/ruff" format --check "${py_files[@]}"

echo "[lint] oca-checks-odoo-module, oca-checks-po"
"$TOOLS/oca-checks-odoo-module" "${addons[@]}"
mapfile -t po < <(only '\.pot?$')
"$TOOLS/oca-checks-po" --disable=po-pretty-format "${po[@]}"

echo "[lint] pylint-odoo (OCA optional checks, reported only)"
# OCA's 18.0 rc files still name the XML/PO checks pylint-odoo 9 moved to
# oca-checks-odoo-module: the warnings that they are unknown say nothing.
"$TOOLS/pylint" --rcfile=.pylintrc --exit-zero --disable=unknown-option-value "${addons[@]}"
echo "[lint] pylint-odoo (OCA mandatory checks)"
"$TOOLS/pylint" --rcfile=.pylintrc-mandatory --disable=unknown-option-value "${addons[@]}"

echo "[lint] whool (every addon has its pyproject.toml)"
for addon in "${addons[@]}"; do
  [ -f "$addon/pyproject.toml" ] || { echo "$addon/pyproject.toml is missing (whool init)" >&2; exit 1; }
done

echo "[lint] README.rst from readme/"
"$TOOLS/python" scripts/gen_addon_readme.py --check "${addons[@]}"

echo "[lint] prettier"
mapfile -t pretty < <(only '\.(css|htm|html|js|json|jsx|less|md|scss|toml|ts|xml|yaml|yml)$')
node_modules/.bin/prettier --check --ignore-unknown "${pretty[@]}"

echo "[lint] eslint"
mapfile -t js < <(only '\.js$')
node_modules/.bin/eslint --no-warn-ignored "${js[@]}"
echo "[lint] clean"
