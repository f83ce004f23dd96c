"""Sections that higher apps (followup) add to the participant's journey page ("Min yrkesresa").

enrollment cannot import followup, so followup registers in its AppConfig.ready():

    from enrollment import hooks
    hooks.register_journey_section("followup/_journey_surveys.html", open_surveys_context, order=10)

`context(request)` returns the template's context, or None to leave the section out. Each template
starts with an <h2>.
"""
from dataclasses import dataclass

_sections = []


@dataclass(frozen=True)
class Section:
    template_name: str
    context: object
    order: int = 100


def register_journey_section(template_name, context, order=100):
    section = Section(template_name, context, order)
    if section not in _sections:
        _sections.append(section)


def journey_sections(request):
    """[(template_name, context)] of the registered sections that have something to show."""
    shown = []
    for section in sorted(_sections, key=lambda s: s.order):
        context = section.context(request)
        if context is not None:
            shown.append((section.template_name, context))
    return shown
