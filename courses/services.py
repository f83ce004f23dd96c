"""State changes of the catalogue: saving an occasion with its days, copying it to a new term,
trainer profiles and their calendar links. Each checks the rules and saves all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import outbox

from . import hooks, notifications
from .locks import lock_occasion
from .models import Course, CourseDay, CourseOccasion, TrainerProfile
from .signals import occasion_changed

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Journey, Step

ONLINE = "online"
ON_SITE = "on_site"
DAY_FIELDS = [
    "date",
    "start_time",
    "end_time",
    "room",
    "venue",
    "address",
    "town",
    "online_url",
    "is_cancelled",
]
OCCASION_FIELDS = [
    "course",
    "region",
    "capacity",
    "min_participants",
    "signup_opens",
    "signup_closes",
    "cancellation_deadline",
    "status",
    "open_to_other_regions",
    "notes",
]


def _day(date: datetime.date) -> str:
    return date_format(date, "DATE_FORMAT")


def occasion_errors(occasion: CourseOccasion, days: Sequence[Mapping[str, object]]) -> list[str]:
    """Every broken rule of an occasion and its days (dicts with DAY_FIELDS and "mode"), in Swedish.

    `occasion` is an unsaved or saved CourseOccasion carrying the new values.
    """
    errors = []
    if not days:
        errors.append(_("Ett kurstillfälle behöver minst en kursdag."))
    for day in days:
        if day["end_time"] <= day["start_time"]:
            errors.append(
                _("Kursdagen %(date)s slutar innan den börjar (%(start)s–%(end)s).")
                % {
                    "date": _day(day["date"]),
                    "start": day["start_time"].strftime("%H:%M"),
                    "end": day["end_time"].strftime("%H:%M"),
                }
            )
        if day.get("mode") == ONLINE and not day.get("online_url"):
            errors.append(_("Kursdagen %(date)s är digital men saknar länk.") % {"date": _day(day["date"])})
        if day.get("mode", ON_SITE) == ON_SITE and not day.get("venue") and not day.get("room"):
            errors.append(_("Kursdagen %(date)s är på plats men saknar lokal.") % {"date": _day(day["date"])})
    keys = [(day["date"], day["start_time"]) for day in days]
    if keys != sorted(keys):
        errors.append(_("Kursdagarna ska stå i datumordning, den första först."))
    ordered = sorted(days, key=lambda d: (d["date"], d["start_time"]))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before["date"] == after["date"] and after["start_time"] < before["end_time"]:
            errors.append(
                _("Två kursdagar den %(date)s överlappar varandra.") % {"date": _day(before["date"])}
            )

    if occasion.capacity is None or occasion.capacity < 1:
        errors.append(_("Antal platser måste vara minst 1."))
    else:
        taken = hooks.places_taken(occasion)
        if occasion.capacity < taken:
            errors.append(
                ngettext(
                    "Antal platser kan inte vara färre än den %(taken)s plats som redan är tagen.",
                    "Antal platser kan inte vara färre än de %(taken)s platser som redan är tagna.",
                    taken,
                )
                % {"taken": taken}
            )
        if occasion.min_participants > occasion.capacity:
            errors.append(_("Minsta antal deltagare kan inte vara fler än antal platser."))
    if occasion.signup_opens > occasion.signup_closes:
        errors.append(_("Anmälan kan inte öppna efter sista anmälningsdag."))
    if occasion.cancellation_deadline < occasion.signup_opens:
        errors.append(_("Sista avbokningsdag kan inte vara innan anmälan öppnar."))
    if ordered:
        first = ordered[0]["date"]
        if occasion.signup_closes >= first:
            errors.append(
                _("Sista anmälningsdag måste vara före första kursdagen (%(date)s).") % {"date": _day(first)}
            )
        if occasion.cancellation_deadline >= first:
            errors.append(
                _("Sista avbokningsdag måste vara före första kursdagen (%(date)s).") % {"date": _day(first)}
            )
    if occasion.status == CourseOccasion.Status.OPEN and occasion.course.status != Course.Status.PUBLISHED:
        errors.append(
            _(
                "Kursen %(course)s är inte publicerad, så kurstillfället kan inte vara öppet för "
                "anmälan. Publicera kursen eller välj status Planerad."
            )
            % {"course": occasion.course}
        )
    return errors


def room_place(day: CourseDay) -> None:
    """A day in a registered room shows the room's venue as its place (lists, calendars, e-mail)."""
    venue = day.room.venue
    day.venue = f"{venue.name}, {day.room.name}"[:200]
    day.address = venue.address
    day.town = venue.town or venue.municipality.name


def day_mode(day: CourseDay) -> str:
    """The form's "digital/på plats" choice for a saved day: digital when it has a link but no venue."""
    return ONLINE if day.is_online else ON_SITE


def _day_values(occasion_pk: int) -> dict[int, dict[str, object]]:
    return {
        values.pop("pk"): values
        for values in CourseDay.objects.filter(occasion_id=occasion_pk).values("pk", *DAY_FIELDS)
    }


