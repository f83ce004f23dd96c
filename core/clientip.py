"""The client's address, the same for every rate limit: allauth's reading of X-Forwarded-For.

Behind the TLS proxy every request comes from the proxy's address; ALLAUTH_TRUSTED_PROXY_COUNT
(environment TRUSTED_PROXY_COUNT) says how many proxies we run in front of gunicorn, and the address
is read that many entries from the right of X-Forwarded-For, so what a client writes into the header
itself (further left) is never believed. With 0, X-Forwarded-For is ignored.
"""

from allauth.core.internal.httpkit import get_client_ip


def client_ip(request):
    """For django-ratelimit's RATELIMIT_IP_META_KEY and anything else that limits per address."""
    return get_client_ip(request) or ""
