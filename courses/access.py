"""Which courses and course occasions a person may read: the one place every list, page,
calendar file and filter of the catalogue asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import Role

from .models import Course, CourseDay, CourseOccasion

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# Announced occasions: everything but "planned", which is the project leader's draft. A closed,
# cancelled or completed occasion stays readable so that participants can still find their days.
ANNOUNCED = [
    CourseOccasion.Status.OPEN,
    CourseOccasion.Status.CLOSED,
    CourseOccasion.Status.CANCELLED,
    CourseOccasion.Status.COMPLETED,
]


def courses_visible_to(user: User | AnonymousUser) -> QuerySet[Course]:
    """Published courses of published journeys; the project leader sees drafts too."""
    courses = Course.objects.select_related("step__journey")
    if not user.is_authenticated:
        return courses.none()
    if user.has_role(Role.PROJECT_LEADER):
        return courses
    return courses.filter(status=Course.Status.PUBLISHED, step__journey__is_published=True)


def occasions_visible_to(user: User | AnonymousUser) -> QuerySet[CourseOccasion]:
    """Occasions the user may read.

    The project leader: all. Everyone else logged in: announced occasions of published courses
    organised by their own region (user.municipality.region), and of other regions only when the
    occasion is open to other regions. A course leader or trainer also sees the occasions they
    work on, whatever their status.
    """
    occasions = CourseOccasion.objects.select_related("course__step__journey", "region")
    if not user.is_authenticated:
        return occasions.none()
    if user.has_role(Role.PROJECT_LEADER):
        return occasions
    region_id = user.municipality.region_id if user.municipality_id else None
    readable = Q(
        status__in=ANNOUNCED,
        course__status=Course.Status.PUBLISHED,
        course__step__journey__is_published=True,
    ) & (Q(region_id=region_id) | Q(open_to_other_regions=True))
    if user.has_role(Role.COURSE_LEADER):
        # A subquery, not a join on the M2M tables, so that no occasion is listed twice.
        own = CourseOccasion.objects.filter(Q(course_leaders=user) | Q(trainers=user)).values("pk")
        readable |= Q(pk__in=own)
    return occasions.filter(readable)


def days_visible_to(user: User | AnonymousUser) -> QuerySet[CourseDay]:
    """Course days of the occasions the user may read."""
    return CourseDay.objects.filter(occasion__in=occasions_visible_to(user).values("pk")).select_related(
        "occasion__course__step__journey",
        "occasion__region",
    )


def get_visible_occasion(user: User | AnonymousUser, pk: int | str) -> CourseOccasion:
    """The occasion if the user may read it; 404 otherwise, so nothing leaks."""
    return get_object_or_404(occasions_visible_to(user), pk=pk)


def get_visible_course(user: User | AnonymousUser, slug: str) -> Course:
    return get_object_or_404(courses_visible_to(user), slug=slug)
