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

.PHONY: run test serve system-packages test-system-packages messages static fonts lint clean

run: system-packages $(VENV)/.deps node_modules/.installed messages static fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: system-packages test-system-packages $(VENV)/.test-deps node_modules/.installed messages fonts
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

# Bootstrap and htmx, pinned by package-lock.json, served locally.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

messages: $(VENV)/.deps
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# The document serif cut to the characters documents use, once (~2 min the first time, then a no-op).
fonts: system-packages $(VENV)/.deps
	@$(PY) manage.py prepare_fonts

static: $(VENV)/.deps node_modules/.installed
	@$(PY) manage.py collectstatic --noinput -v0

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
