"""Demo follow-up: answered and unanswered invitations for every survey kind in the current year, so the
results page shows something, with some groups below the minimum size (they show "för få svar").

Runs after the courses and enrollment demos but does not rely on them: the journey, steps, a course
and an occasion are fetched or created by slug. Extra respondents are demo people on
`@demo.se`-addresses with the password `yrkesresan`. Idempotent: answers are only stored for
invitations created in this run.

The data follows the portal's own rules, so what a tester sees is plausible: only people who moved
up a step this year are asked about the step they left, only people on Erfaren get the Erfaren survey,
and a course is evaluated only by those who completed it (their enrollments and attendance are here).
"""

import datetime
import random

from django.utils import timezone

from accounts.demo import demo_name, ensure_person
from accounts.models import User
from core.workdays import workday_on_or_after
from courses.models import Course, CourseDay, CourseOccasion, Journey, Step
from enrollment.models import Attendance, Enrollment, StepPlacement
from enrollment.selectors import completed_course_in_year
from municipalities.models import Municipality, Region

from . import services
from .catalogue import load_templates_now
from .models import Invitation, Question, RssContact, SurveyRound, SurveyTemplate
from .tokens import hash_token, new_nonce, token_for

# kommunkod: (social workers who moved up a step, extra managers)
RESPONDENTS = {"2580": (8, 4), "2581": (6, 2), "2584": (3, 1), "2582": (2, 1)}


def _catalogue():
    journey, _ = Journey.objects.get_or_create(slug="barn-och-unga", defaults={"name": "Barn och unga"})
    steps = {}
    for order, (slug, name) in enumerate(
        [
            ("ny", "Ny"),
            ("van", "Van"),
            ("erfaren", "Erfaren"),
            ("arbetsledare-och-chef", "Arbetsledare och chef"),
        ],
        1,
    ):
        step = Step.objects.filter(journey=journey, slug=slug).first()
        if step is None:
            order_taken = Step.objects.filter(journey=journey, order=order).exists()
            step = Step.objects.create(
                journey=journey, slug=slug, name=name, order=order + 10 if order_taken else order
            )
        steps[slug] = step
    course, _ = Course.objects.get_or_create(
        slug="handlaggning-med-barnet-i-centrum",
        defaults={
            "name": "Handläggning med barnet i centrum",
            "step": steps["ny"],
            "status": Course.Status.PUBLISHED,
        },
    )
    return steps, course


def _occasion(course, today):
    occasion = CourseOccasion.objects.filter(course=course, notes="Demo: uppföljning").first()
    if occasion is None:
        day = workday_on_or_after(today - datetime.timedelta(days=10))
        occasion = CourseOccasion.objects.create(
            course=course,
            region=Region.objects.get(slug="norrbotten"),
            capacity=25,
            signup_opens=day - datetime.timedelta(days=60),
            signup_closes=day - datetime.timedelta(days=14),
            cancellation_deadline=day - datetime.timedelta(days=7),
            status=CourseOccasion.Status.COMPLETED,
            notes="Demo: uppföljning",
        )
        CourseDay.objects.create(
            occasion=occasion,
            date=day,
            start_time=datetime.time(9),
            end_time=datetime.time(16),
            venue="Kulturens hus",
            town="Luleå",
        )
    return occasion


def _people():
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=RESPONDENTS)}
    workers, managers = [], []
    for code, (n_workers, n_managers) in RESPONDENTS.items():
        for i in range(n_workers):
            workers.append(
                ensure_person(
                    f"deltagare.{code}.{i + 1}@demo.se",
                    *demo_name(int(code) + i),
                    by_code[code],
                    ["social_worker"],
                )
            )
        for i in range(n_managers):
            managers.append(
                ensure_person(
                    f"chef.{code}.{i + 1}@demo.se",
                    *demo_name(int(code) + 50 + i),
                    by_code[code],
                    ["manager"],
                )
            )
    trainers = [
        ensure_person(
            f"utbildare.{code}@demo.se",
            *demo_name(int(code) + 80 + i),
            by_code[code],
            ["course_leader"],
        )
        for i, code in enumerate(["2580", "2581", "2582"])
    ]
    return workers, managers, trainers


def _invite(round_, person, **attrs):
    """An invitation without e-mail (the demo must not mail anyone); returns (invitation, created)."""
    nonce = new_nonce()
    return Invitation.objects.get_or_create(
        round=round_,
        person=person,
        defaults={
            "nonce": nonce,
            "token_hash": hash_token(token_for(nonce)),
            "expires_on": round_.closes_on,
            "municipality_id": person.municipality_id,
            **attrs,
        },
    )


