# Two commands for a newcomer: `make run` (the whole product with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
# The settings refuse to start without a key when DEBUG is off. A checkout gets a random key of its own,
# made once in .data/secret_key (readable by its owner only); the settings read the same file, so every
# `python manage.py ...` beside `make run` signs and keys digests alike. A deployment sets its own.
ifndef DJANGO_SECRET_KEY
DJANGO_SECRET_KEY := $(shell test -s .data/secret_key || (mkdir -p .data && umask 077 && \
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .data/secret_key); cat .data/secret_key)
export DJANGO_SECRET_KEY
endif
# Likewise the master key of special-category fields (municipal_platform/crypto.py), in .data/field_key.
ifndef FIELD_ENCRYPTION_KEY
FIELD_ENCRYPTION_KEY := $(shell test -s .data/field_key || (mkdir -p .data && umask 077 && \
	$(PYTHON) -c 'import base64, os; print("1:" + base64.urlsafe_b64encode(os.urandom(32)).decode())' \
	> .data/field_key); cat .data/field_key)
export FIELD_ENCRYPTION_KEY
endif

.PHONY: run test test-tools install migrate demo worker lint messages benchmarks clean-data

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate_platform --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0

demo: migrate
	$(PY) manage.py demo

# Serves http://localhost:$(PORT) (association portal) and http://<slug>.localhost:$(PORT) (municipalities).
# With REDIS_URL set, a Celery worker with beat runs beside the web server; without it tasks run in-process.
run: export PUBLIC_URL_PORT = $(PORT)
run: demo
	@if [ -n "$$REDIS_URL" ]; then \
		$(VENV)/bin/celery -A municipal_platform worker --beat --loglevel INFO --concurrency 2 \
			--schedule .data/celerybeat-schedule & \
		trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	echo "Open http://localhost:$(PORT)/ and http://ambrolauri.localhost:$(PORT)/ (Ctrl+C stops)"; \
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

worker: install
	$(VENV)/bin/celery -A municipal_platform worker --beat --loglevel INFO

# The system packages the tests need (chromium, gettext, a font) are installed when missing, as root;
# otherwise the script stops at once naming the one command to run.
test-tools:
	@PYTHON=$(PYTHON) scripts/ensure_test_tools.sh

test: test-tools install
	$(PY) -m pytest

# ruff (lint and format) on everything; mypy with django-stubs on services, selectors and the platform's
# shared pieces (the files are listed in pyproject.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

messages: install
	for app in platform/municipal_platform tenants programmes feedback child_support; do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l ka --ignore 'migrations/*' >/dev/null 2>&1 || true); done
	$(PY) manage.py compilemessages --ignore .venv

benchmarks: demo
	$(PY) benchmarks/provision.py
	$(PY) benchmarks/tenant_routing.py
	$(PY) benchmarks/programmes_register.py
	$(PY) benchmarks/feedback_summary.py
	$(PY) benchmarks/child_support_cases.py

clean-data:
	rm -rf .data
