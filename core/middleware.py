"""Middleware of the portal."""

from django.shortcuts import render


class SwedishUnlessChosenMiddleware:
    """The portal speaks Swedish unless the person picks English with the language button.

    The browser's Accept-Language is ignored: a Swedish public-sector service answers in Swedish, and
    a half-translated page (library texts in English, ours in Swedish) helps nobody. The choice made
    with the button is kept in Django's language cookie, which LocaleMiddleware reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Django answers a GET to a POST-only address (require_POST) with an empty 405; show the portal's
    own Swedish error page instead, keeping the status and the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or response.streaming:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
