"""Targets per scale: the 80 % line per answer scale."""

import pytest

from followup.scales import SATISFACTION, USEFULNESS, target_share
from followup.selectors import question_results
from tests.followup_helpers import answer_all, make_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey_templates")]


# --- Targets per scale ------------------------------------------------------------------------


def test_usefulness_counts_both_ja_answers_and_leaves_vet_inte_out_of_the_share():
    share, counted, denominator = target_share({"high": 3, "some": 1, "no": 1, "dont_know": 5}, USEFULNESS)
    assert (share, counted, denominator) == (80.0, 4, 5)
    # Only "Vet inte": nothing to count, so no share rather than 0 %.
    assert target_share({"dont_know": 4}, USEFULNESS) == (None, 0, 0)


def test_satisfaction_counts_nojd_and_mycket_nojd_only():
    share, counted, denominator = target_share(
        {"very_satisfied": 1, "satisfied": 2, "neutral": 1, "dissatisfied": 0, "very_dissatisfied": 1},
        SATISFACTION,
    )
    assert (share, counted, denominator) == (60.0, 3, 5)


def test_question_result_meets_the_80_percent_target_at_exactly_80(make_person, norrbotten):
    round_ = make_round("course_evaluation")
    people = [make_person() for _ in range(6)]
    # 4 satisfied, 1 neutral, 1 gave no answer to the satisfaction question: 4/5 = 80 %.
    values = ["very_satisfied", "satisfied", "satisfied", "very_satisfied", "neutral", None]
    answer_all(round_, people, lambda q, i: values[i] if q.kind == "scale" else None)
    result = [r for r in question_results(round_.template, round_.year) if r.question.is_measured][0]
    assert (result.share, result.respondents, result.meets_target) == (80.0, 5, True)
    assert [o.count for o in result.distribution] == [2, 2, 1, 0, 0]


def test_vet_inte_is_shown_in_the_distribution_but_not_counted(make_person, norrbotten):
    round_ = make_round("trainer_yearly")
    values = ["high", "some", "no", "dont_know", "dont_know", "high"]
    answer_all(round_, [make_person() for _ in values], lambda q, i: values[i] if q.is_measured else None)
    result = [r for r in question_results(round_.template, round_.year) if r.question.is_measured][0]
    assert result.excluded == 2 and result.denominator == 4 and result.share == 75.0
    assert not result.meets_target
    assert [(str(o.label), o.count) for o in result.distribution][-1] == ("Vet inte", 2)
