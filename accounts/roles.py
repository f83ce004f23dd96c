"""The roles a person can hold; the one place that says which flag means which role."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROJECT_LEADER = "project_leader", _("Regional projektledare")
    MANAGER = "manager", _("Enhetschef IFO")
    SOCIAL_WORKER = "social_worker", _("Socialsekreterare")
    COURSE_LEADER = "course_leader", _("Kursledare/utbildare")
    STEERING_GROUP = "steering_group", _("Styrgrupp")
    # Named in a newcomer's introduction plan; they see and tick only the plans they are named in.
    MENTOR = "mentor", _("Mentor/fadder")
    FIRST_SOCIAL_WORKER = "first_social_worker", _("1:e socialsekreterare")


# Staff and their managers belong to a municipality: approvals and visibility depend on it.
NEEDS_MUNICIPALITY = frozenset({Role.SOCIAL_WORKER, Role.MANAGER})
MUNICIPALITY_NEEDED = _("Välj kommun för socialsekreterare och enhetschefer.")


def role_field(role: Role | str) -> str:
    """The boolean field on User that stores `role`."""
    return f"is_{Role(role).value}"
