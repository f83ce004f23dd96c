"""Demo introduction: part 1 and part 2 of Barn och unga, the starting points' proposals, and newcomers
in Luleå, Piteå and Kiruna with different starting points: on track, at risk, overdue, and one who moved
from Kiruna to Luleå in the middle of part 1. Runs after courses and enrollment; safe to run again."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.demo import ensure_person
from accounts.models import User
from accounts.services import person_move
from courses.models import Course, Journey
from municipalities.models import Municipality

from . import services
from .models import DigitalCompletion, JourneyPart, Plan, StartingPoint, StartingPointProposal

PART_COURSES = {
    1: ["handlaggning-med-barnet-i-centrum", "socialtjanstens-juridik"],
    2: ["dokumentation", "samtal-med-barn", "riskbedomning", "barn-i-vald"],
}
PROPOSALS = {
    StartingPoint.NEW_GRADUATE: PART_COURSES[1] + PART_COURSES[2],
    StartingPoint.NEW_TO_AUTHORITY: PART_COURSES[1] + ["dokumentation", "riskbedomning"],
    StartingPoint.NEW_TO_TARGET_GROUP: [
        "handlaggning-med-barnet-i-centrum",
        "samtal-med-barn",
        "barn-i-vald",
    ],
    StartingPoint.NEW_TO_MUNICIPALITY: ["socialtjanstens-juridik"],
}

# email: (first, last, kommunkod, starting point, days since the first day, mentor?, note)
NEWCOMERS = {
    "ny.lulea@demo.se": ("Nora", "Nyström", "2580", StartingPoint.NEW_GRADUATE, 25, True),
    "ny2.lulea@demo.se": ("Oskar", "Lindgren", "2580", StartingPoint.NEW_TO_AUTHORITY, 100, True),
    "ny.pitea@demo.se": ("Hanna", "Björk", "2581", StartingPoint.NEW_TO_TARGET_GROUP, 40, False),
    "ny2.pitea@demo.se": ("Jonas", "Eriksson", "2581", StartingPoint.NEW_GRADUATE, 170, False),
    "ny.kiruna@demo.se": ("Aili", "Niva", "2584", StartingPoint.NEW_TO_MUNICIPALITY, 15, False),
}
MOVER = (
    "flytt.lulea@demo.se",
    "Ida",
    "Marklund",
    StartingPoint.NEW_GRADUATE,
    70,
    20,
)  # hired, moved (days ago)


def load(stdout):
    journey = Journey.objects.filter(slug="barn-och-unga").first()
    if journey is None:
        return
    today = timezone.localdate()
    courses = {course.slug: course for course in Course.objects.filter(step__journey=journey)}
    for number, (days, months) in {1: (Decimal("2.5"), 4), 2: (Decimal("12.5"), 24)}.items():
        part, created = JourneyPart.objects.get_or_create(
            journey=journey, number=number, defaults={"expected_days": days, "due_months": months}
        )
        if created:
            part.courses.set([courses[slug] for slug in PART_COURSES[number] if slug in courses])
    ny = journey.steps.get(slug="ny")
    for starting_point, slugs in PROPOSALS.items():
        proposal, created = StartingPointProposal.objects.get_or_create(
            step=ny, starting_point=starting_point
        )
        if created:
            proposal.courses.set([courses[slug] for slug in slugs if slug in courses])

    by_code = {m.code: m for m in Municipality.objects.all()}
    leader = User.objects.get(email="projektledare@demo.se")
    managers = {
        "2580": User.objects.get(email="chef.lulea@demo.se"),
        "2581": User.objects.get(email="chef.pitea@demo.se"),
    }
    mentor = User.objects.get(email="mentor.lulea@demo.se")
    first = User.objects.get(email="forste.lulea@demo.se")

    def hire(email, first_name, last_name, code, starting_point, days_ago, named=False):
        person = ensure_person(email, first_name, last_name, None, ["social_worker"])
        if Plan.objects.filter(person=person).exists():
            return None
        proposal = StartingPointProposal.objects.get(step=ny, starting_point=starting_point)
        return services.newcomer_hire(
            email=email,
            first_name=first_name,
            last_name=last_name,
            municipality=by_code[code],
            starts_on=today - datetime.timedelta(days=days_ago),
            unit="Barn och unga, utredning",
            title="Socialsekreterare",
            step=ny,
            starting_point=starting_point,
            mentor=mentor if named else None,
            first_social_worker=first if named else None,
            course_ids=list(proposal.courses.values_list("pk", flat=True)),
            by=managers.get(code, leader),
        )

    created = 0
    for email, (first_name, last_name, code, starting_point, days_ago, named) in NEWCOMERS.items():
        plan = hire(email, first_name, last_name, code, starting_point, days_ago, named)
        if plan is None:
            continue
        created += 1
        by = managers.get(code, leader)
        services.plan_item_add(
            plan=plan,
            kind="shadowing",
            title="Gå bredvid vid två hembesök",
            responsible=mentor if named else None,
            due_on=plan.starts_on + datetime.timedelta(days=10),
            by=by,
        )
        check_in = services.plan_item_add(
            plan=plan,
            kind="check_in",
            responsible=by if by.municipality_id == plan.municipality_id else None,
            due_on=plan.starts_on + datetime.timedelta(days=14),
            by=by,
        )
        if days_ago > 20:
            services.plan_item_tick(item=check_in, done=True, by=by)
        if email == "ny.kiruna@demo.se":
            # Only new to the municipality: the juridik course's digital part is already done in Totara.
            DigitalCompletion.objects.get_or_create(
                person=plan.person,
                course=courses["socialtjanstens-juridik"],
                defaults={"completed_on": today - datetime.timedelta(days=5), "source": "totara_csv"},
            )

    email, first_name, last_name, starting_point, hired_ago, moved_ago = MOVER
    plan = hire(email, first_name, last_name, "2584", starting_point, hired_ago)
    if plan is not None:
        created += 1
        person_move(
            person=plan.person,
            municipality=by_code["2580"],
            on=today - datetime.timedelta(days=moved_ago),
            unit="Barn och unga, mottagning",
            by=leader,
        )
        Plan.objects.filter(pk=plan.pk).update(mentor=mentor, first_social_worker=first)
    stdout.write(f"Introduktion: {created} nya introduktionsplaner.\n")
