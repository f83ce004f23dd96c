"""The introduction figures per municipality on the dashboard and in the yearly report, with small
groups suppressed."""

import datetime

import pytest
from django.urls import reverse

from introduction.models import DigitalCompletion
from introduction.selectors import municipality_figures
from reports.introduction import introduction_table
from tests.introduction.helpers import catalogue_with_parts, hire

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def newcomers(norrbotten, demo_people):
    cat = catalogue_with_parts()
    chef = demo_people["chef.lulea@demo.se"]
    plans = [
        hire(chef, catalogue=cat, email=f"ny{i}@lulea.se", starts_on=datetime.date(2026, 2, 2 + i))
        for i in range(6)
    ]
    # four of six finish part 1 in time (day 30 after the start), one late
    for plan in plans[:4]:
        DigitalCompletion.objects.create(
            person=plan.person,
            course=cat["course"],
            completed_on=plan.starts_on + datetime.timedelta(days=30),
        )
    DigitalCompletion.objects.create(
        person=plans[4].person,
        course=cat["course"],
        completed_on=plans[4].starts_on + datetime.timedelta(days=200),
    )
    hire(
        demo_people["chef.pitea@demo.se"],
        catalogue=cat,
        email="ny@pitea.se",
        starts_on=datetime.date(2026, 3, 2),
    )
    return plans


def test_the_figures_per_municipality_and_region(newcomers):
    figures = municipality_figures(2026, TODAY)
    lulea = next(row for row in figures["rows"] if row["municipality"].name == "Luleå")
    assert (lulea["hires"], lulea["with_plan"], lulea["part1_due"], lulea["part1_in_time"]) == (6, 6, 6, 4)
    assert lulea["median_days_to_part1"] == 30
    assert figures["region"]["hires"] == 7


def test_small_groups_are_suppressed(newcomers):
    headers, rows = introduction_table(2026, today=TODAY)
    by_name = {row[0]: row for row in rows}
    assert by_name["Luleå"][1:5] == [6, "100 %", "66,7 %", "30"]  # core.text.percent: one decimal at most
    assert by_name["Piteå"][1] == 1 and by_name["Piteå"][2:] == ["för få svar"] * 4
    assert by_name["Hela regionen"][1] == 7


def test_the_dashboard_shows_the_coverage_figure(client_for, newcomers, demo_people):
    page = client_for(demo_people["styrgrupp@demo.se"]).get(reverse("reports:dashboard"), {"year": 2026})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Introduktion av nyanställda" in text and "Andel med introduktionsplan" in text and "100 %" in text


def test_a_manager_sees_only_their_municipalitys_row(client_for, newcomers, demo_people):
    page = client_for(demo_people["chef.pitea@demo.se"]).get(reverse("reports:dashboard"), {"year": 2026})
    table = page.context["introduction_table"]
    assert [row[0] for row in table[1]] == ["Piteå"]


def test_the_yearly_report_has_the_figures(newcomers):
    from reports.pdf import report_html

    assert "Introduktion av nyanställda" in report_html(2026)
