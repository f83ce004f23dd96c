"""The start page's list of what each role can do, filled by each app for its own pages.

An app registers its items in its AppConfig.ready(); the start page shows an item as a link once
the URL exists, so a role's start page never links to a page that is not there.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

_items = []


@dataclass(frozen=True)
class StartItem:
    role: str
    label: str
    description: str
    url_name: str
    order: int = 100

    @property
    def url(self):
        return _reverse_or_none(self.url_name, get_script_prefix())


@lru_cache(maxsize=512)
def _reverse_or_none(url_name, script_prefix):
    """The menu and start pages reverse the same ~50 names on every page; the URLconf never changes at run time."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def register(role, label, description, url_name, order=100):
    item = StartItem(role, label, description, url_name, order)
    if item not in _items:
        _items.append(item)


def items_for(role):
    return sorted((i for i in _items if i.role == role), key=lambda i: (i.order, str(i.label)))


# Sections that higher apps add to the start page (an introduction plan, newcomers at risk): a template
# and a context function of the request; a context of None leaves the section out.
from .sections import SectionRegistry  # noqa: E402

_sections = SectionRegistry()


def register_section(template_name, context, order=100):
    _sections.register(template_name, context, order)


def sections_for(request):
    return _sections.shown(request)
