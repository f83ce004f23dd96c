"""Hooks through which a higher app (enrollment) tells the catalogue about places taken and
adds its own sections to an occasion's page, without the catalogue importing it.

The enrollment app registers, in its AppConfig.ready():

    from courses import hooks
    hooks.register_places_taken(
        count=lambda occasion: ...,                     # int: places taken on one occasion
        expression=lambda occasion_ref: Coalesce(Subquery(...OuterRef(occasion_ref)...), 0),
    )
    hooks.register_occasion_section(lambda request, occasion: "<section>…</section>" or "")
    hooks.register_current_steps(lambda person: {journey_id: step_id, …})  # where the person is now
    hooks.register_participants(lambda occasion_ids: {occasion_id: {person_id, …}, …})  # for clash checks

`expression(occasion_ref)` returns a query expression counting the places taken on the occasion
whose primary key the outer query calls `occasion_ref` ("pk" for an occasion queryset,
"occasion_id" for a course-day queryset); it lets lists annotate every row in one query
instead of counting per row. Until something registers, no place is taken.
"""

from django.db.models import IntegerField, Value

_count_providers = []
_expression_providers = []
_occasion_sections = []
_current_step_providers = []


def register_places_taken(count, expression=None):
    if count not in _count_providers:
        _count_providers.append(count)
    if expression is not None and expression not in _expression_providers:
        _expression_providers.append(expression)


def unregister_places_taken(count, expression=None):
    """For tests that register a provider of their own."""
    if count in _count_providers:
        _count_providers.remove(count)
    if expression in _expression_providers:
        _expression_providers.remove(expression)


def places_taken(occasion):
    """Places taken on one occasion, as the registered providers count them (0 without any)."""
    if occasion.pk is None:
        return 0
    return sum(int(provider(occasion)) for provider in _count_providers)


def places_taken_expression(occasion_ref="pk"):
    """An expression for `.annotate(places_taken=…)`; Value(0) until a provider registers one."""
    expressions = [provider(occasion_ref) for provider in _expression_providers]
    if not expressions:
        return Value(0, output_field=IntegerField())
    total = expressions[0]
    for expression in expressions[1:]:
        total = total + expression
    return total


def register_occasion_section(section):
    """`section(request, occasion)` returns HTML (e.g. a participant list) or "" to show nothing."""
    if section not in _occasion_sections:
        _occasion_sections.append(section)


def occasion_sections(request, occasion):
    return [html for html in (section(request, occasion) for section in _occasion_sections) if html]


def register_current_steps(provider):
    """`provider(person)` returns {journey id: id of the step the person is on now}."""
    if provider not in _current_step_providers:
        _current_step_providers.append(provider)


def current_steps(person):
    """{journey id: step id} of the person's current steps; empty until something registers."""
    steps = {}
    for provider in _current_step_providers:
        steps.update(provider(person))
    return steps


_participant_providers = []


def register_participants(provider):
    """`provider(occasion_ids)` returns {occasion id: set of ids of the people holding a place on it}."""
    if provider not in _participant_providers:
        _participant_providers.append(provider)


def participants(occasion_ids):
    """{occasion id: set of person ids} holding a place, as the registered providers see it (empty without)."""
    result = {}
    for provider in _participant_providers:
        for occasion_id, people in provider(occasion_ids).items():
            result.setdefault(occasion_id, set()).update(people)
    return result


_course_sections = []


def register_course_section(section):
    """`section(request, course)` returns HTML (e.g. an interest list's button) or "" to show nothing."""
    if section not in _course_sections:
        _course_sections.append(section)


def course_sections(request, course):
    return [html for html in (section(request, course) for section in _course_sections) if html]


_demand_providers = []


def register_demand(provider):
    """`provider()` returns {course id: people waiting for an occasion (e.g. an interest list)}."""
    if provider not in _demand_providers:
        _demand_providers.append(provider)


def demand():
    """{course id: people waiting}, summed over the registered providers (empty without any)."""
    result = {}
    for provider in _demand_providers:
        for course_id, count in provider().items():
            result[course_id] = result.get(course_id, 0) + count
    return result
