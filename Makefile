# crm_lite: `make run` serves Odoo with crm_lite and demo data; `make test` runs every test.
SHELL := /bin/bash
DB ?= crm_lite
HTTP_PORT ?= 8069

.PHONY: setup run test test-odoo lint bench clean

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

clean:
	rm -rf .venv .odoo-data .odoorc .odoo-src node_modules test-logs
