"""Settings come from the environment: SQLite by default, PostgreSQL and a broker when told."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_settings(env, expression):
    """Evaluate `expression` in a fresh interpreter with exactly `env` (plus PATH)."""
    code = f"import django, os; django.setup(); from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "yrkesresan.settings", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sqlite_in_the_project_by_default():
    assert read_settings({}, "s.DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
    assert read_settings({}, "s.DATABASES['default']['NAME']") == str(ROOT / "db.sqlite3")


def test_postgresql_when_database_url_says_so():
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/yrkesresan"}
    assert read_settings(env, "s.DATABASES['default']['ENGINE']") == "django.db.backends.postgresql"
    assert read_settings(env, "s.DATABASES['default']['NAME']") == "yrkesresan"


def test_celery_runs_eagerly_without_a_broker_and_uses_redis_when_given():
    assert read_settings({}, "s.CELERY_TASK_ALWAYS_EAGER") == "True"
    env = {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"}
    assert read_settings(env, "s.CELERY_TASK_ALWAYS_EAGER") == "False"
    assert read_settings(env, "s.CELERY_BROKER_URL") == "redis://127.0.0.1:6379/3"
    assert read_settings({"REDIS_URL": "redis://127.0.0.1:6379/4"}, "s.CELERY_BROKER_URL") == \
        "redis://127.0.0.1:6379/4"


def test_production_refuses_to_start_without_a_secret_key():
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "yrkesresan.settings", "DEBUG": "0"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    env = {
        "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "yrkesresan.settings", "DEBUG": "0",
        "SECRET_KEY": "a-long-production-secret-key-with-enough-entropy-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "yrkesresan.example.se",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
