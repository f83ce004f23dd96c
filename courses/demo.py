"""Demo catalogue: Barn och unga with its four steps, courses with knowledge goals, occasions over
the coming year in Luleå, Kiruna, Piteå and online, and course leaders from several municipalities.

Runs after accounts/demo.py; safe to run again (nothing is created twice)."""

import datetime

from django.utils import timezone

from accounts.demo import ensure_person
from accounts.models import User
from core.workdays import workdays
from municipalities.models import Municipality, Region

from .models import (
    Course,
    CourseDay,
    CourseOccasion,
    Journey,
    KnowledgeGoal,
    Room,
    Step,
    TrainerProfile,
    TrainerProposal,
    TrainerProposalEvent,
    Venue,
)

FACT, UNDERSTANDING, SKILL, FAMILIARITY = (level.value for level in KnowledgeGoal.Level)

STEPS = [
    ("ny", "Ny", 0, 2, "För dig som är ny som socialsekreterare: grunderna i utredning och handläggning."),
    ("van", "Van", 2, 5, "För dig som har några år i yrket och vill fördjupa dig i metoder och samtal."),
    (
        "erfaren",
        "Erfaren",
        5,
        None,
        "För dig med lång erfarenhet: komplexa ärenden, handledning och utveckling.",
    ),
    (
        "arbetsledare-och-chef",
        "Arbetsledare och chef",
        None,
        None,
        "För arbetsledare och enhetschefer inom individ- och familjeomsorgen.",
    ),
]

# step slug: [(course slug, name, number of days, description)]
COURSES = {
    "ny": [
        (
            "handlaggning-med-barnet-i-centrum",
            "Handläggning med barnet i centrum",
            2,
            "Hur du utreder och handlägger med barnets bästa och barnets röst i centrum.",
        ),
        (
            "socialtjanstens-juridik",
            "Socialtjänstens juridik för nya",
            1,
            "Socialtjänstlagen, LVU och förvaltningsrätt i den dagliga handläggningen.",
        ),
        (
            "dokumentation",
            "Dokumentation i utredningar",
            1,
            "Att skriva utredningar som är tydliga och rättssäkra.",
        ),
    ],
    "van": [
        ("samtal-med-barn", "Samtal med barn", 2, "Metoder för samtal med barn i olika åldrar."),
        (
            "riskbedomning",
            "Strukturerade risk- och skyddsbedömningar",
            1,
            "Verktyg för bedömning av risk och skydd.",
        ),
        ("barn-i-vald", "Barn som upplevt våld", 1, "Att upptäcka, utreda och stödja barn som upplevt våld."),
    ],
    "erfaren": [
        (
            "komplexa-arenden",
            "Komplexa ärenden och samverkan",
            2,
            "Samverkan med skola, hälso- och sjukvård och polis.",
        ),
        (
            "handledning",
            "Att handleda nya kollegor",
            1,
            "Att vara fadder och handledare för nya socialsekreterare.",
        ),
    ],
    "arbetsledare-och-chef": [
        (
            "leda-i-socialtjansten",
            "Att leda i socialtjänsten",
            2,
            "Ledarskap, arbetsmiljö och kvalitet i IFO.",
        ),
        (
            "introduktion-av-nya",
            "Introduktion av nya medarbetare",
            1,
            "Introduktionsplan, fadder och uppföljning.",
        ),
    ],
}

