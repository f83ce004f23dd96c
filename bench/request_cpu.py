"""CPU per request in one process: the portal's pages against Django's floor, measured in the same run.

A benchmark, not a test (pytest does not collect it). It builds two WSGI handlers in this process: the
floor (a view returning "ok" with no middleware at all, the least Django can do per request) and the
portal's full stack, then sends each request through a WSGI environ (no sockets) and reads the process's
CPU time (`time.process_time`), so other load on the machine changes the figures far less than wall
time. Figures are medians over --runs requests after a warm-up, in ms of CPU, with the ratio to the floor
and the number of SQL queries one request makes.

Run from the repository root on a database with demo data (SQLite by default, or DATABASE_URL):
    DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=testserver .venv/bin/python bench/request_cpu.py --runs 300
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("STATIC_ROOT", "/tmp/yrkesresan-bench-static")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402


def get(handler, path, cookie):
    """One GET straight through the WSGI handler, as gunicorn would call it (no test-client instrumentation)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, HTTP_COOKIE=cookie)
    status = []
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body


def measure(handler, path, cookie, runs):
    """Median CPU ms per request and the queries of one request."""
    for _ in range(10):
        status, _ = get(handler, path, cookie)
    assert status.startswith("200"), f"{path}: {status}"
    times = []
    for _ in range(runs):
        start = time.process_time()
        get(handler, path, cookie)
        times.append(time.process_time() - start)
    with CaptureQueriesContext(connection) as queries:
        get(handler, path, cookie)
    return statistics.median(times) * 1000, len(queries)


def session_cookie(email):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.session
    session["mfa_set_up"] = True  # the project leader's MFA is checked once per session
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG=0 serves hashed names
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    with override_settings(MIDDLEWARE=[], ROOT_URLCONF="bench.floor_urls"):
        floor, _ = measure(WSGIHandler(), "/floor/", "", args.runs)

    handler = WSGIHandler()
    worker = session_cookie("socsek.lulea@demo.se")
    manager = session_cookie("chef.lulea@demo.se")
    pages = [
        ("bare view, full stack", worker, "/bench/bare/"),
        ("course days (courses:days)", worker, reverse("courses:days")),
        ("approval queue (enrollment:queue)", manager, reverse("enrollment:queue")),
        ("start page", manager, reverse("home")),
    ]
    print(f"database: {connection.vendor}; DEBUG={settings.DEBUG}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'floor (no middleware, no DB)':40} {floor:7.2f} ms CPU   ×1.0")
    for label, cookie, path in pages:
        cpu, queries = measure(handler, path, cookie, args.runs)
        print(f"{label:40} {cpu:7.2f} ms CPU   ×{cpu / floor:.1f}   {queries} queries")


if __name__ == "__main__":
    main()
