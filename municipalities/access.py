"""Which municipalities a person may read: the one place that decides it for every view and export."""
from django.shortcuts import get_object_or_404

from .models import Municipality


def municipalities_visible_to(user):
    """All for the project leader and the styrgrupp; a manager only their own; others none."""
    municipalities = Municipality.objects.select_related("region")
    if not user.is_authenticated:
        return municipalities.none()
    if user.has_role("project_leader") or user.has_role("steering_group"):
        return municipalities
    if user.has_role("manager") and user.municipality_id:
        return municipalities.filter(pk=user.municipality_id)
    return municipalities.none()


def get_visible_municipality(user, code):
    """The municipality with `code` if the user may read it; 404 otherwise, so nothing leaks."""
    return get_object_or_404(municipalities_visible_to(user), code=code)
