"""Sections that higher apps (followup) add to the participant's journey page ("Min yrkesresa").

enrollment cannot import followup, so followup registers in its AppConfig.ready():

    from enrollment import hooks
    hooks.register_journey_section("followup/_journey_surveys.html", open_surveys_context, order=10)

`context(request)` returns the template's context, or None to leave the section out. Each template
starts with an <h2>.
"""

from core.sections import SectionRegistry

_sections = SectionRegistry()


def register_journey_section(template_name, context, order=100):
    _sections.register(template_name, context, order)


def journey_sections(request):
    """[(template_name, context)] of the registered sections that have something to show."""
    return _sections.shown(request)
