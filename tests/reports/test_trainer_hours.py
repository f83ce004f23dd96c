"""The yearly report's hours and occasions per trainer and per municipality, from the course days led
(courses.selectors.hours_taught), in the report's data and its PDF template."""

import datetime

import pytest

from courses.models import CourseDay
from municipalities.models import Municipality
from reports import selectors
from reports.pdf import report_context, report_html
from tests.courses_helpers import build_catalogue, make_occasion

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def taught(norrbotten, demo_people):
    cat = build_catalogue()
    kiruna_leader, lulea_manager = demo_people["kursledare@demo.se"], demo_people["chef.lulea@demo.se"]
    lulea_worker = demo_people["socsek.lulea@demo.se"]
    a = make_occasion(
        cat["course"], norrbotten, first=datetime.date(2025, 3, 10), days=2, leaders=[kiruna_leader]
    )
    a.trainers.set([lulea_manager])  # 14 h each
    b = make_occasion(
        cat["other"], norrbotten, first=datetime.date(2025, 9, 1), days=2, leaders=[lulea_worker]
    )
    b.trainers.set([lulea_manager])
    CourseDay.objects.filter(occasion=b, date=datetime.date(2025, 9, 2)).update(
        end_time=datetime.time(12, 30)
    )
    make_occasion(
        cat["course"],
        norrbotten,
        first=datetime.date(2025, 10, 1),
        status="cancelled",
        leaders=[kiruna_leader],
    )
    make_occasion(cat["course"], norrbotten, first=datetime.date(2024, 4, 1), leaders=[kiruna_leader])
    return {"kiruna_leader": kiruna_leader, "lulea_manager": lulea_manager, "lulea_worker": lulea_worker}


def test_hours_per_trainer_most_first(taught):
    headers, rows = selectors.trainer_hours_table(YEAR)
    assert headers == ["Kursledare/utbildare", "Kommun", "Timmar", "Kurstillfällen"]
    assert rows == [
        [str(taught["lulea_manager"]), "Luleå", 24.5, 2],
        [str(taught["kiruna_leader"]), "Kiruna", 14.0, 1],
        [str(taught["lulea_worker"]), "Luleå", 10.5, 1],
    ]


def test_hours_per_municipality_count_an_occasion_once(taught):
    _headers, rows = selectors.trainer_hours_by_municipality_table(YEAR)
    assert rows == [["Kiruna", 1, 14.0, 1], ["Luleå", 2, 35.0, 2]]
    pitea = Municipality.objects.get(name="Piteå")
    assert selectors.trainer_hours_by_municipality_table(YEAR, municipality=pitea)[1] == []


def test_the_yearly_report_shows_both_tables(taught):
    context = report_context(YEAR)
    assert context["trainer_hours"][1][0][2] == 24.5
    assert context["trainer_hours_by_municipality"][1][1][0] == "Luleå"
    html = report_html(YEAR)
    assert "Undervisade timmar och kurstillfällen per kommun" in html
    assert "Undervisade timmar och kurstillfällen per kursledare och utbildare" in html
    assert "24,5" in html and str(taught["kiruna_leader"]) in html
