"""Template context for every page: the main menu, built from the same role items as the start page."""

from . import start


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections, seen = [], set()
    for role in user.roles:
        items = [item for item in start.items_for(role) if item.url and item.url not in seen]
        seen.update(item.url for item in items)
        if items:
            sections.append({"role": role, "items": items})
    return {"nav_sections": sections}
