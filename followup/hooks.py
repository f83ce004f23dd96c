"""Questions followup asks of the enrollment app, answered by providers that enrollment registers.

followup sits above enrollment in the layers but is built in parallel with it, so the two facts it
needs from enrollment are asked through this small registry. Until a provider is registered the
defaults are deliberately cautious: nobody counts as having taken a course (so goal 3's course
questions are not shown) and nobody is listed as being on the Erfaren step (so the Erfaren yearly
round invites nobody).

Wiring at merge, e.g. in enrollment/apps.py ready() – enrollment must not import followup, so the
registration lives in followup/apps.py instead::

    from enrollment import selectors
    hooks.register("completed_course_in_year", selectors.completed_course_in_year)
    hooks.register("people_on_step", selectors.people_on_step)
"""
_providers = {}


def register(name, provider):
    """Install `provider` for the hook `name` ("completed_course_in_year" or "people_on_step")."""
    if name not in _DEFAULTS:
        raise KeyError(name)
    _providers[name] = provider


def unregister(name):
    _providers.pop(name, None)


def completed_course_in_year(person, year):
    """Did `person` complete at least one course in `year`? Decides goal 3's conditional questions."""
    return bool(_providers.get("completed_course_in_year", _DEFAULTS["completed_course_in_year"])(person, year))


def people_on_step(step_slug):
    """The people whose current step has slug `step_slug` (the Erfaren yearly round's audience)."""
    return list(_providers.get("people_on_step", _DEFAULTS["people_on_step"])(step_slug))


_DEFAULTS = {
    "completed_course_in_year": lambda person, year: False,
    "people_on_step": lambda step_slug: [],
}
