"""A registry of page sections that higher apps add to a lower app's page (the lower app cannot import
them). Each section is a template and a context function; a context of None leaves the section out."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template_name: str
    context: object
    order: int = 100


class SectionRegistry:
    def __init__(self):
        self._sections = []

    def register(self, template_name, context, order=100):
        section = Section(template_name, context, order)
        if section not in self._sections:
            self._sections.append(section)

    def shown(self, *args):
        """[(template_name, context)] of the sections that have something to show for `args`."""
        shown = []
        for section in sorted(self._sections, key=lambda s: s.order):
            context = section.context(*args)
            if context is not None:
                shown.append((section.template_name, context))
        return shown
