# crm_lite: `make run` serves Odoo with crm_lite and demo data; `make test` runs every test;
# `make screens` walks every screen of every demo role.
SHELL := /bin/bash
DB ?= crm_lite
HTTP_PORT ?= 8069

.PHONY: setup run test test-odoo test-host lint format readme pot bench screens clean

setup:
	@bash scripts/setup.sh

run: setup
	@DB=$(DB) HTTP_PORT=$(HTTP_PORT) bash scripts/run.sh

test: setup
	@bash scripts/test.sh

test-odoo: setup
	@bash scripts/test.sh --odoo-runner

# The host's own tests (crm, sale_crm, contacts, sale, sale_management) on a
# database with crm_lite and one without; fails on a test failing only with
# crm_lite. Long (see README), so not in CI; HOST_PARALLEL=1 runs both at once.
test-host: setup
	@bash scripts/test_host.sh

# OCA's 18.0 pre-commit checks (scripts/lint.sh); changes nothing.
lint: setup
	@bash scripts/lint.sh

# Applies the formatters lint checks: ruff (fixes and format), prettier.
format: setup
	@bash scripts/format.sh

# README.rst and static/description/index.html of each addon from its readme/.
readme: setup
	@bash scripts/setup_lint.sh && .venv-lint/bin/python scripts/gen_addon_readme.py crm_lite crm_lite_crm

# crm_lite's .pot and .po from a database with crm_lite installed and up to
# date (DB=...; default: a throwaway one made for it).
pot: setup
	@DB=$(if $(filter-out file,$(origin DB)),$(DB)) bash scripts/pot.sh

bench: setup
	@bash scripts/bench.sh

# The screen walk: every crm_lite screen of every demo role, one PNG each under screens/.
# Its own database (crm_lite_screens) and a free port, unless DB or HTTP_PORT are given.
screens: setup
	@DB=$(if $(filter-out file,$(origin DB)),$(DB),crm_lite_screens) \
	  SCREENS_PORT=$(if $(filter-out file,$(origin HTTP_PORT)),$(HTTP_PORT)) \
	  bash scripts/screens.sh

clean:
	rm -rf .venv .venv-lint .odoo-data .odoorc .odoo-src node_modules test-logs screens
