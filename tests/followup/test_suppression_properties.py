"""The subtraction attack on survey results, tried on generated data with every filter combination.

The attacker sees everything the results page and the exports show (as the project leader, who sees
the most) and combines it linearly: sums and differences of distributions, counts and comment
lists. Every number shown is a sum over the people of a group, so what can be learned is exactly
the span of the groups' indicator vectors. A group of fewer than FOLLOWUP_MIN_GROUP_SIZE people is
exposed when some vector in that span is non-zero only on them, which `_exposed_groups` finds with
exact rational arithmetic.
"""

import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.disclosure import publishable, suppression_blocks

MINIMUM = 5


# --- Exact linear algebra ------------------------------------------------------------------------


def _rank(rows):
    rows = [[Fraction(x) for x in row] for row in rows if any(row)]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _exposed_groups(counts, shown_cells):
    """Groups of fewer than MINIMUM people about whom the shown cells reveal something.

    `counts`: atom → people; `shown_cells`: the groups whose sums were shown (attribute index → value).
    A vector in the span of the shown groups that is non-zero only on atoms U exists exactly when
    dropping U's columns lowers the rank. Only unions of whole atoms need trying: everything shown is
    the same for people of one atom.
    """
    atoms = sorted(counts, key=repr)
    matrix = [[1 if all(a[i] == v for i, v in cell.items()) else 0 for a in atoms] for cell in shown_cells]
    if not matrix:
        return []
    full = _rank(matrix)
    small = [i for i, a in enumerate(atoms) if counts[a] < MINIMUM]
    exposed = []
    for size in range(1, MINIMUM):
        for combo in itertools.combinations(small, size):
            if sum(counts[atoms[i]] for i in combo) >= MINIMUM:
                continue
            rest = [[row[j] for j in range(len(atoms)) if j not in combo] for row in matrix]
            if _rank(rest) < full:
                exposed.append([atoms[i] for i in combo])
    return exposed


def _every_cell(counts, width):
    """Every combination of filters a reader can choose: each attribute either open or one value."""
    values = [sorted({a[i] for a in counts}, key=repr) for i in range(width)]
    for choice in itertools.product(*[[None, *v] for v in values]):
        yield {i: v for i, v in enumerate(choice) if v is not None}


def test_the_attack_finds_what_the_old_rule_let_through():
    """The issue's example: 6 in a municipality, 5 with step and course as well: one person's answers."""
    counts = {("X", "S1", "C1"): 5, ("X", "S2", "C2"): 1, ("Y", "S1", "C1"): 7}
    shown = [{}, {0: "X"}, {0: "X", 1: "S1", 2: "C1"}, {0: "Y"}]
    assert _exposed_groups(counts, shown) == [[("X", "S2", "C2")]]


atoms_strategy = st.dictionaries(
    keys=st.tuples(
        st.sampled_from(["Luleå", "Piteå", "Kiruna"]),
        st.sampled_from(["social_worker", "manager"]),
        st.sampled_from(["Ny", "Van", None]),
        st.sampled_from(["C1", "C2", None]),
    ),
    values=st.integers(min_value=1, max_value=9),
    max_size=9,
)


@settings(max_examples=150, deadline=None)
@given(counts=atoms_strategy)
def test_no_combination_of_shown_groups_isolates_fewer_than_the_minimum(counts):
    blocks = suppression_blocks(counts, MINIMUM)
    assert sum(blocks.sizes) == sum(counts.values())
    assert sum(len(b) for b in blocks) == len(counts)  # a partition of the atoms
    assert len(blocks) <= 1 or min(blocks.sizes) >= MINIMUM
    shown = [cell for cell in _every_cell(counts, 4) if publishable(blocks, cell, MINIMUM)]
    assert _exposed_groups(counts, shown) == []
    # The plain subtraction in particular: two shown groups, one inside the other, differ by none or
    # by at least the minimum.
    size = {repr(c): sum(n for a, n in counts.items() if all(a[i] == v for i, v in c.items())) for c in shown}
    for big, part in itertools.permutations(shown, 2):
        if part.items() >= big.items():
            assert size[repr(big)] - size[repr(part)] in (0,) or size[repr(big)] - size[repr(part)] >= MINIMUM


