"""The trainer pool (seed 000: the project leader recruits and supports course leaders and trainers;
seed 004, goal 7): a manager proposes one of their staff, the project leader accepts, declines or puts
the proposal on hold, and a region lends its trainers to other regions.

Who sees what, once:
- proposals follow the one scope policy (core.scope, MANAGE): a manager their own municipality's, the
  project leader those of their region's municipalities; anything else answers 404;
- trainers (TrainerProfile): a project leader sees their own region's (the region of the person's
  municipality) and other regions' trainers marked as shared; a trainer of another region that is not
  shared answers 404 and cannot be assigned.
A project leader without a municipality has no home region: they see the trainers without one and the
shared ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.roles import Role
from core import outbox
from core.errors import ALREADY, DomainError
from core.scope import MANAGE, MunicipalityScope

from . import notifications
from .models import TrainerProfile, TrainerProposal, TrainerProposalEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    from .models import Course, CourseOccasion

S = TrainerProposal.Status
# What the project leader may decide; accepted and declined are final (propose again to start over).
DECISIONS = (S.ACCEPTED, S.DECLINED, S.ON_HOLD)


def home_region_id(user: User | AnonymousUser) -> int | None:
    """The region of the user's municipality, or None."""
    return user.municipality.region_id if getattr(user, "municipality_id", None) else None


def home_region_q(user: User | AnonymousUser, path: str) -> Q:
    """Rows whose municipality (at `path`) is in the user's home region; without one, rows without one."""
    region_id = home_region_id(user)
    if region_id is None:
        return Q(**{f"{path}__isnull": True})
    return Q(**{f"{path}__region_id": region_id})


# --- Trainers ----------------------------------------------------------------------------------


def trainers_visible_to(user: User | AnonymousUser) -> QuerySet[TrainerProfile]:
    """Trainer profiles the user sees in the pool: their region's and other regions' shared ones
    (project leaders only; nobody else has a pool)."""
    profiles = TrainerProfile.objects.select_related("person__municipality__region")
    if not user.is_authenticated or not user.has_role(Role.PROJECT_LEADER):
        return profiles.none()
    return profiles.filter(home_region_q(user, "person__municipality") | Q(shared_with_other_regions=True))


def get_visible_trainer(user: User | AnonymousUser, pk: int | str) -> TrainerProfile:
    return get_object_or_404(trainers_visible_to(user), pk=pk)


def is_home_trainer(user: User, profile: TrainerProfile) -> bool:
    """Is `profile` a trainer of the user's own region (whom they may edit and lend out)?"""
    person_region = profile.person.municipality.region_id if profile.person.municipality_id else None
    return user.has_role(Role.PROJECT_LEADER) and person_region == home_region_id(user)


def assignable_people(user: User, occasion: CourseOccasion | None = None) -> QuerySet[User]:
    """People the user may put on an occasion as course leader or trainer: active trainers of the pool
    they see, course leaders (the role) of their region without a profile, and whoever is on the
    occasion already (an assignment made before stays choosable)."""
    people = get_user_model().objects.filter(is_active=True)
    pool = trainers_visible_to(user).filter(is_active=True).values("person_id")
    leaders_here = Q(is_course_leader=True, trainer_profile__isnull=True) & home_region_q(
        user, "municipality"
    )
    allowed = Q(pk__in=pool) | leaders_here
    if occasion is not None and occasion.pk:
        allowed |= Q(pk__in=occasion.course_leaders.values("pk")) | Q(pk__in=occasion.trainers.values("pk"))
    return people.filter(allowed).select_related("municipality").order_by("first_name", "last_name")


@transaction.atomic
def trainer_share(*, profile: TrainerProfile, shared: bool, by: User) -> TrainerProfile:
    """The home region's project leader lends the trainer to other regions, or takes them back."""
    if not is_home_trainer(by, profile):
        raise DomainError(_("Bara utbildarens egen region kan dela utbildaren med andra regioner."))
    profile = TrainerProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.shared_with_other_regions == shared:
        return profile
    profile.shared_with_other_regions = shared
    profile.save(update_fields=["shared_with_other_regions"])
    return profile


# --- Proposals ---------------------------------------------------------------------------------


def proposals_visible_to(user: User | AnonymousUser) -> QuerySet[TrainerProposal]:
    """Proposals within the user's MANAGE scope; the project leader's are their region's."""
    proposals = TrainerProposal.objects.select_related(
        "person", "municipality", "proposed_by"
    ).prefetch_related("courses")
    scope = MunicipalityScope.for_user(user, MANAGE)
    proposals = scope.filter(proposals, "municipality")
    if user.is_authenticated and user.has_role(Role.PROJECT_LEADER) and home_region_id(user) is not None:
        proposals = proposals.filter(municipality__region_id=home_region_id(user))
    return proposals


