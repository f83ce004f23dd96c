"""Results: suppression of small groups, scope, exports, the goal overview."""

import re

import pytest
from django.urls import reverse

from followup import services
from followup.models import (
    Answer,
    Response,
)
from followup.selectors import goal_summary, question_results, results_table
from tests.followup_helpers import answer_all, make_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey_templates")]


# --- Results: suppression, scope, exports -----------------------------------------------------


def test_small_groups_are_suppressed_on_the_results_page(client_for, demo_people, answered_rounds):
    round_, _ = answered_rounds
    client = client_for(demo_people["projektledare@demo.se"])
    pitea = demo_people["chef.pitea@demo.se"].municipality
    page = client.get(
        reverse("followup:results"),
        {"survey": round_.template.pk, "year": round_.year, "municipality": pitea.pk},
    ).content.decode()
    assert "för få svar" in page and "når målet (" not in page
    whole = client.get(
        reverse("followup:results"), {"survey": round_.template.pk, "year": round_.year}
    ).content.decode()
    assert "78.6 % når målet (11 av 14)" in whole.replace(",", ".")
    # Per municipality: Piteå is too small, and Boden is hidden too, or 14 − 6 (Luleå) would give Piteå away.
    assert re.search(r"Piteå</th>\s*<td colspan=\"\d+\">för få svar", whole)
    assert re.search(r"Boden</th>\s*<td colspan=\"\d+\">för få svar", whole)
    assert re.search(r"Luleå</th>\s*<td>6</td>", whole)


def test_a_group_is_hidden_when_the_rest_of_the_whole_is_small(answered_rounds, municipality):
    round_, _ = answered_rounds

    def measured(**f):
        return [
            r
            for r in question_results(round_.template, round_.year, **f)  # noqa: E731
            if r.question.is_measured
        ][0]

    assert not measured(municipality=municipality("Luleå")).suppressed  # 14 − 6 = 8 others
    # Luleå and Boden together are 11 of 14: showing them would show the other 3 by subtraction.
    from followup.models import Response

    Response.objects.filter(municipality=municipality("Boden")).update(municipality=municipality("Luleå"))
    assert measured(municipality=municipality("Luleå")).suppressed
    assert measured().share is not None


def test_small_groups_are_suppressed_in_the_export(client_for, demo_people, answered_rounds):
    round_, _ = answered_rounds
    client = client_for(demo_people["styrgrupp@demo.se"])
    pitea = demo_people["chef.pitea@demo.se"].municipality
    csv = client.get(
        reverse("followup:results_export", args=["csv"]),
        {"survey": round_.template.pk, "year": round_.year, "municipality": pitea.pk},
    )
    body = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and "för få svar" in body and "Ja, i hög grad" not in body
    headers, rows = results_table(round_.template, round_.year)
    assert rows and all(row[4] == 14 for row in rows)
    xlsx = client.get(
        reverse("followup:results_export", args=["xlsx"]), {"survey": round_.template.pk, "year": round_.year}
    )
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == headers and sheet.max_row == len(rows) + 1


def test_the_goal_overview_exports_with_the_same_suppression(client_for, demo_people, answered_rounds):
    round_, _ = answered_rounds
    client = client_for(demo_people["styrgrupp@demo.se"])
    body = client.get(reverse("followup:results_export", args=["csv"]), {"year": round_.year}).content.decode(
        "utf-8-sig"
    )
    lines = body.splitlines()
    assert lines[0].startswith("År;Mål;Enkät;Fråga;Svarande")
    assert any(
        line.startswith(f"{round_.year};1a;Enkät vid byte av steg;") and ";14;78,6;80;Nej" in line
        for line in lines
    )
    assert any(line.split(";")[1] == "7" and "för få svar" in line for line in lines[1:])


def test_free_text_only_for_the_project_leader(
    client_for, demo_people, answered_rounds, make_person, municipality
):
    round_, texts = answered_rounds
    person = make_person(municipality=municipality("Luleå"))
    invitation, _ = services.invitation_create(round_, person)
    services.invitation_submit(invitation.pk, {texts.pk: "Mer om samverkan, tack."})
    params = {"survey": round_.template.pk, "year": round_.year}
    leader = client_for(demo_people["projektledare@demo.se"]).get(reverse("followup:results"), params)
    assert "Mer om samverkan, tack." in leader.content.decode()
    steering = client_for(demo_people["styrgrupp@demo.se"]).get(reverse("followup:results"), params)
    assert steering.status_code == 200 and "Mer om samverkan" not in steering.content.decode()


