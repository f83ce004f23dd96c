"""Shared fixtures: people in each role, the Norrbotten municipalities, services and the browser.

A test that needs PostgreSQL, Redis or Chromium calls `require_service`; on a laptop without them
it is skipped with its reason, and in CI (YRKESRESAN_REQUIRE_SERVICES=1) it fails instead.
"""

import os

import pytest
from django.db import connection

from yrkesresan.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; the ORM calls in our tests are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_PASSWORD = "yrkesresan"


def require_service(available, what):
    if available:
        return
    message = f"{what} saknas"
    if os.environ.get("YRKESRESAN_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} – CI kräver tjänsten (YRKESRESAN_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Real hashing is slow on purpose; the tests log in hundreds of times."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _swedish_between_tests():
    """A request in English leaves English active in the thread; the next test starts in Swedish again."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files (signed agreements, demo PDFs) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test starts a real worker (see tests/test_celery.py)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def postgres_db():
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def broker_url(settings):
    url = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")
    require_service(bool(url), "Redis som Celery-broker (CELERY_BROKER_URL=redis://…)")
    return _broker_of_this_test_process(url)


def _broker_of_this_test_process(url):
    """Under pytest-xdist each test process (gw0, gw1, …) gets the Redis db after the configured one plus
    its number, so a Celery worker started by one process never takes a task queued by another."""
    process = os.environ.get("PYTEST_XDIST_WORKER")
    if not process:
        return url
    base, _, db = url.rstrip("/").rpartition("/")
    if not db.isdigit():
        base, db = url.rstrip("/"), "0"
    return f"{base}/{(int(db) + 1 + int(process.removeprefix('gw'))) % 16}"  # Redis has dbs 0–15


@pytest.fixture
def norrbotten(db):
    """The data the migrations ship (Norrbotten's municipalities, the follow-up survey templates),
    loaded again because a transactional test's flush removes it for the tests after it."""
    from followup.catalogue import load_templates_now
    from municipalities.loading import load_norrbotten_now

    load_templates_now()
    return load_norrbotten_now()


@pytest.fixture
def municipality(norrbotten):
    from municipalities.models import Municipality

    return lambda code_or_name: (
        Municipality.objects.get(code=code_or_name)
        if code_or_name.isdigit()
        else Municipality.objects.get(name=code_or_name)
    )


@pytest.fixture
def make_person(db):
    from tests.factories import PersonFactory

    return PersonFactory


@pytest.fixture
def demo_people(norrbotten):
    """The demo accounts of the README, one per role."""
    import io

    from accounts import demo

    demo.load(io.StringIO())
    from accounts.models import User

    return {user.email: user for user in User.objects.filter(email__endswith="@demo.se")}


@pytest.fixture
def client_for(client):
    """A logged-in test client for a person: `client_for(user)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def admin_user(db):
    """pytest-django's admin, with the authenticator that admin staff must have (accounts.mfa)."""
    from accounts.demo import ensure_totp
    from accounts.models import User

    user = User.objects.create_superuser("admin@example.se", "password")
    ensure_totp(user)
    return user


from tests.enrollment_helpers import people  # noqa: E402,F401 - the enrollment tests share this fixture
