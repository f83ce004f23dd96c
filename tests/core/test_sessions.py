"""Sessions are renewed at most every SESSION_REFRESH_SECONDS, and the idle timeout still holds."""

from datetime import timedelta
from importlib import import_module
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
KEY = "core.middleware.SessionIdleRefreshMiddleware"


def session_writes(client, now):
    with mock.patch("core.middleware.time.time", return_value=now), CaptureQueriesContext(connection) as q:
        assert client.get(reverse("home")).status_code == 200
    return [x["sql"] for x in q.captured_queries if "django_session" in x["sql"] and "SELECT" not in x["sql"]]


def test_session_is_written_only_when_its_renewal_is_older_than_the_refresh_interval(client):
    client.force_login(PersonFactory(is_social_worker=True))
    start = 1_900_000_000
    assert session_writes(client, start)  # first request after login records the renewal
    assert not session_writes(client, start + 10)
    assert not session_writes(client, start + settings.SESSION_REFRESH_SECONDS - 1)
    assert session_writes(client, start + settings.SESSION_REFRESH_SECONDS)


def test_a_renewal_moves_the_expiry_a_full_idle_timeout_ahead(client):
    client.force_login(PersonFactory(is_social_worker=True))
    session_writes(client, 1_900_000_000)
    row = Session.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((row.expire_date - expected).total_seconds()) < 60


def test_a_session_past_its_idle_timeout_is_logged_out(client):
    client.force_login(PersonFactory(is_social_worker=True))
    session_writes(client, 1_900_000_000)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    cache.clear()  # the cached copy carries the same expiry; a cache restart must not revive it either
    response = client.get(reverse("enrollment:mine"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_deleting_a_session_through_the_engine_also_drops_its_cached_copy(client):
    user = PersonFactory(is_social_worker=True)
    client.force_login(user)
    key = client.session.session_key
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).delete()
    assert client.get(reverse("enrollment:mine")).status_code == 302


def test_the_refresh_middleware_sits_right_after_the_session_middleware():
    middleware = settings.MIDDLEWARE
    assert (
        middleware.index(KEY) == middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    )
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
