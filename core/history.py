"""The audit history of one object as people read it, from django-auditlog: who, when, what, and each
changed field old → new, newest first. The agreement page and the person page show it."""

from __future__ import annotations

from collections.abc import Callable

from auditlog.models import LogEntry
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("Skapad"),
    LogEntry.Action.UPDATE: gettext_lazy("Ändrad"),
    LogEntry.Action.DELETE: gettext_lazy("Borttagen"),
    LogEntry.Action.ACCESS: gettext_lazy("Läst"),
}
# auditlog keeps a yes/no field's value as text.
YES_NO = {"True": gettext_lazy("ja"), "False": gettext_lazy("nej")}
HIDDEN = {"ID"}


def _readable(value: str | None) -> object:
    if value in (None, "", "None"):
        return "–"
    return YES_NO.get(value, value)


def audit_history(obj: Model, show: Callable[[str, object], object] | None = None) -> list[dict[str, object]]:
    """[{timestamp, actor, action, changes: [(field, old, new)]}] for `obj`; `show(field, value)` may
    replace a value that says nothing to a reader (None: keep it)."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
    history = []
    for entry in entries:
        changes = []
        for field, (old, new) in entry.changes_display_dict.items():
            if field in HIDDEN:
                continue
            old, new = _readable(old), _readable(new)
            if show is not None:
                old, new = show(field, old), show(field, new)
            changes.append((capfirst(field), old, new))
        history.append(
            {
                "timestamp": entry.timestamp,
                "actor": entry.actor,
                "action": ACTIONS.get(entry.action, entry.get_action_display()),
                "changes": changes,
            }
        )
    return history