@contextmanager
def occasion_changing(occasion_pk: int) -> Iterator[CourseOccasion]:
    """Change an existing occasion inside the block; then tell the higher apps what changed.

    Locks the occasion row (courses.locks) and remembers its capacity, status and days; when the block
    ends, sends courses.signals.occasion_changed with the old capacity and status and the days whose
    date, time, place, link or cancellation changed, still under the lock and in the same transaction.
    Every change of an existing occasion goes through here: occasion_save, the admin, the demo data.
    Yields the locked occasion.
    """
    with transaction.atomic():
        occasion = lock_occasion(occasion_pk)
        old_capacity, old_status, old_days = occasion.capacity, occasion.status, _day_values(occasion_pk)
        old_leaders, old_trainers = _staff_ids(occasion)
        yield occasion
        occasion.refresh_from_db(fields=["capacity", "status", "staff_revision"])
        days = list(occasion.days.all())
        changed_days = [
            day
            for day in days
            if day.pk in old_days and {name: getattr(day, name) for name in DAY_FIELDS} != old_days[day.pk]
        ]
        occasion_changed.send(
            sender=CourseOccasion,
            occasion=occasion,
            old_capacity=old_capacity,
            old_status=old_status,
            changed_days=changed_days,
            added_days=[day for day in days if day.pk not in old_days],
            removed_day_ids=sorted(set(old_days) - {day.pk for day in days}),
            old_course_leaders=old_leaders,
            old_trainers=old_trainers,
        )


def _staff_ids(occasion: CourseOccasion) -> tuple[set[int], set[int]]:
    return (
        set(occasion.course_leaders.values_list("pk", flat=True)),
        set(occasion.trainers.values_list("pk", flat=True)),
    )


def staff_tell(
    occasion: CourseOccasion,
    *,
    old_leaders: set[int],
    old_trainers: set[int],
    schedule_changed: bool = False,
    old_status: str | None = None,
) -> list[str]:
    """Tell the occasion's course leaders and trainers (and those taken off it) what one change meant
    for them, through the outbox, once each: assigned, removed, days changed or cancelled.

    Runs under the occasion lock, so the staff revision that names the change in the e-mails' keys is
    raised by one change at a time. Returns the keys written."""
    cancelled_now = occasion.status == CourseOccasion.Status.CANCELLED
    revision = occasion.staff_revision + 1
    mails = notifications.occasion_staff(
        occasion,
        revision=revision,
        old_leaders=old_leaders,
        old_trainers=old_trainers,
        schedule_changed=schedule_changed,
        cancelled=cancelled_now and old_status != CourseOccasion.Status.CANCELLED,
        reopened=old_status == CourseOccasion.Status.CANCELLED and not cancelled_now,
    )
    if not mails:
        return []
    CourseOccasion.objects.filter(pk=occasion.pk).update(staff_revision=revision)
    occasion.staff_revision = revision
    return outbox.enqueue(mails)


def staff_hear_of_change(
    occasion: CourseOccasion,
    old_status: str,
    changed_days: Sequence[CourseDay],
    old_course_leaders: Iterable[int] = (),
    old_trainers: Iterable[int] = (),
    added_days: Sequence[CourseDay] = (),
    removed_day_ids: Sequence[int] = (),
    **kwargs: object,
) -> None:
    """The occasion_changed receiver of this app (connected in CoursesConfig.ready())."""
    staff_tell(
        occasion,
        old_leaders=set(old_course_leaders),
        old_trainers=set(old_trainers),
        schedule_changed=bool(changed_days or added_days or removed_day_ids),
        old_status=old_status,
    )


def occasion_save(
    *,
    fields: Mapping[str, object],
    days: Sequence[Mapping[str, object]],
    course_leaders: Iterable[User] = (),
    trainers: Iterable[User] = (),
    occasion: CourseOccasion | None = None,
) -> CourseOccasion:
    """Create or update an occasion with all its days, or raise ValidationError and save nothing.

    `days` are dicts with DAY_FIELDS, "mode" and optionally "id" (an existing day of this occasion);
    existing days not in `days` are removed. An update holds the occasion lock throughout (so that an
    enrollment taking a place cannot slip under a lowered capacity) and sends occasion_changed.
    """
    if occasion is None:
        with transaction.atomic():
            created = _occasion_write(CourseOccasion(), fields, days, course_leaders, trainers)
            # A new occasion sends no occasion_changed; its leaders and trainers hear of it here.
            staff_tell(created, old_leaders=set(), old_trainers=set())
            return created
    with occasion_changing(occasion.pk) as locked:
        return _occasion_write(locked, fields, days, course_leaders, trainers)


