"""Login rate limits behind the TLS proxy: per address and per account at that address, with a way
in for the owner (an e-mailed code) when an account is attacked from many addresses."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.clientip import client_ip

PASSWORD = "yrkesresan"
PROXY = "127.0.0.1"  # every request reaches gunicorn from the proxy


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _login(client, email, password, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def _logged_in(response):
    return response.status_code == 302 and "login" not in response.url


def test_an_attackers_failures_from_one_address_do_not_lock_out_the_owner_elsewhere(
    client, demo_people, behind_proxy
):
    victim = "socsek.lulea@demo.se"
    for _ in range(12):
        assert not _logged_in(_login(client, victim, "fel-lösenord", "203.0.113.66"))
    # The attacker's own address is stopped, even with the right password …
    stopped = _login(client, victim, PASSWORD, "203.0.113.66")
    assert not _logged_in(stopped) and "För många misslyckade inloggningar" in stopped.content.decode()
    # … but the owner, from their own address, gets in.
    assert _logged_in(_login(client, victim, PASSWORD, "198.51.100.7"))


def test_failures_against_one_account_do_not_lock_out_other_people_behind_the_same_proxy(
    client, demo_people, behind_proxy
):
    for _ in range(12):
        _login(client, "chef.lulea@demo.se", "fel-lösenord", "203.0.113.66")
    assert _logged_in(_login(client, "socsek.pitea@demo.se", PASSWORD, "198.51.100.8"))


def test_the_header_is_believed_only_as_far_as_our_own_proxies(rf, settings):
    # A client writes its own X-Forwarded-For; our one proxy appends the address it saw.
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2  # two proxies of ours: one more hop from the right
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9, 10.0.0.2")
    assert client_ip(request) == "198.51.100.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy configured: the header is ignored
    assert client_ip(request) == PROXY


def test_a_forged_header_does_not_give_an_attacker_fresh_addresses(client, demo_people, behind_proxy):
    for n in range(12):
        _login(client, "socsek.lulea@demo.se", "fel-lösenord", f"10.9.9.{n}, 203.0.113.66")
    assert not _logged_in(_login(client, "socsek.lulea@demo.se", PASSWORD, "10.9.9.200, 203.0.113.66"))


def test_an_account_attacked_from_many_addresses_lets_its_owner_in_with_an_emailed_code(
    client, demo_people, behind_proxy, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "8/h/key"}
    victim = "socsek.lulea@demo.se"
    for n in range(8):
        _login(client, victim, "fel-lösenord", f"203.0.113.{n}")
    refused = _login(client, victim, PASSWORD, "198.51.100.7")
    assert not _logged_in(refused)
    assert "Skicka mig en inloggningskod" in refused.content.decode()
    mail.outbox.clear()
    asked = client.post(
        reverse("account_request_login_code"),
        {"email": victim},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert asked.status_code == 302, asked.content.decode()[:2000]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    confirmed = client.post(
        reverse("account_confirm_login_code"),
        {"code": code},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert _logged_in(confirmed), confirmed.content.decode()[:2000]
    assert client.get(reverse("home")).wsgi_request.user.email == victim
