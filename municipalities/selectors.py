"""Reads for the municipality pages: the overview list, the cost split table and agreement history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from core.history import audit_history

from .access import municipalities_visible_to
from .costs import compute_cost_split
from .models import Agreement, Contact, Municipality, PopulationFigure

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from .costs import CostRow
    from .models import CostSplit
    from .services import PopulationRow

EXPIRY_WARNING_DAYS = 90


def populations_in(year: int | None = None) -> dict[int, int]:
    """{municipality id: population}: the latest figure in or before `year` (the latest of all without a
    year), in one query. Municipalities without a figure are missing."""
    figures = PopulationFigure.objects.order_by("date")
    if year is not None:
        figures = figures.filter(date__year__lte=year)
    result = {}
    for municipality_id, population in figures.values_list("municipality_id", "population"):
        result[municipality_id] = population  # ordered by date: the latest one wins
    return result


def with_population(
    municipalities: QuerySet[Municipality], year: int | None = None
) -> QuerySet[Municipality]:
    """Annotate `population`: the latest figure in or before `year` (the latest of all without a year), None
    without one. The same figure as populations_in, in the municipalities' own query."""
    figures = PopulationFigure.objects.filter(municipality=OuterRef("pk"))
    if year is not None:
        figures = figures.filter(date__year__lte=year)
    return municipalities.annotate(population=Subquery(figures.order_by("-date").values("population")[:1]))


def per_10000(count: int, population: int | None, places: int = 1) -> float | None:
    """`count` per 10 000 inhabitants, rounded to `places` decimals; None without a population."""
    return round(10000 * count / population, places) if population else None


def municipality_overview(user: AbstractBaseUser, today: datetime.date | None = None) -> list[Municipality]:
    """Visible municipalities with latest population and their agreements, each agreement marked
    `expiring_soon` when it ends within 90 days."""
    today = today or datetime.date.today()
    municipalities = municipalities_visible_to(user).prefetch_related(
        Prefetch(
            "population_figures", queryset=PopulationFigure.objects.order_by("-date"), to_attr="populations"
        ),
        Prefetch(
            "agreements", queryset=Agreement.objects.order_by("kind", "-starts_on"), to_attr="agreement_list"
        ),
    )
    municipalities = list(municipalities)
    for municipality in municipalities:
        for agreement in municipality.agreement_list:
            agreement.expiring_soon = agreement.expires_within(EXPIRY_WARNING_DAYS, today)
        municipality.expiring_soon = any(a.expiring_soon for a in municipality.agreement_list)
    return municipalities


def municipality_page(municipality: Municipality, today: datetime.date | None = None) -> dict[str, object]:
    """What the municipality page shows besides the municipality itself."""
    today = today or datetime.date.today()
    agreements = list(municipality.agreements.order_by("kind", "-starts_on"))
    for agreement in agreements:
        agreement.expiring_soon = agreement.expires_within(EXPIRY_WARNING_DAYS, today)
    people = municipality.people.filter(is_active=True).order_by("last_name", "first_name")
    return {
        "contacts": sorted(
            municipality.contacts.all(), key=lambda c: (Contact.Role.values.index(c.role), c.name)
        ),
        "agreements": agreements,
        "populations": municipality.population_figures.order_by("-date"),
        "domains": municipality.email_domains.all(),
        # Staff are the social workers and managers; trainers are the course leaders from here.
        "staff": [p for p in people if p.is_social_worker or p.is_manager],
        "trainers": [p for p in people if p.is_course_leader],
    }


def population_import_preview(rows: Iterable[PopulationRow]) -> list[tuple[str, str, int, str, int | None]]:
    """The rows to be saved with the municipality's name and the figure they replace, if any."""
    names = dict(Municipality.objects.values_list("code", "name"))
    existing = {
        (code, date.isoformat()): population
        for code, date, population in PopulationFigure.objects.filter(
            municipality__code__in={row[0] for row in rows}
        ).values_list("municipality__code", "date", "population")
    }
    return [
        (code, names.get(code, ""), population, date, existing.get((code, date)))
        for code, population, date in rows
    ]


def cost_split_rows(user: AbstractBaseUser, cost_split: CostSplit) -> list[CostRow]:
    """The split computed over every municipality of the region, then narrowed to those the user
    may read: a manager sees their own row, computed exactly as in the full table."""
    year = cost_split.year
    municipalities = (
        Municipality.objects.filter(region=cost_split.region)
        .prefetch_related(
            Prefetch(
                "population_figures",
                queryset=PopulationFigure.objects.filter(date__year__lte=year).order_by("-date"),
                to_attr="populations",
            )
        )
        .order_by("name")
    )
    entries = []
    for municipality in municipalities:
        figure = municipality.populations[0] if municipality.populations else None
        entries.append(
            (
                municipality.code,
                municipality.name,
                figure.population if figure else 0,
                figure.date if figure else None,
            )
        )
    rows = compute_cost_split(
        cost_split.regional_budget,
        cost_split.base_per_municipality,
        cost_split.national_fee_per_inhabitant,
        entries,
    )
    visible = set(municipalities_visible_to(user).values_list("code", flat=True))
    return [row for row in rows if row.code in visible]


def cost_split_table(
    user: AbstractBaseUser, cost_split: CostSplit
) -> tuple[list[str], list[list[str | int | datetime.date | Decimal | None]]]:
    """(headers, rows) for the page, CSV and XLSX alike."""
    headers = [
        _("Kommunkod"),
        _("Kommun"),
        _("Folkmängd"),
        _("Datum för folkmängden"),
        _("Andel av folkmängden (%)"),
        _("Regional andel (kr)"),
        _("Nationell avgift (kr)"),
        _("Totalt (kr)"),
    ]
    rows = [
        [r.code, r.name, r.population, r.population_date, r.share_percent, r.regional, r.national, r.total]
        for r in cost_split_rows(user, cost_split)
    ]
    return headers, rows


def _history_value(field: str, value: object) -> object:
    if value != "–" and field == Agreement._meta.get_field("document").verbose_name:
        # The stored path says nothing to a reader; that a file is there does.
        return _("PDF uppladdad")
    return value


def agreement_history(agreement: Agreement) -> list[dict[str, object]]:
    """The audit history, newest first: who, when, what, and each changed field old → new."""
    return audit_history(agreement, show=_history_value)
