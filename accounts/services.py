"""Changes to people: inviting someone creates the account and sends the invitation on commit;
anonymising someone who has left removes who they were but keeps what they did for the statistics."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.errors import DomainError

from . import gdpr, notifications, personal_data
from .models import Employment, User
from .roles import MUNICIPALITY_NEEDED, NEEDS_MUNICIPALITY, Role, role_field

if TYPE_CHECKING:
    from municipalities.models import Municipality


@transaction.atomic
def person_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    municipality: Municipality | None,
    title: str,
    roles: Iterable[Role | str],
    invited_by: User,
) -> User:
    """Create an invited person with `roles` (Role members) and no password yet; the e-mail with the
    link to set one goes out after commit."""
    user = User(
        email=email, first_name=first_name, last_name=last_name, municipality=municipality, title=title
    )
    for role in roles:
        setattr(user, role_field(role), True)
    user.set_unusable_password()
    user.save()
    # The link in the invitation can only be used by someone who reads that mailbox.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    outbox.enqueue(notifications.invitation(user, invited_by))
    return user


def is_anonymised(person: User) -> bool:
    return person.email == personal_data.placeholder_email(person)


@transaction.atomic
def person_anonymise(person: User, by: User | None) -> bool:
    """Anonymise a person who has left, in every app, in one transaction. Returns False (and does
    nothing) when the person already was anonymised, so running it twice is harmless."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if is_anonymised(person):
        return False
    placeholder = personal_data.placeholder_email(person)
    for anonymiser in personal_data.anonymisers():
        anonymiser(person, placeholder)
    gdpr.anonymise_account(person, placeholder)
    # Written after the scrub, so it names only the placeholder.
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=placeholder,
        action=LogEntry.Action.UPDATE,
        actor=by,
        changes={"avidentifierad": ["nej", "ja"]},
    )
    return True


class RoleError(DomainError):
    """A change of roles refused by a rule."""


@transaction.atomic
def person_set_roles(*, person: User, roles: Iterable[Role | str], by: User) -> User:
    """Give `person` exactly `roles` (Role members); django-auditlog keeps the change (who, when, what)."""
    person = _locked_person(person)
    roles = {Role(role) for role in roles}
    if roles & NEEDS_MUNICIPALITY and person.municipality_id is None:
        raise RoleError(MUNICIPALITY_NEEDED, code="needs_municipality")
    if person == by and Role.PROJECT_LEADER not in roles:
        # Someone must still be able to give roles; another project leader takes it away.
        raise RoleError(_("Du kan inte ta bort din egen roll som projektledare."), code="own_role")
    fields = [role_field(role) for role in Role]
    for role in Role:
        setattr(person, role_field(role), role in roles)
    person.save(update_fields=fields)
    return person


# --- Employment: the one place that writes `User.municipality` ---------------------------------


class EmploymentError(ValidationError):
    """An employment change refused by a rule; the message is shown to the user as it is."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message, code=code)

    def __str__(self) -> str:
        return self.messages[0]


def _locked_person(person: User) -> User:
    return User.objects.select_for_update().get(pk=person.pk)


def _current_employment(person: User) -> Employment | None:
    return Employment.objects.select_for_update().filter(person=person, ends_on__isnull=True).first()


def _check_dates(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise EmploymentError(_("Slutdatumet kan inte vara före startdatumet."), code="end_before_start")


@transaction.atomic
def employment_start(
    *,
    person: User,
    municipality: Municipality,
    starts_on: datetime.date,
    unit: str = "",
    title: str = "",
    by: User | None = None,
    is_move: bool = False,
) -> Employment:
    """Start an employment; the person's current municipality becomes `municipality`."""
    person = _locked_person(person)
    current = _current_employment(person)
    if current is not None:
        if current.municipality_id == municipality.pk:
            raise EmploymentError(
                _("Personen har redan en pågående anställning i %(municipality)s.")
                % {"municipality": municipality},
                code="already_employed",
            )
        raise EmploymentError(
            _(
                "Personen är anställd i %(municipality)s. Projektledaren, eller chefen i den nya kommunen, "
                "flyttar personen."
            )
            % {"municipality": current.municipality},
            code="employed_elsewhere",
        )
    last_end = (
        Employment.objects.filter(person=person, ends_on__isnull=False)
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
    ).first()
    if last_end is not None and starts_on <= last_end:
        raise EmploymentError(
            _("Anställningen kan inte börja innan den förra slutade (%(date)s).") % {"date": last_end},
            code="overlap",
        )
    employment = Employment.objects.create(
        person=person,
        municipality=municipality,
        unit=unit.strip(),
        title=title.strip(),
        starts_on=starts_on,
        is_move=is_move,
        created_by=by,
    )
    person.municipality = municipality
    fields = ["municipality"]
    if title.strip():
        person.title = title.strip()
        fields.append("title")
    person.save(update_fields=fields)
    return employment


