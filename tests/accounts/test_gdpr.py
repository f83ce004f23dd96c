"""GDPR: the project leader's export of one person's data (JSON and PDF), anonymisation of a person who
has left (statistics kept, no personal data left anywhere in the database) and the retention sweep
of survey invitations."""

import datetime
import io
import json
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import person_anonymise
from core.models import AccessibilityReport, OutboxEmail
from enrollment.models import Attendance, Enrollment, EnrollmentEvent, StepPlacement

EMAIL = "gunhild.zakrisson@lulea.se"
FIRST, LAST = "Gunhild", "Zakrisson"

pytestmark = pytest.mark.django_db


@pytest.fixture
def gunhild(demo_people, make_person, municipality):
    """A social worker with something in every app: enrollments (one completed, with attendance, one
    rejected with a reason naming her), a step, a trainer profile, survey invitations, e-mails, an
    accessibility report and audit history, both about her and made by her."""
    from courses.models import Step, TrainerProfile
    from enrollment import services
    from followup.models import SurveyRound, SurveyTemplate
    from followup.services import invitation_create
    from tests.enrollment_helpers import catalogue, make_occasion, other_course, shift_days

    manager, leader = demo_people["chef.lulea@demo.se"], demo_people["kursledare@demo.se"]
    person = make_person(
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        phone="070-123 45 67",
        title="Socialsekreterare",
        municipality=municipality("2580"),
        is_social_worker=True,
        manager=manager,
    )
    other = demo_people["socsek.lulea@demo.se"]
    _, steps, course = catalogue()
    past = make_occasion(capacity=5, course=course, leaders=[leader])
    done = services.enrollment_nominate(past, person, manager)
    services.enrollment_nominate(past, other, manager)
    shift_days(past, -5)
    for day in past.days.all():
        services.attendance_record(day, [done.pk], leader)
    services.enrollment_complete(past, leader)
    upcoming = make_occasion(capacity=5, course=other_course())
    request = services.enrollment_request(upcoming, person, manager)
    Enrollment.objects.filter(pk=request.pk).update(reason=f"{FIRST} {LAST} vill fördjupa sig")
    services.enrollment_reject(request, manager, reason=f"{FIRST} har redan gått kursen")
    services.step_set(person, Step.objects.get(slug="van"), manager)
    TrainerProfile.objects.create(person=person, trained_on=datetime.date(2025, 3, 1)).courses.add(course)
    past.trainers.add(person)

    today = timezone.localdate()
    closed = SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="manager_yearly"),
        year=today.year - 1,
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=30),
    )
    open_round = SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="erfaren_yearly"),
        year=today.year,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
    )
    answered, _ = invitation_create(closed, person)
    answered.answered_on = today - datetime.timedelta(days=40)
    answered.save()
    pending, _ = invitation_create(open_round, person)
    pending.draft = {"q1": f"Jag heter {FIRST}"}
    pending.save()
    invitation_create(closed, other)

    OutboxEmail.objects.create(
        key="test:gunhild", recipient=EMAIL, subject=f"Hej {FIRST} {LAST}", status="sent"
    )
    OutboxEmail.objects.create(key="test:other", recipient=other.email, subject="Hej", status="sent")
    AccessibilityReport.objects.create(description="Knappen syns inte", name=f"{FIRST} {LAST}", email=EMAIL)
    with set_actor(person):
        person.title = "Gruppledare"
        person.save()
        other.last_name = "Nyström"  # an entry made BY her, about someone else
        other.save()
    return person