def _occasion_write(
    occasion: CourseOccasion,
    fields: Mapping[str, object],
    days: Sequence[Mapping[str, object]],
    course_leaders: Iterable[User],
    trainers: Iterable[User],
) -> CourseOccasion:
    for name in OCCASION_FIELDS:
        if name in fields:
            setattr(occasion, name, fields[name])
    errors = occasion_errors(occasion, days)
    if errors:
        raise ValidationError(errors)
    occasion.save()
    occasion.course_leaders.set(course_leaders)
    occasion.trainers.set(trainers)
    keep = []
    for data in days:
        day = data.get("id")
        if not isinstance(day, CourseDay) or day.occasion_id != occasion.pk:
            day = CourseDay(occasion=occasion)
        for name in DAY_FIELDS:
            setattr(day, name, data.get(name))
        for name in ("venue", "address", "town", "online_url"):
            setattr(day, name, getattr(day, name) or "")
        day.is_cancelled = bool(day.is_cancelled)
        if data.get("mode") == ONLINE:
            # A digital day has no place; CourseDay.is_online reads "a link and no venue".
            day.venue = day.address = day.town = ""
            day.room = None
        elif day.room is not None:
            room_place(day)
        day.save()
        keep.append(day.pk)
    occasion.days.exclude(pk__in=keep).delete()
    return occasion


@transaction.atomic
def journey_delete(journey: Journey) -> None:
    if journey.steps.exists():
        raise ValidationError(_("Yrkesresan har steg. Ta bort stegen först."))
    journey.delete()


@transaction.atomic
def step_delete(step: Step) -> None:
    if step.courses.exists():
        raise ValidationError(_("Steget har kurser. Flytta eller ta bort kurserna först."))
    step.delete()


@transaction.atomic
def course_delete(course: Course) -> None:
    """Only a course that was never given: occasions are history (and enrollments hang on them)."""
    if course.occasions.exists():
        raise ValidationError(
            _(
                "Kursen har kurstillfällen och kan inte tas bort. Sätt den som utkast i "
                "stället, så syns den inte i katalogen."
            )
        )
    course.delete()


MAX_COPY_WEEKS = 104


@transaction.atomic
def occasion_copy(
    occasion: CourseOccasion, *, first_date: datetime.date | None = None, offset_days: int | None = None
) -> CourseOccasion:
    """Copy an occasion with its days, leaders and trainers to a new term ("kopiera till nästa termin").

    All dates move by the same number of days: to `first_date` for the first course day, or by
    `offset_days`. The copy is planned, so nobody can sign up before the project leader opens it.
    """
    days = list(occasion.days.order_by("date", "start_time"))
    if not days:
        raise ValidationError(_("Kurstillfället har inga kursdagar att kopiera."))
    if first_date is not None:
        delta = first_date - days[0].date
    elif offset_days:
        delta = datetime.timedelta(days=offset_days)
    else:
        raise ValidationError(_("Ange ett nytt första datum eller hur många dagar tillfället ska flyttas."))
    if delta.days == 0:
        raise ValidationError(_("Kopian måste få andra datum än originalet."))
    # The same limit as the form's week offset; it also keeps every moved date inside the calendar.
    if abs(delta.days) > MAX_COPY_WEEKS * 7:
        raise ValidationError(
            _("Kopian kan flyttas högst %(weeks)s veckor från originalet.") % {"weeks": MAX_COPY_WEEKS}
        )
    copy = CourseOccasion(
        course=occasion.course,
        region=occasion.region,
        capacity=occasion.capacity,
        min_participants=occasion.min_participants,
        signup_opens=occasion.signup_opens + delta,
        signup_closes=occasion.signup_closes + delta,
        cancellation_deadline=occasion.cancellation_deadline + delta,
        status=CourseOccasion.Status.PLANNED,
        open_to_other_regions=occasion.open_to_other_regions,
        notes=occasion.notes,
        starts_on=days[0].date + delta,  # the days below are bulk-created (no signals)
    )
    copy.save()
    copy.course_leaders.set(occasion.course_leaders.all())
    copy.trainers.set(occasion.trainers.all())
    CourseDay.objects.bulk_create(
        [
            CourseDay(
                occasion=copy,
                date=day.date + delta,
                start_time=day.start_time,
                end_time=day.end_time,
                venue=day.venue,
                address=day.address,
                town=day.town,
                online_url=day.online_url,
            )
            for day in days
        ]
    )
    staff_tell(copy, old_leaders=set(), old_trainers=set())  # they are on a new occasion: tell them
    return copy


@transaction.atomic
def trainer_profile_save(
    *,
    person: User,
    courses: Iterable[Course] = (),
    trained_on: datetime.date | None = None,
    is_active: bool = True,
    profile: TrainerProfile | None = None,
) -> TrainerProfile:
    """Create or update a person's trainer profile; a person has at most one."""
    if profile is None:
        if TrainerProfile.objects.filter(person=person).exists():
            raise ValidationError(
                _("%(person)s har redan en profil som kursledare/utbildare.") % {"person": person}
            )
        profile = TrainerProfile(person=person)
    profile.trained_on = trained_on
    profile.is_active = is_active
    profile.save()
    profile.courses.set(courses)
    return profile


@transaction.atomic
def calendar_token_renew(person: User) -> TrainerProfile:
    """Give the person a new secret calendar URL; the old one stops working at once."""
    profile, created = TrainerProfile.objects.select_for_update().get_or_create(person=person)
    if not created:
        profile.revoke_calendar_token()
    return profile
