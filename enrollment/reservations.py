"""Reserved places, bulk nomination and the project leader's list of e-mail addresses.

A reservation's unnamed places count against the occasion's capacity (enrollment.selectors.places_taken),
and every change here takes the same occasion lock as a sign-up (courses.locks.lock_occasion) before it
recounts: a reservation never overbooks, and a released place goes to the first on the waiting list in
the same transaction. Each function takes keyword-only plain values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from core.scope import MunicipalityScope
from courses.locks import lock_occasion
from courses.models import CourseOccasion

from .access import may_act_for
from .models import Enrollment, Reservation, ReservationCap
from .selectors import places_taken
from .services import (
    EnrollmentError,
    _check_may_book,
    _check_open_for_signup,
    _check_region,
    _create,
    _promote,
    enrollment_nominate,
)

if TYPE_CHECKING:
    from accounts.models import User

S = Enrollment.Status
ACTIVE = Reservation.Status.ACTIVE


def _may_reserve_for(user: User, municipality_id: int | None) -> bool:
    return MunicipalityScope.for_user(user).check(municipality_id)


def reservation_cap(municipality_id: int) -> int:
    """The places a municipality may hold reserved on one occasion (0 when the project leader set none)."""
    return (
        ReservationCap.objects.filter(municipality_id=municipality_id)
        .values_list("places", flat=True)
        .first()
        or 0
    )


@transaction.atomic
def reservation_cap_set(*, municipality_id: int, places: int | None, by: User) -> ReservationCap:
    if not by.has_role(Role.PROJECT_LEADER):
        raise EnrollmentError(
            _("Bara projektledaren sätter taket för reserverade platser."), code="forbidden"
        )
    if places is None or places < 0:
        raise EnrollmentError(_("Taket kan inte vara negativt."), code="cap")
    cap, _created = ReservationCap.objects.update_or_create(
        municipality_id=municipality_id, defaults={"places": places}
    )
    return cap


@transaction.atomic
def reservation_make(
    *,
    occasion_id: int,
    municipality_id: int,
    places: int,
    release_on: datetime.date,
    by: User,
    today: datetime.date | None = None,
) -> Reservation:
    """Reserve `places` more unnamed places for a municipality, released on `release_on`.

    A second reservation by the same municipality adds to the first (one active row per occasion and
    municipality) and moves its release date. Refused: beyond the municipality's cap, beyond the free
    places, a release date not before the last sign-up day or already past.
    """
    today = today or timezone.localdate()
    if not _may_reserve_for(by, municipality_id):
        raise EnrollmentError(_("Du kan bara reservera platser för din egen kommun."), code="forbidden")
    if places is None or places < 1:
        raise EnrollmentError(_("Reservera minst en plats."), code="places")
    occasion = lock_occasion(occasion_id)
    _check_open_for_signup(occasion, today, bypass_dates=by.has_role(Role.PROJECT_LEADER))
    if release_on is None or release_on >= occasion.signup_closes:
        raise EnrollmentError(
            _("Platserna måste släppas före sista anmälningsdag (%(date)s).")
            % {"date": date_format(occasion.signup_closes, "DATE_FORMAT")},
            code="release_on",
        )
    if release_on < today:
        raise EnrollmentError(_("Datumet då platserna släpps har redan passerat."), code="release_on")
    reservation = (
        Reservation.objects.select_for_update()
        .filter(occasion=occasion, municipality_id=municipality_id, status=ACTIVE)
        .first()
    )
    held = reservation.places if reservation else 0
    cap = reservation_cap(municipality_id)
    if held + places > cap:
        raise EnrollmentError(
            ngettext(
                "Kommunen får ha högst %(cap)s reserverad plats på ett kurstillfälle (nu %(held)s).",
                "Kommunen får ha högst %(cap)s reserverade platser på ett kurstillfälle (nu %(held)s).",
                cap,
            )
            % {"cap": cap, "held": held},
            code="cap",
        )
    free = occasion.capacity - places_taken(occasion)
    if places > free:
        raise EnrollmentError(
            ngettext(
                "Det finns bara %(free)s ledig plats på kurstillfället.",
                "Det finns bara %(free)s lediga platser på kurstillfället.",
                max(free, 0),
            )
            % {"free": max(free, 0)},
            code="full",
        )
    if reservation is None:
        reservation = Reservation(
            occasion=occasion, municipality_id=municipality_id, places=0, reserved_by=by
        )
    reservation.places = held + places
    reservation.release_on = release_on
    reservation.save()
    return reservation


def _lock_reservation(reservation_id: int) -> Reservation:
    """Lock the occasion, then the reservation (the same order as every other change of places)."""
    occasion_id = Reservation.objects.values_list("occasion_id", flat=True).get(pk=reservation_id)
    occasion = lock_occasion(occasion_id)
    reservation = (
        Reservation.objects.select_for_update().select_related("municipality").get(pk=reservation_id)
    )
    reservation.occasion = occasion
    return reservation


@transaction.atomic
def reservation_fill(
    *, reservation_id: int, person_id: int, by: User, today: datetime.date | None = None
) -> Enrollment:
    """Put a named person on one reserved place: an approved booking, the reservation one place smaller."""
    today = today or timezone.localdate()
    reservation = _lock_reservation(reservation_id)
    person = get_user_model().objects.select_related("municipality").get(pk=person_id)
    if not _may_reserve_for(by, reservation.municipality_id) or not may_act_for(by, person):
        raise EnrollmentError(
            _("Du kan bara fylla platser med personal i din egen kommun."), code="forbidden"
        )
    if person.municipality_id != reservation.municipality_id:
        raise EnrollmentError(
            _("%(person)s hör inte till %(municipality)s.")
            % {"person": person, "municipality": reservation.municipality},
            code="municipality",
        )
    if not reservation.is_active or reservation.places < 1:
        raise EnrollmentError(_("Reservationen har inga platser kvar att fylla."), code="empty")
    occasion = reservation.occasion
    _check_open_for_signup(occasion, today, bypass_dates=True)  # a reserved place is held to the release
    _check_may_book(occasion, person)
    reservation.places -= 1
    reservation.filled += 1
    reservation.save(update_fields=["places", "filled"])
    manager_id = by.pk if by.has_role(Role.MANAGER) else person.manager_id
    # The reserved place becomes the booking's: the total taken stays the same, so no recount is needed.
    enrollment, _event = _create(occasion, person, S.APPROVED, by, manager_id=manager_id, pre_approved=True)
    return enrollment


@transaction.atomic
def reservation_release(
    *, reservation_id: int, by: User | None = None, today: datetime.date | None = None
) -> tuple[Reservation, list[Enrollment] | None]:
    """Give a reservation's unnamed places back: the waiting list gets them in order. Twice is once.

    Returns (reservation, the enrollments promoted), or (reservation, None) when it was released before."""
    reservation = _lock_reservation(reservation_id)
    if by is not None and not _may_reserve_for(by, reservation.municipality_id):
        raise EnrollmentError(_("Du kan bara släppa din egen kommuns platser."), code="forbidden")
    if not reservation.is_active:
        return reservation, None  # released before: nothing to do
    reservation.status = Reservation.Status.RELEASED
    reservation.released_at = timezone.now()
    reservation.save(update_fields=["status", "released_at"])
    return reservation, _promote(reservation.occasion, by, today)


def release_due_reservations(today: datetime.date | None = None) -> int:
    """The beat sweep: release every active reservation whose date has come. Safe to run twice (a
    released reservation is skipped under its lock) and in parallel."""
    today = today or timezone.localdate()
    released = 0
    for reservation_id in Reservation.objects.filter(status=ACTIVE, release_on__lte=today).values_list(
        "pk", flat=True
    ):
        _reservation, promoted = reservation_release(reservation_id=reservation_id, today=today)
        released += promoted is not None
    return released


# --- Bulk nomination --------------------------------------------------------------------------------


@transaction.atomic
def enrollment_nominate_many(
    *, occasion_id: int, person_ids: Sequence[int], by: User, today: datetime.date | None = None
) -> list[Enrollment]:
    """Nominate several people to one occasion, all or nothing: any refusal stops every booking and the
    messages name each person refused. Places go in the order given; whoever does not fit waits."""
    occasion = CourseOccasion.objects.select_related("course").get(pk=occasion_id)
    people = get_user_model().objects.select_related("municipality").in_bulk(list(person_ids))
    errors, enrollments = [], []
    if not person_ids:
        raise EnrollmentError(_("Välj minst en person."), code="empty")
    for person_id in person_ids:
        person = people.get(person_id)
        if person is None:
            errors.append(_("En av de valda personerna finns inte längre."))
            continue
        try:
            with transaction.atomic():
                enrollments.append(enrollment_nominate(occasion, person, by, today))
        except EnrollmentError as error:
            errors.append(str(error))
    if errors:
        raise ValidationError(errors)  # leaves the atomic block: every booking above is rolled back
    return enrollments


def people_from_lines(text: str | None) -> tuple[list[tuple[int, User]], list[str]]:
    """The people named by a list of e-mail addresses, one a line (a CSV's first column is enough).

    Returns (people in order, errors) where each error names its line number; empty lines are skipped
    and a repeated address is an error, so the preview shows exactly what will be booked.
    """
    users = get_user_model().objects.filter(is_active=True).select_related("municipality")
    wanted, errors, seen = [], [], {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        address = line.split(",")[0].split(";")[0].strip().strip('"').strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                _("Rad %(line)s: %(value)s är ingen e-postadress.") % {"line": number, "value": address[:80]}
            )
            continue
        if address.lower() in seen:
            errors.append(
                _("Rad %(line)s: %(address)s står redan på rad %(first)s.")
                % {"line": number, "address": address, "first": seen[address.lower()]}
            )
            continue
        seen[address.lower()] = number
        wanted.append((number, address))
    found = {user.email.lower(): user for user in users.filter(email__in=[a for _n, a in wanted])}
    if len(found) < len(wanted):
        # E-mail addresses are stored as typed; look the rest up without regard to case.
        for _number, address in wanted:
            if address.lower() not in found:
                user = users.filter(email__iexact=address).first()
                if user is not None:
                    found[address.lower()] = user
    people = []
    for number, address in wanted:
        user = found.get(address.lower())
        if user is None:
            errors.append(
                _("Rad %(line)s: ingen aktiv person har e-postadressen %(address)s.")
                % {"line": number, "address": address}
            )
        else:
            people.append((number, user))
    return people, errors


def booking_problems(
    *, occasion: CourseOccasion, people: Iterable[User], by: User, today: datetime.date | None = None
) -> dict[int, str]:
    """For a preview: {person id: the refusal a nomination would get now} (nothing is locked or saved)."""
    problems = {}
    for person in people:
        try:
            if not may_act_for(by, person):
                raise EnrollmentError(_("Du kan bara anmäla personal i din egen kommun."))
            if not by.has_role(Role.PROJECT_LEADER):
                _check_region(occasion, person)
            _check_may_book(occasion, person)
        except EnrollmentError as error:
            problems[person.pk] = str(error)
    return problems