# Each course's own knowledge goals (level, text), drawn from the seeds' descriptions of the courses.
GOALS = {
    "handlaggning-med-barnet-i-centrum": [
        (FACT, "Känna till BBIC (Barns behov i centrum) och hur det används i utredningar."),
        (UNDERSTANDING, "Förstå varför barnets perspektiv och barnets röst ska synas i varje beslut."),
        (SKILL, "Kunna planera och genomföra en utredning med barnet i centrum."),
    ],
    "socialtjanstens-juridik": [
        (FACT, "Känna till socialtjänstlagen, LVU och förvaltningslagen och hur de hänger ihop."),
        (FACT, "Känna till barnkonventionen och vad den innebär i handläggningen."),
        (UNDERSTANDING, "Förstå kraven på rättssäkerhet och likabehandling i myndighetsutövningen."),
    ],
    "dokumentation": [
        (FACT, "Känna till reglerna för dokumentation och journalföring i socialtjänsten."),
        (SKILL, "Kunna skriva en utredning som är tydlig, saklig och rättssäker."),
        (SKILL, "Kunna dokumentera så att barnet och vårdnadshavare kan förstå."),
    ],
    "samtal-med-barn": [
        (UNDERSTANDING, "Förstå hur barns ålder och utveckling påverkar samtalet."),
        (SKILL, "Kunna förbereda, genomföra och dokumentera ett samtal med ett barn."),
        (SKILL, "Kunna använda motiverande samtal (MI) med barn och vårdnadshavare."),
    ],
    "riskbedomning": [
        (FACT, "Känna till strukturerade bedömningsinstrument för risk och skydd."),
        (SKILL, "Kunna göra en strukturerad risk- och skyddsbedömning och motivera den."),
        (FAMILIARITY, "Göra välgrundade bedömningar i situationer där intressen står mot varandra."),
    ],
    "barn-i-vald": [
        (FACT, "Känna till tecken på att ett barn har upplevt våld i nära relationer."),
        (UNDERSTANDING, "Förstå hur våld påverkar barns hälsa, utveckling och skolgång."),
        (SKILL, "Kunna utreda och planera stöd och skydd för barn som upplevt våld."),
    ],
    "komplexa-arenden": [
        (UNDERSTANDING, "Förstå skolans, hälso- och sjukvårdens och polisens uppdrag kring barnet."),
        (SKILL, "Kunna leda ett samverkansmöte och följa upp vad som bestämts."),
        (FAMILIARITY, "Hantera ärenden där flera huvudmän och intressen möts."),
    ],
    "handledning": [
        (UNDERSTANDING, "Förstå handledarens och fadderns roll i introduktionen av nya kollegor."),
        (SKILL, "Kunna ge metodhandledning i det dagliga arbetet."),
        (FAMILIARITY, "Stötta nya kollegor i situationer som upplevs som svåra, till exempel svåra samtal."),
    ],
    "leda-i-socialtjansten": [
        (UNDERSTANDING, "Förstå ledarskapets betydelse för stabilitet och kvalitet i barnavården."),
        (SKILL, "Kunna arbeta systematiskt med arbetsmiljö och arbetsbelastning i gruppen."),
        (FAMILIARITY, "Leda kvalitetsarbete och utveckling i individ- och familjeomsorgen."),
    ],
    "introduktion-av-nya": [
        (FACT, "Känna till Yrkesresans steg och vad en ny medarbetare går igenom det första året."),
        (SKILL, "Kunna göra en introduktionsplan med fadder och uppföljning."),
        (SKILL, "Kunna följa upp en ny medarbetares utveckling efter fyra månader och efter ett år."),
    ],
}

VENUES = {
    "Luleå": ("Kulturens hus, konferensrum Kilen", "Skeppsbrogatan 17, 972 31 Luleå"),
    "Kiruna": ("Folkets hus, sal 2", "Föreningsgatan 11, 981 31 Kiruna"),
    "Piteå": ("Stadshuset, sessionssalen", "Svartuddsvägen 1, 941 85 Piteå"),
}

# Extra course leaders from other municipalities: email: (first, last, kommunkod)
LEADERS = {
    "kursledare.lulea@demo.se": ("Anna", "Stenlund", "2580"),
    "kursledare.pitea@demo.se": ("Erik", "Holmström", "2581"),
    "kursledare.gallivare@demo.se": ("Sofia", "Labba", "2523"),
}

PLACES = ["Luleå", "Kiruna", None, "Piteå"]  # None: online


def _weekday_on_or_after(date, weekday=1):
    return date + datetime.timedelta(days=(weekday - date.weekday()) % 7)


