"""The privacy page and the accessibility statement are open to everyone; problems can be reported."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AccessibilityReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,heading",
    [
        ("privacy", "Så hanterar vi personuppgifter"),
        ("accessibility", "Tillgänglighet för Yrkesresan Norrbotten"),
    ],
)
def test_public_pages_are_readable_without_login(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_a_reported_problem_is_stored_and_sent_to_each_project_leader_once(
    client, demo_people, make_person, django_capture_on_commit_callbacks
):
    make_person(email="pl2@demo.se", is_project_leader=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accessibility"),
            {
                "page_url": "/kurser/",
                "description": "Filtret går inte att nå med tangentbordet.",
                "email": "",
            },
        )
    assert response.status_code == 302
    report = AccessibilityReport.objects.get()
    assert report.page_url == "/kurser/"
    assert sorted(m.to[0] for m in mail.outbox) == ["pl2@demo.se", "projektledare@demo.se"]
    from core.tasks import send_accessibility_report

    assert send_accessibility_report(report.pk) == 0  # a retry sends nothing more
    assert len(mail.outbox) == 2


def test_an_empty_report_gets_a_swedish_message_and_saves_nothing(client, norrbotten):
    response = client.post(
        reverse("accessibility"), {"page_url": "", "description": "", "email": "inte-en-adress"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in page and "Fyll i en giltig e-postadress." in page
    assert not AccessibilityReport.objects.exists()


def test_reports_are_rate_limited_per_address(client, norrbotten):
    for _ in range(10):
        client.post(reverse("accessibility"), {"description": "Problem"})
    response = client.post(reverse("accessibility"), {"description": "Ett till"}, follow=True)
    assert "Du har skickat många rapporter på kort tid." in response.content.decode()
    assert AccessibilityReport.objects.count() == 10


def test_forbidden_and_missing_pages_are_swedish_and_keep_the_layout(client_for, demo_people):
    client = client_for(demo_people["socsek.lulea@demo.se"])
    forbidden = client.get(reverse("municipalities:list"))
    assert forbidden.status_code == 403
    assert "Du saknar behörighet till sidan" in forbidden.content.decode()
    assert 'class="skip-link"' in forbidden.content.decode()
    missing = client.get("/kurser/kurs/finns-inte/")
    assert missing.status_code == 404 and "Sidan finns inte" in missing.content.decode()


def test_the_error_page_needs_nothing_but_static_files(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Något gick fel" in html and '<html lang="sv">' in html