def _answer(invitation, rng, positive=0.85):
    answers = {}
    for question in services.questions_for(invitation):
        if question.kind == Question.Kind.FREE_TEXT:
            if rng.random() < 0.3:
                answers[question.pk] = rng.choice(
                    [
                        "Bra blandning av teori och fall.",
                        "Mer tid för diskussion i grupp.",
                        "Kursdagen kändes relevant för mitt arbete.",
                    ]
                )
            continue
        values = [v for v, _ in question.choices()]
        roll = rng.random()
        if roll < positive:
            answers[question.pk] = values[rng.choice([0, 0, 1])]
        elif roll < positive + 0.05 and question.scale == "usefulness":
            answers[question.pk] = values[-1]  # Vet inte
        elif len(values) <= 2:
            answers[question.pk] = values[-1]  # Nej
        else:
            answers[question.pk] = values[
                rng.randrange(2, len(values) if question.scale != "usefulness" else 3)
            ]
    services.invitation_submit(invitation.pk, answers)


def _round(kind, year, today, occasion=None):
    template = SurveyTemplate.objects.get(kind=kind)
    lookup = {"template": template, "occasion": occasion}
    if occasion is None:
        lookup = {"template": template, "year": year, "occasion__isnull": True}
    round_ = SurveyRound.objects.filter(**lookup).first()
    if round_ is None:
        round_ = SurveyRound.objects.create(
            template=template,
            year=year,
            occasion=occasion,
            opens_on=today - datetime.timedelta(days=20),
            closes_on=today + datetime.timedelta(days=25),
            sent_at=timezone.now(),
        )
    return round_


def _moved_up(person, journey, from_step, to_step, today, i):
    """Give a demo worker the step history of someone who moved up this year; returns the step they left."""
    if not StepPlacement.objects.filter(person=person).exists():
        moved = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=30 + 7 * i))
        StepPlacement.objects.create(
            person=person, journey=journey, step=from_step, since=moved - datetime.timedelta(days=700)
        )
        StepPlacement.objects.create(person=person, journey=journey, step=to_step, since=moved)
    return from_step


def _completed(occasion, person, by):
    """A completed enrollment with attendance every day, as after enrollment_complete (no e-mail, no signal)."""
    if Enrollment.objects.filter(occasion=occasion, person=person).exists():
        return
    days = list(occasion.days.filter(is_cancelled=False))
    first = min((d.date for d in days), default=timezone.localdate())
    signed_up = timezone.make_aware(
        datetime.datetime.combine(first - datetime.timedelta(days=30), datetime.time(9))
    )
    enrollment = Enrollment.objects.create(
        occasion=occasion,
        person=person,
        status=Enrollment.Status.COMPLETED,
        requested_by=by,
        pre_approved=True,
        requested_at=signed_up,
        decided_by=by,
        decided_at=signed_up,
    )
    Attendance.objects.bulk_create(
        [Attendance(enrollment=enrollment, day=day, present=True, recorded_by=by) for day in days]
    )


