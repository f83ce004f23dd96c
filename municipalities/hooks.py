"""Sections that higher apps add to a municipality's page, such as its course activity.

municipalities sits below courses and enrollment, so it cannot import them; instead an app
registers a section in its AppConfig.ready():

    from municipalities import hooks
    hooks.register_section("courses/municipality_section.html", course_activity, order=10)

`context(request, municipality)` returns the template's context, or None to leave the section out
(for example for a role that may not see it). Each template starts with an <h2>.
"""

from core.sections import SectionRegistry

_sections = SectionRegistry()


def register_section(template_name, context, order=100):
    _sections.register(template_name, context, order)


def sections_for(request, municipality):
    """[(template_name, context)] of the registered sections that have something to show."""
    return _sections.shown(request, municipality)
