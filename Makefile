# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install migrate demo worker beat messages check-deploy

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_data

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A yrkesresan worker --loglevel=info

beat: install
	mkdir -p var
	$(VENV)/bin/celery -A yrkesresan beat --loglevel=info --schedule var/celerybeat-schedule

messages: install
	# Only English: locale/sv holds hand-written overrides of library texts that makemessages -l sv would drop.
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --no-location --ignore=.venv --ignore=staticfiles && $(PY) manage.py compilemessages --ignore=.venv