def load(stdout):
    today = timezone.localdate()
    by_code = {m.code: m for m in Municipality.objects.all()}
    region = Region.objects.get(slug="norrbotten")

    journey, _ = Journey.objects.get_or_create(
        slug="barn-och-unga",
        defaults={
            "name": "Barn och unga",
            "order": 1,
            "description": "Yrkesresan för socialsekreterare som arbetar med barn, unga och deras familjer.",
        },
    )
    steps = {}
    for order, (slug, name, years_from, years_to, description) in enumerate(STEPS, start=1):
        steps[slug], _ = Step.objects.get_or_create(
            journey=journey,
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "description": description,
                "years_from": years_from,
                "years_to": years_to,
            },
        )
    courses = []
    for step_slug, items in COURSES.items():
        for order, (slug, name, days, description) in enumerate(items, start=1):
            course, created = Course.objects.get_or_create(
                slug=slug,
                defaults={
                    "step": steps[step_slug],
                    "name": name,
                    "number_of_days": days,
                    "description": description,
                    "order": order,
                    "status": Course.Status.PUBLISHED,
                    "preparation_hours": 4,
                    "lms_url": "https://utbildning.example.se/yrkesresan/" + slug,
                },
            )
            if created:
                KnowledgeGoal.objects.bulk_create(
                    KnowledgeGoal(course=course, level=level, text=text, order=index)
                    for index, (level, text) in enumerate(GOALS[slug])
                )
            courses.append(course)

    leaders = [User.objects.get(email="kursledare@demo.se")]
    for email, (first, last, code) in LEADERS.items():
        leaders.append(ensure_person(email, first, last, by_code[code], ["course_leader"]))
    for index, person in enumerate(leaders):
        profile, created = TrainerProfile.objects.get_or_create(
            person=person, defaults={"trained_on": datetime.date(2025, 3, 1 + index)}
        )
        if created:
            profile.courses.set(courses[index :: len(leaders)] + courses[:2])

    created_occasions = 0
    for index, course in enumerate(courses):
        if course.occasions.exists():
            continue
        # Three occasions over the coming year per course, spread over the months and places.
        for term in range(3):
            # Tuesdays onwards, never on a weekend or at Christmas and New Year.
            dates = workdays(
                _weekday_on_or_after(today + datetime.timedelta(days=12 + 11 * index + 120 * term)),
                max(course.number_of_days, 1),
            )
            first = dates[0]
            place = PLACES[(index + term) % len(PLACES)]
            signup_opens = first - datetime.timedelta(days=150)
            occasion = CourseOccasion.objects.create(
                course=course,
                region=region,
                capacity=16 + 4 * (index % 3),
                min_participants=8,
                signup_opens=signup_opens,
                signup_closes=first - datetime.timedelta(days=10),
                cancellation_deadline=first - datetime.timedelta(days=14),
                status=CourseOccasion.Status.OPEN if signup_opens <= today else CourseOccasion.Status.PLANNED,
                open_to_other_regions=place is None,
            )
            # One occasion is left without a course leader, so the planning view has a warning to show.
            if not (index == 1 and term == 0):
                occasion.course_leaders.set([leaders[(3 * index + term) % len(leaders)]])
            for number in range(course.number_of_days):
                venue, address = VENUES.get(place, ("", ""))
                CourseDay.objects.create(
                    occasion=occasion,
                    date=dates[number],
                    start_time=datetime.time(9),
                    end_time=datetime.time(16),
                    venue=venue,
                    address=address,
                    town=place or "",
                    online_url=""
                    if place
                    else f"https://mote.example.se/yrkesresan/{course.slug}-{term + 1}",
                )
            created_occasions += 1
    stdout.write(f"Kurser: {len(courses)} kurser i {journey}, {created_occasions} nya kurstillfällen.")
    load_venues(stdout, by_code, leaders)
    load_trainer_pool(stdout, courses)


# The venue register: municipality code → [(venue, address, town, accessibility, [(room, places)])].
VENUE_REGISTER = {
    "2580": [
        (
            "Kulturens hus",
            "Skeppsbrogatan 17, 972 31 Luleå",
            "Luleå",
            "Hiss till alla våningar, hörslinga i konferensrummen, RWC på plan 2.",
            [("Konferensrum Kilen", 24), ("Studion", 12)],
        ),
        (
            "Stadshuset",
            "Rådhusgatan 2, 972 33 Luleå",
            "Luleå",
            "Ramp vid entrén, hiss.",
            [("Sal Norrbotten", 40)],
        ),
    ],
    "2584": [
        (
            "Folkets hus",
            "Föreningsgatan 11, 981 31 Kiruna",
            "Kiruna",
            "Entré i markplan, hörslinga i sal 2.",
            [("Sal 2", 24), ("Grupprum Luossa", 8)],
        ),
    ],
    "2581": [
        (
            "Stadshuset",
            "Svartuddsvägen 1, 941 85 Piteå",
            "Piteå",
            "Hiss, RWC, parkering för rörelsehindrade vid entrén.",
            [("Sessionssalen", 30)],
        ),
    ],
    "2582": [
        (
            "Kommunhuset",
            "Kyrkgatan 24, 961 28 Boden",
            "Boden",
            "Hiss och hörslinga.",
            [("Lokalen Rödberget", 18)],
        )
    ],
    "2523": [
        (
            "Kulturhuset",
            "Lasarettsgatan 2, 982 31 Gällivare",
            "Gällivare",
            "Entré i markplan; trappa till övervåningen.",
            [("Sal Dundret", 16)],
        ),
    ],
    "2583": [
        ("Stadshuset", "Torget 4, 953 85 Haparanda", "Haparanda", "Hiss.", [("Sammanträdesrum Torne", 14)])
    ],
}
ROOM_FOR_OLD_VENUE = {
    "Kulturens hus, konferensrum Kilen": ("2580", "Kulturens hus", "Konferensrum Kilen"),
    "Folkets hus, sal 2": ("2584", "Folkets hus", "Sal 2"),
    "Stadshuset, sessionssalen": ("2581", "Stadshuset", "Sessionssalen"),
}
CLASH_NOTE = "demo:planning:clash"


