"""Editable notification templates (core.mailtemplates): every kind of our apps is found with its
placeholders, an edited text is checked on save (unknown placeholders, other tags, broken syntax are
refused in Swedish), used in place of the shipped one per language, restored, and never becomes markup
in the HTML part."""

import pytest
from django.core import mail
from django.urls import reverse

from core import mailtemplates, outbox
from core.errors import DomainError
from core.models import NotificationTemplate
from enrollment import services
from tests.enrollment_helpers import make_occasion, other_course, people  # noqa: F401

pytestmark = pytest.mark.django_db
APPROVED = "enrollment/email/approved"
SCRIPT = "<script>alert(1)</script>"


def html_of(message):
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


# --- plain functions ------------------------------------------------------------------------------


def test_every_shipped_pair_of_our_apps_is_a_kind_with_its_placeholders():
    kinds = mailtemplates.kinds()
    assert {APPROVED, "accounts/email/invitation", "core/email/accessibility_report"} <= set(kinds)
    assert not any(name.startswith("account/") for name in kinds), "allauth's own templates are not ours"
    approved = kinds[APPROVED]
    assert {"namn", "kurs", "kursdagar", "sista_avbokningsdag", "portal"} <= set(approved.placeholder_names)
    assert "enrollment" not in approved.placeholder_names  # the event itself is not offered
    assert approved.label.startswith("Din plats är bekräftad")
    assert set(kinds["accounts/email/invitation"].placeholder_names) >= {"namn", "lank", "inbjuden_av"}


def test_a_kind_an_app_adds_is_found_without_being_listed(settings, tmp_path):
    """A new template pair (as the trainers' e-mails add) becomes editable, its names its placeholders."""
    from pathlib import Path

    folder = Path(mailtemplates.apps.get_app_config("courses").path) / "templates" / "courses" / "email"
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    subject, body = folder / "zz_test_kind_subject.txt", folder / "zz_test_kind_body.txt"
    subject.write_text(
        "{% load i18n %}{% blocktranslate with course=course %}Ny: {{ course }}{% endblocktranslate %}"
    )
    body.write_text("{{ person.get_short_name }} {{ trainer_note }}")
    mailtemplates._kinds.cache_clear()
    try:
        kind = mailtemplates.kind("courses/email/zz_test_kind")
        assert kind is not None
        assert {"kurs", "namn", "trainer_note"} <= set(kind.placeholder_names)
    finally:
        subject.unlink()
        body.unlink()
        if created:
            folder.rmdir()
        mailtemplates._kinds.cache_clear()


@pytest.mark.parametrize(
    "source, says",
    [
        ("Hej {{ namnet }}!", "Okänd platshållare {{ namnet }}"),
        ("Hej {{ namn.password }}", "utan punkt eller filter"),
        ("Hej {{ namn|upper }}", "utan punkt eller filter"),
        ('{% include "base.html" %}', "{% include %} är inte tillåtet"),
        ("{% load static %}", "{% load %} är inte tillåtet"),
        ("{% debug %}", "{% debug %} är inte tillåtet"),
        ("{% if namn %}Hej", "Varje {% if %} behöver ett {% endif %}"),
        ("{% if hemligt %}x{% endif %}", "Okänd platshållare {{ hemligt }}"),
        ("Hej {{ namn", "saknar sitt slut"),
    ],
)
def test_placeholder_validation_refuses_with_a_swedish_message(source, says):
    problems = mailtemplates.template_problems(source, ["namn", "kurs"])
    assert any(says in problem for problem in problems), problems


def test_placeholder_validation_accepts_placeholders_and_if():
    assert (
        mailtemplates.template_problems(
            "Hej {{ namn }}! {% if kurs %}Om {{ kurs }}.{% else %}-{% endif %}", ["namn", "kurs"]
        )
        == []
    )


def test_save_refuses_a_language_with_only_a_subject_and_an_unknown_placeholder(demo_people):
    leader = demo_people["projektledare@demo.se"]
    with pytest.raises(DomainError, match="Okänd platshållare"):
        mailtemplates.template_save(
            kind_name=APPROVED,
            subject_sv="{{ lösen }}",
            body_sv="x",
            subject_en="",
            body_en="",
            by_id=leader.pk,
        )
    with pytest.raises(DomainError, match="både ämne och text"):
        mailtemplates.template_save(
            kind_name=APPROVED, subject_sv="Ämne", body_sv="", subject_en="", body_en="", by_id=leader.pk
        )
    assert not NotificationTemplate.objects.exists()


# --- the render hook ---------------------------------------------------------------------------------


