"""Who may read the dashboards and the yearly report: the one place every page and export asks."""

from django.http import Http404

DASHBOARD_ROLES = ("steering_group", "project_leader", "manager")
REPORT_ROLES = ("steering_group", "project_leader")


def is_regional(user):
    return user.has_role("steering_group") or user.has_role("project_leader")


def dashboard_municipality(user, requested):
    """The municipality `user` sees the dashboard for: the requested one (None = all) for the styrgrupp
    and the project leader; a manager always their own, and 404 if they ask for another."""
    if is_regional(user):
        return requested
    if user.has_role("manager") and user.municipality_id:
        if requested is not None and requested.pk != user.municipality_id:
            raise Http404
        return user.municipality
    raise Http404
