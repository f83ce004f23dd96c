"""Which enrollments, people and occasions a user may see or act on: the one place that decides it
for every list, detail page and export of the enrollment app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import Role
from core.scope import MunicipalityScope
from courses.models import CourseOccasion

from .models import Enrollment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def enrollments_visible_to(user: User | AnonymousUser) -> QuerySet[Enrollment]:
    """Own enrollments for everyone; a manager's municipality's people; a course leader's occasions;
    all for the project leader. The styrgrupp sees no one else's (aggregates come later)."""
    enrollments = Enrollment.objects.select_related("person__municipality", "occasion__course", "manager")
    if not user.is_authenticated:
        return enrollments.none()
    scope = MunicipalityScope.for_user(user)
    if scope.everything:
        return enrollments
    condition = Q(person=user)
    if scope.municipality_id is not None:
        condition |= Q(person__municipality_id=scope.municipality_id)
    if user.has_role(Role.COURSE_LEADER):
        condition |= Q(occasion_id__in=user.led_occasions.values("pk"))
    return enrollments.filter(condition)


def get_visible_enrollment(user: User | AnonymousUser, pk: int | str) -> Enrollment:
    return get_object_or_404(enrollments_visible_to(user), pk=pk)


def may_act_for(user: User, person: User) -> bool:
    """May `user` decide on `person`'s enrollments (approve, reject, nominate, move up a step)?

    Any IFO manager of the person's municipality may, not only the one named at sign-up.
    """
    return MunicipalityScope.for_user(user).check(person.municipality_id)


def staff_visible_to(user: User) -> QuerySet[User]:
    """People whose bookings and steps the user may manage."""
    people = User.objects.filter(is_active=True).select_related("municipality", "manager")
    return MunicipalityScope.for_user(user).filter(people)


def get_visible_staff_member(user: User, pk: int | str) -> User:
    return get_object_or_404(staff_visible_to(user), pk=pk)


def occasions_managed_by(user: User) -> QuerySet[CourseOccasion]:
    """Occasions whose participant lists and attendance the user may see: own as course leader."""
    occasions = CourseOccasion.objects.select_related("course")
    if user.has_role(Role.PROJECT_LEADER):
        return occasions
    if user.has_role(Role.COURSE_LEADER):
        return occasions.filter(pk__in=user.led_occasions.values("pk"))
    return occasions.none()


def get_managed_occasion(user: User, pk: int | str) -> CourseOccasion:
    return get_object_or_404(occasions_managed_by(user), pk=pk)


def may_download_certificate(user: User, enrollment: Enrollment) -> bool:
    return enrollment.person_id == user.pk or may_act_for(user, enrollment.person)
