"""The filters of the list of coming course days (django-filter)."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.forms import plain_bootstrap_widgets

from .models import CourseOccasion, Step

ONLINE = "online"
ON_SITE = "on_site"


def coming_months(today, count=13):
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        label = formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
        months.append((f"{year:04d}-{month:02d}", label))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class CourseDayFilter(django_filters.FilterSet):
    """Filters a course-day queryset annotated by courses.selectors.days_with_places."""

    step = django_filters.ModelChoiceFilter(
        label=_("Steg"),
        field_name="occasion__course__step",
        queryset=Step.objects.select_related("journey"),
        empty_label=_("Alla steg"),
    )
    month = django_filters.ChoiceFilter(
        label=_("Månad"), method="filter_month", empty_label=_("Alla månader")
    )
    town = django_filters.ChoiceFilter(label=_("Ort"), field_name="town", empty_label=_("Alla orter"))
    mode = django_filters.ChoiceFilter(
        label=_("Form"),
        method="filter_mode",
        empty_label=_("Digitalt och på plats"),
        choices=[(ON_SITE, _("På plats")), (ONLINE, _("Digitalt"))],
    )
    free_places = django_filters.BooleanFilter(
        label=_("Bara tillfällen med lediga platser"), method="filter_free_places", widget=forms.CheckboxInput
    )

    def __init__(self, data=None, queryset=None, *, today, towns, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["month"].extra["choices"] = coming_months(today)
        self.filters["town"].extra["choices"] = [(town, town) for town in towns]
        plain_bootstrap_widgets(self.form)

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(date__year=year, date__month=month)

    def filter_mode(self, queryset, name, value):
        # The same rule as CourseDay.is_online: a link and no venue.
        online = Q(venue="") & ~Q(online_url="")
        return queryset.filter(online) if value == ONLINE else queryset.exclude(online)

    def filter_free_places(self, queryset, name, value):
        if not value:
            return queryset
        # Free places that one can still take: the occasion is open for sign-up.
        return queryset.filter(
            occasion__status=CourseOccasion.Status.OPEN, occasion__capacity__gt=F("places_taken")
        )
