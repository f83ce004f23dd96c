"""Fixes after the QA round: catalogue changes applied to the bookings at once, bookings of a cancelled
or finished occasion ended with a clear status, results that follow corrected attendance, and the
manager's nomination and step move that cannot go wrong twice."""

import pytest
from django.core import mail
from django.urls import reverse

from core import outbox
from courses.models import CourseOccasion
from enrollment import notifications, services
from enrollment.models import Attendance, Enrollment
from enrollment.selectors import places_taken, waiting_list
from tests.enrollment_helpers import catalogue, make_occasion, other_course, save_from_catalogue, shift_days

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def test_raising_capacity_in_the_catalogue_promotes_the_waiting_list_before_a_nomination(people):
    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    waiting = services.enrollment_request(occasion, people["extra"][1], people["boss"])
    assert waiting.status == S.WAITLISTED
    save_from_catalogue(occasion, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING and places_taken(occasion) == 2
    # The nomination that used to jump the queue now waits behind it.
    late = services.enrollment_nominate(occasion, people["extra"][2], people["boss"])
    assert late.status == S.WAITLISTED


def test_raising_capacity_through_the_edit_page_promotes_at_once(people, client_for):
    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][1], people["boss"])
    days = list(occasion.days.order_by("date"))
    data = {
        "course": occasion.course_id,
        "region": occasion.region_id,
        "capacity": 2,
        "min_participants": 0,
        "signup_opens": occasion.signup_opens,
        "signup_closes": occasion.signup_closes,
        "cancellation_deadline": occasion.cancellation_deadline,
        "status": occasion.status,
        "days-TOTAL_FORMS": len(days),
        "days-INITIAL_FORMS": len(days),
        "days-MIN_NUM_FORMS": 0,
        "days-MAX_NUM_FORMS": 1000,
    }
    for i, day in enumerate(days):
        data.update(
            {
                f"days-{i}-id": day.pk,
                f"days-{i}-date": day.date,
                f"days-{i}-start_time": "09:00",
                f"days-{i}-end_time": "16:00",
                f"days-{i}-mode": "on_site",
                f"days-{i}-venue": day.venue,
                f"days-{i}-town": day.town,
            }
        )
    response = client_for(people["pl"]).post(reverse("courses:occasion_edit", args=[occasion.pk]), data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED and not waiting_list(occasion).exists()


def test_cancelling_the_occasion_ends_every_booking_once_and_mails_once(
    people, django_capture_on_commit_callbacks
):
    occasion = make_occasion(capacity=2)
    approved = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    pending = services.enrollment_request(occasion, people["extra"][0], people["boss"])
    waiting = services.enrollment_request(occasion, people["extra"][1], people["boss"])
    cancelled_before = services.enrollment_request(occasion, people["extra"][2], people["boss"])
    services.enrollment_cancel(cancelled_before, people["extra"][2])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        save_from_catalogue(occasion, status=CourseOccasion.Status.CANCELLED)
        save_from_catalogue(occasion, status=CourseOccasion.Status.CANCELLED)
    for enrollment in (approved, pending, waiting):
        enrollment.refresh_from_db()
        assert enrollment.status == S.OCCASION_CANCELLED and not enrollment.is_cancellable
        assert enrollment.events.filter(to_status=S.OCCASION_CANCELLED).count() == 1
    cancelled_before.refresh_from_db()
    assert cancelled_before.status == S.CANCELLED
    assert places_taken(occasion) == 0
    # One occasion-cancelled e-mail each, no per-booking "avbokad" mail.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["sw"].email, people["extra"][0].email, people["extra"][1].email]
    )
    assert all("inställt" in m.subject.lower() for m in mail.outbox)
    # Composing the notice again (a second save, a retry) adds no e-mail.
    assert outbox.send(notifications.occasion_cancelled(occasion)) == 0


def test_journey_page_offers_no_cancel_or_calendar_for_a_cancelled_occasion(people, client_for):
    occasion = make_occasion()
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    save_from_catalogue(occasion, status=CourseOccasion.Status.CANCELLED)
    page = client_for(people["sw"]).get(reverse("enrollment:mine")).content.decode()
    assert "Kurstillfället inställt" in page
    assert reverse("enrollment:cancel", args=[enrollment.pk]) not in page
    assert reverse("enrollment:ics", args=[enrollment.pk]) not in page


