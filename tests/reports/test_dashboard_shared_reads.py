"""The dashboard reads its shared lookups once and passes them on (#18): each figure it shows must be the
one its selector gives alone, whatever the filters."""

import pytest
from django.urls import reverse

from followup import selectors as followup_selectors
from reports import introduction, selectors
from tests.reports.test_reports import YEAR, data  # noqa: F401 (the known dataset as a fixture)


def _alone(year, journey, municipality):
    regional = {
        "agreements": selectors.agreement_summary(year, municipality),
        "totals": selectors.totals(year, journey, municipality),
        "participation": selectors.participation_table(year, journey, municipality),
        "steps": selectors.steps_table(year, journey, municipality),
        "trend": selectors.trend_table(journey, municipality, until=year),
        "trainers": selectors.trainer_table(year, municipality),
        "goal_table": selectors.goal_table(year, municipality),
        "introduction_table": introduction.introduction_table(year, municipality),
        "project_goal_table": selectors.project_goal_table(selectors.project_goal_indicators(year)),
    }
    regional["course_table"] = selectors.course_table(year, journey, municipality)
    return regional


@pytest.mark.parametrize("filters", ["none", "journey", "municipality", "both"])
def test_the_dashboard_shows_what_each_selector_gives_alone(filters, data, demo_people, client_for):  # noqa: F811
    journey = data["cat"]["course"].step.journey if filters in ("journey", "both") else None
    municipality = data["lulea"] if filters in ("municipality", "both") else None
    params = {"year": YEAR}
    if journey:
        params["journey"] = journey.pk
    if municipality:
        params["municipality"] = municipality.pk
    response = client_for(demo_people["styrgrupp@demo.se"]).get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    for name, expected in _alone(YEAR, journey, municipality).items():
        assert response.context[name] == expected, name
    support = followup_selectors.rss_support(YEAR)
    goals_alone = followup_selectors.goal_summary(YEAR)
    goals, support_together = followup_selectors.goals_and_support(YEAR)
    assert [(g.goal, [(a.question.pk, a.respondents, a.share) for a in g.aspects]) for g in goals] == [
        (g.goal, [(a.question.pk, a.respondents, a.share) for a in g.aspects]) for g in goals_alone
    ]
    assert (support is None) == (support_together is None)


def test_a_manager_sees_what_each_selector_gives_alone(data, demo_people, client_for):  # noqa: F811
    boss = demo_people["chef.lulea@demo.se"]
    response = client_for(boss).get(reverse("reports:dashboard"), {"year": YEAR})
    assert response.status_code == 200
    alone = _alone(YEAR, None, boss.municipality)
    for name in ("agreements", "totals", "participation", "steps", "trend", "trainers", "course_table"):
        assert response.context[name] == alone[name], name
