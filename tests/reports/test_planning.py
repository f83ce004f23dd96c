"""Volume planning (#15): expected hires per month entered by each municipality, the project leader's
planning view (needed against planned, the gaps, the plan's warnings) and its settings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from enrollment.models import Interest
from introduction.models import JourneyPart
from municipalities.models import Municipality
from reports import planning, services
from reports.models import ExpectedHires, PlanningSettings
from reports.volume import spread_over_months
from tests.courses_helpers import TODAY, build_catalogue, make_occasion

pytestmark = pytest.mark.django_db

NEXT = timezone.localdate().year + 1


def month(number, year=NEXT):
    return datetime.date(year, number, 1)


@pytest.fixture
def lulea(norrbotten):
    return Municipality.objects.get(code="2580")


@pytest.fixture
def pitea(norrbotten):
    return Municipality.objects.get(code="2581")


@pytest.fixture
def journey_parts(norrbotten):
    """Part 1 = the Ny course (four months), part 2 = the Van course (two years)."""
    catalogue = build_catalogue()
    one = JourneyPart.objects.create(journey=catalogue["journey"], number=1, expected_days=2.5, due_months=4)
    one.courses.set([catalogue["course"]])
    two = JourneyPart.objects.create(
        journey=catalogue["journey"], number=2, expected_days=12.5, due_months=24
    )
    two.courses.set([catalogue["other"]])
    return catalogue


# --- entering expected hires ------------------------------------------------------------------------


def test_a_manager_enters_their_own_municipalitys_months_and_another_answers_404(
    demo_people, client_for, lulea, pitea
):
    client = client_for(demo_people["chef.lulea@demo.se"])
    url = reverse("reports:hires_edit", args=[lulea.code]) + f"?ar={NEXT}"
    data = {f"month_{n}": "" for n in range(1, 13)} | {"month_3": "4", "month_8": "6"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert dict(ExpectedHires.objects.filter(municipality=lulea).values_list("month", "hires")) == {
        month(3): 4,
        month(8): 6,
    }
    # Piteå's form and a post to it answer 404 and change nothing.
    other = reverse("reports:hires_edit", args=[pitea.code]) + f"?ar={NEXT}"
    assert client.get(other).status_code == 404
    assert client.post(other, data).status_code == 404
    assert not ExpectedHires.objects.filter(municipality=pitea).exists()
    # The list shows the manager their own municipality only, and no region sum.
    page = client.get(reverse("reports:hires") + f"?ar={NEXT}").content.decode()
    assert "Luleå" in page and "Piteå" not in page and "Regionen" not in page


def test_a_quarter_is_spread_over_its_months_and_cannot_be_given_beside_them(demo_people, client_for, lulea):
    client = client_for(demo_people["chef.lulea@demo.se"])
    url = reverse("reports:hires_edit", args=[lulea.code]) + f"?ar={NEXT}"
    assert client.post(url, {"quarter_3": "7", "month_1": "2"}).status_code == 302
    assert dict(ExpectedHires.objects.values_list("month__month", "hires")) == {1: 2, 7: 2, 8: 3, 9: 2}
    response = client.post(url, {"quarter_1": "6", "month_2": "1"})
    assert response.status_code == 200
    assert "Ange antingen kvartalet eller dess månader, inte båda." in response.content.decode()
    assert ExpectedHires.objects.get(month=month(1)).hires == 2


def test_a_bad_figure_is_refused_with_a_swedish_message(demo_people, client_for, lulea):
    client = client_for(demo_people["chef.lulea@demo.se"])
    url = reverse("reports:hires_edit", args=[lulea.code]) + f"?ar={NEXT}"
    response = client.post(url, {"month_1": "-3", "month_2": "tre"})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Siffrorna sparades inte" in page and "Ange hela tal från 0." in page and "Ange ett helt tal." in page
    )
    assert not ExpectedHires.objects.exists()


def test_the_project_leader_enters_for_any_municipality_and_sees_the_regions_sum(
    demo_people, client_for, lulea, pitea
):
    client = client_for(demo_people["projektledare@demo.se"])
    for municipality, hires in ((lulea, "5"), (pitea, "2")):
        response = client.post(
            reverse("reports:hires_edit", args=[municipality.code]) + f"?ar={NEXT}", {"month_9": hires}
        )
        assert response.status_code == 302
    page = client.get(reverse("reports:hires") + f"?ar={NEXT}").content.decode()
    assert "Luleå" in page and "Piteå" in page and "Kiruna" in page
    region = page[page.index("<tfoot>") : page.index("</tfoot>")]
    assert "Regionen" in region and "<strong>7</strong>" in region


def test_an_empty_month_is_not_known_and_removes_what_was_there(lulea):
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={1: 3, 2: 0})
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={1: None})
    assert dict(ExpectedHires.objects.values_list("month", "hires")) == {month(2): 0}


def test_the_forecasts_yearly_figure_keeps_the_managers_months_or_spreads_a_new_one(lulea, pitea):
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={3: 10, 9: 2})
    services.recruitment_save(NEXT, {lulea.pk: 12, pitea.pk: 6})
    assert dict(ExpectedHires.objects.filter(municipality=lulea).values_list("month__month", "hires")) == {
        3: 10,
        9: 2,
    }
    pitea_months = list(
        ExpectedHires.objects.filter(municipality=pitea).order_by("month").values_list("hires", flat=True)
    )
    assert pitea_months == [1, 0] * 6
    assert services.expected_per_year(NEXT) == {lulea.pk: 12, pitea.pk: 6}


def test_the_forecast_shows_the_sum_of_the_months_and_keeps_them_when_saved_unchanged(
    demo_people, client_for, lulea, pitea
):
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={2: 4, 10: 5})
    client = client_for(demo_people["projektledare@demo.se"])
    page = client.get(reverse("reports:forecast")).content.decode()
    assert "Förväntade nyanställda totalt: 9" in page and f'name="m{lulea.pk}" value="9"' in page
    response = client.post(reverse("reports:forecast"), {f"m{lulea.pk}": "9", f"m{pitea.pk}": "3"})
    assert response.status_code == 302
    assert dict(ExpectedHires.objects.filter(municipality=lulea).values_list("month__month", "hires")) == {
        2: 4,
        10: 5,
    }
    assert services.expected_per_year(NEXT) == {lulea.pk: 9, pitea.pk: 3}


def test_spreading_a_figure_over_months_adds_up_and_follows_the_weights():
    assert spread_over_months(5) == [0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0]
    assert sum(spread_over_months(280)) == 280 and set(spread_over_months(280)) == {23, 24}
    season = spread_over_months(20, (10, 7, 7, 7, 7, 8, 4, 14, 12, 8, 8, 8))
    assert sum(season) == 20 and season[7] > season[6]


# --- the planning view ------------------------------------------------------------------------------


def test_the_short_by_line_names_the_places_and_the_month():
    assert planning.shortfall_message(datetime.date(2027, 3, 1), 12) == "Saknas 12 platser i mars 2027"
    assert planning.shortfall_message(datetime.date(2027, 10, 1), 1) == "Saknas 1 plats i oktober 2027"


def test_the_planning_view_shows_needed_against_planned_and_the_gaps(
    demo_people, client_for, lulea, pitea, journey_parts
):
    # Luleå and Piteå expect 30 hires in March together; part 1 has one occasion of 20 in March.
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={3: 20})
    services.hires_save(municipality_id=pitea.pk, year=NEXT, months={3: 10})
    make_occasion(journey_parts["course"], lulea.region, first=datetime.date(NEXT, 3, 9), capacity=20)
    client = client_for(demo_people["projektledare@demo.se"])
    page = client.get(reverse("reports:planning") + f"?ar={NEXT}").content.decode()
    assert "Regionens kommuner räknar med 30 nyanställda under året." in page
    # Part 1 within four months and no course days June–August: March's hires must be done by May.
    assert f"Saknas 10 platser i maj {NEXT}" in page
    # Part 2 within a year: nothing planned, so all thirty are missing by February the year after.
    assert f"Saknas 30 platser i februari {NEXT + 1}" in page
    assert "Del 1: Handläggning med barnet i centrum" in page and "Del 2: Samtal med barn" in page


def test_the_summer_months_are_the_project_leaders_setting(demo_people, client_for, lulea, journey_parts):
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={5: 8})
    make_occasion(journey_parts["course"], lulea.region, first=datetime.date(NEXT, 8, 10), capacity=20)
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("reports:planning") + f"?ar={NEXT}"
    # June–August without course days: May's hires have only May, and August's occasion is too late.
    assert f"Saknas 8 platser i maj {NEXT}" in client.get(url).content.decode()
    response = client.post(
        reverse("reports:planning_settings"), {"summer_months": ["7"], "default_capacity": "20"}
    )
    assert response.status_code == 302
    assert PlanningSettings.current().summer_month_numbers == (7,)
    page = client.get(url).content.decode()
    assert f"Saknas 8 platser i maj {NEXT}" not in page and "Inga kursdagar i juli." in page


def test_a_summer_break_longer_than_part_1_is_refused(demo_people, client_for):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("reports:planning_settings"),
        {"summer_months": ["5", "6", "7", "8"], "default_capacity": "20"},
    )
    assert response.status_code == 200
    assert "Högst 3 månader i följd kan vara utan kursdagar" in response.content.decode()
    assert PlanningSettings.current().summer_month_numbers == (6, 7, 8)


def test_interest_list_entries_count_as_hires_starting_this_month(lulea, journey_parts, demo_people):
    course = journey_parts["course"]
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={3: 30})
    make_occasion(course, lulea.region, first=datetime.date(NEXT, 3, 9), capacity=20)
    december = datetime.date(NEXT - 1, 12, 5)
    (plan,) = [
        p for p in planning.course_plans(NEXT, journey_parts["journey"], today=december) if p.part == 1
    ]
    assert [(m, n) for m, n, _message in plan.shortfalls] == [(month(5), 10)]
    Interest.objects.create(course=course, person=demo_people["socsek.lulea@demo.se"])
    (plan,) = [
        p for p in planning.course_plans(NEXT, journey_parts["journey"], today=december) if p.part == 1
    ]
    # The interested person waits since December and must be placed by March: one more of March's
    # hires has no place in May.
    assert plan.interested == 1
    assert [(m, n) for m, n, _message in plan.shortfalls] == [(month(5), 11)]


def test_a_course_without_occasions_is_planned_with_the_default_capacity(lulea, journey_parts):
    services.hires_save(municipality_id=lulea.pk, year=NEXT, months={1: 30})
    PlanningSettings.objects.update_or_create(pk=1, defaults={"default_capacity": 15})
    plans = {p.part: p for p in planning.course_plans(NEXT, journey_parts["journey"])}
    assert (plans[1].capacity, plans[1].capacity_is_typical) == (15, False)
    assert sum(row.occasions_needed for row in plans[1].rows) == 2


def test_the_planning_view_lists_clashes_unfinished_occasions_and_those_under_their_minimum(
    demo_people, client_for, lulea, journey_parts
):
    course, other = journey_parts["course"], journey_parts["other"]
    leader = demo_people["kursledare@demo.se"]
    day = TODAY + datetime.timedelta(days=40)
    make_occasion(course, lulea.region, first=day, leaders=[leader])
    make_occasion(other, lulea.region, first=day, leaders=[leader])
    make_occasion(other, lulea.region, first=TODAY - datetime.timedelta(days=20))  # held, not completed
    make_occasion(course, lulea.region, first=TODAY + datetime.timedelta(days=3), min_participants=5)
    client = client_for(demo_people["projektledare@demo.se"])
    page = client.get(reverse("reports:planning") + f"?ar={NEXT}").content.decode()
    assert "leder två kursdagar samtidigt" in page
    assert "men tillfället är inte avslutat" in page
    assert "Under minimum efter sista anmälningsdag" in page


def test_the_planning_views_queries_do_not_grow_with_courses_and_municipalities(
    demo_people, client_for, norrbotten, journey_parts
):
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("reports:planning") + f"?ar={NEXT}"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        # The session's own writes (its idle timer) come and go with the clock, not with the page.
        return len(
            [
                q
                for q in queries.captured_queries
                if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
            ]
        )

    make_occasion(journey_parts["course"], norrbotten, first=datetime.date(NEXT, 1, 12), capacity=16)
    count()  # the first request saves the planning settings' row
    few = count()
    part_one = JourneyPart.objects.get(number=1)
    for n in range(5):
        extra = Course.objects.create(
            step=journey_parts["ny"], name=f"Kurs {n}", slug=f"kurs-{n}", status="published"
        )
        part_one.courses.add(extra)
        make_occasion(extra, norrbotten, first=datetime.date(NEXT, 2 + n, 3), capacity=16)
    for municipality in Municipality.objects.all():
        services.hires_save(municipality_id=municipality.pk, year=NEXT, months={m: 2 for m in range(1, 13)})
    assert count() == few
    assert few <= 25


@pytest.mark.django_db(transaction=True)
def test_the_yearly_figures_are_spread_over_months_by_the_migration_and_back(norrbotten):
    from django.db.migrations.executor import MigrationExecutor

    lulea = Municipality.objects.get(code="2580")
    executor = MigrationExecutor(connection)
    before, after = (
        [("reports", "0003_one_open_build_per_year")],
        [("reports", "0004_expected_hires_per_month")],
    )
    try:
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        old_apps.get_model("reports", "ExpectedRecruitment").objects.create(
            municipality_id=lulea.pk, year=2027, new_staff=7
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        hires = dict(ExpectedHires.objects.filter(municipality=lulea).values_list("month__month", "hires"))
        assert len(hires) == 12 and sum(hires.values()) == 7 and max(hires.values()) == 1
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        back = old_apps.get_model("reports", "ExpectedRecruitment").objects.get(municipality_id=lulea.pk)
        assert (back.year, back.new_staff) == (2027, 7)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_hires_list_takes_a_fixed_number_of_queries_for_every_municipality(
    demo_people, client_for, norrbotten, django_assert_max_num_queries
):
    for municipality in Municipality.objects.all():
        services.hires_save(municipality_id=municipality.pk, year=NEXT, months={m: 1 for m in range(1, 13)})
    client = client_for(demo_people["projektledare@demo.se"])
    client.get(reverse("reports:hires"))  # the session's first writes
    with django_assert_max_num_queries(10):  # 6 today; the session may write too
        page = client.get(reverse("reports:hires") + f"?ar={NEXT}").content.decode()
    count = Municipality.objects.count()
    assert f"<strong>{12 * count}</strong>" in page