def get_visible_proposal(user: User | AnonymousUser, pk: int | str) -> TrainerProposal:
    return get_object_or_404(proposals_visible_to(user), pk=pk)


def proposable_people(user: User) -> QuerySet[User]:
    """The proposer's own staff who are not trainers already and have no open proposal."""
    people = MunicipalityScope.for_user(user, MANAGE).filter(
        get_user_model().objects.filter(is_active=True), "municipality"
    )
    open_proposals = TrainerProposal.objects.filter(status__in=[S.PROPOSED, S.ON_HOLD]).values("person_id")
    return (
        people.exclude(trainer_profile__is_active=True)
        .exclude(pk__in=open_proposals)
        .select_related("municipality")
        .order_by("first_name", "last_name")
    )


def proposal_create(
    *, person: User, proposed_by: User, courses: Iterable[Course] = (), areas: str = "", motivation: str = ""
) -> TrainerProposal:
    """A manager (or the project leader) proposes `person` as trainer. Refused for someone outside the
    proposer's municipality, someone who is an active trainer already, or who has an open proposal."""
    scope = MunicipalityScope.for_user(proposed_by, MANAGE)
    if person.municipality_id is None or not scope.check(person.municipality_id):
        raise DomainError(_("Du kan bara föreslå personer i din egen kommun."))
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=person.pk)
        if TrainerProfile.objects.filter(person=locked, is_active=True).exists():
            raise DomainError(_("%(person)s är redan utbildare.") % {"person": locked}, code=ALREADY)
        if TrainerProposal.objects.filter(person=locked, status__in=[S.PROPOSED, S.ON_HOLD]).exists():
            raise DomainError(
                _("%(person)s är redan föreslagen som utbildare.") % {"person": locked}, code=ALREADY
            )
        proposal = TrainerProposal.objects.create(
            person=locked,
            municipality_id=locked.municipality_id,
            proposed_by=proposed_by,
            areas=areas.strip(),
            motivation=motivation.strip(),
        )
        proposal.courses.set(courses)
        event = TrainerProposalEvent.objects.create(
            proposal=proposal, to_status=S.PROPOSED, actor=proposed_by
        )
        outbox.enqueue(notifications.proposal_received(event))
    return proposal


def proposal_decide(
    *,
    proposal: TrainerProposal,
    status: str,
    by: User,
    note: str = "",
    trained_on: datetime.date | None = None,
) -> TrainerProposal:
    """The project leader accepts, declines or puts a proposal on hold; each decision is a history row
    and e-mails the proposer and the person once. Accepting creates (or activates) the person's
    trainer profile with the proposed courses, the train-the-trainer date if given, and the course
    leader role, so they find their course days."""
    if status not in DECISIONS:
        raise DomainError(_("Välj anta, avböj eller vilande."))
    if not by.has_role(Role.PROJECT_LEADER):
        raise DomainError(_("Bara den regionala projektledaren beslutar om utbildare."))
    with transaction.atomic():
        proposal = TrainerProposal.objects.select_for_update().select_related("person").get(pk=proposal.pk)
        if proposal.status == status:
            raise DomainError(
                _("Förslaget är redan %(status)s.") % {"status": proposal.get_status_display().lower()},
                code=ALREADY,
            )
        if not proposal.is_open:
            raise DomainError(
                _("Förslaget är redan avgjort (%(status)s).")
                % {"status": proposal.get_status_display().lower()}
            )
        event = TrainerProposalEvent.objects.create(
            proposal=proposal, from_status=proposal.status, to_status=status, actor=by, note=note.strip()
        )
        proposal.status = status
        proposal.save(update_fields=["status"])
        if status == S.ACCEPTED:
            _accept(proposal, trained_on)
        outbox.enqueue(notifications.proposal_decided(event))
    return proposal


def _accept(proposal: TrainerProposal, trained_on: datetime.date | None) -> TrainerProfile:
    person = proposal.person
    profile, _created = TrainerProfile.objects.select_for_update().get_or_create(person=person)
    profile.is_active = True
    if trained_on is not None:
        profile.trained_on = trained_on
    profile.save()
    profile.courses.add(*proposal.courses.all())
    if not person.is_course_leader:
        get_user_model().objects.filter(pk=person.pk).update(is_course_leader=True)
    return profile
