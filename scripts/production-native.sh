#!/usr/bin/env bash
# The docker-compose topology without Docker: gunicorn, two Celery workers (default and reports queues)
# and Celery beat against the PostgreSQL and Redis already running on this machine. Stops all on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SECRET_KEY:?set SECRET_KEY}"
export DEBUG=0
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yrkesresan}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:8000}"
# Plain HTTP on loopback: no TLS redirect or secure-only cookies, or the browser could not log in.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SECURE_COOKIES="${SECURE_COOKIES:-0}"
PY=.venv/bin/python
make install >/dev/null
psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "${DATABASE_URL##*/}" || createdb -h 127.0.0.1 -U postgres "${DATABASE_URL##*/}"
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput >/dev/null
[ "${LOAD_DEMO:-1}" = 1 ] && $PY manage.py demo_data
mkdir -p var
trap 'kill 0' EXIT
# E-mail and everything else on the default queue; yearly-report builds on their own queue and worker.
.venv/bin/celery -A yrkesresan worker --queues=celery --loglevel=info --concurrency=2 -n default@%h &
.venv/bin/celery -A yrkesresan worker --queues=reports --loglevel=info --concurrency=1 -n reports@%h &
.venv/bin/celery -A yrkesresan beat --loglevel=info --schedule var/celerybeat-schedule &
.venv/bin/gunicorn yrkesresan.wsgi --bind 127.0.0.1:${PORT:-8000} --workers ${WEB_WORKERS:-4} --access-logfile - &
wait
