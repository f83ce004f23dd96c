"""Demo enrollments in every state, run after courses/demo.py by `manage.py demo_data` (idempotent).

The demo occasions of this app are marked in their notes ("demo:enrollment:…") so a second run finds
them again. If the catalogue is missing (courses' demo did not run), the journey, steps and course
are created with the catalogue's natural keys (slugs), so the two demos meet on the same rows.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import outbox
from core.workdays import workdays
from courses import services as course_services
from courses.models import Course, CourseDay, CourseOccasion, Journey, KnowledgeGoal, Step
from municipalities.models import Region

from . import services
from .models import Attendance, Enrollment, StepPlacement

S = Enrollment.Status
STEPS = [
    ("ny", "Ny", 0, 2),
    ("van", "Van", 2, 5),
    ("erfaren", "Erfaren", 5, None),
    ("arbetsledare-och-chef", "Arbetsledare och chef", None, None),
]


def ensure_catalogue():
    journey, _ = Journey.objects.get_or_create(
        slug="barn-och-unga",
        defaults={"name": "Barn och unga", "description": "Myndighetsutövning inom barn och unga."},
    )
    steps = {}
    for order, (slug, name, years_from, years_to) in enumerate(STEPS, start=1):
        steps[slug] = Step.objects.filter(journey=journey, slug=slug).first() or Step.objects.create(
            journey=journey, slug=slug, name=name, order=order, years_from=years_from, years_to=years_to
        )
    course, created = Course.objects.get_or_create(
        slug="handlaggning-med-barnet-i-centrum",
        defaults={
            "step": steps["ny"],
            "name": "Handläggning med barnet i centrum",
            "status": Course.Status.PUBLISHED,
            "number_of_days": 2,
            "preparation_hours": 4,
            "required_attendance_percent": 100,
        },
    )
    if created:
        KnowledgeGoal.objects.create(
            course=course,
            order=1,
            level=KnowledgeGoal.Level.FACT,
            text="Känna till barnets rättigheter enligt barnkonventionen och SoL.",
        )
        KnowledgeGoal.objects.create(
            course=course,
            order=2,
            level=KnowledgeGoal.Level.SKILL,
            text="Kunna samtala med barn i en utredning.",
        )
    return journey, steps, course


def ensure_occasion(
    marker, course, first_day_in, capacity, leader, closes_in, deadline_in, status=CourseOccasion.Status.OPEN
):
    occasion = CourseOccasion.objects.filter(notes=f"demo:enrollment:{marker}").first()
    if occasion:
        return occasion
    today = timezone.localdate()
    occasion = CourseOccasion.objects.create(
        course=course,
        region=Region.objects.order_by("pk").first(),
        capacity=capacity,
        status=status,
        signup_opens=today - datetime.timedelta(days=60),
        signup_closes=today + datetime.timedelta(days=closes_in),
        cancellation_deadline=today + datetime.timedelta(days=deadline_in),
        notes=f"demo:enrollment:{marker}",
    )
    for date in workdays(today + datetime.timedelta(days=first_day_in), course.number_of_days):
        CourseDay.objects.create(
            occasion=occasion,
            date=date,
            start_time=datetime.time(9),
            end_time=datetime.time(16),
            venue="Kulturens hus",
            address="Skeppsbrogatan 17",
            town="Luleå",
        )
    if leader:
        occasion.course_leaders.add(leader)
    return occasion


def demo_courses(steps, first):
    """Four different courses for the four demo occasions (a person books one occasion per course)."""
    others = list(
        Course.objects.filter(status=Course.Status.PUBLISHED)
        .exclude(pk=first.pk)
        .order_by("step__order", "order", "pk")[:3]
    )
    for number in range(len(others), 3):
        course, _ = Course.objects.get_or_create(
            slug=f"demokurs-{number + 1}",
            defaults={
                "step": steps["ny"],
                "name": f"Demokurs {number + 1}",
                "status": Course.Status.PUBLISHED,
                "number_of_days": 1,
            },
        )
        others.append(course)
    return [first, *others]


def _enroll(occasion, person, by, status, today, reason="Demo"):
    """Bring `person` to `status` on `occasion` through the services, unless already enrolled."""
    if Enrollment.objects.filter(occasion=occasion, person=person).exists():
        return None
    if status in (S.PENDING, S.WAITLISTED, S.REJECTED):
        manager = (
            person.manager
            or User.objects.with_role(Role.MANAGER).filter(municipality=person.municipality).first()
        )
        enrollment = services.enrollment_request(occasion, person, manager, today=today)
        if status == S.REJECTED:
            services.enrollment_reject(enrollment, by, reason)
        return enrollment
    enrollment = services.enrollment_nominate(occasion, person, by, today=today)
    if status in Enrollment.CANCELLATIONS:
        when = {
            S.CANCELLED: occasion.cancellation_deadline,
            S.LATE_CANCELLED: occasion.cancellation_deadline + datetime.timedelta(days=1),
            S.WITHDRAWN: occasion.days.order_by("date").first().date,
        }[status]
        services.enrollment_cancel(enrollment, person, reason, today=when)
    return enrollment


def load(stdout):
    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.se")}
    if "socsek.lulea@demo.se" not in people:
        stdout.write("Anmälningar: demokontona saknas, hoppar över.")
        return
    sara, ahmed = people["socsek.lulea@demo.se"], people["socsek.pitea@demo.se"]
    maria, leader, pl = (
        people["chef.pitea@demo.se"],
        people["kursledare@demo.se"],
        people["projektledare@demo.se"],
    )
    journey, steps, course = ensure_catalogue()
    today = timezone.localdate()
    # The demo's own e-mails would only go to the console; the sends are tested elsewhere.
    with outbox.silenced():
        first, second, third, fourth = demo_courses(steps, course)
        past = ensure_occasion("past", first, -40, 12, leader, -50, -45)
        open_small = ensure_occasion("full", second, 30, 1, leader, 20, 25)
        open_big = ensure_occasion("open", third, 45, 15, leader, 35, 40)
        soon = ensure_occasion("soon", fourth, 5, 10, leader, 2, -1)
        signup_day = today - datetime.timedelta(days=55)
        if not past.enrollments.exists():
            done = _enroll(past, sara, pl, S.APPROVED, signup_day)
            absent = _enroll(past, ahmed, pl, S.APPROVED, signup_day)
            _enroll(past, maria, pl, S.WITHDRAWN, signup_day)
            for i, day in enumerate(past.days.order_by("date")):
                services.attendance_record(day, [done.pk] + ([absent.pk] if i == 0 else []), leader)
            services.enrollment_complete(past, leader)
        _enroll(open_small, ahmed, maria, S.APPROVED, today)
        _enroll(open_small, sara, None, S.WAITLISTED, today)
        _enroll(open_big, sara, None, S.PENDING, today)
        _enroll(
            open_big,
            ahmed,
            maria,
            S.REJECTED,
            today,
            "Du går kursen i höst i stället, när ärendemängden är lägre.",
        )
        _enroll(open_big, maria, pl, S.CANCELLED, today)  # nobody books (approves) themselves
        _enroll(soon, sara, pl, S.APPROVED, today)
        _enroll(soon, ahmed, maria, S.LATE_CANCELLED, today)
        # A cancelled occasion ends its bookings; a finished one closes its waiting list.
        lars = people["chef.lulea@demo.se"]
        called_off = ensure_occasion("cancelled", third, 50, 10, leader, 40, 45)
        if not called_off.enrollments.exists():
            _enroll(called_off, lars, pl, S.APPROVED, today)
            with course_services.occasion_changing(called_off.pk) as occasion:
                occasion.status = CourseOccasion.Status.CANCELLED
                occasion.save(update_fields=["status", "updated_at"])
        closed = ensure_occasion("closed", second, -30, 1, leader, -40, -35)
        if not closed.enrollments.exists():
            attended = _enroll(closed, lars, pl, S.APPROVED, signup_day)
            _enroll(closed, maria, pl, S.WAITLISTED, signup_day)
            for day in closed.days.all():
                services.attendance_record(day, [attended.pk], leader)
            services.enrollment_complete(closed, leader)
    if not StepPlacement.objects.filter(person=sara).exists():
        # Sara has been on Ny for two years: the portal suggests moving her up.
        StepPlacement.objects.create(
            person=sara,
            journey=journey,
            step=steps["ny"],
            since=today - datetime.timedelta(days=740),
            changed_by=pl,
        )
    if not StepPlacement.objects.filter(person=ahmed).exists():
        StepPlacement.objects.create(
            person=ahmed,
            journey=journey,
            step=steps["ny"],
            since=today - datetime.timedelta(days=1500),
            changed_by=pl,
        )
        StepPlacement.objects.create(
            person=ahmed,
            journey=journey,
            step=steps["van"],
            since=today - datetime.timedelta(days=700),
            changed_by=maria,
        )
    counts = Enrollment.objects.filter(occasion__notes__startswith="demo:enrollment:").count()
    stdout.write(f"Anmälningar: {counts} i alla tillstånd, {Attendance.objects.count()} närvaromarkeringar.")
    load_reservations(stdout, people)
    load_interest(stdout, people)
    load_message(stdout, people, soon)


DEMO_MESSAGE_TOKEN = "demo-message-soon"


def load_message(stdout, people, occasion):
    """One message in the log: the project leader to the participants of the occasion that starts soon.
    Its e-mails are recorded as sent, not sent: demo addresses get no mail."""
    from core.models import OutboxEmail

    from . import messaging
    from .models import Message

    if not Message.objects.filter(token=DEMO_MESSAGE_TOKEN).exists():
        with outbox.silenced():
            message, _created = messaging.message_send(
                sender_id=people["projektledare@demo.se"].pk,
                token=DEMO_MESSAGE_TOKEN,
                audience=Message.Audience.PARTICIPANTS,
                occasion_id=occasion.pk,
                subject="Inför kursstarten",
                body="Hej!\n\nVälkommen till kursen. Ta med egen lunch första dagen; fika bjuder vi på.\n\nVänliga hälsningar\nProjektledaren",
            )
        now = timezone.now()
        OutboxEmail.objects.bulk_create(
            [
                OutboxEmail(
                    key=recipient.key,
                    recipient=recipient.person.email,
                    subject=message.subject,
                    status=OutboxEmail.Status.SENT,
                    sent_at=now,
                )
                for recipient in message.recipients.select_related("person")
            ],
            ignore_conflicts=True,
        )
    message = Message.objects.get(token=DEMO_MESSAGE_TOKEN)
    stdout.write(f"Meddelande: ”{message.subject}” till {message.recipients.count()} deltagare.")


def load_reservations(stdout, people):
    """Caps for reserved places (larger municipalities may hold more) and one reservation by Luleå."""
    from municipalities.models import Municipality

    from .models import Reservation, ReservationCap
    from .reservations import reservation_make

    for municipality in Municipality.objects.prefetch_related("population_figures"):
        figures = sorted(municipality.population_figures.all(), key=lambda f: f.date)
        population = figures[-1].population if figures else 0
        ReservationCap.objects.get_or_create(
            municipality=municipality, defaults={"places": 4 if population > 40000 else 2}
        )
    boss = people.get("chef.lulea@demo.se")
    if boss is None or Reservation.objects.filter(municipality_id=boss.municipality_id).exists():
        return
    today = timezone.localdate()
    occasion = (
        CourseOccasion.objects.filter(
            status=CourseOccasion.Status.OPEN,
            signup_opens__lte=today,
            signup_closes__gt=today + datetime.timedelta(days=7),
        )
        .exclude(notes__startswith="demo:")
        .order_by("signup_closes", "pk")
        .first()
    )
    if occasion is None:
        return
    try:
        reservation_make(
            occasion_id=occasion.pk,
            municipality_id=boss.municipality_id,
            places=2,
            release_on=occasion.signup_closes - datetime.timedelta(days=3),
            by=boss,
        )
    except services.EnrollmentError as error:
        stdout.write(f"Reservation: ingen ({error}).")
        return
    stdout.write(f"Reservation: Luleå håller 2 platser på {occasion}.")


def load_interest(stdout, people):
    """An interest list: two social workers (one registered by her manager) want a course for leaders."""
    from .models import Interest

    course = Course.objects.filter(slug="handledning").first() or Course.objects.order_by("-pk").first()
    wanted = [
        ("socsek.lulea@demo.se", "socsek.lulea@demo.se"),
        ("socsek.pitea@demo.se", "chef.pitea@demo.se"),
    ]
    if course is None or Interest.objects.filter(course=course).exists():
        return
    for email, by in wanted:
        if email in people:
            Interest.objects.create(course=course, person=people[email], registered_by=people.get(by))
    stdout.write(f"Intresselista: {Interest.objects.filter(course=course).count()} personer för {course}.")