def export(client_for, leader, person):
    response = client_for(leader).get(reverse("accounts:personal_data_json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.content.decode(), json.loads(response.content)


def test_json_export_holds_the_persons_data_from_every_app_and_nothing_about_others(
    client_for, demo_people, gunhild
):
    text, data = export(client_for, demo_people["projektledare@demo.se"], gunhild)

    assert data["account"]["email"] == EMAIL and data["account"]["last_name"] == LAST
    assert (
        data["account"]["municipality"] == "Luleå"
        and data["account"]["manager"]["email"] == "chef.lulea@demo.se"
    )
    assert {e["status"] for e in data["enrollments"]} == {"Genomförd", "Ej godkänd"}
    completed = next(e for e in data["enrollments"] if e["status"] == "Genomförd")
    assert [a["present"] for a in completed["attendance"]] == [True, True] and completed["events"]
    assert len(data["certificates"]) == 1
    assert data["step_placements"][0]["step"] == "Van"
    assert (
        data["trainer"]["profile"]["trained_on"] == "2025-03-01" and data["trainer"]["occasions_as_trainer"]
    )
    # The two yearly rounds and the evaluation of the course she completed.
    assert len(data["survey_invitations"]) == 3
    # Her own e-mails (also the survey invitations still waiting in the outbox), none to others.
    assert f"Hej {FIRST} {LAST}" in [m["subject"] for m in data["sent_emails"]]
    assert {m["recipient"] for m in data["sent_emails"]} == {EMAIL}
    assert data["accessibility_reports"][0]["description"] == "Knappen syns inte"
    assert any(entry["this_person_made_the_change"] for entry in data["audit_log"])
    assert any(entry["object"] == f"{FIRST} {LAST}" for entry in data["audit_log"])
    # Nothing about the other participant of the same occasion or the same survey round.
    other = demo_people["socsek.lulea@demo.se"]
    assert other.email not in text and "test:other" not in text
    assert sorted(e["occasion"]["id"] for e in data["enrollments"]) == sorted(
        gunhild.enrollments.values_list("occasion_id", flat=True)
    )
    # Occasions are named by course and first day in words, not by an id or an ISO date.
    assert all(re.search(r"\(\d{1,2} [a-zåäö]+ \d{4}\)$", e["occasion"]["name"]) for e in data["enrollments"])


def test_pdf_export_is_readable_and_names_the_person(client_for, demo_people, gunhild):
    from pypdf import PdfReader

    response = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("accounts:personal_data_pdf", args=[gunhild.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"{FIRST} {LAST}" in text
    assert "Anmälningar" in text and "Handläggning med barnet i centrum" in text


def pdf_text(client_for, leader, person):
    from pypdf import PdfReader

    response = client_for(leader).get(reverse("accounts:personal_data_pdf", args=[person.pk]))
    assert response.status_code == 200
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_pdf_export_reads_as_swedish_text_not_as_raw_data(client_for, demo_people, gunhild):
    """QA: the PDF showed field names, None/True/False, ids, "create" and UTC timestamps."""
    from django.utils.formats import date_format

    from followup.models import Question

    scale = Question.objects.filter(template__kind="erfaren_yearly", kind="scale").first()
    pending = gunhild.followup_invitations.exclude(draft_sealed="").get()
    pending.draft = {str(scale.pk): "high"}
    pending.save()
    text = pdf_text(client_for, demo_people["projektledare@demo.se"], gunhild)
    for raw in (
        "is_project_leader",
        "is_social_worker",
        "None",
        "True",
        "False",
        "create",
        "update",
        "+00:00",
        "q1",
        "#",
    ):
        assert raw not in text, raw
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d", text)
    # The audit entry that created her: field labels, Ja/Nej, the municipality and manager by name.
    assert "åtgärd: skapad" in text and "åtgärd: ändrad" in text
    assert "Socialsekreterare" in text and "Regional projektledare" in text
    assert "till: Luleå" in text and f"till: {demo_people['chef.lulea@demo.se'].get_full_name()}" in text
    assert "till: Ja" in text and "aktiv: Ja" in text
    # Times in Swedish local time, as dates a person reads.
    joined = timezone.localtime(gunhild.date_joined)
    assert f"skapad: {date_format(joined, 'j F Y H:i')}" in text
    assert "utbildad till utbildare: 1 mars 2025" in text
    assert re.search(
        r"kurstillfällen som utbildare: Handläggning med barnet i centrum \(\d+ \w+ \d{4}\)", text
    )
    # A saved draft is said to exist; what it says is for its owner only (tests/followup/test_drafts.py).
    assert "Sparade svar finns" in text.replace("\n", " ") and scale.text[:40] not in text.replace("\n", " ")


def test_json_export_resolves_related_objects_and_keeps_machine_keys(client_for, demo_people, gunhild):
    _text, data = export(client_for, demo_people["projektledare@demo.se"], gunhild)
    created = next(
        e for e in data["audit_log"] if e["action"] == "create" and e["object"] == f"{FIRST} {LAST}"
    )
    changes = created["changes"]
    assert changes["municipality"]["to"] == {"id": gunhild.municipality_id, "name": "Luleå"}
    assert changes["manager"]["to"]["name"] == demo_people["chef.lulea@demo.se"].get_full_name()
    assert changes["is_social_worker"] == {"from": None, "to": True}
    assert {e["action"] for e in data["audit_log"]} <= {"create", "update", "delete", "access"}
    assert data["account"]["manager"]["id"] == gunhild.manager_id
    # ISO timestamps with the local offset, not UTC.
    offset = timezone.localtime(gunhild.date_joined).isoformat()[-6:]
    assert data["account"]["date_joined"].endswith(offset) and data["exported_at"].endswith(
        timezone.localtime().isoformat()[-6:]
    )
    assert created["timestamp"].endswith(offset)
    occasion = data["trainer"]["occasions_as_trainer"][0]
    assert (
        set(occasion) == {"id", "name", "first_day"}
        and occasion["name"] == "Handläggning med barnet i centrum"
    )


def statistics():
    """Aggregates the reports are built from; anonymisation must not change any of them."""
    from courses.models import CourseOccasion
    from enrollment.selectors import places_taken
    from followup.models import SurveyTemplate
    from followup.selectors import response_rate

    year = timezone.localdate().year
    return {
        "enrollments": dict(Enrollment.objects.values_list("status").annotate(n=Count("pk"))),
        "attendance": Attendance.objects.filter(present=True).count(),
        "events": EnrollmentEvent.objects.count(),
        "steps": StepPlacement.objects.count(),
        # (people_on_step is the survey audience: it rightly drops people who left, so it is not used here.)
        "per_step": dict(StepPlacement.objects.values_list("step__slug").annotate(n=Count("pk"))),
        "places_taken": sorted(places_taken(occasion) for occasion in CourseOccasion.objects.all()),
        "closed_round_rate": response_rate(SurveyTemplate.objects.get(kind="manager_yearly"), year - 1),
    }


def database_dump():
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_anonymising_keeps_the_statistics_and_leaves_no_personal_data_anywhere(demo_people, gunhild):
    leader = demo_people["projektledare@demo.se"]
    before = statistics()
    assert EMAIL in database_dump()

    assert person_anonymise(gunhild, by=leader) is True

    assert statistics() == before
    dump = database_dump()
    for needle in (EMAIL, FIRST, LAST, "070-123 45 67", "Gruppledare"):
        assert needle not in dump, needle
    person = User.objects.get(pk=gunhild.pk)
    assert person.email == f"anonymiserad-{person.pk}@invalid" and not person.is_active
    assert not person.has_usable_password() and person.manager is None
    assert not person.emailaddress_set.exists()
    assert not Enrollment.objects.filter(person=person).exclude(reason="").exists()
    assert not Enrollment.objects.filter(person=person, manager__isnull=False).exists()
    assert not EnrollmentEvent.objects.filter(enrollment__person=person).exclude(reason="").exists()
    assert person.followup_invitations.count() == 1  # the answered one of the closed round, without draft
    assert person.followup_invitations.get().draft == {}


def test_audit_entries_are_anonymised_and_keep_the_anonymous_actor(demo_people, gunhild):
    leader = demo_people["projektledare@demo.se"]
    person_anonymise(gunhild, by=leader)

    placeholder = f"anonymiserad-{gunhild.pk}@invalid"
    by_her = LogEntry.objects.filter(actor=gunhild)
    assert by_her.count() == 1 and all(entry.actor_email == placeholder for entry in by_her)
    about_her = LogEntry.objects.get_for_object(gunhild)
    for entry in about_her:
        text = json.dumps([entry.object_repr, entry.changes, entry.changes_text])
        assert EMAIL not in text and LAST not in text and FIRST not in text
    last = about_her.order_by("-timestamp", "-pk").first()
    assert last.actor == leader and last.changes == {"avidentifierad": ["nej", "ja"]}


def test_anonymising_twice_is_harmless(demo_people, gunhild):
    leader = demo_people["projektledare@demo.se"]
    person_anonymise(gunhild, by=leader)
    entries, stats = LogEntry.objects.count(), statistics()

    assert person_anonymise(gunhild, by=leader) is False
    assert LogEntry.objects.count() == entries and statistics() == stats


def test_anonymise_view_confirms_first_and_logs_the_person_out(client, demo_people, gunhild):
    from django.contrib.sessions.models import Session
    from django.test import Client

    client.force_login(gunhild)
    leader_client = Client()
    leader_client.force_login(demo_people["projektledare@demo.se"])
    url = reverse("accounts:anonymise", args=[gunhild.pk])
    confirm = leader_client.get(url)
    assert "Det går inte att ångra" in confirm.content.decode()
    assert User.objects.get(pk=gunhild.pk).email == EMAIL  # GET changes nothing

    response = leader_client.post(url)
    assert response.status_code == 302
    assert User.objects.get(pk=gunhild.pk).email.endswith("@invalid")
    assert client.get(reverse("accounts:profile")).status_code == 302  # her session has ended
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(gunhild.pk)]


def test_retention_sweep_removes_only_old_invitations_and_keeps_answers(settings, demo_people):
    from followup.models import Response, SurveyRound, SurveyTemplate
    from followup.services import invitation_create
    from followup.tasks import remove_old_invitations

    settings.FOLLOWUP_INVITATION_RETENTION_DAYS = 365
    today = timezone.localdate()
    person = demo_people["socsek.lulea@demo.se"]

    def round_closed(days_ago, kind):
        closes = today - datetime.timedelta(days=days_ago)
        return SurveyRound.objects.create(
            template=SurveyTemplate.objects.get(kind=kind),
            year=closes.year - 1,
            opens_on=closes - datetime.timedelta(days=30),
            closes_on=closes,
        )

    old, recent = round_closed(400, "manager_yearly"), round_closed(100, "erfaren_yearly")
    invitation_create(old, person)
    kept, _ = invitation_create(recent, person)
    Response.objects.create(round=old)

    assert remove_old_invitations() == 1
    assert remove_old_invitations() == 0
    assert list(person.followup_invitations.all()) == [kept]
    assert Response.objects.filter(round=old).count() == 1


def test_people_list_links_to_the_person_for_the_project_leader_only(client_for, demo_people, gunhild):
    url = reverse("accounts:person", args=[gunhild.pk])
    assert (
        url
        in client_for(demo_people["projektledare@demo.se"]).get(reverse("accounts:people")).content.decode()
    )
    assert (
        url
        not in client_for(demo_people["chef.lulea@demo.se"]).get(reverse("accounts:people")).content.decode()
    )


def test_privacy_page_states_the_retention_the_code_applies(client, settings):
    settings.FOLLOWUP_INVITATION_RETENTION_DAYS = 200
    page = client.get(reverse("privacy")).content.decode()
    assert "Tas bort 200 dagar efter att enkätomgången stängde" in page
    assert "avidentifierar projektledaren kontot" in page
