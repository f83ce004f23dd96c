"""Issue #16, "Defects to fix first": each test reproduces what a styrgrupp member found."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.models import Enrollment
from municipalities.models import Municipality, PopulationFigure
from reports import selectors
from tests.courses_helpers import build_catalogue, make_occasion

S = Enrollment.Status
YEAR = 2025


@pytest.fixture
def small(norrbotten, demo_people, make_person):
    lulea, pitea = Municipality.objects.get(code="2580"), Municipality.objects.get(code="2581")
    PopulationFigure.objects.update_or_create(
        municipality=lulea, date=datetime.date(2025, 12, 31), defaults={"population": 80321}
    )
    cat = build_catalogue()
    a = make_occasion(cat["course"], norrbotten, first=datetime.date(2025, 3, 10), days=2, capacity=10)
    later = make_occasion(cat["course"], norrbotten, first=datetime.date(2026, 3, 10), days=1, capacity=10)
    p1 = make_person(municipality=lulea, is_social_worker=True)
    p2, p3 = (make_person(municipality=pitea, is_social_worker=True) for _ in range(2))
    Enrollment.objects.create(person=p1, occasion=a, status=S.COMPLETED)
    Enrollment.objects.create(person=p2, occasion=a, status=S.COMPLETED)
    Enrollment.objects.create(person=p3, occasion=a, status=S.APPROVED)
    Enrollment.objects.create(person=p1, occasion=later, status=S.APPROVED)
    return {"lulea": lulea, "pitea": pitea, "occasion": a}


def _selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen


def test_the_year_select_shows_the_year_on_display(small, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    response = client.get(reverse("reports:dashboard"))
    shown = response.context["year"]
    assert shown == min(max(timezone.localdate().year, 2021), 2027)
    assert _selected(response.content.decode(), "year") == [str(shown)]


def test_choosing_a_municipality_keeps_the_year(small, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    lulea = small["lulea"]
    # The form as the browser sends it after choosing only a municipality: the year is the one shown.
    response = client.get(reverse("reports:dashboard"), {"year": YEAR, "municipality": lulea.pk})
    html = response.content.decode()
    assert response.context["year"] == YEAR and response.context["municipality"] == lulea
    assert _selected(html, "year") == [str(YEAR)]
    assert _selected(html, "municipality") == [str(lulea.pk)]
    # A filter left out or wrong never resets the others.
    response = client.get(
        reverse("reports:dashboard"), {"year": YEAR, "journey": "999999", "municipality": lulea.pk}
    )
    assert response.context["year"] == YEAR and response.context["municipality"] == lulea
    response = client.get(reverse("reports:dashboard"), {"year": "abc", "municipality": lulea.pk})
    assert response.context["municipality"] == lulea


def test_municipality_course_figures_are_the_municipalitys_or_labelled_as_the_regions(small):
    lulea = small["lulea"]
    _headers, rows = selectors.course_table(YEAR, municipality=lulea)
    values = dict(rows)
    # Lulea's own participants and the places they took.
    assert values["Deltagare"] == 1
    assert values["Platser tagna av kommunens deltagare"] == 1
    # Everything that belongs to the region's occasions says so in its label.
    region_labels = [label for label, _value in rows if "hela regionen" in str(label)]
    assert len(region_labels) == 4
    assert values["Tagna platser (hela regionen)"] == 3
    assert values["Platser (hela regionen)"] == 10
    # Without a municipality nothing needs the label.
    assert not [label for label, _v in selectors.course_table(YEAR)[1] if "hela regionen" in str(label)]


def test_municipality_dashboard_labels_the_region_figures(small, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    html = client.get(reverse("reports:dashboard"), {"year": YEAR, "municipality": small["lulea"].pk}).content
    assert "Tagna platser (hela regionen)" in html.decode()


def test_trend_stops_at_the_reports_year(small, demo_people, client_for):
    from reports.pdf import report_context

    _headers, rows = selectors.trend_table(until=YEAR)
    assert [row[0] for row in rows] == list(range(2021, YEAR + 1))
    context = report_context(YEAR)
    assert max(row[0] for row in context["trend"][1]) == YEAR
    assert "2026" not in context["trend_chart"]["desc"]
    client = client_for(demo_people["styrgrupp@demo.se"])
    response = client.get(reverse("reports:dashboard"), {"year": YEAR})
    assert max(row[0] for row in response.context["trend"][1]) == YEAR


def test_the_yearly_pdf_groups_thousands_as_the_screen(small, demo_people, client_for):
    from reports.pdf import report_html

    html = report_html(YEAR)
    assert "80\xa0321" in html and "80321" not in html
    client = client_for(demo_people["styrgrupp@demo.se"])
    page = client.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
    assert "80\xa0321" in page and "80321" not in page
    assert ">2025<" in page  # years are not grouped


@pytest.mark.parametrize(
    ("params", "fmt", "expected"),
    [
        ({}, "csv", "uppfoljning-mal-2025.csv"),
        ({}, "xlsx", "uppfoljning-mal-2025.xlsx"),
        ({"survey": "course_evaluation"}, "csv", "uppfoljning-kursutvardering-2025.csv"),
        ({"survey": "manager_yearly"}, "xlsx", "uppfoljning-chefsenkat-2025.xlsx"),
    ],
)
def test_followup_exports_have_an_extension_and_a_swedish_name(
    small, demo_people, client_for, params, fmt, expected
):
    from followup.models import SurveyTemplate

    query = {"year": YEAR}
    if "survey" in params:
        query["survey"] = SurveyTemplate.objects.get(kind=params["survey"]).pk
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.get(reverse("followup:results_export", args=[fmt]), query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
