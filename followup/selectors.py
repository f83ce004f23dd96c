"""Aggregate results of the follow-up surveys, reused by the results page, the exports, the dashboard
and the yearly report.

All functions are pure reads. Whether a group's answers may be shown is decided in one place,
`group_may_be_shown` (the rule is `core.disclosure`'s, explained in the README): a group must have at
least FOLLOWUP_MIN_GROUP_SIZE answers and take every suppression block of its survey and year whole,
so that no combination of the filters the page and exports offer can be subtracted down to fewer
people. Filters are keyword arguments `municipality`, `step`, `course` (model instances or ids) and
`respondent_role`; callers restrict a manager to their own municipality through followup.access
before calling.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.disclosure import Blocks, publishable, suppression_blocks

from .models import Answer, Invitation, Question, Response, SurveyRound, SurveyTemplate
from .scales import options_for, target_share

if TYPE_CHECKING:
    from accounts.models import User

TOO_FEW = _("för få svar")
FILTERS = ("municipality", "step", "course", "respondent_role")

_M = TypeVar("_M", bound=Model)


def min_group_size() -> int:
    return settings.FOLLOWUP_MIN_GROUP_SIZE


def _suppressed(count: int) -> bool:
    return count < min_group_size()


# The attributes a reader can filter on, in the order the blocks keep them (municipality first: a
# manager sees only their own). Atoms are tuples of these values.
# The round comes last: the results page adds a year's rounds up, part C's comments show each round
# apart, and both take their groups from the same blocks, so that no list or number on one page can be
# subtracted from, or intersected with, one on the other.
ATOM = ("municipality", "respondent_role", "step", "course", "round")
_ATOM_COLUMNS = ("municipality_id", "respondent_role", "step_id", "course_id", "round_id")


def _cell(filters: Mapping[str, object]) -> dict[int, object]:
    """The group filters as an `core.disclosure` cell: attribute position → id or value."""
    cell = {}
    for position, name in enumerate(ATOM):
        value = filters.get(name)
        if value not in (None, ""):
            cell[position] = getattr(value, "pk", value)
    return cell


class Disclosure:
    """Which groups of the answers in `year` may be shown (see `group_may_be_shown`).

    With a `template`, the answers to that survey; without, each question's answers in its own survey
    (the goal overview). Each population is read once, with one query: per question with options,
    those who answered it; and the responses (for response counts, rates and free text)."""

    def __init__(self, year: int, template: SurveyTemplate | int | None = None) -> None:
        self.template_id = getattr(template, "pk", template)
        self.year = year
        self._questions = None
        self._responses = None

    def _question_blocks(self) -> dict[int, Blocks]:
        answers = Answer.objects.filter(round__year=self.year).exclude(question__kind=Question.Kind.FREE_TEXT)
        if self.template_id is None:
            answers = answers.filter(round__template=F("question__template"))
        else:
            answers = answers.filter(round__template_id=self.template_id)
        columns = [f"response__{c}" for c in _ATOM_COLUMNS]
        per_question = {}
        for qid, *atom, n in (
            answers.values_list("question_id", *columns)
            .annotate(n=Count("response", distinct=True))
            .values_list("question_id", *columns, "n")
            .order_by()
        ):
            per_question.setdefault(qid, {})[tuple(atom)] = n
        return {qid: suppression_blocks(c, min_group_size()) for qid, c in per_question.items()}

    def _response_blocks(self) -> Blocks:
        atoms = response_atoms(self.year, self.template_id).get(self.template_id, {})
        return suppression_blocks(atoms, min_group_size())

    def shows(self, filters: Mapping[str, object], question: Question | int | None = None) -> bool:
        """May the answers to `question` (None: the responses as a whole) of the group be shown?"""
        if question is None:
            if self._responses is None:
                self._responses = self._response_blocks()
            blocks = self._responses
        else:
            if self._questions is None:
                self._questions = self._question_blocks()
            blocks = self._questions.get(getattr(question, "pk", question))
        return blocks is not None and publishable(blocks, _cell(filters), min_group_size())


def response_atoms(year: int, template: SurveyTemplate | int | None = None) -> dict[int, dict[tuple, int]]:
    """Survey id → {atom: responses} of `year` (1 query): the population of both the results page (its
    response counts, rates and free text) and part C's comments, as atoms of ATOM."""
    responses = Response.objects.filter(round__year=year)
    if template is not None:
        responses = responses.filter(round__template=template)
    atoms = {}
    for template_id, *atom, n in (
        responses.values_list("round__template_id", *_ATOM_COLUMNS)
        .annotate(n=Count("pk"))
        .values_list("round__template_id", *_ATOM_COLUMNS, "n")
        .order_by()
    ):
        atoms.setdefault(template_id, {})[tuple(atom)] = n
    return atoms


