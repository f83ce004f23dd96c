"""Clash checks of the plan: who or what is booked twice at the same time, and rooms too small.

`find_clashes` is the one rule, a plain function over course days and the people on them; it warns and
never blocks. `current_clashes` gathers what it needs from the database (the participants through
courses.hooks, since enrollment sits above the catalogue).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import hooks
from .models import CourseDay, CourseOccasion

PERSON = "person"  # a course leader or trainer on two overlapping days
ROOM = "room"  # a room booked twice at the same time
ROOM_TOO_SMALL = "room_capacity"  # more places than the room holds
PARTICIPANT = "participant"  # a participant on two overlapping days

ACTIVE = (CourseOccasion.Status.PLANNED, CourseOccasion.Status.OPEN, CourseOccasion.Status.CLOSED)


@dataclass(frozen=True)
class Clash:
    kind: str
    message: str
    occasion_ids: frozenset = field(default_factory=frozenset)


def overlap(first: CourseDay, second: CourseDay) -> bool:
    """Two course days overlap when they are on the same date and their times cross (end is exclusive)."""
    return (
        first.date == second.date
        and first.start_time < second.end_time
        and second.start_time < first.end_time
    )


def _describe(day: CourseDay) -> str:
    return _("%(course)s %(date)s %(start)s–%(end)s") % {
        "course": day.occasion.course,
        "date": date_format(day.date, "DATE_FORMAT"),
        "start": day.start_time.strftime("%H:%M"),
        "end": day.end_time.strftime("%H:%M"),
    }


def find_clashes(
    days: Iterable[CourseDay],
    *,
    staff: Mapping[int, set[int]],
    participants: Mapping[int, set[int]] | None = None,
    names: Mapping[int, str] | None = None,
) -> list[Clash]:
    """Every clash among `days`, in a stable order.

    `days`: CourseDay objects (cancelled ones are ignored) with `occasion` (and its course) and `room`
    loaded. `staff` and `participants`: {occasion id: set of person ids} of the course leaders and
    trainers, and of the people holding a place. `names`: {person id: name} for the messages.
    Days of the same occasion are never a clash with each other (the occasion's own rules stop those).
    """
    participants = participants or {}
    names = names or {}
    days = sorted(
        (day for day in days if not day.is_cancelled), key=lambda d: (d.date, d.start_time, d.pk or 0)
    )
    clashes = []
    seen_too_small = set()
    for day in days:
        room = day.room
        if room is not None and day.occasion.capacity > room.capacity:
            key = (day.occasion_id, room.pk)
            if key not in seen_too_small:
                seen_too_small.add(key)
                clashes.append(
                    Clash(
                        ROOM_TOO_SMALL,
                        _(
                            "%(course)s har %(places)s platser, men rummet %(room)s rymmer bara "
                            "%(room_places)s (%(day)s)."
                        )
                        % {
                            "course": day.occasion.course,
                            "places": day.occasion.capacity,
                            "room": room,
                            "room_places": room.capacity,
                            "day": date_format(day.date, "DATE_FORMAT"),
                        },
                        frozenset({day.occasion_id}),
                    )
                )
    by_date = defaultdict(list)
    for day in days:
        by_date[day.date].append(day)
    for same_date in by_date.values():
        for first, second in combinations(same_date, 2):
            if first.occasion_id == second.occasion_id or not overlap(first, second):
                continue
            both = frozenset({first.occasion_id, second.occasion_id})
            when = {"first": _describe(first), "second": _describe(second)}
            if first.room_id and first.room_id == second.room_id:
                clashes.append(
                    Clash(
                        ROOM,
                        _("Rummet %(room)s är bokat två gånger samtidigt: %(first)s och %(second)s.")
                        % {"room": first.room, **when},
                        both,
                    )
                )
            for person in sorted(staff.get(first.occasion_id, set()) & staff.get(second.occasion_id, set())):
                clashes.append(
                    Clash(
                        PERSON,
                        _("%(person)s leder två kursdagar samtidigt: %(first)s och %(second)s.")
                        % {"person": names.get(person, person), **when},
                        both,
                    )
                )
            common = participants.get(first.occasion_id, set()) & participants.get(second.occasion_id, set())
            for person in sorted(common):
                clashes.append(
                    Clash(
                        PARTICIPANT,
                        _("%(person)s är anmäld till två kursdagar samtidigt: %(first)s och %(second)s.")
                        % {"person": names.get(person, person), **when},
                        both,
                    )
                )
    return clashes


def current_clashes(
    occasion: CourseOccasion | None = None, today: datetime.date | None = None
) -> list[Clash]:
    """The clashes of coming days of active occasions; with `occasion`, only those it takes part in.

    A fixed number of queries, whatever the number of days.
    """
    today = today or timezone.localdate()
    days = CourseDay.objects.filter(
        date__gte=today, is_cancelled=False, occasion__status__in=ACTIVE
    ).select_related("occasion__course", "room__venue")
    if occasion is not None:
        days = days.filter(date__in=occasion.days.filter(is_cancelled=False).values("date"))
    days = list(days)
    occasion_ids = {day.occasion_id for day in days}
    staff = defaultdict(set)
    for model in (CourseOccasion.course_leaders.through, CourseOccasion.trainers.through):
        for occasion_id, person_id in model.objects.filter(courseoccasion_id__in=occasion_ids).values_list(
            "courseoccasion_id", "user_id"
        ):
            staff[occasion_id].add(person_id)
    participants = hooks.participants(occasion_ids)
    people = set().union(*staff.values(), *participants.values())
    names = {person.pk: str(person) for person in get_user_model().objects.filter(pk__in=people)}
    clashes = find_clashes(days, staff=staff, participants=participants, names=names)
    if occasion is not None:
        clashes = [clash for clash in clashes if occasion.pk in clash.occasion_ids]
    return clashes
