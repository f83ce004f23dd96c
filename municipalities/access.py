"""Which municipalities, agreements and cost splits a person may read: the one place that decides it
for every view and export, through the scope policy (core.scope, whose table is accounts.scope.POLICY)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.scope import MANAGE, READ, MunicipalityScope

from .models import Agreement, CostSplit, Municipality

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def municipalities_visible_to(user: AbstractBaseUser) -> QuerySet[Municipality]:
    """All for the project leader and the styrgrupp; a manager only their own; others none."""
    return MunicipalityScope.for_user(user, READ).filter(Municipality.objects.select_related("region"), "pk")


def get_visible_municipality(user: AbstractBaseUser, code: str) -> Municipality:
    """The municipality with `code` if the user may read it; 404 otherwise, so nothing leaks."""
    return get_object_or_404(municipalities_visible_to(user), code=code)


def agreements_visible_to(user: AbstractBaseUser) -> QuerySet[Agreement]:
    """Agreements of the municipalities the user may read."""
    return Agreement.objects.select_related("municipality").filter(
        municipality__in=municipalities_visible_to(user)
    )


def get_visible_agreement(user: AbstractBaseUser, pk: int | str) -> Agreement:
    return get_object_or_404(agreements_visible_to(user), pk=pk)


def agreement_documents_visible_to(user: AbstractBaseUser) -> QuerySet[Agreement]:
    """Agreements whose signed document the user may download: the project leader all, a manager
    their own municipality's. The styrgrupp reads status, not the documents themselves."""
    return MunicipalityScope.for_user(user, MANAGE).filter(Agreement.objects.select_related("municipality"))


def cost_splits_visible_to(user: AbstractBaseUser) -> QuerySet[CostSplit]:
    """All cost splits for project leader and styrgrupp; a manager those of their own region."""
    return MunicipalityScope.for_user(user, READ).filter(
        CostSplit.objects.select_related("region"), "region__municipalities"
    )


def get_visible_cost_split(user: AbstractBaseUser, region_slug: str, year: int) -> CostSplit:
    return get_object_or_404(cost_splits_visible_to(user), region__slug=region_slug, year=year)