def group_may_be_shown(
    template: SurveyTemplate | int | None,
    year: int,
    *,
    question: Question | int | None = None,
    **filters: object,
) -> bool:
    """May anything be shown about the group of `template`'s answers in `year` given by `filters`?

    The one rule every results page, export, dashboard and comment list asks before it shows numbers
    or free text about a group: True only when the group has at least FOLLOWUP_MIN_GROUP_SIZE people
    and takes every suppression block (core.disclosure) whole, so that no sum or difference of groups
    the portal shows can be about fewer people. `question` narrows the population to those who
    answered that question; None means the responses (also for free text: see free_text_answers).
    Filters: municipality, step, course (instances or ids), respondent_role.
    """
    return Disclosure(year, template).shows(filters, question)


def _filter(queryset: QuerySet[_M], filters: Mapping[str, object], prefix: str = "") -> QuerySet[_M]:
    for name in FILTERS:
        value = filters.get(name)
        if value not in (None, ""):
            key = name if name == "respondent_role" else f"{name}_id"
            queryset = queryset.filter(**{prefix + key: getattr(value, "pk", value)})
    return queryset


def open_invitations_for(person: User, today: datetime.date | None = None) -> QuerySet[Invitation]:
    """The person's invitations that can still be answered (for "Mina enkäter" and the journey page)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return (
        Invitation.objects.filter(
            person=person, answered_on__isnull=True, expires_on__gte=today, round__closes_on__gte=today
        )
        .select_related("round__template", "course")
        .order_by("expires_on")
    )


def responses_for(template: SurveyTemplate, year: int, **filters: object) -> QuerySet[Response]:
    """The responses to `template` in `year`, narrowed by the group filters."""
    return _filter(Response.objects.filter(round__template=template, round__year=year), filters)


@dataclass
class Rate:
    invited: int
    answered: int
    suppressed: bool

    @property
    def percent(self) -> float | None:
        if self.suppressed or not self.invited:
            return None
        return round(100 * self.answered / self.invited, 1)


def response_rate(template: SurveyTemplate, year: int, **filters: object) -> Rate:
    """Invited and answered in a group; hidden (suppressed) when fewer than the minimum answered."""

    invitations = _filter(Invitation.objects.filter(round__template=template, round__year=year), filters)
    own = invitations.aggregate(invited=Count("pk"), answered=Count("pk", filter=~_unanswered()))
    hidden = _suppressed(own["answered"]) or not group_may_be_shown(template, year, **filters)
    return Rate(own["invited"], own["answered"], hidden)


def _unanswered() -> Q:
    return Q(answered_on__isnull=True)


@dataclass
class OptionCount:
    value: str
    label: str
    count: int
    counts: bool = False
    excluded: bool = False


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    suppressed: bool
    share: float | None = None  # percent meeting the target, "Vet inte" left out
    counted: int = 0
    denominator: int = 0
    excluded: int = 0  # "Vet inte" answers, shown but not in the share
    distribution: list = field(default_factory=list)

    @property
    def target(self) -> int | None:
        return self.question.target_percent

    @property
    def meets_target(self) -> bool:
        return self.share is not None and self.share >= self.target


def _active(filters: Mapping[str, object]) -> list[str]:
    return [name for name in FILTERS if filters.get(name) not in (None, "")]


def _without(filters: Mapping[str, object], name: str) -> dict[str, object]:
    return {k: v for k, v in filters.items() if k != name}


def _answers(
    questions: Iterable[Question],
    year: int,
    filters: Mapping[str, object],
    template: SurveyTemplate | None = None,
) -> QuerySet[Answer]:
    """The answers to `questions` in the rounds of `year` (of `template`, or else of each question's own
    survey), narrowed by the group filters. Read through the index on (round, question, value, response)."""
    answers = Answer.objects.filter(round__year=year, question__in=questions)
    if template is not None:
        answers = answers.filter(round__template=template)
    else:
        answers = answers.filter(round__template=F("question__template"))
    return _filter(answers, filters, prefix="response__")


def _respondents(
    questions: Iterable[Question],
    year: int,
    filters: Mapping[str, object],
    template: SurveyTemplate | None = None,
) -> dict[int, int]:
    """question id → number of responses in the group that answered it."""
    return dict(
        _answers(questions, year, filters, template)
        .values_list("question_id")
        .annotate(n=Count("response", distinct=True))
        .values_list("question_id", "n")
    )


def question_results(
    template: SurveyTemplate,
    year: int,
    *,
    questions: Iterable[Question] | None = None,
    disclosure: Disclosure | None = None,
    **filters: object,
) -> list[QuestionResult]:
    """One QuestionResult per question of `template` (free text: only the number who wrote)."""
    questions = list(questions if questions is not None else template.questions.all())
    return _results(questions, year, filters, template, disclosure=disclosure)


def _results(
    questions: list[Question],
    year: int,
    filters: Mapping[str, object],
    template: SurveyTemplate | None = None,
    disclosure: Disclosure | None = None,
) -> list[QuestionResult]:
    """QuestionResults for `questions` (of one or several surveys): 2 queries, plus 1 when a filter is
    active (the suppression blocks, `Disclosure`)."""
    per_value = {}
    answers = _answers(questions, year, filters, template)
    for qid, value, count in (
        answers.values_list("question_id", "value")
        .annotate(n=Count("*"))
        .values_list("question_id", "value", "n")
    ):
        per_value.setdefault(qid, {})[value] = count
    respondents = _respondents(questions, year, filters, template)
    if disclosure is None:
        disclosure = Disclosure(year, template)
    results = []
    for question in questions:
        n = respondents.get(question.pk, 0)
        hidden = _suppressed(n)
        if not hidden and _active(filters):
            # Without filters the group is everybody, the union of all blocks: no need to read them.
            hidden = not disclosure.shows(filters, question)
        result = QuestionResult(question, n, hidden)
        if not result.suppressed and question.kind != Question.Kind.FREE_TEXT:
            counts = per_value.get(question.pk, {})
            scale = question.effective_scale
            options = options_for(scale) if question.kind != Question.Kind.MULTIPLE else ()
            if options:
                result.distribution = [
                    OptionCount(o.value, o.label, counts.get(o.value, 0), o.counts, o.excluded)
                    for o in options
                ]
                result.share, result.counted, result.denominator = target_share(counts, scale)
                result.excluded = sum(counts.get(o.value, 0) for o in options if o.excluded)
            else:
                result.distribution = [
                    OptionCount(v, label, counts.get(v, 0)) for v, label in question.choices()
                ]
        results.append(result)
    return results


@dataclass
class GoalResult:
    goal: int
    aspects: list  # QuestionResult for each measured question of the goal (all surveys measuring it)

    @property
    def meets_target(self) -> bool | None:
        shown = [a for a in self.aspects if not a.suppressed]
        if not shown:
            return None
        return all(a.meets_target for a in shown)


def measured_questions(year: int) -> list[Question]:
    """Every survey's measured questions in one query, in goal_summary's order (survey, then question), each
    with its survey (`template`) and, as `survey_has_round`, whether that survey has a round in `year`:
    what goal_summary and rss_support read, for a caller that asks both (pass as `questions=`)."""
    rounds = SurveyRound.objects.filter(template=OuterRef("template"), year=year)
    return list(
        Question.objects.filter(is_measured=True)
        .select_related("template")
        .annotate(survey_has_round=Exists(rounds))
        .order_by("template_id", "order", "pk")
    )


def _goal_questions(questions: Iterable[Question] | None) -> list[Question]:
    if questions is None:
        questions = [
            q
            for template in SurveyTemplate.objects.prefetch_related("questions")
            for q in template.questions.all()
        ]
    return [q for q in questions if q.is_measured and q.goal]


def goal_summary(
    year: int, *, questions: Iterable[Question] | None = None, **filters: object
) -> list[GoalResult]:
    """Each goal 1–7 of seed 004 part B with its measured aspects in `year`, across all surveys.

    The measured questions of every survey are counted together: 4 queries (plus 1 per active filter),
    however many surveys there are; 2 with `questions` (measured_questions(year)) given."""
    return _goal_results(_goal_questions(questions), year, filters)


def _goal_results(measured: list[Question], year: int, filters: Mapping[str, object]) -> list[GoalResult]:
    return _group_goals(_results(measured, year, filters) if measured else ())


def _group_goals(results: Iterable[QuestionResult]) -> list[GoalResult]:
    goals = {}
    for result in results:
        goals.setdefault(result.question.goal, []).append(result)
    return [GoalResult(goal, aspects) for goal, aspects in sorted(goals.items())]


GROUPS = {
    "municipality": ("municipality", "municipality__name"),
    "step": ("step", "step__name"),
    "course": ("course", "course__name"),
}


def results_by_group(
    template: SurveyTemplate, year: int, group: str, **filters: object
) -> tuple[list[Question], list[dict[str, object]]]:
    """For each municipality/step/course: responses and each measured question's share (None if suppressed).

    Returns (questions, rows) with rows of dicts {"id", "name", "responses", "suppressed", "shares"}.
    """
    key, name_path = GROUPS[group]
    questions = [q for q in template.questions.all() if q.is_measured]
    responses = responses_for(template, year, **filters).exclude(**{f"{key}__isnull": True})
    groups = list(
        responses.values_list(f"{key}_id", name_path)
        .annotate(n=Count("pk"))
        .order_by(name_path)
        .values_list(f"{key}_id", name_path, "n")
    )
    disclosure = Disclosure(year, template)
    rows = []
    for group_id, name, n in groups:
        group_filters = {**filters, key: group_id}
        suppressed = _suppressed(n) or not disclosure.shows(group_filters)
        shares = []
        if not suppressed:
            shares = question_results(
                template, year, questions=questions, disclosure=disclosure, **group_filters
            )
        rows.append(
            {"id": group_id, "name": name, "responses": n, "suppressed": suppressed, "shares": shares}
        )
    return questions, rows


def free_text_answers(
    template: SurveyTemplate, year: int, **filters: object
) -> list[tuple[Question, list[str]]] | None:
    """Free-text answers per question, in random order, for groups that may be shown (project leader only).

    Returns [(question, texts)], or None when the group may not be shown (`group_may_be_shown`). The
    population is the responses: a comment shown is one of at least FOLLOWUP_MIN_GROUP_SIZE people's,
    and any difference between two lists shown is the comments of a union of whole blocks.
    """
    responses = responses_for(template, year, **filters)
    disclosure = Disclosure(year, template)
    if _suppressed(responses.count()) or not disclosure.shows(filters):
        return None
    texts = {}
    for question_id, text in (
        Answer.objects.filter(response__in=responses, question__kind=Question.Kind.FREE_TEXT)
        .exclude(text="")
        .order_by("?")
        .values_list("question_id", "text")
    ):
        texts.setdefault(question_id, []).append(text)
    return [(q, texts.get(q.pk, [])) for q in template.questions.filter(kind=Question.Kind.FREE_TEXT)]


def results_table(
    template: SurveyTemplate, year: int, **filters: object
) -> tuple[list[str], list[list[object]]]:
    """(headers, rows) of the results as exported: one row per question and answer option.

    The same suppression as on the page: a suppressed question has one row saying "för få svar".
    """
    headers = [
        str(_("Enkät")),
        str(_("År")),
        str(_("Mål")),
        str(_("Fråga")),
        str(_("Svarande")),
        str(_("Svarsalternativ")),
        str(_("Antal")),
        str(_("Andel som når målet (%)")),
        str(_("Målvärde (%)")),
    ]
    rows = []
    for result in question_results(template, year, **filters):
        question = result.question
        if question.kind == Question.Kind.FREE_TEXT:
            continue
        base = [template.display_name, year, question.label_with_goal, question.text]
        target = question.target_percent if question.is_measured else ""
        if result.suppressed:
            rows.append(base + [str(TOO_FEW), "", "", "", target])
            continue
        share = result.share if question.is_measured and result.share is not None else ""
        for option in result.distribution:
            rows.append(base + [result.respondents, str(option.label), option.count, share, target])
    return headers, rows


def goal_table(year: int, **filters: object) -> tuple[list[str], list[list[object]]]:
    """(headers, rows) of the goal overview: each measured aspect of goals 1–7 against its target."""
    headers = [
        str(_("År")),
        str(_("Mål")),
        str(_("Enkät")),
        str(_("Fråga")),
        str(_("Svarande")),
        str(_("Andel som når målet (%)")),
        str(_("Målvärde (%)")),
        str(_("Målet nått")),
    ]
    rows = []
    for goal in goal_summary(year, **filters):
        for result in goal.aspects:
            question = result.question
            base = [year, question.label_with_goal, question.template.display_name, question.text]
            if result.suppressed:
                rows.append(base + [str(TOO_FEW), "", question.target_percent, ""])
            else:
                met = "" if result.share is None else str(_("Ja") if result.meets_target else _("Nej"))
                rows.append(
                    base
                    + [
                        result.respondents,
                        "" if result.share is None else result.share,
                        question.target_percent,
                        met,
                    ]
                )
    return headers, rows


@dataclass
class SupportResult:
    """Project goal F (seed 004 part A) from the yearly RSS survey: every measured support aspect of the
    survey (questions measured but tied to no effect goal) must reach its target."""

    aspects: list
    min_size: int

    @property
    def respondents(self) -> int:
        return max((a.respondents for a in self.aspects), default=0)

    @property
    def suppressed(self) -> bool:
        return not self.aspects or any(a.suppressed for a in self.aspects)

    @property
    def percent(self) -> float | None:
        shares = [a.share for a in self.aspects if a.share is not None]
        return min(shares) if shares and not self.suppressed else None

    @property
    def meets_target(self) -> bool | None:
        if self.suppressed:
            return None
        return all(a.meets_target for a in self.aspects)


RSS_KIND = "rss_yearly"


def _support_questions(year: int, questions: Iterable[Question] | None) -> list[Question] | None:
    """The RSS survey's measured support questions of `year`'s round; None without the survey or a round.

    From `questions` (measured_questions(year)) when they hold the survey; else read (3 queries)."""
    rss = [q for q in questions if q.template.kind == RSS_KIND] if questions is not None else []
    if rss:
        return [q for q in rss if q.is_measured and not q.goal] if rss[0].survey_has_round else None
    template = SurveyTemplate.objects.filter(kind=RSS_KIND).first()
    if template is None or not template.rounds.filter(year=year).exists():
        return None
    return [q for q in template.questions.all() if q.is_measured and not q.goal]


def rss_support(year: int, questions: Iterable[Question] | None = None) -> SupportResult | None:
    """Goal F for `year`, or None when there is no RSS survey or no round of it that year (3 queries, plus
    2 for the answers; the 2 alone with `questions`, measured_questions(year), given)."""
    support = _support_questions(year, questions)
    if support is None:
        return None
    return SupportResult(_results(support, year, {}) if support else [], min_group_size())


def goals_and_support(
    year: int, questions: Iterable[Question] | None = None
) -> tuple[list[GoalResult], SupportResult | None]:
    """goal_summary(year) and rss_support(year) for the whole region (no filters), their answers counted in
    the same 2 queries (plus 1 for the questions when `questions` is not given).

    The same figures as the two apart: each question's answers are those of its own survey's rounds."""
    questions = list(questions) if questions is not None else measured_questions(year)
    measured = _goal_questions(questions)
    support = _support_questions(year, questions)
    both = measured + (support or [])
    results = {r.question.pk: r for r in (_results(both, year, {}) if both else ())}
    goals = _group_goals(results[q.pk] for q in measured)
    if support is None:
        return goals, None
    return goals, SupportResult([results[q.pk] for q in support], min_group_size())


# --- The managers' training-needs survey (seed 002) ----------------------------------------------


def training_needs(year: int) -> dict[str, object] | None:
    """The needs survey of `year` summarised by competence area (3 queries).

    Not anonymous and not suppressed: the documented exception (a planning input, answered per
    municipality, and the form says so). Returns {"areas": [{"area", "managers", "municipalities"}],
    "responses": n, "municipalities": [names]} or None without a round that year. The planning view
    reads this as demand."""
    template = SurveyTemplate.objects.filter(kind=SurveyTemplate.Kind.TRAINING_NEEDS).first()
    if template is None:
        return None
    questions = [q for q in template.questions.all() if q.kind == Question.Kind.MULTIPLE]
    if not questions:
        return None
    question = questions[0]
    per_area = {}
    responses = set()
    for value, municipality, response_id in (
        Answer.objects.filter(round__year=year, round__template=template, question=question)
        .values_list("value", "response__municipality__name", "response_id")
        .order_by("response__municipality__name")
    ):
        responses.add(response_id)
        area = per_area.setdefault(value, {"managers": 0, "municipalities": {}})
        area["managers"] += 1
        name = municipality or "–"
        area["municipalities"][name] = area["municipalities"].get(name, 0) + 1
    answered = sorted(
        {
            m or "–"
            for m in Response.objects.filter(round__year=year, round__template=template).values_list(
                "municipality__name", flat=True
            )
        }
    )
    areas = [
        {
            "value": value,
            "area": label,
            "managers": per_area.get(value, {}).get("managers", 0),
            "municipalities": sorted(per_area.get(value, {}).get("municipalities", {}).items()),
        }
        for value, label in question.choices()
    ]
    areas.sort(key=lambda a: -a["managers"])
    return {"question": question, "areas": areas, "responses": len(responses), "municipalities": answered}


def training_demand(year: int) -> dict[str, int]:
    """For the planning view: competence area → number of managers who named it in `year`'s needs survey."""
    summary = training_needs(year)
    return {} if summary is None else {a["area"]: a["managers"] for a in summary["areas"]}


