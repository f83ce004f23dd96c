"""Who may see which follow-up results: the one place every results page and export asks.

Who reads results at all, and how far, is the scope policy's READ purpose (core.scope; the table is accounts.scope.POLICY): project
leader and styrgrupp see every group; a manager sees only their own municipality (and the selectors
hide it while it has too few answers); everybody else may not see results at all. Free-text answers
are for the project leader only. Nobody can see who answered what: no view joins invitations to
responses, and the models cannot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from accounts.roles import Role
from core.scope import READ, MunicipalityScope

if TYPE_CHECKING:
    from accounts.models import User


def results_filters_for(user: User, requested: Mapping[str, object]) -> dict[str, object]:
    """The group filters `user` may use, from the `requested` ones; a manager is held to their municipality.

    A manager asking for another municipality gets 404, so nothing leaks about it.
    """
    filters = {k: v for k, v in requested.items() if v not in (None, "")}
    municipality = MunicipalityScope.for_user(user, READ).held_to(filters.get("municipality"))
    if municipality is not None:
        filters["municipality"] = municipality
    return filters


def may_read_free_text(user: User) -> bool:
    return user.has_role(Role.PROJECT_LEADER)
