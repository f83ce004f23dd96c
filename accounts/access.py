"""The people a user may see: every list of people goes through `people_visible_to`, which asks the
scope policy (accounts.scope)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.scope import MunicipalityScope

from .models import User


def people_visible_to(user: User) -> QuerySet[User]:
    """People the user may list: all for the project leader, own municipality for a manager."""
    return MunicipalityScope.for_user(user).filter(User.objects.select_related("municipality", "manager"))
