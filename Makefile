# One command runs the whole system; one runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONPATH := $(CURDIR)
# Caddy (from .venv, pinned in requirements) is the front door on $(PORT); the gateway app sits behind it.
export SITE_ADDRESS := http://:$(PORT)
export CADDY_BIND ?= 127.0.0.1
export GATEWAY_APP_PORT ?= 8100
export GATEWAY_APP_URL := http://127.0.0.1:$(GATEWAY_APP_PORT)
export XDG_DATA_HOME ?= $(CURDIR)/var/caddy-data
export XDG_CONFIG_HOME ?= $(CURDIR)/var/caddy-config
export PUBLIC_URL ?= http://127.0.0.1:$(PORT)
export STRIPE_STANDIN_WEBHOOK_URL ?= http://127.0.0.1:$(PORT)/webhooks/stripe
export SENDGRID_STANDIN_EVENT_WEBHOOK_URL ?= http://127.0.0.1:$(PORT)/webhooks/sendgrid

.PHONY: install run test chromium lint migrate bench proof backup restore staff-user clean

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	@touch $@

install: $(VENV)/.installed

migrate: install
	@set -a; source dev.env; set +a; $(PY) -m services.kit.migrate all

run: migrate
	@echo "Starting Caddy on http://127.0.0.1:$(PORT) in front of the gateway app, three services, four workers and the provider stand-ins (Ctrl-C stops everything)"
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho -e dev.env -f Procfile start

# Chromium first, so a machine without it stops before the slow install.
test: chromium install
	@$(PY) -m pytest $(PYTEST_ARGS)

chromium:
	@bash tools/ensure_chromium.sh

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check --quiet . || { echo "ruff format would change the files above: run .venv/bin/ruff format ."; exit 1; }
	@$(VENV)/bin/mypy services gateway standins

bench: install
	@$(PY) -m bench.run_all

# The longer reliability runs (restarts, kills, hostile HTTP, soak); figures land in docs/reliability.md.
proof: install
	@$(PY) -m proof.run_all

# pg_dump (or SQLite's backup) of every service's database and the gateway's into var/backups/<UTC time>/.
backup: install
	@set -a; source dev.env; set +a; $(PY) -m services.kit.backups dump --to var/backups

# make restore FROM=var/backups/<time> [INTO="leads=URL billing=URL ..."]; without INTO, the configured databases.
restore: install
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/<time> [INTO=\"leads=postgresql://... gateway=...\"]"; exit 2; }
	@set -a; source dev.env; set +a; $(PY) -m services.kit.backups restore "$(FROM)" $(foreach t,$(INTO),--into=$(t))

staff-user: migrate
	@set -a; source dev.env; set +a; $(PY) -m gateway.staff.cli create-user --email "$(EMAIL)" $(foreach r,$(or $(ROLES),admin),--role $(r)) --password-stdin

clean:
	rm -rf var