# --- Part C: comments from every survey (seed 004 part C) -----------------------------------------


@dataclass
class CommentGroup:
    """The comments of one survey round (and course): shown only when the group is large enough."""

    round: object
    course: object
    responses: int
    suppressed: bool
    comments: list = field(default_factory=list)  # dicts: id, question, text, handling note/date


def comments_by_group(year: int) -> list[CommentGroup]:
    """Every free-text comment of `year`'s rounds, grouped by course and survey round (4 queries).

    A group (round × course) is shown only if it takes every suppression block of its survey's
    responses in the year whole: the same blocks as the results page's (`response_atoms`), so that a
    list here and a list or number there differ, or overlap, by whole blocks of at least
    FOLLOWUP_MIN_GROUP_SIZE people, never by fewer."""
    from courses.models import Course

    from .models import SurveyRound

    course_at, round_at = ATOM.index("course"), ATOM.index("round")
    sizes, hidden = {}, set()
    for atoms in response_atoms(year).values():
        blocks = suppression_blocks(atoms, min_group_size())
        for atom, n in atoms.items():
            key = (atom[round_at], atom[course_at])
            sizes[key] = sizes.get(key, 0) + n
            if key not in hidden and not publishable(
                blocks, {round_at: key[0], course_at: key[1]}, min_group_size()
            ):
                hidden.add(key)
    rounds = {
        r.pk: r for r in SurveyRound.objects.filter(pk__in={r for r, _c in sizes}).select_related("template")
    }
    courses = {c.pk: c for c in Course.objects.filter(pk__in={c for _r, c in sizes if c})}
    texts = {}
    for pk, round_id, course_id, question_text, text, note, handled_on in (
        Answer.objects.filter(round__year=year, question__kind=Question.Kind.FREE_TEXT)
        .exclude(text="")
        .order_by("pk")  # random keys: no order of answering
        .values_list(
            "pk",
            "round_id",
            "response__course_id",
            "question__text",
            "text",
            "handling__note",
            "handling__handled_on",
        )
    ):
        if (round_id, course_id) in hidden:
            continue
        texts.setdefault((round_id, course_id), []).append(
            {"id": pk, "question": question_text, "text": text, "note": note, "handled_on": handled_on}
        )
    groups = [
        CommentGroup(rounds[r], courses.get(c), n, (r, c) in hidden, texts.get((r, c), []))
        for (r, c), n in sizes.items()
        if (r, c) in hidden or texts.get((r, c))
    ]
    groups.sort(key=lambda g: (g.course.name if g.course else "", g.round.template.name, g.round.pk))
    return groups
