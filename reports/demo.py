"""Demo history for the dashboard and the yearly report: past occasions 2022–2026 with enrollments and
attendance, a few trainers, expected new hires per month (this year and next), the project leader's
comments, the styrgrupp's assessments of project goals and an action plan (idempotent).

Rows are written with bulk_create (the history is past, so no e-mails or state machine are wanted);
each demo occasion carries the marker "demo:reports:<year>:<n>" in its notes, so a second run adds nothing.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.demo import demo_name
from accounts.models import User
from core.workdays import workdays
from courses.models import Course, CourseDay, CourseOccasion
from enrollment.models import Attendance, Enrollment, StepPlacement
from municipalities.models import Municipality, Region

from .models import ExpectedHires, ReportComment
from .volume import spread_over_months

S = Enrollment.Status
YEARS = range(2022, 2027)
PEOPLE = 60
COMMENTS = {
    "A": "Strukturen med tre steg och kunskapsmål är fastställd av styrgruppen.",
    "B": "Kurserna i stegen Ny och Van är i gång; Erfaren lanseras under hösten.",
    "F": "Två utbildningar av utbildare hölls; RSS-enkäten visar god nöjdhet.",
    "G": "Alla kommuner i länet har anslutit sig eller är på väg att göra det.",
}


# When new social workers start, in hundredths of a year: many in August and September after the
# June examinations, few in the summer.
HIRING_SEASON = (10, 7, 7, 7, 7, 8, 4, 14, 12, 8, 8, 8)


def expected_new_staff(municipality):
    """New social workers a municipality expects next year, in proportion to its population: about one
    per 4 000 inhabitants (Luleå some 20, Övertorneå 1), at least one."""
    figure = municipality.current_population
    return max(1, round(figure.population / 4000)) if figure else 1


def _people(municipalities):
    """PEOPLE demo social workers spread over the municipalities (created once)."""
    existing = list(User.objects.filter(email__startswith="historik", email__endswith="@demo.invalid"))
    if existing:
        return existing
    password = make_password(None)
    users = [
        User(
            email=f"historik{n}@demo.invalid",
            first_name=demo_name(100 + n)[0],
            last_name=demo_name(100 + n)[1],
            is_social_worker=True,
            municipality=municipalities[n % len(municipalities)],
            password=password,
        )
        for n in range(PEOPLE)
    ]
    return User.objects.bulk_create(users)


def load(stdout):
    courses = list(
        Course.objects.filter(status=Course.Status.PUBLISHED).select_related("step").order_by("pk")
    )
    region = Region.objects.filter(slug="norrbotten").first() or Region.objects.order_by("pk").first()
    municipalities = list(Municipality.objects.order_by("code"))
    if not courses or region is None or not municipalities:
        stdout.write("reports: ingen katalog eller inga kommuner – ingen historik skapad.")
        return
    people = _people(municipalities)
    rng = random.Random(7)
    today = timezone.localdate()
    created = 0
    for year in YEARS:
        # The programme grows: more occasions each year.
        for n in range(2 + (year - 2022)):
            marker = f"demo:reports:{year}:{n}"
            if CourseOccasion.objects.filter(notes=marker).exists():
                continue
            course = courses[(year + n) % len(courses)]
            dates = workdays(datetime.date(year, 2 + (n * 3) % 10, 10 + n), max(course.number_of_days, 1))
            first = dates[0]
            if dates[-1] >= today:
                continue
            occasion = CourseOccasion.objects.create(
                course=course,
                region=region,
                capacity=16,
                status=CourseOccasion.Status.COMPLETED,
                signup_opens=first - datetime.timedelta(days=60),
                signup_closes=first - datetime.timedelta(days=14),
                cancellation_deadline=first - datetime.timedelta(days=21),
                notes=marker,
                starts_on=first,
            )  # the days below are bulk-created (no signals)
            days = CourseDay.objects.bulk_create(
                [
                    CourseDay(
                        occasion=occasion,
                        date=date,
                        start_time=datetime.time(9),
                        end_time=datetime.time(16),
                        venue="Kulturens hus",
                        town="Luleå",
                    )
                    for date in dates
                ]
            )
            chosen = rng.sample(people, 8 + (year - 2022) * 2)
            statuses = [
                rng.choice([S.COMPLETED] * 7 + [S.NOT_COMPLETED, S.CANCELLED, S.LATE_CANCELLED])
                for _ in chosen
            ]
            enrollments = Enrollment.objects.bulk_create(
                [
                    Enrollment(
                        person=p,
                        occasion=occasion,
                        course_id=occasion.course_id,
                        status=s,
                        reason="Demo",
                        requested_at=timezone.make_aware(datetime.datetime.combine(first, datetime.time(8)))
                        - datetime.timedelta(days=40),
                    )
                    for p, s in zip(chosen, statuses, strict=False)
                ]
            )
            Attendance.objects.bulk_create(
                [
                    Attendance(enrollment=e, day=d, present=e.status == S.COMPLETED or rng.random() < 0.5)
                    for e in enrollments
                    if e.status in (S.COMPLETED, S.NOT_COMPLETED)
                    for d in days
                ]
            )
            created += 1
    # Current steps for the demo people, so a manager sees Ny, Van and Erfaren among their staff.
    steps = sorted({c.step for c in courses}, key=lambda s: s.order)
    if steps and not StepPlacement.objects.filter(person__in=people).exists():
        StepPlacement.objects.bulk_create(
            [
                StepPlacement(
                    person=p,
                    journey=steps[i % len(steps)].journey,
                    step=steps[i % len(steps)],
                    since=datetime.date(2023, 1, 1),
                )
                for i, p in enumerate(people)
            ]
        )
    for letter, text in COMMENTS.items():
        ReportComment.objects.get_or_create(year=today.year - 1, goal=letter, defaults={"text": text})
    _expected_hires(municipalities, [today.year, today.year + 1])
    _goals_and_action_plan(today)
    stdout.write(
        f"reports: {created} historiska kurstillfällen, kommentarer, bedömningar, handlingsplan och "
        "förväntade nyanställda per månad."
    )


def _expected_hires(municipalities, years):
    """Expected hires per month for `years`, in proportion to population and the hiring season; a year a
    municipality already has figures for is left as it is (its manager may have changed them)."""
    have = set(
        ExpectedHires.objects.filter(month__year__in=years).values_list("municipality_id", "month__year")
    )
    ExpectedHires.objects.bulk_create(
        ExpectedHires(municipality=municipality, month=datetime.date(year, number, 1), hires=hires)
        for year in years
        for municipality in municipalities
        if (municipality.pk, year) not in have
        for number, hires in enumerate(
            spread_over_months(expected_new_staff(municipality), HIRING_SEASON), start=1
        )
    )


# The styrgrupp's assessments of project goals A–E and G (F is measured by the RSS survey), per year.
ASSESSMENTS = [
    ("A", "partly", 4, 20, "Strukturen är beslutad; samverkansparternas bedömning samlas in under våren."),
    ("A", "met", 10, 15, "Styrgruppen bedömer strukturen som relevant; SKR har bekräftat konceptet."),
    ("B", "met", 10, 15, "Kurserna för Ny och Van är lanserade; Erfaren lanseras enligt plan."),
    ("C", "partly", 10, 15, "Stödet till chefer finns; kursen för arbetsledare är under framtagning."),
    ("D", "partly", 10, 15, "Paketeringen i Totara fungerar; tillgängligheten behöver förbättras."),
    ("E", "met", 10, 15, "Förvaltningsplanen är antagen och följs upp i förvaltningsforum."),
    ("G", "met", 10, 15, "Alla 14 kommuner är anslutna och har deltagare."),
]
ACTIVITIES = [
    ("Nätverksträff för regionala projektledare", "Eva Lindqvist", (3, 15), "done", "F,7", "22 deltog."),
    ("Utbildning av utbildare, omgång 2", "Eva Lindqvist", (5, 30), "done", "F,7", "Åtta nya utbildare."),
    ("Spridningsdag för socialchefer", "Eva Lindqvist", (9, 30), "ongoing", "G", ""),
    ("Tillgänglighetsgranskning av kurserna i Totara", "Adda", (6, 30), "planned", "D", ""),
    ("Uppdatera förvaltningsplanen efter ny lagstiftning", "Eva Lindqvist", (11, 30), "planned", "E,1", ""),
    ("Chefsdag om introduktion av nyanställda", "Maria Berg", (12, 15), "planned", "C,5", ""),
]


def _goals_and_action_plan(today):
    from .models import Activity, GoalAssessment

    year = today.year
    for goal, outcome, month, day, motivation in ASSESSMENTS:
        meeting = min(datetime.date(year, month, day), today)
        GoalAssessment.objects.get_or_create(
            goal=goal, year=year, motivation=motivation, defaults={"outcome": outcome, "meeting_on": meeting}
        )
    for title, owner, (month, day), status, goals, note in ACTIVITIES:
        due = datetime.date(year, month, day)
        Activity.objects.get_or_create(
            title=title,
            defaults={
                "owner": owner,
                "due_on": due,
                "status": status,
                "goals": goals,
                "done_on": min(due, today) if status == "done" else None,
                "outcome_note": note,
            },
        )