@transaction.atomic
def employment_end(*, employment: Employment, ends_on: datetime.date, by: User | None = None) -> Employment:
    """End an employment; when it was the current one the person has no municipality from then on."""
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    _check_dates(employment.starts_on, ends_on)
    was_current = employment.ends_on is None
    employment.ends_on = ends_on
    employment.save(update_fields=["ends_on"])
    if was_current:
        # A save, not an update, so the person's audit history shows the municipality ending.
        person = _locked_person(employment.person)
        person.municipality, person.manager = None, None
        person.save(update_fields=["municipality", "manager"])
    return employment


@transaction.atomic
def person_change_municipality(
    *,
    person: User,
    municipality: Municipality | None,
    on: datetime.date,
    unit: str = "",
    title: str = "",
    by: User | None = None,
) -> Employment:
    """The person's municipality from `on`: a first employment, a move (person_move), or with
    `municipality` None the end of the current employment the day before.

    Only from today or earlier: the change of scope takes effect at once (the old municipality stops
    seeing the person now), so a later date would be a promise the portal does not keep."""
    if on > timezone.localdate():
        raise EmploymentError(
            _(
                "Ett kommunbyte kan bara registreras från i dag eller ett tidigare datum. Registrera det "
                "den dag det gäller."
            ),
            code="future",
        )
    person = _locked_person(person)
    if municipality is not None:
        if _current_employment(person) is None and person.municipality_id is None:
            return employment_start(
                person=person, municipality=municipality, starts_on=on, unit=unit, title=title, by=by
            )
        return person_move(person=person, municipality=municipality, on=on, unit=unit, title=title, by=by)
    last_day = on - datetime.timedelta(days=1)
    current = _current_employment(person)
    if current is None:
        if person.municipality_id is None:
            raise EmploymentError(
                _("Personen har ingen pågående anställning att avsluta."), code="no_employment"
            )
        # Registered before employments were recorded: the employment they had is recorded from their
        # registration, then ended.
        current = employment_start(
            person=person,
            municipality=person.municipality,
            starts_on=min(timezone.localdate(person.date_joined), last_day),
            title=person.title,
            by=by,
        )
    return employment_end(employment=current, ends_on=last_day, by=by)


@transaction.atomic
def person_move(
    *,
    person: User,
    municipality: Municipality,
    on: datetime.date,
    unit: str = "",
    title: str = "",
    by: User | None = None,
) -> Employment:
    """Move a person to another municipality from `on`: the current employment ends the day before and
    a new one (a move) starts. Steps, courses, certificates and plan stay the person's; the old
    municipality keeps its statistics but its staff no longer see the person."""
    person = _locked_person(person)
    current = _current_employment(person)
    current_municipality_id = current.municipality_id if current else person.municipality_id
    if current_municipality_id is None:
        raise EmploymentError(_("Personen har ingen pågående anställning att flytta."), code="no_employment")
    if current_municipality_id == municipality.pk:
        raise EmploymentError(
            _("Personen är redan anställd i %(municipality)s.") % {"municipality": municipality}, code="same"
        )
    if current is None:
        # Registered before employments were recorded: the move starts the first recorded one.
        return employment_start(
            person=person,
            municipality=municipality,
            starts_on=on,
            unit=unit,
            title=title,
            by=by,
            is_move=True,
        )
    if on <= current.starts_on:
        raise EmploymentError(
            _("Flyttdatumet måste vara efter att nuvarande anställning började (%(date)s).")
            % {"date": current.starts_on},
            code="end_before_start",
        )
    current.ends_on = on - datetime.timedelta(days=1)
    current.save(update_fields=["ends_on"])
    # The old manager's link goes with the old employer.
    User.objects.filter(pk=person.pk).update(manager=None)
    return employment_start(
        person=person,
        municipality=municipality,
        starts_on=on,
        unit=unit,
        title=title or current.title,
        by=by,
        is_move=True,
    )
