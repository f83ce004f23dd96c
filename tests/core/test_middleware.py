"""The portal's own middleware: the CSP header built once gives what django-csp builds per response."""

import pytest
from csp.constants import HEADER
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from core.middleware import StaticCSPMiddleware

pytestmark = pytest.mark.django_db


def respond(middleware_class, view=lambda request: HttpResponse("ok")):
    request = RequestFactory().get("/")
    middleware = middleware_class(view)
    return middleware(request)


def test_the_static_policy_is_the_policy_django_csp_builds(settings):
    settings.DEBUG = False
    assert respond(StaticCSPMiddleware)[HEADER] == respond(CSPMiddleware)[HEADER]
    assert "default-src 'self'" in respond(StaticCSPMiddleware)[HEADER]


def test_a_view_that_changes_its_policy_still_gets_its_change(settings):
    settings.DEBUG = False

    @csp_update({"img-src": ["https://example.se"]})
    def view(request):
        return HttpResponse("ok")

    header = respond(StaticCSPMiddleware, view)[HEADER]
    assert "https://example.se" in header and header == respond(CSPMiddleware, view)[HEADER]
