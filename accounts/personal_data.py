"""The registry behind a GDPR export and anonymisation: each app says what it holds about a person.

accounts sits below courses, enrollment and followup, so it cannot ask them directly. Each app calls
register() in its AppConfig.ready() with a collector (person -> JSON-able data) and/or an anonymiser
(person, placeholder_email -> None); the export and person_anonymise() go through every registration.
"""

import datetime
import decimal
import uuid

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

_sections = {}  # section name -> {"collector", "anonymiser", "title"}

# Swedish labels for the PDF; the JSON keeps the English keys (stable for machines).
LABELS = {
    "id": _("id"),
    "email": _("e-postadress"),
    "first_name": _("förnamn"),
    "last_name": _("efternamn"),
    "phone": _("telefon"),
    "title": _("befattning"),
    "municipality": _("kommun"),
    "roles": _("roller"),
    "manager": _("närmaste chef"),
    "name": _("namn"),
    "is_active": _("aktiv"),
    "date_joined": _("skapad"),
    "last_login": _("senaste inloggning"),
    "email_addresses": _("e-postadresser"),
    "verified": _("bekräftad"),
    "primary": _("primär"),
    "timestamp": _("tidpunkt"),
    "object_type": _("typ"),
    "object": _("objekt"),
    "action": _("åtgärd"),
    "changes": _("ändringar"),
    "by": _("utförd av"),
    "this_person_made_the_change": _("ändrad av personen själv"),
    "subject": _("ämne"),
    "sent_at": _("skickat"),
    "recipient": _("mottagare"),
    "page": _("sida"),
    "description": _("beskrivning"),
    "created_at": _("inkommet"),
    "occasion": _("kurstillfälle"),
    "status": _("status"),
    "reason": _("motivering"),
    "requested_at": _("anmäld"),
    "decided_at": _("beslutad"),
    "events": _("händelser"),
    "at": _("tidpunkt"),
    "from": _("från"),
    "to": _("till"),
    "attendance": _("närvaro"),
    "day": _("kursdag"),
    "present": _("närvarande"),
    "journey": _("yrkesresa"),
    "step": _("steg"),
    "since": _("från"),
    "course": _("kurs"),
    "enrollment": _("anmälan"),
    "profile": _("utbildarprofil"),
    "courses": _("kurser"),
    "trained_on": _("utbildad till utbildare"),
    "occasions_led": _("kurstillfällen som kursledare"),
    "occasions_as_trainer": _("kurstillfällen som utbildare"),
    "survey": _("enkät"),
    "expires_on": _("länken gäller till"),
    "answered_on": _("besvarad"),
    "reminders_sent": _("påminnelser"),
    "unsent_draft_answers": _("sparade men ej inskickade svar"),
}


class Ref(dict):
    """A related object: {"id": 10, "name": "Luleå"} in the JSON, just its name in the PDF.

    Extra keys (e.g. an e-mail) are kept in the JSON and shown in brackets in the PDF.
    """

    def __init__(self, obj=None, *, pk=None, name=None, **extra):
        if obj is not None:
            pk, name = obj.pk, _display_name(obj)
        super().__init__(id=pk, name=name, **extra)


def _display_name(obj):
    # A person is named, never shown by e-mail address (someone else's address is not theirs to get).
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or None
    return str(obj)


class Labelled(dict):
    """A dict whose keys are not in LABELS (model fields, question ids): it carries its own PDF labels;
    the JSON keeps the keys."""

    def __init__(self, items, labels):
        super().__init__(items)
        self.labels = labels


class Coded(str):
    """A stable code in the JSON (e.g. "create") with a readable label for the PDF (e.g. "skapad")."""

    def __new__(cls, code, label):
        value = super().__new__(cls, code)
        value.label = label
        return value


def register(section, collector=None, anonymiser=None, title=None, purpose=None):
    """Register (or replace: ready() may run twice) what one app collects and anonymises; `purpose`
    says in a sentence to the person why the portal holds it (the PDF letter shows it)."""
    _sections[section] = {
        "collector": collector,
        "anonymiser": anonymiser,
        "title": title or section,
        "purpose": purpose or "",
    }


def placeholder_email(person):
    """A unique address that can never receive mail (.invalid is reserved, RFC 2606)."""
    return f"anonymiserad-{person.pk}@invalid"


def collect_raw(person):
    """Everything the portal holds about the person, section by section, as the collectors gave it
    (dates, Refs, Coded values: as_readable() makes text of them for the PDF)."""
    return {
        name: entry["collector"](person)
        for name, entry in _sections.items()
        if entry["collector"] is not None
    }


def collect(person):
    """The same, ready for json.dumps: stable keys, ISO dates, times with their offset (local time)."""
    return _jsonable(collect_raw(person))


def anonymisers():
    return [entry["anonymiser"] for entry in _sections.values() if entry["anonymiser"] is not None]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Coded):
        return str.__str__(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def as_readable(data):
    """The export (as collect_raw gives it) as (section, purpose, [(depth, label, text)]) blocks for the
    PDF letter: Swedish labels, Ja/Nej, names instead of ids, local dates and times; nested values
    indented. Database ids are left out (they mean nothing to a person; the JSON keeps them), and a
    section with nothing in it has no lines (the letter says so in words)."""
    blocks = []
    for section, value in data.items():
        lines = []
        if not _is_empty(value):
            _flatten(value, "", 0, lines)
        entry = _sections.get(section)
        blocks.append((entry["title"] if entry else section, entry["purpose"] if entry else "", lines))
    return blocks


def _is_empty(value):
    if _is_scalar(value):
        return value in (None, "")
    items = value.values() if isinstance(value, dict) else value
    return all(_is_empty(item) for item in items)


def _is_scalar(value):
    return isinstance(value, Ref) or not isinstance(value, (dict, list, tuple, set))


def _flatten(value, label, depth, lines):
    if _is_scalar(value):
        lines.append((depth, label, readable(value)))
    elif isinstance(value, dict):
        if label:
            lines.append((depth, label, ""))
        own = getattr(value, "labels", {})
        for key, item in value.items():
            if key == "id":
                continue
            if not _is_scalar(item) and _is_empty(item):
                lines.append((depth + (1 if label else 0), str(own.get(key) or LABELS.get(key, key)), "–"))
                continue
            _flatten(item, str(own.get(key) or LABELS.get(key, key)), depth + (1 if label else 0), lines)
    else:
        value = list(value)
        if not value:
            lines.append((depth, label, "–"))
            return
        if all(_is_scalar(item) for item in value):
            lines.append((depth, label, ", ".join(readable(item) for item in value)))
            return
        if label:
            lines.append((depth, label, ""))
        for number, item in enumerate(value, start=1):
            _flatten(item, f"{number}.", depth + 1, lines)


def readable(value):
    """One value as a person reads it (in the active language; times in the portal's time zone)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, Coded):
        return str(value.label)
    if isinstance(value, Ref):
        name = value.get("name") or str(_("okänd (nr %(id)s)") % {"id": value.get("id")})
        extra = [
            readable(item)
            for key, item in value.items()
            if key not in ("id", "name") and item not in (None, "")
        ]
        return f"{name} ({', '.join(extra)})" if extra else name
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)
