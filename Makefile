# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

# uv installs exactly what uv.lock holds (with hashes); --locked fails if the lock no longer matches
# pyproject.toml, so every machine gets what CI tested. `make lock` updates the lock.
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install lock lint format migrate demo worker worker-reports beat messages check-deploy

$(VENV)/.installed: pyproject.toml uv.lock
	@echo "== Installing the locked dependencies into $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==$(UV_VERSION)
	$(UV) sync --locked --extra dev --quiet
	touch $@

install: $(VENV)/.installed

lock: install
	$(UV) lock
	$(UV) sync --locked --extra dev --quiet

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: install
	@echo "== Migrating the database"
	$(PY) manage.py migrate --noinput

demo: migrate
	@echo "== Demo data (municipalities, people, courses, bookings, surveys)"
	$(PY) manage.py demo_data

# `make run PORT=8101` serves on another port; links in e-mail and .ics files follow (SITE_URL, unless set).
PORT ?= 8000
# The demo SAML IdP that Boden logs in through (README "Single sign-on"); it stops with the portal.
DEMO_IDP_PORT ?= 8001

run: demo
	$(PY) manage.py demo_sso --idp-port $(DEMO_IDP_PORT)
	@$(PY) scripts/saml_idp.py --port $(DEMO_IDP_PORT) --key var/demo-idp/idp.key --cert var/demo-idp/idp.crt \
	  --sp-metadata var/demo-idp/sp-boden.xml --users scripts/demo_idp_users.json > var/demo-idp/idp.log 2>&1 & IDP=$$!; \
	  trap 'kill $$IDP 2>/dev/null' EXIT INT TERM; \
	  PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# One test process per core (pytest-xdist); each has its own test database and Redis db.
TEST_PROCESSES ?= auto
test: install
	$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# Two workers, as in production: e-mail and everything else on the default queue ("celery"), the
# yearly-report builds on their own ("reports"), so that a long build never delays an e-mail.
worker: install
	$(VENV)/bin/celery -A yrkesresan worker --queues=celery --loglevel=info -n default@%h

worker-reports: install
	$(VENV)/bin/celery -A yrkesresan worker --queues=reports --concurrency=1 --loglevel=info -n reports@%h

beat: install
	mkdir -p var
	$(VENV)/bin/celery -A yrkesresan beat --loglevel=info --schedule var/celerybeat-schedule

messages: install
	# Only English: locale/sv holds hand-written overrides of library texts that makemessages -l sv would drop.
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --no-location --ignore=.venv --ignore=staticfiles && $(PY) manage.py compilemessages --ignore=.venv