def test_completing_closes_the_waiting_list_and_tells_each_person_once(
    people, django_capture_on_commit_callbacks
):
    occasion = make_occasion(capacity=1, first_day_in=5, days=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    shift_days(occasion, -1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_complete(occasion, people["leader"])
    waiting.refresh_from_db()
    assert waiting.status == S.NOT_ADMITTED and "Reservlistan stängdes" in waiting.reason
    assert waiting.get_status_display() == "Fick ingen plats"
    # Issue #19: they were left without a word; now each is told (tests/enrollment/test_messages.py).
    assert [m.to for m in mail.outbox] == [[people["extra"][0].email]]


def test_corrected_attendance_after_completion_updates_the_result(people):
    occasion = make_occasion(first_day_in=5, days=1)
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    shift_days(occasion, -1)
    day = occasion.days.get()
    services.attendance_record(day, [], people["leader"])
    services.enrollment_complete(occasion, people["leader"])
    enrollment.refresh_from_db()
    assert enrollment.status == S.NOT_COMPLETED
    services.attendance_record(day, [enrollment.pk], people["leader"])
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED
    services.attendance_record(day, [], people["leader"])
    enrollment.refresh_from_db()
    assert enrollment.status == S.NOT_COMPLETED
    assert Attendance.objects.get(enrollment=enrollment).present is False


def test_attendance_form_starts_unticked_when_nothing_is_recorded(people, client_for):
    occasion = make_occasion(first_day_in=5, days=1, leaders=[people["leader"]])
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    shift_days(occasion, 0)
    day = occasion.days.get()
    url = reverse("enrollment:attendance", args=[occasion.pk, day.pk])
    client = client_for(people["leader"])
    form = client.get(url).context["form"]
    assert form["present"].value() == []
    services.attendance_record(day, [enrollment.pk], people["leader"])
    assert client.get(url).context["form"]["present"].value() == [enrollment.pk]


def test_a_nomination_records_the_nominating_manager(people):
    occasion = make_occasion()
    person = people["extra"][0]
    person.manager = None
    person.save()
    enrollment = services.enrollment_nominate(occasion, person, people["boss"])
    assert enrollment.manager == people["boss"]


def test_move_up_from_a_step_the_person_has_left_changes_nothing(people):
    journey, steps, _course = catalogue()
    person = people["sw"]
    services.step_move_up(person, journey, people["boss"], from_step=None)
    services.step_move_up(person, journey, people["boss"], from_step=steps["ny"])
    with pytest.raises(
        services.EnrollmentError, match="har redan bytt steg sedan du öppnade sidan"
    ) as refused:
        services.step_move_up(person, journey, people["boss"], from_step=steps["ny"])
    assert refused.value.code == "already"
    with pytest.raises(services.EnrollmentError, match="har redan bytt steg"):
        services.step_move_up(person, journey, people["boss"], from_step=None)
    assert [p.step for p in person.step_placements.order_by("pk")] == [steps["ny"], steps["van"]]


def test_sign_up_page_says_why_instead_of_a_form_that_would_be_refused(people, client_for):
    client = client_for(people["sw"])
    cases = [
        (make_occasion(status=CourseOccasion.Status.CANCELLED), "Kurstillfället är inställt."),
        (make_occasion(closes_in=-1, opens_in=-10), "Sista anmälningsdag har passerat."),
    ]
    booked = make_occasion(course=other_course())
    services.enrollment_request(booked, people["sw"], people["boss"])
    cases.append((make_occasion(course=other_course()), "redan anmäld till ett annat tillfälle"))
    for occasion, reason in cases:
        response = client.get(reverse("enrollment:signup", args=[occasion.pk]))
        page = response.content.decode()
        assert response.status_code == 200 and reason in page and "Skicka anmälan" not in page
        assert str(services.signup_refusal(occasion, people["sw"])) in page
    open_page = client.get(reverse("enrollment:signup", args=[make_occasion().pk])).content.decode()
    assert "Skicka anmälan" in open_page


def test_rejecting_without_a_reason_keeps_the_ticked_rows(people, client_for):
    occasion = make_occasion()
    first = services.enrollment_request(occasion, people["extra"][0], people["boss"])
    second = services.enrollment_request(occasion, people["extra"][1], people["boss"])
    response = client_for(people["boss"]).post(
        reverse("enrollment:queue"), {"enrollments": [first.pk], "action": "reject", "reason": " "}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Skriv en motivering" in page
    assert f'value="{first.pk}" id="e{first.pk}" checked' in page
    assert f'value="{second.pk}" id="e{second.pk}">' in page
    first.refresh_from_db()
    assert first.status == S.PENDING