def test_a_manager_sees_only_their_own_municipality(client_for, demo_people, answered_rounds):
    round_, _ = answered_rounds
    lulea_manager, pitea_manager = demo_people["chef.lulea@demo.se"], demo_people["chef.pitea@demo.se"]
    params = {"survey": round_.template.pk, "year": round_.year}
    own = client_for(lulea_manager).get(reverse("followup:results"), params).content.decode()
    assert "83.3 % når målet (5 av 6)" in own.replace(",", ".")
    other = client_for(lulea_manager).get(
        reverse("followup:results"), params | {"municipality": pitea_manager.municipality_id}
    )
    assert other.status_code == 404
    small = client_for(pitea_manager).get(reverse("followup:results"), params).content.decode()
    assert "för få svar" in small and "når målet (" not in small


def test_the_goal_overview_puts_every_goal_against_80_percent(client_for, demo_people, answered_rounds):
    round_, _ = answered_rounds
    goals = goal_summary(round_.year)
    assert [g.goal for g in goals] == [1, 2, 3, 4, 5, 6, 7]
    # 11 of 14 said yes (78.6 %): goal 1 is not met; goal 2 has no answers, so it is neither met nor failed.
    assert goals[0].meets_target is False and goals[1].meets_target is None
    page = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("followup:results"), {"year": round_.year}
    )
    html = page.content.decode()
    assert 'role="img"' in html and '<title id="chart-goals-title">' in html and "stroke-dasharray" in html


def test_goal_summary_counts_all_surveys_at_once_as_each_alone(
    answered_rounds, make_person, municipality, django_assert_num_queries
):
    from django.db.models import F

    step_round, _ = answered_rounds

    def choose(question, i):
        return None if question.kind == "free_text" else question.choices()[i % len(question.choices())][0]

    yearly = make_round("erfaren_yearly", year=step_round.year)
    answer_all(yearly, [make_person(municipality=municipality("Luleå")) for _ in range(7)], choose)
    # The same survey's round of the year before does not count.
    earlier = make_round("erfaren_yearly", year=step_round.year - 1)
    answer_all(earlier, [make_person(municipality=municipality("Luleå")) for _ in range(5)], choose)
    # Every answer carries its response's round (what the results read by index).
    assert Answer.objects.count() > 0 and not Answer.objects.exclude(round=F("response__round")).exists()
    for filters in ({}, {"municipality": municipality("Luleå")}):
        # Templates, questions, counts, respondents (and the suppression blocks when filtered).
        with django_assert_num_queries(4 + len(filters)):
            summary = goal_summary(step_round.year, **filters)
        together = {aspect.question.pk: aspect for goal in summary for aspect in goal.aspects}
        alone = [
            r
            for round_ in (step_round, yearly)
            for r in question_results(round_.template, round_.year, **filters)
            if r.question.is_measured and r.question.goal
        ]
        assert len(alone) == 8 and together.keys() >= {r.question.pk for r in alone}
        for result in alone:
            mine = together[result.question.pk]
            assert (mine.respondents, mine.suppressed, mine.share, mine.counted, mine.denominator) == (
                result.respondents,
                result.suppressed,
                result.share,
                result.counted,
                result.denominator,
            )
        assert together[alone[-1].question.pk].respondents == 7


def test_an_answer_saved_on_its_own_takes_its_responses_round(answered_rounds):
    round_, texts = answered_rounds
    answer = Answer(response=Response.objects.filter(round=round_).first(), question=texts, text="Bra kurs")
    answer.save()
    assert answer.round_id == round_.pk


def test_trainer_spread_relates_trainers_to_population(demo_people, municipality):
    from courses.models import TrainerProfile
    from courses.selectors import trainer_spread

    # A trainer is a person with an active trainer profile (courses.selectors.active_trainers), not
    # the course-leader role alone.
    leader = demo_people["kursledare@demo.se"]  # works in Kiruna
    rows = {row["municipality"].name: row for row in trainer_spread(2026)}
    assert rows["Kiruna"]["trainers"] == 0
    TrainerProfile.objects.create(person=leader)
    rows = {row["municipality"].name: row for row in trainer_spread(2026)}
    assert len(rows) == 14
    kiruna = rows["Kiruna"]
    assert kiruna["trainers"] == 1 and kiruna["per_10000"] == round(10000 / kiruna["population"], 2)
    assert rows["Luleå"]["trainers"] == 0


def test_results_page_query_count_is_bounded(
    client_for, demo_people, answered_rounds, django_assert_max_num_queries
):
    round_, _ = answered_rounds
    client = client_for(demo_people["projektledare@demo.se"])
    with django_assert_max_num_queries(60):
        client.get(reverse("followup:results"), {"year": round_.year})
    with django_assert_max_num_queries(60):
        client.get(reverse("followup:results"), {"survey": round_.template.pk, "year": round_.year})
