"""Enrollment's sections on other apps' pages: an occasion's sign-up or participant list, and a
municipality's course activity."""

from django.template.loader import render_to_string

from accounts.roles import Role

from .access import occasions_managed_by
from .models import Enrollment


def occasion_section(request, occasion):
    user = request.user
    if not user.is_authenticated:
        return ""
    own = (
        Enrollment.objects.filter(person=user, occasion=occasion, status__in=Enrollment.ACTIVE)
        .only("pk", "status")
        .first()
    )
    return render_to_string(
        "enrollment/_occasion_section.html",
        {
            "occasion": occasion,
            "own": own,
            "can_sign_up": occasion.status == occasion.Status.OPEN and own is None,
            "can_nominate": user.has_role(Role.MANAGER),
            "can_reserve": user.has_role(Role.MANAGER) or user.has_role(Role.PROJECT_LEADER),
            "can_list": user.has_role(Role.PROJECT_LEADER),
            "can_manage": occasions_managed_by(user).filter(pk=occasion.pk).exists(),
        },
        request=request,
    )


def municipality_activity(request, municipality):
    """Context for the municipality page's course-activity section (aggregates only)."""
    from django.utils import timezone

    from .selectors import municipality_activity as activity

    year = timezone.localdate().year
    return {"year": year, "activity": activity(municipality, year)}


def course_section(request, course):
    """The course page's interest list: register one's own interest, or see that one is on it."""
    from django.utils.safestring import mark_safe

    from .models import Interest

    user = request.user
    if not user.is_authenticated:
        return ""
    own = Interest.objects.filter(course=course, person=user).first()
    return mark_safe(
        render_to_string(
            "enrollment/_course_interest.html",
            {"course": course, "own": own, "for_staff": user.has_role(Role.MANAGER)},
            request=request,
        )
    )