def load_venues(stdout, by_code, leaders):
    """Norrbotten's venue register, the demo's course days put in its rooms, and one deliberate clash
    (the same course leader in the same room at the same time) for the planning page to show."""
    rooms = {}
    for code, venues in VENUE_REGISTER.items():
        if code not in by_code:
            continue
        for name, address, town, accessibility, venue_rooms in venues:
            venue, _ = Venue.objects.get_or_create(
                municipality=by_code[code],
                name=name,
                defaults={"address": address, "town": town, "accessibility": accessibility},
            )
            for room_name, places in venue_rooms:
                rooms[(code, name, room_name)], _ = Room.objects.get_or_create(
                    venue=venue, name=room_name, defaults={"capacity": places}
                )
    for old_venue, key in ROOM_FOR_OLD_VENUE.items():
        if key in rooms:
            CourseDay.objects.filter(venue=old_venue, room__isnull=True).update(room=rooms[key])
    if CourseOccasion.objects.filter(notes=CLASH_NOTE).exists():
        return
    day = (
        CourseDay.objects.filter(
            room__isnull=False, date__gt=timezone.localdate() + datetime.timedelta(days=30)
        )
        .exclude(occasion__course_leaders=None)
        .select_related("occasion__course", "room__venue__municipality")
        .order_by("date", "pk")
        .first()
    )
    if day is None:
        return
    booked = day.occasion
    other = Course.objects.exclude(pk=booked.course_id).order_by("pk").first()
    clash = CourseOccasion.objects.create(
        course=other,
        region=booked.region,
        capacity=day.room.capacity + 4,  # more places than the room holds, too
        min_participants=4,
        signup_opens=booked.signup_opens,
        signup_closes=booked.signup_closes,
        cancellation_deadline=booked.cancellation_deadline,
        status=CourseOccasion.Status.PLANNED,
        notes=CLASH_NOTE,
        starts_on=day.date,
    )
    clash.course_leaders.set(booked.course_leaders.all())
    CourseDay.objects.create(
        occasion=clash,
        date=day.date,
        start_time=datetime.time(13),
        end_time=datetime.time(16),
        room=day.room,
        venue=day.venue,
        address=day.address,
        town=day.town,
    )
    stdout.write(f"Lokaler: {Venue.objects.count()} lokaler, en avsiktlig krock {day.date} i {day.room}.")


# Recruiting trainers: (person, proposer, areas, motivation, decisions [(status, note)]).
PROPOSALS = [
    (
        "socsek.pitea@demo.se",
        "chef.pitea@demo.se",
        "Samtal med barn, barn som upplevt våld",
        "Åtta år i barn och unga, handleder nya kollegor i barnsamtal.",
        [],
    ),
    (
        "socsek.lulea@demo.se",
        "chef.lulea@demo.se",
        "Dokumentation i utredningar",
        "Skriver tydliga utredningar och har hållit internutbildning i dokumentation.",
        [
            (
                "on_hold",
                "Vi tar upp det igen inför vårterminen, när nästa utbildning av utbildare är planerad.",
            )
        ],
    ),
    (
        "kursledare.lulea@demo.se",
        "chef.lulea@demo.se",
        "Handläggning med barnet i centrum",
        "Har lett kurser i länet tidigare och vill fortsätta.",
        [("accepted", "Välkommen som utbildare!")],
    ),
]
SHARED_TRAINER = "kursledare.gallivare@demo.se"


def load_trainer_pool(stdout, courses):
    """A few proposals in different states (with their history) and one trainer lent to other regions.
    Written as rows: the demo's events e-mail nobody, and the accepted trainer has a profile already."""
    people = {user.email: user for user in User.objects.filter(email__endswith="@demo.se")}
    created = 0
    for email, proposer_email, areas, motivation, decisions in PROPOSALS:
        person, proposer = people.get(email), people.get(proposer_email)
        if person is None or proposer is None or person.municipality_id is None:
            continue
        if TrainerProposal.objects.filter(person=person).exists():
            continue
        proposal = TrainerProposal.objects.create(
            person=person,
            municipality_id=person.municipality_id,
            proposed_by=proposer,
            areas=areas,
            motivation=motivation,
            status=decisions[-1][0] if decisions else TrainerProposal.Status.PROPOSED,
        )
        proposal.courses.set([course for course in courses if course.name in areas])
        TrainerProposalEvent.objects.create(proposal=proposal, to_status="proposed", actor=proposer)
        before = "proposed"
        for status, note in decisions:
            TrainerProposalEvent.objects.create(
                proposal=proposal,
                from_status=before,
                to_status=status,
                actor=people.get("projektledare@demo.se"),
                note=note,
            )
            before = status
        created += 1
    shared = TrainerProfile.objects.filter(person__email=SHARED_TRAINER, shared_with_other_regions=False)
    shared.update(shared_with_other_regions=True)
    stdout.write(
        f"Utbildarpoolen: {created} nya förslag på utbildare, en utbildare delas med andra regioner."
    )