@settings(max_examples=60, deadline=None)
@given(counts=atoms_strategy)
def test_a_group_large_enough_everywhere_is_shown_everywhere(counts):
    """The rule hides only what it must: when every atom is large enough, every group is shown."""
    counts = {a: n + MINIMUM for a, n in counts.items()}
    blocks = suppression_blocks(counts, MINIMUM)
    for cell in _every_cell(counts, 4):
        has_people = any(all(a[i] == v for i, v in cell.items()) for a in counts)
        assert publishable(blocks, cell, MINIMUM) == has_people


# --- Through the results page's and the exports' own selectors --------------------------------


@pytest.fixture
def survey_world(norrbotten, settings):
    """Two municipalities, two steps with a course each, the course evaluation and its questions."""
    from courses.models import Course, Journey, Step
    from followup.models import SurveyRound, SurveyTemplate
    from municipalities.models import Municipality

    settings.FOLLOWUP_MIN_GROUP_SIZE = MINIMUM
    journey = Journey.objects.create(name="Barn och unga", slug="bu")
    steps = [
        Step.objects.create(journey=journey, name=n, slug=n.lower(), order=i, years_from=i, years_to=i + 2)
        for i, n in enumerate(["Ny", "Van"], 1)
    ]
    courses = [
        Course.objects.create(step=s, name=f"Kurs {s.name}", slug=f"kurs-{s.slug}", status="published")
        for s in steps
    ]
    template = SurveyTemplate.objects.get(kind="course_evaluation")
    round_ = SurveyRound.objects.create(
        template=template, year=2026, opens_on="2026-01-01", closes_on="2026-12-31"
    )
    return {
        "municipalities": list(Municipality.objects.order_by("pk")[:2]),
        "courses": courses,
        "round": round_,
        "template": template,
    }


person_strategy = st.tuples(
    st.integers(0, 1),  # municipality
    st.sampled_from(["social_worker", "manager"]),
    st.integers(0, 1),  # course (and its step)
    st.booleans(),  # answers the scale question
    st.booleans(),  # writes a comment
    st.integers(0, 3),  # which option
)


def _save(world, people):
    from followup.models import Answer, Question, Response

    template = world["template"]
    scale = next(q for q in template.questions.all() if q.kind == Question.Kind.SCALE)
    text = next(q for q in template.questions.all() if q.kind == Question.Kind.FREE_TEXT)
    for n, (m, role, c, answers_scale, writes, option) in enumerate(people):
        course = world["courses"][c]
        response = Response.objects.create(
            round=world["round"],
            municipality=world["municipalities"][m],
            step_id=course.step_id,
            course=course,
            respondent_role=role,
        )
        if answers_scale:
            value = scale.choices()[option % len(scale.choices())][0]
            Answer.objects.create(response=response, question=scale, value=value)
        if writes:
            Answer.objects.create(response=response, question=text, text=f"kommentar {n}")
    return scale


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(person_strategy, max_size=24))
def test_results_page_and_exports_reveal_nothing_about_fewer_than_the_minimum(survey_world, people):
    """Every filter combination the page and the exports offer, read as the project leader sees it."""
    from followup import selectors
    from followup.models import Answer, Response

    Answer.objects.all().delete()
    Response.objects.all().delete()
    world = survey_world
    scale = _save(world, people)
    template, year = world["template"], world["round"].year

    def atom(m, role, c):
        course = world["courses"][c]
        return (world["municipalities"][m].pk, role, course.step_id, course.pk)

    responses, answered = {}, {}
    for m, role, c, answers_scale, _writes, _option in people:
        a = atom(m, role, c)
        responses[a] = responses.get(a, 0) + 1
        if answers_scale:
            answered[a] = answered.get(a, 0) + 1
    names = selectors.ATOM
    shown_scale, shown_responses = [], []
    for cell in _every_cell(responses, 4):
        filters = {names[i]: v for i, v in cell.items()}
        # The page and the CSV/XLSX export: one result per question.
        result = next(r for r in selectors.question_results(template, year, **filters) if r.question == scale)
        table = [row for row in selectors.results_table(template, year, **filters)[1] if row[3] == scale.text]
        assert (str(selectors.TOO_FEW) in table[0]) == result.suppressed
        if not result.suppressed:
            shown_scale.append(cell)
        if selectors.free_text_answers(template, year, **filters) is not None:
            shown_responses.append(cell)
        if not selectors.response_rate(template, year, **filters).suppressed:
            shown_responses.append(cell)
        # The breakdowns under the page: each row is one more filter.
        for group in ("municipality", "step", "course"):
            if group in filters:
                continue
            _questions, rows = selectors.results_by_group(template, year, group, **filters)
            for row in rows:
                if not row["suppressed"]:
                    shown_responses.append({**cell, names.index(group): row["id"]})
    assert _exposed_groups(answered, shown_scale) == []
    assert _exposed_groups(responses, shown_responses) == []


