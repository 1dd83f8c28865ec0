# The two commands of README.md: `make run` and `make test`. Both are safe to repeat:
# system packages and Python dependencies are installed only when missing or changed.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# What the PDFs need (harfbuzz subsetting, CJK fonts) and what compiles translations.
APT_PACKAGES := libharfbuzz-subset0 fontconfig fonts-noto-cjk fonts-arphic-ukai gettext
# What the tests need on top: the browser for end-to-end tests, pdftoppm for looking at PDFs.
TEST_APT_PACKAGES := chromium poppler-utils

# Local runs serve plain HTTP on this machine with a secret key generated once per checkout
# (var/, git-ignored). A deployment sets its own (.env.production.example): the settings refuse
# to start without a key and otherwise expect the TLS proxy.
SECRET_KEY_FILE := var/secret_key
export DJANGO_SECRET_KEY_FILE ?= $(CURDIR)/$(SECRET_KEY_FILE)
export DJANGO_BEHIND_TLS_PROXY ?= 0

.PHONY: run dev prepare test system-packages test-system-packages messages static fonts signing lint clean

# Served as in production: gunicorn (gunicorn.conf.py) with whitenoise for the static files.
# The task worker (emails to committee members) runs beside it: bin/serve starts and stops both.
run: prepare
	@echo "Serving on http://$(HOST):$(PORT)/ with gunicorn, and the task worker"
	HOST=$(HOST) PORT=$(PORT) exec bin/serve $(VENV)/bin/gunicorn

# Development: Django's server with debug pages, reloading on every change (the worker too).
dev: prepare
	DJANGO_DEBUG=1 exec bin/serve $(PY) manage.py runserver $(HOST):$(PORT)

prepare: system-packages $(VENV)/.deps node_modules/.installed messages static fonts signing
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

# The browser tests' server serves the collected assets (WhiteNoise) when there are: collected
# afresh, so a copy left by an earlier `make run` never stands in for the scripts under test.
test: system-packages test-system-packages $(VENV)/.test-deps node_modules/.installed messages fonts static
	$(PY) -m pytest $(PYTEST_ARGS)

system-packages:
	@bin/apt-ensure $(APT_PACKAGES)

test-system-packages:
	@bin/apt-ensure $(TEST_APT_PACKAGES)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.deps: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.test-deps: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	@touch $(VENV)/.deps $@

# Bootstrap, htmx and SortableJS, pinned by package-lock.json, served locally.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

$(SECRET_KEY_FILE):
	@mkdir -p $(@D)
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

messages: $(VENV)/.deps | $(SECRET_KEY_FILE)
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# The document fonts, once (~2 min the first time, then a no-op): the Fandol 仿宋/黑体/楷体 extracted
# from Debian's texlive-lang-chinese (apt-get download, not installed), and the serif cut to size.
fonts: system-packages $(VENV)/.deps | $(SECRET_KEY_FILE)
	@$(PY) manage.py prepare_fonts

# The organisation's signing certificate for issued PDFs: a demonstration one under var/signing/
# unless the environment names a real one (README, "Production").
signing: $(VENV)/.deps | $(SECRET_KEY_FILE)
	@$(PY) manage.py prepare_signing

static: $(VENV)/.deps node_modules/.installed | $(SECRET_KEY_FILE)
	@$(PY) manage.py collectstatic --noinput -v0

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
