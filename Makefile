# crm_lite: `make run` serves Odoo with crm_lite and demo data; `make test` runs every test;
# `make screens` walks every screen of every demo role.
SHELL := /bin/bash
DB ?= crm_lite
HTTP_PORT ?= 8069

.PHONY: setup run test test-odoo lint bench screens clean

setup:
	@bash scripts/setup.sh

run: setup
	@DB=$(DB) HTTP_PORT=$(HTTP_PORT) bash scripts/run.sh

test: setup
	@bash scripts/test.sh

test-odoo: setup
	@bash scripts/test.sh --odoo-runner

lint: setup
	@bash scripts/lint.sh

bench: setup
	@bash scripts/bench.sh

# The screen walk: every crm_lite screen of every demo role, one PNG each under screens/.
# Its own database (crm_lite_screens) and a free port, unless DB or HTTP_PORT are given.
screens: setup
	@DB=$(if $(filter-out file,$(origin DB)),$(DB),crm_lite_screens) \
	  SCREENS_PORT=$(if $(filter-out file,$(origin HTTP_PORT)),$(HTTP_PORT)) \
	  bash scripts/screens.sh

clean:
	rm -rf .venv .odoo-data .odoorc .odoo-src node_modules test-logs screens