# --- Part C's comment page together with the results page -------------------------------------


def _comment_cells(template, year, cells):
    """The groups of every comment list the results page (free text, for each filter combination in
    `cells`) and part C (per round and course) show, as cells (attribute index → value)."""
    from followup import selectors

    shown = []
    for cell in cells:
        filters = {selectors.ATOM[i]: v for i, v in cell.items()}
        if selectors.free_text_answers(template, year, **filters) is not None:
            shown.append(cell)
    course_at = selectors.ATOM.index("course")
    for group in selectors.comments_by_group(year):
        if not group.suppressed:
            shown.append({course_at: group.course.pk})  # one round in these tests
    return shown


def _small_pieces(counts, cells):
    """Groups of 1–4 people a reader isolates by comparing two comment lists: the comments in one list
    and not the other, or in both (a comment's text identifies it in every list)."""

    def people(cell):
        return {a for a in counts if all(a[i] == v for i, v in cell.items())}

    pieces = []
    for a, b in itertools.permutations(cells, 2):
        for piece in (people(a) - people(b), people(a) & people(b)):
            if 0 < sum(counts[x] for x in piece) < MINIMUM:
                pieces.append((a, b, sorted(piece, key=repr)))
    return pieces


def _atoms(world, people):
    counts = {}
    for m, role, c, _scale, _writes, _option in people:
        course = world["courses"][c]
        atom = (world["municipalities"][m].pk, role, course.step_id, course.pk)
        counts[atom] = counts.get(atom, 0) + 1
    return counts


@pytest.mark.django_db
def test_part_c_and_the_results_page_together_isolate_nobody(survey_world):
    """Luleå has five answers from one course and one from the other, Piteå five from the other: the
    results page shows Luleå's six comments, part C the first course's five; Luleå's list minus part
    C's would be one person's comment."""
    people = [(0, "social_worker", 0, True, True, 0)] * 5
    people += [(0, "social_worker", 1, True, True, 0)]
    people += [(1, "social_worker", 1, True, True, 0)] * 5
    _save(survey_world, people)
    template, year = survey_world["template"], survey_world["round"].year
    counts = _atoms(survey_world, people)
    cells = _comment_cells(template, year, list(_every_cell(counts, 4)))
    assert {} in cells  # everybody's comments are shown
    assert _small_pieces(counts, cells) == []


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(person_strategy, max_size=18))
def test_part_c_with_the_results_page_reveals_nothing_about_fewer_than_the_minimum(survey_world, people):
    """Every comment list both pages show, for generated data: the span of their groups isolates no
    small group, and no difference or intersection of two lists is about 1–4 people."""
    from followup.models import Answer, Response

    Answer.objects.all().delete()
    Response.objects.all().delete()
    _save(survey_world, people)
    template, year = survey_world["template"], survey_world["round"].year
    counts = _atoms(survey_world, people)
    cells = _comment_cells(template, year, list(_every_cell(counts, 4)))
    assert _exposed_groups(counts, cells) == []
    assert _small_pieces(counts, cells) == []
