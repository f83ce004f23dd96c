"""The one scope policy: which role reaches which municipalities' people and objects, for what.

`POLICY` says, for each purpose (core.scope.MANAGE, core.scope.READ), the roles that take part and how
far each reaches: every municipality (ALL) or the holder's own (OWN_MUNICIPALITY). A role not named
reaches nothing for that purpose. A new role plugs in with one entry per purpose it takes part in,
e.g. `Role.FIRST_SOCIAL_WORKER: OWN_MUNICIPALITY` under MANAGE. The role sets views require are
derived from it, so they are defined once. Views, selectors and templates ask
`core.scope.MunicipalityScope.for_user(user, purpose)`, which reads this table through
`User.reaches(purpose)`.

Why not a library: `rules` answers "may this user do X to this object" with predicates, but not
"which objects", so every list would need each rule written a second time as a query, and most of
the scoping here is lists. `django-scopes` makes a query that forgot its tenant raise, which fits one
tenant per request (pretix's organiser); here one request reaches every municipality, one, or (the
same manager) one for people and all for course figures, and every task, command and demo script
would have to enter a scope first. This table over querysets says each rule once without either cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.scope import ACCOMPANY, ALL, MANAGE, OWN_MUNICIPALITY, READ

from .roles import Role

if TYPE_CHECKING:
    from .models import User

POLICY = {
    MANAGE: {
        Role.PROJECT_LEADER: ALL,
        Role.MANAGER: OWN_MUNICIPALITY,
    },
    READ: {
        Role.PROJECT_LEADER: ALL,
        Role.STEERING_GROUP: ALL,
        Role.MANAGER: OWN_MUNICIPALITY,
    },
    # Only the plans they are named in (introduction.selectors), of newcomers in their own municipality.
    ACCOMPANY: {
        Role.MENTOR: OWN_MUNICIPALITY,
        Role.FIRST_SOCIAL_WORKER: OWN_MUNICIPALITY,
    },
}


def roles_reaching(purpose: str, reach: str | None = None) -> tuple[Role, ...]:
    """The roles that take part in `purpose` (only those reaching `reach`, if given), in Role's order."""
    table = POLICY[purpose]
    return tuple(role for role in Role if role in table and reach in (None, table[role]))


def reaches(user: User, purpose: str) -> set[str]:
    """How far `user`'s active roles reach for `purpose`: a set of ALL / OWN_MUNICIPALITY."""
    return {reach for role, reach in POLICY[purpose].items() if user.has_role(role)}


MANAGERS = roles_reaching(MANAGE)  # who decides on some municipality's people
READERS = roles_reaching(READ)  # who reads municipalities, dashboards and survey results
REGIONAL_READERS = roles_reaching(READ, ALL)  # who reads every municipality (the yearly report)
ACCOMPANIERS = roles_reaching(ACCOMPANY)  # who follows the introduction plans they are named in
