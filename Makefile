# The catalogue of good practices: set-up, run and test in one place.
# `make run` and `make test` are all a fresh machine needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mail point where `make run` serves, unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install system-packages messages compile-messages migrate demo run test lint format bench scale-test clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# gettext (msgfmt), Voikko for the Finnish search (libvoikko1, voikko-fi), and the RUM
# index for PostgreSQL's search where a PostgreSQL 15 server runs here.
system-packages: ## Install the Debian packages the project needs (gettext, Voikko, RUM) when missing
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	for package in libvoikko1 voikko-fi; do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -d /usr/lib/postgresql/15 ] && ! dpkg -s postgresql-15-rum >/dev/null 2>&1; then \
		missing="$$missing postgresql-15-rum"; fi; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing with apt-get"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Quiet unless something fails: pip's notices go to a log, shown only on failure.
$(VENV)/.installed: pyproject.toml
	@echo "Installing the project into $(VENV) (a few minutes the first time)"
	@mkdir -p $(VENV)
	@{ $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --upgrade pip \
		&& $(BIN)/pip install --quiet -e ".[dev]"; } > $(VENV)/install.log 2>&1 \
		|| { cat $(VENV)/install.log; echo "Installing failed (log above)."; exit 1; }
	@touch $@

install: system-packages $(VENV)/.installed ## Create .venv with the machine's python3 and install the project

# Each catalogue is compiled only when its .po changed, and replaced whole (written
# aside, then renamed), so that the two test runs of .ci/run, side by side, never read
# half a file.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

compile-messages: install $(MO_FILES) ## Compile the fi and sv translations

locale/%.mo: locale/%.po
	@msgfmt --check-format -o $@.tmp $< && mv $@.tmp $@

messages: install ## Update locale/*/django.po from the code (then translate the new entries)
	DEBUG=true $(MANAGE) makemessages -l fi -l sv --no-location --ignore=.venv --ignore=staticfiles

migrate: install
	@DEBUG=true $(MANAGE) migrate --noinput -v 0

demo: migrate ## Load the demo content (safe to run again)
	@DEBUG=true $(MANAGE) load_demo

run: compile-messages demo ## Serve the catalogue with demo data at http://$(HOST):$(PORT)/ (e-mail to the console)
	@echo ""
	@echo "  The catalogue:  http://$(HOST):$(PORT)/fi/   (/sv/, /en/)"
	@echo "  The admin:      http://$(HOST):$(PORT)/fi/admin/   (demo accounts above)"
	@echo "  E-mail is printed here; its links use SITE_URL=$(SITE_URL)"
	@echo ""
	@SITE_URL=$(SITE_URL) DEBUG=true $(MANAGE) send_queued_email --every 10 & \
	trap 'kill $$! 2>/dev/null || true' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

lint: install ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: compile-messages lint ## Lint, check migrations and run the tests (DATABASE_URL picks the database)
	DEBUG=true $(MANAGE) makemigrations --check --dry-run -v 1
	$(BIN)/pytest

bench: install ## Benchmark at scale on PostgreSQL (10,000 practices, 50,000 projects); see docs/performance.md
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v 0
	$(BIN)/python bench/run.py

SCALE_ARGS ?=
scale-test: compile-messages ## Two app servers behind nginx, one killed under load: nothing may be lost (docs/deploy.md)
	@missing=""; for tool in nginx:nginx redis-server:redis-server psql:postgresql-client; do \
		command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; done; \
	if [ -n "$$missing" ]; then echo "Installing$$missing with apt-get"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; fi
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL must answer on 127.0.0.1:5432 (see .ci/run)"; exit 1; }
	$(BIN)/python bench/scale/run.py $(SCALE_ARGS)

clean: ## Remove the virtualenv, the SQLite database and compiled files
	rm -rf $(VENV) db.sqlite3 staticfiles
	find . -name '__pycache__' -type d -prune -exec rm -rf {} +
	find locale -name '*.mo' -delete
