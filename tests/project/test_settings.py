"""Settings come from the environment: SQLite by default, PostgreSQL and a broker when told."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def read_settings(env, *names):
    """The settings `names` as a fresh interpreter sees them with exactly `env` (plus PATH)."""
    code = (
        "import json; from yrkesresan import settings as s; "
        f"print(json.dumps([str(eval('s.' + n)) for n in {list(names)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "yrkesresan.settings", **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_in_the_project_by_default_and_eager_celery_without_a_broker():
    assert read_settings(
        {}, "DATABASES['default']['ENGINE']", "DATABASES['default']['NAME']", "CELERY_TASK_ALWAYS_EAGER"
    ) == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3"), "True"]


def test_postgresql_and_redis_when_the_environment_says_so():
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/yrkesresan",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3",
    }
    assert read_settings(
        env,
        "DATABASES['default']['ENGINE']",
        "DATABASES['default']['NAME']",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
    ) == ["django.db.backends.postgresql", "yrkesresan", "False", "redis://127.0.0.1:6379/3"]


def test_connections_are_checked_before_reuse_so_a_dropped_one_fails_no_request():
    """Issue 13 item 4: CONN_HEALTH_CHECKS, so the first request after a terminated connection gets a
    fresh one instead of an OperationalError."""
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/yrkesresan"}
    assert read_settings(
        env, "DATABASES['default']['CONN_HEALTH_CHECKS']", "DATABASES['default']['CONN_MAX_AGE'] > 0"
    ) == ["True", "True"]


def test_redis_url_is_the_broker_when_no_broker_is_named():
    assert read_settings({"REDIS_URL": "redis://127.0.0.1:6379/4"}, "CELERY_BROKER_URL") == [
        "redis://127.0.0.1:6379/4"
    ]


def test_production_refuses_to_start_without_a_secret_key():
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "yrkesresan.settings", "DEBUG": "0"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "yrkesresan.settings",
            "DEBUG": "1",
            "SECRET_KEY": "a-long-production-secret-key",
            "ALLOWED_HOSTS": "yrkesresan.example.se",
        },
    )
    assert result.returncode != 0
    assert "DEBUG måste vara av" in result.stderr and "yrkesresan.example.se" in result.stderr


@pytest.mark.parametrize("redis", ["", "redis://127.0.0.1:6379/3"], ids=["without-redis", "with-redis"])
def test_check_deploy_is_clean_with_production_variables(redis):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "yrkesresan.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-production-secret-key-with-enough-entropy-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "yrkesresan.example.se",
    }
    if redis:
        # As in production: the shared cache (django-ratelimit used to warn W001 about it).
        env["REDIS_URL"] = redis
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_links_in_e_mail_point_where_make_run_serves_by_default():
    import re

    makefile = (ROOT / "Makefile").read_text()
    port = re.search(r"^PORT \?= (\d+)$", makefile, re.MULTILINE).group(1)
    address = re.search(r"runserver (\S+)", makefile).group(1).replace("$(PORT)", port)
    assert read_settings({}, "SITE_URL") == [f"http://{address}"]
    assert read_settings({"SITE_URL": "https://yrkesresan.example.se/"}, "SITE_URL") == [
        "https://yrkesresan.example.se"
    ]


def test_links_follow_the_port_make_run_serves_on_unless_site_url_is_set():
    """Issue #19: `make run PORT=8101` served e-mail and .ics links pointing at :8000."""
    assert read_settings({}, "SITE_URL") == ["http://127.0.0.1:8000"]
    assert read_settings({"PORT": "8101"}, "SITE_URL") == ["http://127.0.0.1:8101"]
    assert read_settings({"PORT": "8101", "SITE_URL": "https://yrkesresan.example.se/"}, "SITE_URL") == [
        "https://yrkesresan.example.se"
    ]


def test_make_run_serves_on_the_port_it_is_given():
    import shutil

    from tests.conftest import require_service

    require_service(shutil.which("make"), "make")
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "PORT=8101 .venv/bin/python manage.py runserver 127.0.0.1:8101" in result.stdout
