"""The one scope policy's mechanism: how far a user reaches (every municipality, their own, or none)
and what that means for a query, an object and a filter.

Modelled on Wagtail's permission policies: one object answers both "may this user reach this one?"
(`check`) and "which ones may they reach?" (`filter`), so a list, a detail page, an export and a
template all ask the same thing. Every `*_visible_to` selector of every app builds on it; no view
or template re-derives "a manager sees their own municipality".

Which role reaches how far, for which purpose, is written once in `accounts.scope.POLICY`; the user
model answers `user.reaches(purpose)` from it. This module lives in core so that every app, the
municipalities app below accounts included, asks the policy the same way:
`MunicipalityScope.for_user(user, READ).filter(queryset, "municipality")`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from collections.abc import Collection

    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# Purposes: what the user wants to reach the municipality's objects for.
MANAGE = "manage"  # decide on people (bookings, steps, names) and read the signed documents
READ = "read"  # read municipalities, agreements' status, cost splits, dashboards and survey results
ACCOMPANY = (
    "accompany"  # follow and tick the introduction plans one is named in (mentor, 1:e socialsekreterare)
)

# How far a role reaches for a purpose.
ALL = "all"
OWN_MUNICIPALITY = "own_municipality"

_M = TypeVar("_M", bound=Model)


class MunicipalityScope:
    """How far `user` reaches for `purpose`: every municipality, their own, or none."""

    def __init__(self, user: AbstractBaseUser | AnonymousUser, reaches: Collection[str]) -> None:
        self.user = user
        self.takes_part = bool(reaches)  # holds a role that takes part in the purpose at all
        self.everything = ALL in reaches
        own = OWN_MUNICIPALITY in reaches and not self.everything
        self.municipality_id = user.municipality_id if own and user.municipality_id else None

    @classmethod
    def for_user(cls, user: AbstractBaseUser | AnonymousUser, purpose: str = MANAGE) -> MunicipalityScope:
        return cls(user, user.reaches(purpose) if user.is_authenticated else set())

    def filter(self, queryset: QuerySet[_M], path: str = "municipality") -> QuerySet[_M]:
        """The rows of `queryset` whose municipality (reached through `path`) the user reaches."""
        if self.everything:
            return queryset
        if self.municipality_id is not None:
            return queryset.filter(**{path: self.municipality_id})
        return queryset.none()

    def get(self, queryset: QuerySet[_M], path: str = "municipality", **lookup: object) -> _M:
        """The one row matching `lookup` within reach; 404 otherwise, so nothing leaks."""
        return get_object_or_404(self.filter(queryset, path), **lookup)

    def check(self, municipality: Model | int | str | None) -> bool:
        """Does the user reach `municipality` (a Municipality, its pk, or None)?"""
        if self.everything:
            return True
        return self.municipality_id is not None and _pk(municipality) == self.municipality_id

    def held_to(self, requested: Model | int | str | None) -> Model | int | str | None:
        """The municipality a filter may name: what was asked (None = all) for someone who reaches every
        municipality; their own for someone who reaches one, and 404 if they ask for another; 404 for
        everyone else."""
        if self.everything:
            return requested
        if self.municipality_id is None:
            raise Http404
        if requested not in (None, "") and _pk(requested) != self.municipality_id:
            raise Http404
        return self.user.municipality


def _pk(municipality: Model | int | str | None) -> int | None:
    """A municipality's pk from an object, an int or a string of digits (None for anything else)."""
    value = getattr(municipality, "pk", municipality)
    if isinstance(value, str):
        return int(value) if value.isdigit() else None
    return value
