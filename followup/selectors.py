"""Aggregate results of the follow-up surveys, reused by the results page, the exports, the dashboard
and the yearly report.

All functions are pure reads. Every number that could describe a small group goes through
`_suppressed`: a group (or a question within it) with fewer than FOLLOWUP_MIN_GROUP_SIZE answers
shows "för få svar" instead of shares, counts per option or free text. So that a small group cannot
be worked out by subtraction, a filtered group is also hidden when the group without one of its
filters differs from it by fewer than the minimum, and a breakdown hides further groups until the
hidden ones together reach the minimum. Filters are keyword arguments
`municipality`, `step`, `course` (model instances or ids) and `respondent_role`; callers restrict a
manager to their own municipality through followup.access before calling.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from .models import Answer, Invitation, Question, Response, SurveyTemplate
from .scales import options_for, target_share

TOO_FEW = _("för få svar")
FILTERS = ("municipality", "step", "course", "respondent_role")


def min_group_size():
    return getattr(settings, "FOLLOWUP_MIN_GROUP_SIZE", 5)


def _suppressed(count):
    return count < min_group_size()


def _filter(queryset, filters, prefix=""):
    for name in FILTERS:
        value = filters.get(name)
        if value not in (None, ""):
            key = name if name == "respondent_role" else f"{name}_id"
            queryset = queryset.filter(**{prefix + key: getattr(value, "pk", value)})
    return queryset


def open_invitations_for(person, today=None):
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


def responses_for(template, year, **filters):
    """The responses to `template` in `year`, narrowed by the group filters."""
    return _filter(Response.objects.filter(round__template=template, round__year=year), filters)


@dataclass
class Rate:
    invited: int
    answered: int
    suppressed: bool

    @property
    def percent(self):
        if self.suppressed or not self.invited:
            return None
        return round(100 * self.answered / self.invited, 1)


def response_rate(template, year, **filters):
    """Invited and answered in a group; hidden (suppressed) when fewer than the minimum answered."""

    def counts(group_filters):
        invitations = _filter(
            Invitation.objects.filter(round__template=template, round__year=year), group_filters
        )
        return invitations.aggregate(invited=Count("pk"), answered=Count("pk", filter=~_unanswered()))

    own = counts(filters)
    parents = [counts(_without(filters, name))["answered"] for name in _active(filters)]
    hidden = _suppressed(own["answered"]) or any(
        p > own["answered"] and _suppressed(p - own["answered"]) for p in parents
    )
    return Rate(own["invited"], own["answered"], hidden)


def _unanswered():
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
    def target(self):
        return self.question.target_percent

    @property
    def meets_target(self):
        return self.share is not None and self.share >= self.target


def _active(filters):
    return [name for name in FILTERS if filters.get(name) not in (None, "")]


def _without(filters, name):
    return {k: v for k, v in filters.items() if k != name}


def _answers(questions, year, filters, template=None):
    """The answers to `questions` in the rounds of `year` (of `template`, or else of each question's own
    survey), narrowed by the group filters. Read through the index on (round, question, value, response)."""
    answers = Answer.objects.filter(round__year=year, question__in=questions)
    if template is not None:
        answers = answers.filter(round__template=template)
    else:
        answers = answers.filter(round__template=F("question__template"))
    return _filter(answers, filters, prefix="response__")


def _respondents(questions, year, filters, template=None):
    """question id → number of responses in the group that answered it."""
    return dict(
        _answers(questions, year, filters, template)
        .values_list("question_id")
        .annotate(n=Count("response", distinct=True))
        .values_list("question_id", "n")
    )


def question_results(template, year, *, questions=None, **filters):
    """One QuestionResult per question of `template` (free text: only the number who wrote)."""
    questions = list(questions if questions is not None else template.questions.all())
    return _results(questions, year, filters, template)


def _results(questions, year, filters, template=None):
    """QuestionResults for `questions` (of one or several surveys): 2 queries, plus 1 per active filter."""
    per_value = {}
    answers = _answers(questions, year, filters, template)
    for qid, value, count in (
        answers.values_list("question_id", "value")
        .annotate(n=Count("*"))
        .values_list("question_id", "value", "n")
    ):
        per_value.setdefault(qid, {})[value] = count
    respondents = _respondents(questions, year, filters, template)
    # "The whole minus this group" must not reveal a small group either: for each filter, the group
    # without it is the parent, and a parent that differs by fewer than the minimum hides this one.
    parents = [_respondents(questions, year, _without(filters, name), template) for name in _active(filters)]
    results = []
    for question in questions:
        n = respondents.get(question.pk, 0)
        hidden = _suppressed(n) or any(
            _suppressed(p.get(question.pk, 0) - n) and p.get(question.pk, 0) > n for p in parents
        )
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


def measured_results(template, year, **filters):
    """Question results for the questions measured against a target only."""
    return [r for r in question_results(template, year, **filters) if r.question.is_measured]


@dataclass
class GoalResult:
    goal: int
    aspects: list  # QuestionResult for each measured question of the goal (all surveys measuring it)

    @property
    def meets_target(self):
        shown = [a for a in self.aspects if not a.suppressed]
        if not shown:
            return None
        return all(a.meets_target for a in shown)


def goal_summary(year, **filters):
    """Each goal 1–7 of seed 004 part B with its measured aspects in `year`, across all surveys.

    The measured questions of every survey are counted together: 4 queries (plus 1 per active filter),
    however many surveys there are."""
    measured = [
        q
        for template in SurveyTemplate.objects.prefetch_related("questions")
        for q in template.questions.all()
        if q.is_measured and q.goal
    ]
    goals = {}
    for result in _results(measured, year, filters) if measured else ():
        goals.setdefault(result.question.goal, []).append(result)
    return [GoalResult(goal, aspects) for goal, aspects in sorted(goals.items())]


GROUPS = {
    "municipality": ("municipality", "municipality__name"),
    "step": ("step", "step__name"),
    "course": ("course", "course__name"),
}


def results_by_group(template, year, group, **filters):
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
    hidden = _secondary_suppression({group_id: n for group_id, _name, n in groups})
    rows = []
    for group_id, name, n in groups:
        suppressed = group_id in hidden
        shares = []
        if not suppressed:
            shares = question_results(template, year, questions=questions, **{**filters, key: group_id})
        rows.append(
            {"id": group_id, "name": name, "responses": n, "suppressed": suppressed, "shares": shares}
        )
    return questions, rows


def _secondary_suppression(sizes):
    """The groups to hide: the small ones, plus the smallest others until the hidden ones together
    reach the minimum – otherwise "the whole minus the groups shown" would reveal a small group."""
    hidden = {g for g, n in sizes.items() if _suppressed(n)}
    shown = sorted((n, g) for g, n in sizes.items() if g not in hidden)
    while hidden and shown and _suppressed(sum(sizes[g] for g in hidden)):
        hidden.add(shown.pop(0)[1])
    return hidden


def free_text_answers(template, year, **filters):
    """Free-text answers per question, in random order, for groups large enough (project leader only)."""
    responses = responses_for(template, year, **filters)
    if _suppressed(responses.count()):
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


def results_table(template, year, **filters):
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
        base = [template.name, year, question.label_with_goal, question.text]
        target = question.target_percent if question.is_measured else ""
        if result.suppressed:
            rows.append(base + [str(TOO_FEW), "", "", "", target])
            continue
        share = result.share if question.is_measured and result.share is not None else ""
        for option in result.distribution:
            rows.append(base + [result.respondents, str(option.label), option.count, share, target])
    return headers, rows


def goal_table(year, **filters):
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
            base = [year, question.label_with_goal, question.template.name, question.text]
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


def trainer_spread(year):
    """Goal 7's second measure: active trainers per municipality against its population in `year`.

    Rows of dicts {"municipality", "trainers", "population", "per_10000"} for every municipality,
    so the ones without trainers show too. Counts of trainers are not survey answers: no suppression.
    """
    from courses.selectors import active_trainers_by_municipality
    from municipalities.models import Municipality, PopulationFigure

    trainers = active_trainers_by_municipality()  # the courses app's definition of an active trainer
    latest = {}
    for municipality_id, population in (
        PopulationFigure.objects.filter(date__year__lte=year)
        .order_by("date")
        .values_list("municipality_id", "population")
    ):
        latest[municipality_id] = population  # ordered by date: the latest one in or before `year` wins
    rows = []
    for municipality in Municipality.objects.all():
        population = latest.get(municipality.pk)
        n = trainers.get(municipality.pk, 0)
        rows.append(
            {
                "municipality": municipality,
                "trainers": n,
                "population": population,
                "per_10000": round(10000 * n / population, 2) if population else None,
            }
        )
    return rows


@dataclass
class SupportResult:
    """Project goal F (seed 004 part A) from the yearly RSS survey: every measured support aspect of the
    survey (questions measured but tied to no effect goal) must reach its target."""

    aspects: list
    min_size: int

    @property
    def respondents(self):
        return max((a.respondents for a in self.aspects), default=0)

    @property
    def suppressed(self):
        return not self.aspects or any(a.suppressed for a in self.aspects)

    @property
    def percent(self):
        shares = [a.share for a in self.aspects if a.share is not None]
        return min(shares) if shares and not self.suppressed else None

    @property
    def meets_target(self):
        if self.suppressed:
            return None
        return all(a.meets_target for a in self.aspects)


RSS_KIND = "rss_yearly"


def rss_support(year):
    """Goal F for `year`, or None when there is no RSS survey or no round of it that year (3 queries)."""
    template = SurveyTemplate.objects.filter(kind=RSS_KIND).first()
    if template is None or not template.rounds.filter(year=year).exists():
        return None
    questions = [q for q in template.questions.all() if q.is_measured and not q.goal]
    return SupportResult(_results(questions, year, {}, template) if questions else [], min_group_size())


# --- The managers' training-needs survey (seed 002) ----------------------------------------------


def training_needs(year):
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


def training_demand(year):
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


def comments_by_group(year):
    """Every free-text comment of `year`'s rounds, grouped by course and survey round (4 queries).

    A group (round × course) with fewer responses than the minimum is hidden, and so many more of the
    same round as it takes for the hidden ones together to reach the minimum (so that a round's total
    minus the groups shown cannot reveal a small one)."""
    from courses.models import Course

    from .models import SurveyRound

    sizes = {}
    for round_id, course_id, n in (
        Response.objects.filter(round__year=year)
        .values_list("round_id", "course_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "course_id", "n")
    ):
        sizes[(round_id, course_id)] = n
    hidden = set()
    for round_id in {r for r, _c in sizes}:
        in_round = {key: n for key, n in sizes.items() if key[0] == round_id}
        hidden |= _secondary_suppression(in_round)
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
