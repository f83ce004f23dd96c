"""What participants and managers are told by e-mail (issue #19, participants' messages)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats

from enrollment import services
from enrollment.models import Enrollment
from tests.enrollment_helpers import make_occasion, other_course, shift_days

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def bodies_to(address):
    return [m.body for m in mail.outbox if address in m.to]


@pytest.mark.parametrize(
    "deadline_in, first_day_in, person_says, manager_says",
    [
        (12, 20, "är avbokad.", "har avbokat sin plats på Handläggning med barnet i centrum."),
        (-1, 20, "registreras som sen avbokning", "efter sista avbokningsdag (sen avbokning)"),
        (-3, 0, "Ditt återbud till", "har lämnat återbud till"),
    ],
)
def test_cancellation_mail_says_what_happened_once(
    people, django_capture_on_commit_callbacks, deadline_in, first_day_in, person_says, manager_says
):
    """It said "Din anmälan … är avbokad (avbokad)." – the status word twice, the manager's copy too."""
    occasion = make_occasion(first_day_in=first_day_in, deadline_in=deadline_in)
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_cancel(enrollment, people["sw"])
    (person_mail,) = bodies_to(people["sw"].email)
    (manager_mail,) = bodies_to(people["boss"].email)
    for body in (person_mail, manager_mail):
        assert "(avbokad)" not in body and "(återbud)" not in body
    assert person_says in person_mail
    assert manager_says in manager_mail


def test_a_nominated_person_is_told_the_manager_booked_them(people, django_capture_on_commit_callbacks):
    occasion = make_occasion()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_nominate(occasion, people["sw"], people["boss"])
    (body,) = bodies_to(people["sw"].email)
    assert f"{people['boss'].get_full_name()} har bokat dig på Handläggning med barnet i centrum" in body
    assert "är godkänd" not in body


def test_a_person_who_applied_is_told_the_application_was_approved(
    people, django_capture_on_commit_callbacks
):
    occasion = make_occasion()
    enrollment = services.enrollment_request(occasion, people["sw"], people["boss"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_approve(enrollment, people["boss"])
    (body,) = bodies_to(people["sw"].email)
    assert "Din anmälan till Handläggning med barnet i centrum är godkänd" in body


def test_confirmation_lists_a_digital_day_with_its_meeting_link(people, django_capture_on_commit_callbacks):
    occasion = make_occasion()
    first, second = occasion.days.order_by("date")
    second.venue, second.town, second.online_url = "", "", "https://mote.example.se/abc"
    second.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_nominate(occasion, people["sw"], people["boss"])
    (body,) = bodies_to(people["sw"].email)
    lines = body.splitlines()
    digital = next(i for i, line in enumerate(lines) if line.startswith("- ") and "digitalt" in line)
    assert "16:00, digitalt" in lines[digital]
    assert lines[digital + 1].strip() == "Möteslänk: https://mote.example.se/abc"
    assert "Kulturens hus, Luleå" in body


def test_waitlisted_people_are_told_when_the_occasion_completes_with_the_next_occasion(
    people, django_capture_on_commit_callbacks
):
    occasion = make_occasion(capacity=1, first_day_in=5, days=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    later = make_occasion(first_day_in=60)
    make_occasion(first_day_in=90)  # a later one still: the next is the one named
    make_occasion(first_day_in=70, course=other_course())  # another course: never named
    shift_days(occasion, -1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_complete(occasion, people["leader"])
        services.enrollment_complete(occasion, people["leader"])  # run twice: told once
    waiting.refresh_from_db()
    assert waiting.status == S.NOT_ADMITTED
    (message,) = [m for m in mail.outbox if people["extra"][0].email in m.to]
    assert "Du fick ingen plats" in message.subject
    assert "reservlistan är stängd" in message.body
    assert f"Nästa kurstillfälle: {later.dates_and_place()}." in message.body
    assert reverse("enrollment:signup", args=[later.pk]) in message.body


def test_without_a_next_occasion_the_waitlisted_are_pointed_to_the_course(
    people, django_capture_on_commit_callbacks
):
    occasion = make_occasion(capacity=1, first_day_in=5, days=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    shift_days(occasion, -1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_complete(occasion, people["leader"])
    (body,) = bodies_to(people["extra"][0].email)
    assert "inget senare kurstillfälle" in body
    assert reverse("courses:course", args=[occasion.course.slug]) in body


def test_cancelling_is_not_offered_or_accepted_after_the_last_day(people, client_for):
    occasion = make_occasion()
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    cancel_url = reverse("enrollment:cancel", args=[enrollment.pk])
    client = client_for(people["sw"])
    shift_days(occasion, -1)  # the last day is today: återbud is still possible
    assert cancel_url in client.get(reverse("enrollment:mine")).content.decode()
    shift_days(occasion, -2)  # both days have passed
    assert cancel_url not in client.get(reverse("enrollment:mine")).content.decode()
    staff_page = client_for(people["boss"]).get(reverse("enrollment:staff_detail", args=[people["sw"].pk]))
    assert cancel_url not in staff_page.content.decode()
    with pytest.raises(services.EnrollmentError, match="sista dag har passerat"):
        services.enrollment_cancel(enrollment, people["sw"])
    client = client_for(people["sw"])
    response = client.post(cancel_url, {"reason": ""}, follow=True)
    assert "sista dag har passerat" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == S.APPROVED


def test_completing_is_offered_only_once_the_last_day_has_come(people, client_for):
    occasion = make_occasion(leaders=[people["leader"]])
    complete_url = reverse("enrollment:complete", args=[occasion.pk])
    client = client_for(people["leader"])
    page = client.get(reverse("enrollment:participants", args=[occasion.pk])).content.decode()
    last = occasion.days.order_by("date").last().date
    assert complete_url not in page
    assert (
        f"Kurstillfället kan avslutas från sista kursdagen, {formats.date_format(last, 'DATE_FORMAT')}."
        in page
    )
    shift_days(occasion, -1)
    page = client.get(reverse("enrollment:participants", args=[occasion.pk])).content.decode()
    assert complete_url in page and "kan avslutas från" not in page