@pytest.fixture
def approved_mail(people, django_capture_on_commit_callbacks):
    courses = iter([None, other_course()])

    def approve():
        """The manager books the social worker (approved at once); their confirmation e-mail."""
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.enrollment_nominate(
                make_occasion(capacity=5, course=next(courses)), people["sw"], people["boss"]
            )
        return [m for m in mail.outbox if people["sw"].email in m.to][-1]

    return approve


def test_edited_text_is_used_per_language_and_restoring_brings_back_the_shipped_one(people, approved_mail):
    mailtemplates.template_save(
        kind_name=APPROVED,
        subject_sv="Välkommen till {{ kurs }}",
        body_sv="Hej {{ namn }}!\n{{ kursdagar }}\nAvboka senast {{ sista_avbokningsdag }}.",
        subject_en="Welcome to {{ kurs }}",
        body_en="Hi {{ namn }}!",
        by_id=people["pl"].pk,
    )
    message = approved_mail()
    assert message.subject.startswith("Välkommen till ")
    assert message.body.startswith(f"Hej {people['sw'].get_short_name()}!\n- ")
    assert "Avboka senast" in message.body
    assert (
        outbox.render(APPROVED, {"person": people["sw"]}, "en")[1] == f"Hi {people['sw'].get_short_name()}!"
    )

    assert mailtemplates.template_restore(kind_name=APPROVED)
    message = approved_mail()
    assert message.subject.startswith("Din plats är bekräftad")


def test_a_script_in_an_edited_template_and_in_a_name_is_escaped_in_the_html_part(people, approved_mail):
    sw = people["sw"]
    sw.first_name = SCRIPT
    sw.save()
    mailtemplates.template_save(
        kind_name=APPROVED,
        subject_sv="Plats på {{ kurs }}",
        body_sv=f"Hej {{{{ namn }}}}! {SCRIPT}",
        subject_en="",
        body_en="",
        by_id=people["pl"].pk,
    )
    message = approved_mail()
    assert SCRIPT in message.body  # the plain text says what was written
    html = html_of(message)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_a_stored_template_that_no_longer_passes_falls_back_to_the_shipped_text(people):
    NotificationTemplate.objects.create(kind=APPROVED, subject_sv="{{ borttagen }}", body_sv="x")
    assert mailtemplates.render_edited(APPROVED, {"person": people["sw"]}, "sv") is None
    subject, _body = outbox.render(APPROVED, {"person": people["sw"], "course": "Kurs X"})
    assert subject == "Din plats är bekräftad: Kurs X"


# --- the pages ---------------------------------------------------------------------------------------


def test_project_leader_lists_kinds_edits_is_refused_then_saves_and_restores(client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    listing = client.get(reverse("notification_templates"))
    assert listing.status_code == 200
    edit_url = mailtemplates.kind(APPROVED).edit_url
    assert edit_url in listing.content.decode()

    page = client.get(edit_url)
    assert "sista_avbokningsdag" in page.content.decode()
    refused = client.post(
        edit_url, {"subject_sv": "Hej {{ okand }}", "body_sv": "Text", "subject_en": "", "body_en": ""}
    )
    assert refused.status_code == 200
    assert "Okänd platshållare {{ okand }}" in refused.content.decode()
    assert not NotificationTemplate.objects.exists()

    saved = client.post(
        edit_url, {"subject_sv": "Hej {{ namn }}", "body_sv": "Text", "subject_en": "", "body_en": ""}
    )
    assert saved.status_code == 302
    assert NotificationTemplate.objects.get(kind=APPROVED).subject_sv == "Hej {{ namn }}"
    assert client.post(mailtemplates.kind(APPROVED).restore_url).status_code == 302
    assert not NotificationTemplate.objects.exists()


def test_an_unknown_kind_answers_404(client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    assert (
        client.get(reverse("notification_template_edit", args=["enrollment", "nonexistent"])).status_code
        == 404
    )


def test_rendered_text_is_plain_so_a_page_showing_it_escapes_it(people):
    from django.template import Context, Template

    people["sw"].first_name = SCRIPT
    subject, body = outbox.render(APPROVED, {"person": people["sw"], "course": SCRIPT})
    shown = Template("{{ subject }} {{ body }}").render(Context({"subject": subject, "body": body}))
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_a_yes_or_no_value_is_empty_when_no_so_an_if_on_it_is_false():
    kind = mailtemplates.kind("courses/email/staff_assigned")
    assert "as_trainer" in kind.placeholder_names
    values = mailtemplates.placeholder_values(kind, {"as_trainer": False, "as_leader": True})
    text = mailtemplates.render_text("{% if as_trainer %}T{% endif %}{% if as_leader %}L{% endif %}", values)
    assert text == "L"
    assert mailtemplates.kind("enrollment/email/message").label == "Meddelande skrivet i portalen"
