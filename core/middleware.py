"""Middleware of the portal."""


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
