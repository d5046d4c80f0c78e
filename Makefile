# Field Service Suite - developer commands. Each target does its own set-up
# (virtualenv, Odoo 18.0, PostgreSQL, databases) through tools/suite/, a package
# that needs nothing but the system python3 (standard library only).
#
#   make run                         serve Odoo + suite addons + demo data on :8069
#   make test                        fresh test database, then the whole test suite
#   make test ADDONS=service_order   only these addons (comma separated)
#   make test PYTEST_ARGS="-k foo"   extra pytest arguments
#   make lint                        ruff format --check, ruff check, pylint-odoo
#   make bench                       benchmarks in tests/perf/
#   make stop                        stop `make run`'s Odoo and the private PostgreSQL
#   make clean-db                    drop the suite's databases (recreated on demand)

PYTHON ?= python3
SUITE := $(PYTHON) tools/suite

export ADDONS PYTEST_ARGS ODOO_SRC UPDATE

.PHONY: run test lint bench stop clean-db help

help:
	@sed -n '1,13p' Makefile | sed 's/^# \{0,1\}//'

run:
	@$(SUITE) run

test:
	@$(SUITE) test

lint:
	@$(SUITE) lint

bench:
	@$(SUITE) bench

stop:
	@$(SUITE) stop

clean-db:
	@$(SUITE) clean-db
