"""What responses carry besides the page: no e-mail address in a cookie, no server banner."""

import base64
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent


def _cookie_texts(response):
    for morsel in response.cookies.values():
        yield morsel.value
        try:
            yield base64.b64decode(morsel.value.split(":")[0] + "===", altchars=b"-_").decode("latin-1")
        except ValueError:
            continue


@pytest.mark.django_db
def test_the_messages_after_login_do_not_put_the_e_mail_in_a_cookie(client, demo_people):
    email = "socsek.lulea@demo.se"
    response = client.post(reverse("account_login"), {"login": email, "password": "yrkesresan"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = client.get(response.url)
    assert "messages" not in page.cookies
    assert not any(email in text or "socsek" in text for r in (response, page) for text in _cookie_texts(r))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_does_not_announce_itself():
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "yrkesresan.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                # The start page, as a visitor first sees it: it needs no database, so the server runs on
                # whatever database its environment names (CI's is empty; the tests' own is another).
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    headers = answer.headers
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not answer")
        assert answer.status == 200
        assert "Server" not in headers, headers.get("Server")
    finally:
        server.terminate()
        server.wait(timeout=20)
