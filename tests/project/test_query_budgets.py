"""Query budgets of the pages the speed issue measured (bench/request_cpu.py), so gains cannot silently go.

Each figure counts the whole request: session (from the cache), user, and the page's own queries. A page's
budget must not grow with the number of rows it shows.
"""

import pytest
from django.urls import reverse

from enrollment import services
from tests.enrollment_helpers import make_occasion

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_queue(demo_people, make_person, municipality):
    """A Luleå manager with `n` pending requests, each on an occasion of its own."""

    def make(n):
        boss = demo_people["chef.lulea@demo.se"]
        for _ in range(n):
            person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
            services.enrollment_request(make_occasion(), person, boss)
        return boss

    return make


def count_queries(client, url, django_assert_max_num_queries, budget):
    client.get(
        url
    )  # the first request after login records the session's renewal (a write); then steady state
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("rows", [2, 20])
def test_approval_queue_budget_does_not_grow_with_its_rows(
    rows, pending_queue, client_for, django_assert_max_num_queries
):
    boss = pending_queue(rows)
    # 4, and one for everyone's current step (enrollment.selectors.current_steps_for).
    count_queries(client_for(boss), reverse("enrollment:queue"), django_assert_max_num_queries, 5)


@pytest.mark.parametrize("rows", [2, 20])
def test_staff_list_budget_does_not_grow_with_its_rows(
    rows, pending_queue, client_for, django_assert_max_num_queries
):
    from enrollment.models import StepPlacement
    from tests.enrollment_helpers import catalogue

    boss = pending_queue(rows)
    _journey, steps, _course = catalogue()
    for person in boss.municipality.people.filter(is_social_worker=True):
        StepPlacement.objects.create(person=person, journey=steps["van"].journey, step=steps["van"])
    # Session, user, the count, the page, and one for everyone's current step.
    count_queries(client_for(boss), reverse("enrollment:staff"), django_assert_max_num_queries, 5)


@pytest.mark.parametrize("occasions", [1, 12])
def test_course_days_budget_does_not_grow_with_its_rows(
    occasions, demo_people, client_for, django_assert_max_num_queries
):
    for _ in range(occasions):
        make_occasion()
    client = client_for(demo_people["socsek.lulea@demo.se"])
    count_queries(client, reverse("courses:days"), django_assert_max_num_queries, 6)


def test_start_page_budget(demo_people, client_for, django_assert_max_num_queries):
    client = client_for(demo_people["chef.lulea@demo.se"])
    # 3, and one for the introduction's sections (the own plan, and the newcomers at risk: none here).
    count_queries(client, reverse("home"), django_assert_max_num_queries, 4)


@pytest.mark.parametrize(
    ("who", "budget"),
    [
        # Regional view: session, user, the filter form's two lists and the page's own reads, each once.
        ("styrgrupp@demo.se", 15),
        # A manager's municipality view: their municipality, their staff's progress (3), no project goals.
        ("chef.lulea@demo.se", 16),
    ],
)
def test_dashboard_budget(who, budget, demo_people, client_for, django_assert_max_num_queries):
    client = client_for(demo_people[who])
    count_queries(client, reverse("reports:dashboard"), django_assert_max_num_queries, budget)
