"""Dates are written through named formats (core/formats), so Swedish months come out in lower case."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from core.formats.en import formats as english
from core.formats.sv import formats as swedish
from tests.enrollment_helpers import make_occasion

ROOT = Path(settings.BASE_DIR)
DATE_FILTER = re.compile(r'\|date:"([^"]*)"')
FORMAT_NAME = re.compile(r"^[A-Z_]+_FORMAT$")


def template_date_formats():
    for path in [*ROOT.glob("templates/**/*"), *ROOT.glob("*/templates/**/*")]:
        if path.suffix in (".html", ".txt") and ".venv" not in path.parts:
            for name in DATE_FILTER.findall(path.read_text(encoding="utf-8")):
                yield path.relative_to(ROOT), name


def test_every_template_names_a_date_format_that_both_languages_define():
    found = list(template_date_formats())
    assert len(found) > 50
    for path, name in found:
        assert FORMAT_NAME.match(name), (
            f'{path}: |date:"{name}" – använd ett namngivet format ur core/formats'
        )
        assert hasattr(swedish, name) and hasattr(english, name), f"{path}: {name} saknas i core/formats"


def test_both_languages_define_the_same_names():
    names = lambda module: {n for n in vars(module) if FORMAT_NAME.match(n)}  # noqa: E731
    assert names(swedish) == names(english)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("DATE_FORMAT", "28 november 2026"),
        ("SHORT_WEEKDAY_DATE_FORMAT", "lör 28 nov 2026"),
        ("SHORT_MONTH_DAY_FORMAT", "28 nov"),
        ("WEEKDAY_DATE_FORMAT", "lördag 28 november 2026"),
        ("SHORT_DATE_FORMAT", "2026-11-28"),
    ],
)
def test_swedish_month_and_weekday_names_are_lower_case(name, expected):
    with translation.override("sv"):
        assert formats.date_format(datetime.date(2026, 11, 28), name) == expected


def test_english_keeps_its_capitals_and_iso_short_dates():
    with translation.override("en"):
        assert (
            formats.date_format(datetime.date(2026, 11, 28), "SHORT_WEEKDAY_DATE_FORMAT") == "Sat 28 Nov 2026"
        )
        assert formats.date_format(datetime.date(2026, 11, 28), "SHORT_DATE_FORMAT") == "2026-11-28"


@pytest.mark.django_db
def test_the_sign_up_page_lists_course_days_with_a_lower_case_month(client_for, demo_people):
    occasion = make_occasion()
    day = occasion.days.order_by("date").first()
    page = (
        client_for(demo_people["socsek.lulea@demo.se"])
        .get(reverse("enrollment:signup", args=[occasion.pk]))
        .content.decode()
    )
    with translation.override("sv"):
        expected = formats.date_format(day.date, "D j b Y")
    assert expected in page and expected == expected.lower()
    assert formats.date_format(day.date, "j M") not in page  # the capitalised "28 Nov"
