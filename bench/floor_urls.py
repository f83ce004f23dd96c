"""The floor of the CPU benchmark: one view that does nothing, behind no middleware (bench only)."""

from django.http import HttpResponse
from django.urls import path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("floor/", floor)]