def load(stdout):
    load_templates_now()
    today = timezone.localdate()
    year = today.year
    rng = random.Random(2026)
    steps, course = _catalogue()
    occasion = _occasion(course, today)
    workers, managers, trainers = _people()
    demo = {
        u.email: u
        for u in User.objects.filter(
            email__in=[
                "chef.lulea@demo.se",
                "chef.pitea@demo.se",
                "kursledare@demo.se",
                "projektledare@demo.se",
            ]
        )
    }
    answered = 0

    # Every third worker moved Van→Erfaren this year, the others Ny→Van: each is asked about the step left.
    journey = steps["ny"].journey
    step_round = _round(SurveyTemplate.Kind.STEP_CHANGE, year, today)
    for i, person in enumerate(workers):
        from_step, to_step = (steps["van"], steps["erfaren"]) if i % 3 == 0 else (steps["ny"], steps["van"])
        left = _moved_up(person, journey, from_step, to_step, today, i)
        invitation, created = _invite(step_round, person, step=left, respondent_role="social_worker")
        if created and i % 7 != 6:
            _answer(invitation, rng)
            answered += 1

    # The yearly Erfaren survey goes to those now on Erfaren (one of seven has not answered yet).
    on_erfaren = [p for i, p in enumerate(workers) if i % 3 == 0]
    erfaren_round = _round(SurveyTemplate.Kind.ERFAREN_YEARLY, year, today)
    for i, person in enumerate(on_erfaren):
        invitation, created = _invite(
            erfaren_round, person, step=steps["erfaren"], respondent_role="social_worker"
        )
        if created and i < 6:
            _answer(invitation, rng, positive=0.75)
            answered += 1

    # The course is evaluated by the people who completed the occasion, and only by them.
    participants = workers[:12] + managers[:2]
    for person in participants:
        _completed(occasion, person, demo.get("projektledare@demo.se"))
    course_round = _round(SurveyTemplate.Kind.COURSE_EVALUATION, year, today, occasion=occasion)
    for i, person in enumerate(participants):
        invitation, created = _invite(
            course_round,
            person,
            step=course.step,
            course=course,
            respondent_role=services.respondent_role_of(person),
        )
        if created and i % 5 != 4:
            _answer(invitation, rng, positive=0.9)
            answered += 1

    manager_round = _round(SurveyTemplate.Kind.MANAGER_YEARLY, year, today)
    for i, person in enumerate(managers):
        invitation, created = _invite(
            manager_round,
            person,
            respondent_role="manager",
            took_courses=completed_course_in_year(person, year),
        )
        if created and i != len(managers) - 1:
            _answer(invitation, rng, positive=0.8)
            answered += 1
    for email in ("chef.lulea@demo.se", "chef.pitea@demo.se"):
        if email in demo:
            _invite(
                manager_round,
                demo[email],
                respondent_role="manager",
                took_courses=completed_course_in_year(demo[email], year),
            )

    trainer_round = _round(SurveyTemplate.Kind.TRAINER_YEARLY, year, today)
    # Only three trainers answered: the trainer survey shows "för få svar", as it would in a small region.
    for person in trainers:
        invitation, created = _invite(trainer_round, person, respondent_role="course_leader")
        if created:
            _answer(invitation, rng)
            answered += 1
    if "kursledare@demo.se" in demo:
        _invite(trainer_round, demo["kursledare@demo.se"], respondent_role="course_leader")

    answered += _rss_and_needs(year, today, rng, managers)
    stdout.write(f"Uppföljning: enkätomgångar {year} med {answered} nya svar.")


RSS_DEMO = [
    ("Stina Taugböl", "RSS Dalarna"),
    ("Johan Berg", "RSS Västerbotten"),
    ("Maria Nilsson", "RSS Jämtland Härjedalen"),
    ("Ali Hassan", "RSS Västernorrland"),
    ("Karin Ek", "RSS Gävleborg"),
    ("Per Lind", "RSS Värmland"),
]


def _rss_and_needs(year, today, rng, managers):
    """The RSS survey (contacts without accounts, five of six answered) and the needs survey (the managers
    of Luleå and Piteå). Returns the number of new answers."""
    answered = 0
    rss_round = _round(SurveyTemplate.Kind.RSS_YEARLY, year, today)
    for i, (name, organisation) in enumerate(RSS_DEMO):
        slug = organisation.split(" ", 1)[1].split(" ")[0].lower().replace("ä", "a").replace("ö", "o")
        contact, _ = RssContact.objects.get_or_create(
            email=f"projektledare@rss-{slug}.example", defaults={"name": name, "organisation": organisation}
        )
        nonce = new_nonce()
        invitation, created = Invitation.objects.get_or_create(
            round=rss_round,
            contact=contact,
            defaults={
                "nonce": nonce,
                "token_hash": hash_token(token_for(nonce)),
                "expires_on": rss_round.closes_on,
                "respondent_role": "rss",
            },
        )
        if created and i < 5:
            _answer(invitation, rng, positive=0.9)
            answered += 1
    needs_round = _round(SurveyTemplate.Kind.TRAINING_NEEDS, year, today)
    chosen = Municipality.objects.filter(code__in=["2580", "2581"])
    needs_round.municipalities.add(*chosen)
    for i, person in enumerate(p for p in managers if p.municipality_id in {m.pk for m in chosen}):
        invitation, created = _invite(needs_round, person, respondent_role="manager")
        if created and i % 4 != 3:
            question = needs_round.template.questions.get(kind=Question.Kind.MULTIPLE)
            values = [v for v, _label in question.choices()]
            services.invitation_submit(invitation.pk, {question.pk: rng.sample(values, 3)})
            answered += 1
    return answered
