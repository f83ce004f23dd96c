"""The enrollment life cycle through its services: places, waiting list, approvals, cancellation,
attendance and completion, moving up a step, and the e-mails each change sends once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import outbox
from courses.models import CourseOccasion
from enrollment import notifications, selectors, services, tasks
from enrollment.models import Attendance, Enrollment, EnrollmentEvent, StepPlacement
from enrollment.selectors import places_taken, places_taken_by_occasion, waiting_list
from enrollment.signals import occasion_completed, step_changed
from tests.enrollment_helpers import catalogue, make_occasion, other_course, save_from_catalogue, shift_days

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def test_own_request_holds_a_place_and_asks_the_named_manager(people, django_capture_on_commit_callbacks):
    occasion = make_occasion(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = services.enrollment_request(occasion, people["sw"], people["boss"])
    assert enrollment.status == S.PENDING and places_taken(occasion) == 1
    assert [m.to for m in mail.outbox] == [[people["boss"].email]]
    assert "väntar på ditt godkännande" in mail.outbox[0].body
    event = enrollment.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", S.PENDING, people["sw"])


def test_request_when_full_goes_to_the_waiting_list(people):
    occasion = make_occasion(capacity=1)
    services.enrollment_request(occasion, people["sw"], people["boss"])
    second = services.enrollment_request(occasion, people["extra"][0], people["boss"])
    assert second.status == S.WAITLISTED and second.waitlisted_at is not None


def test_sign_up_is_refused_when_closed_not_open_or_cancelled(people):
    cases = [
        (make_occasion(closes_in=-1, opens_in=-10), "Sista anmälningsdag har passerat."),
        (make_occasion(opens_in=2), "Anmälan till kurstillfället har inte öppnat."),
        (make_occasion(status=CourseOccasion.Status.PLANNED), "Anmälan till kurstillfället har inte öppnat."),
        (make_occasion(status=CourseOccasion.Status.CANCELLED), "Kurstillfället är inställt."),
    ]
    for occasion, message in cases:
        with pytest.raises(services.EnrollmentError, match=message):
            services.enrollment_request(occasion, people["sw"], people["boss"])
    assert not Enrollment.objects.exists()


def test_a_manager_from_another_municipality_cannot_be_named(people):
    with pytest.raises(services.EnrollmentError, match="Välj en chef i din kommun"):
        services.enrollment_request(make_occasion(), people["sw"], people["boss_pitea"])
    assert not Enrollment.objects.exists()


def test_second_active_sign_up_is_refused_and_the_database_enforces_it(people):
    occasion = make_occasion()
    first = services.enrollment_request(occasion, people["sw"], people["boss"])
    with pytest.raises(services.EnrollmentError, match="redan anmäld"):
        services.enrollment_request(occasion, people["sw"], people["boss"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(occasion=occasion, person=people["sw"], status=S.WAITLISTED)
    # After cancelling, signing up again is allowed.
    services.enrollment_cancel(first, people["sw"])
    assert services.enrollment_request(occasion, people["sw"], people["boss"]).status == S.PENDING


def test_sign_up_stores_the_named_manager_for_next_time(people, make_person, municipality):
    other_boss = make_person(municipality=municipality("Luleå"), is_manager=True)
    services.enrollment_request(make_occasion(), people["sw"], other_boss)
    people["sw"].refresh_from_db()
    assert people["sw"].manager == other_boss


def test_any_manager_of_the_municipality_may_approve_but_not_another_municipality(
    people, make_person, municipality
):
    enrollment = services.enrollment_request(make_occasion(), people["sw"], people["boss"])
    with pytest.raises(services.EnrollmentError):
        services.enrollment_approve(enrollment, people["boss_pitea"])
    deputy = make_person(municipality=municipality("Luleå"), is_manager=True)
    assert services.enrollment_approve(enrollment, deputy).status == S.APPROVED


def test_approving_twice_or_after_cancellation_gives_a_clear_message(people):
    enrollment = services.enrollment_request(make_occasion(), people["sw"], people["boss"])
    services.enrollment_approve(enrollment, people["boss"])
    with pytest.raises(services.EnrollmentError, match="redan godkänd") as error:
        services.enrollment_approve(enrollment, people["boss"])
    assert error.value.code == "already"
    other = services.enrollment_request(make_occasion(course=other_course()), people["sw"], people["boss"])
    services.enrollment_cancel(other, people["sw"])
    with pytest.raises(services.EnrollmentError, match="har avbokats"):
        services.enrollment_approve(other, people["boss"])
    assert EnrollmentEvent.objects.filter(to_status=S.APPROVED).count() == 1


def test_reject_needs_a_reason_and_frees_the_place_for_the_waiting_list(
    people, django_capture_on_commit_callbacks
):
    occasion = make_occasion(capacity=1)
    first = services.enrollment_request(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    assert waiting.status == S.WAITLISTED
    with pytest.raises(services.EnrollmentError, match="motivering"):
        services.enrollment_reject(first, people["boss"], "  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_reject(first, people["boss"], "Verksamheten kan inte avvara dig i maj.")
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED  # a nomination is confirmed straight away
    bodies = {m.to[0]: m for m in mail.outbox}
    assert "Verksamheten kan inte avvara dig i maj." in bodies[people["sw"].email].body
    assert "flyttats från reservlistan" in bodies[people["extra"][0].email].body
    assert bodies[people["extra"][0].email].attachments[0][0] == "kursdagar.ics"


def test_cancel_before_deadline_late_and_on_the_day(people):
    occasion = make_occasion(capacity=5, deadline_in=12, first_day_in=20)
    on_time = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    late = services.enrollment_nominate(occasion, people["extra"][1], people["boss"])
    day_of = services.enrollment_nominate(occasion, people["extra"][2], people["boss"])
    today = timezone.localdate()
    assert services.enrollment_cancel(on_time, people["extra"][0]).status == S.CANCELLED
    assert (
        services.enrollment_cancel(late, people["boss"], today=today + datetime.timedelta(days=15)).status
        == S.LATE_CANCELLED
    )
    assert (
        services.enrollment_cancel(
            day_of, people["extra"][2], today=today + datetime.timedelta(days=20)
        ).status
        == S.WITHDRAWN
    )
    with pytest.raises(services.EnrollmentError, match="redan avbokad"):
        services.enrollment_cancel(on_time, people["extra"][0])


def test_someone_else_cannot_cancel_my_booking(people):
    enrollment = services.enrollment_request(make_occasion(), people["sw"], people["boss"])
    for outsider in (people["sw_pitea"], people["boss_pitea"], people["leader"]):
        with pytest.raises(services.EnrollmentError):
            services.enrollment_cancel(enrollment, outsider)


def test_cancellation_promotes_the_first_on_the_waiting_list_in_order(people):
    occasion = make_occasion(capacity=1)
    booked = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    first, second = (services.enrollment_request(occasion, p, people["boss"]) for p in people["extra"][:2])
    assert [e.pk for e in waiting_list(occasion)] == [first.pk, second.pk]
    services.enrollment_cancel(booked, people["sw"])
    first.refresh_from_db(), second.refresh_from_db()
    # An own request promoted from the list still needs the manager, and holds the place meanwhile.
    assert (first.status, second.status) == (S.PENDING, S.WAITLISTED)
    assert places_taken(occasion) == 1


def test_capacity_cannot_go_below_places_taken_and_raising_it_promotes(people):
    occasion = make_occasion(capacity=2)
    for person in people["extra"][:3]:
        services.enrollment_nominate(occasion, person, people["boss"])
    with pytest.raises(ValidationError, match="2 platser som redan är tagna"):
        save_from_catalogue(occasion, capacity=1)
    save_from_catalogue(occasion, capacity=3)
    assert places_taken(occasion) == 3 and not waiting_list(occasion).exists()


def test_manager_nominates_only_own_staff_and_project_leader_anyone(people):
    occasion = make_occasion()
    with pytest.raises(services.EnrollmentError, match="egen kommun"):
        services.enrollment_nominate(occasion, people["sw_pitea"], people["boss"])
    assert services.enrollment_nominate(occasion, people["sw_pitea"], people["pl"]).status == S.APPROVED
    assert services.enrollment_nominate(occasion, people["sw"], people["boss"]).pre_approved


def test_pending_requests_are_declined_after_sign_up_closed(people, django_capture_on_commit_callbacks):
    occasion = make_occasion(capacity=1, closes_in=1)
    pending = services.enrollment_request(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["pl"])
    mail.outbox.clear()
    later = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.decline_after_signup_closed(later) == 1
        assert tasks.decline_after_signup_closed(later) == 0
    pending.refresh_from_db(), waiting.refresh_from_db()
    assert pending.status == S.REJECTED and waiting.status == S.APPROVED
    declined = [m for m in mail.outbox if m.to == [people["sw"].email]]
    assert len(declined) == 1 and "före sista anmälningsdag" in declined[0].body


def test_attendance_and_completion_follow_the_attendance_rule(people):
    _journey, _steps, course = catalogue()
    course.required_attendance_percent = 50
    course.save()
    occasion = make_occasion(capacity=5, days=2, leaders=[people["leader"]])
    full, half, none_ = (
        services.enrollment_nominate(occasion, p, people["boss"]) for p in people["extra"][:3]
    )
    with pytest.raises(services.EnrollmentError, match="först på kursdagen"):
        services.attendance_record(occasion.days.first(), [full.pk], people["leader"])
    shift_days(occasion, -3)
    with pytest.raises(services.EnrollmentError):
        services.enrollment_complete(make_occasion(), people["leader"])
    day1, day2 = occasion.days.order_by("date")
    services.attendance_record(day1, [full.pk, half.pk], people["leader"])
    services.attendance_record(day2, [full.pk], people["leader"])
    assert Attendance.objects.filter(present=False).count() == 3
    received = []
    occasion_completed.connect(
        lambda **kw: received.append(kw["participant_ids"]), weak=False, dispatch_uid="test-completed"
    )
    try:
        completed = services.enrollment_complete(occasion, people["leader"])
    finally:
        occasion_completed.disconnect(dispatch_uid="test-completed")
    for e in (full, half, none_):
        e.refresh_from_db()
    assert (full.status, half.status, none_.status) == (S.COMPLETED, S.COMPLETED, S.NOT_COMPLETED)
    assert sorted(completed) == sorted([full.person_id, half.person_id]) and received == [completed]


def test_step_move_up_keeps_history_and_sends_step_changed(people):
    journey, steps, _course = catalogue()
    person = people["sw"]
    received = []
    step_changed.connect(
        lambda **kw: received.append((kw["from_step"], kw["to_step"], kw["changed_by"])),
        weak=False,
        dispatch_uid="test-step",
    )
    try:
        services.step_move_up(person, journey, people["boss"], from_step=None)
        services.step_move_up(person, journey, people["boss"], from_step=steps["ny"])
        with pytest.raises(services.EnrollmentError, match="egen kommun"):
            services.step_move_up(person, journey, people["boss_pitea"], from_step=steps["van"])
    finally:
        step_changed.disconnect(dispatch_uid="test-step")
    assert received == [(None, steps["ny"], people["boss"]), (steps["ny"], steps["van"], people["boss"])]
    assert StepPlacement.objects.filter(person=person).count() == 2


def test_places_taken_by_occasion_counts_many_in_one_query(people, django_assert_num_queries):
    a, b = make_occasion(), make_occasion()
    services.enrollment_request(a, people["sw"], people["boss"])
    services.enrollment_nominate(a, people["extra"][0], people["boss"])
    with django_assert_num_queries(1):
        assert places_taken_by_occasion([a.pk, b.pk]) == {a.pk: 2, b.pk: 0}


def test_event_notification_run_twice_sends_once(people):
    enrollment = services.enrollment_nominate(make_occasion(), people["sw"], people["boss"])
    event = enrollment.events.get()
    mail.outbox.clear()
    assert outbox.deliver_due() == 1  # its on-commit delivery does not run inside the test's transaction
    assert outbox.send(notifications.enrollment_event(event)) == 0  # composed again: nothing more
    assert len(mail.outbox) == 1 and "bekräftad" in mail.outbox[0].body
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert filename == "kursdagar.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_reminders_go_once_to_participants_and_course_leaders(people, settings):
    settings.ENROLLMENT_REMINDER_DAYS = 3
    occasion = make_occasion(first_day_in=3, closes_in=1, deadline_in=1, leaders=[people["leader"]])
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    make_occasion(first_day_in=10)  # not yet
    mail.outbox.clear()
    assert tasks.send_reminders() == 2
    assert tasks.send_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["sw"].email, people["leader"].email])
    (to_leader,) = [m for m in mail.outbox if m.to == [people["leader"].email]]
    assert "börjar snart med 1 bekräftad deltagare." in to_leader.body


def test_closing_soon_tells_the_manager_once(people):
    occasion = make_occasion(closes_in=1)
    services.enrollment_request(occasion, people["sw"], people["boss"])
    mail.outbox.clear()
    assert tasks.send_signup_closing_soon() == 1
    assert tasks.send_signup_closing_soon() == 0
    assert mail.outbox[0].to == [people["boss"].email] and str(people["sw"]) in mail.outbox[0].body


def test_occasion_cancelled_tells_everyone_booked_once(people):
    occasion = make_occasion()
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    outbox.deliver_due()  # the confirmation (its on-commit delivery does not run in the test's transaction)
    save_from_catalogue(occasion, status=CourseOccasion.Status.CANCELLED)
    mail.outbox.clear()
    assert outbox.deliver_due() == 1
    assert outbox.send(notifications.occasion_cancelled(occasion)) == 0
    assert "inställt" in mail.outbox[0].subject.lower()


def test_waiting_list_backstop_promotes_missed_places(people):
    occasion = make_occasion(capacity=1)
    booked = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    # A change made outside the services (e.g. in the admin) frees a place without promoting.
    Enrollment.objects.filter(pk=booked.pk).update(status=S.CANCELLED)
    assert tasks.promote_waiting_lists() == 1
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED


def test_occasion_closed_to_other_regions_refuses_outsiders(people, make_person):
    from municipalities.models import Municipality, Region

    elsewhere = Region.objects.create(name="Region Västerbotten")
    umea = Municipality.objects.create(code="2480", name="Umeå", region=elsewhere)
    outsider = make_person(municipality=umea, is_social_worker=True)
    outsider_boss = make_person(municipality=umea, is_manager=True)
    occasion = make_occasion()
    with pytest.raises(services.EnrollmentError, match="bara öppet för deltagare från"):
        services.enrollment_request(occasion, outsider, outsider_boss)
    occasion.open_to_other_regions = True
    occasion.save()
    assert services.enrollment_request(occasion, outsider, outsider_boss).status == S.PENDING


def test_waitlist_positions_count_from_one(people):
    from enrollment.selectors import waitlist_positions

    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    waiting = [services.enrollment_request(occasion, p, people["boss"]) for p in people["extra"][:2]]
    assert waitlist_positions(waiting) == {waiting[0].pk: 1, waiting[1].pk: 2}


def test_changed_course_day_and_cancelled_occasion_are_told_once(people, django_capture_on_commit_callbacks):
    occasion = make_occasion()
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    services.enrollment_request(occasion, people["extra"][0], people["boss"])
    mail.outbox.clear()
    day = occasion.days.first()
    with django_capture_on_commit_callbacks(execute=True):
        save_from_catalogue(occasion, day_changes={day.pk: {"venue": "Stadshuset"}})
        save_from_catalogue(occasion)  # saved again without a change: no second notice
    assert [m.to for m in mail.outbox] == [[people["sw"].email]]
    assert "Stadshuset" in mail.outbox[0].body and mail.outbox[0].attachments
    assert "Inställda kursdagar" not in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        save_from_catalogue(occasion, day_changes={day.pk: {"is_cancelled": True}})
    # The e-mail says which day is cancelled, not only which days are left.
    assert "Inställda kursdagar:" in mail.outbox[0].body and "(inställd)" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        save_from_catalogue(occasion, status=CourseOccasion.Status.CANCELLED)
        save_from_catalogue(occasion)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["sw"].email, people["extra"][0].email])


def test_completed_course_in_year_and_people_on_step_answer_followup(demo_people):
    """The two facts the follow-up surveys ask of enrollment (goal 3, the Erfaren yearly round)."""
    leader, sw, boss = (
        demo_people["kursledare@demo.se"],
        demo_people["socsek.lulea@demo.se"],
        demo_people["chef.lulea@demo.se"],
    )
    occasion = make_occasion(capacity=5, leaders=[leader])
    done = services.enrollment_nominate(occasion, sw, boss)
    shift_days(occasion, -5)
    year = occasion.days.first().date.year
    assert not selectors.completed_course_in_year(sw, year)
    for day in occasion.days.all():
        services.attendance_record(day, [done.pk], leader)
    services.enrollment_complete(occasion, leader)
    assert selectors.completed_course_in_year(sw, year)
    assert not selectors.completed_course_in_year(sw, year - 1)

    _, steps, _ = catalogue()
    services.step_set(sw, steps["van"], boss, since=timezone.localdate() - datetime.timedelta(days=400))
    services.step_set(sw, steps["erfaren"], boss)
    services.step_set(boss, steps["van"], None)
    assert list(selectors.people_on_step("erfaren")) == [sw]
    assert list(selectors.people_on_step("van")) == [boss]


def test_one_booking_per_course_and_none_after_completing_it(people):
    first = make_occasion(capacity=5)
    second = make_occasion(capacity=5)
    booked = services.enrollment_request(first, people["sw"], people["boss"])
    with pytest.raises(services.EnrollmentError, match="redan anmäld till ett annat tillfälle") as error:
        services.enrollment_request(second, people["sw"], people["boss"])
    assert error.value.code == "course_booked"
    with pytest.raises(services.EnrollmentError, match="redan anmäld till ett annat tillfälle"):
        services.enrollment_nominate(second, people["sw"], people["boss"])
    # After cancelling, another occasion of the course can be booked.
    services.enrollment_cancel(booked, people["sw"])
    moved = services.enrollment_request(second, people["sw"], people["boss"])
    assert moved.status == S.PENDING
    # A completed course cannot be booked again.
    moved.status = S.COMPLETED
    moved.save(update_fields=["status"])
    with pytest.raises(services.EnrollmentError, match="redan genomfört kursen") as error:
        services.enrollment_request(make_occasion(capacity=5), people["sw"], people["boss"])
    assert error.value.code == "course_completed"


def test_settling_an_occasion_marks_it_completed(people):
    occasion = make_occasion(capacity=5, leaders=[people["leader"]])
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    shift_days(occasion, -3)
    for day in occasion.days.all():
        services.attendance_record(day, [enrollment.pk], people["leader"])
    assert services.enrollment_complete(occasion, people["leader"]) == [people["sw"].pk]
    occasion.refresh_from_db()
    assert occasion.status == CourseOccasion.Status.COMPLETED
    # Settling again after a correction is allowed and changes nothing more.
    assert services.enrollment_complete(occasion, people["leader"]) == [people["sw"].pk]


# --- catalogue changes reach the bookings; results follow corrected attendance --------------------


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
