"""The project's URLs plus one bare Django view, the baseline the benchmark compares pages with (bench only)."""

from django.http import HttpResponse
from django.urls import path

from yrkesresan.urls import urlpatterns as project_urlpatterns


def bare(request):
    """Goes through the same middleware (session, auth, CSP, MFA check) but does no work of its own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
