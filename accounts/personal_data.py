"""The registry behind a GDPR export and anonymisation: each app says what it holds about a person.

accounts sits below courses, enrollment and followup, so it cannot ask them directly. Each app calls
register() in its AppConfig.ready() with a collector (person -> JSON-able data) and/or an anonymiser
(person, placeholder_email -> None); the export and person_anonymise() go through every registration.
"""
import datetime
import decimal
import uuid

from django.utils.translation import gettext_lazy as _

_sections = {}  # section name -> {"collector", "anonymiser", "title"}

# Swedish labels for the PDF; the JSON keeps the English keys (stable for machines).
LABELS = {
    "id": _("id"), "email": _("e-postadress"), "first_name": _("förnamn"), "last_name": _("efternamn"),
    "phone": _("telefon"), "title": _("befattning"), "municipality": _("kommun"), "roles": _("roller"),
    "manager": _("närmaste chef"), "name": _("namn"), "is_active": _("aktiv"), "date_joined": _("skapad"),
    "last_login": _("senaste inloggning"), "email_addresses": _("e-postadresser"), "verified": _("bekräftad"),
    "primary": _("primär"), "timestamp": _("tidpunkt"), "object_type": _("typ"), "object": _("objekt"),
    "action": _("åtgärd"), "changes": _("ändringar"), "by": _("utförd av"),
    "this_person_made_the_change": _("ändrad av personen själv"), "subject": _("ämne"),
    "sent_at": _("skickat"),
    "recipient": _("mottagare"), "page": _("sida"), "description": _("beskrivning"),
    "created_at": _("inkommet"),
    "occasion": _("kurstillfälle"), "status": _("status"), "reason": _("motivering"),
    "requested_at": _("anmäld"), "decided_at": _("beslutad"), "events": _("händelser"), "at": _("tidpunkt"),
    "from": _("från"), "to": _("till"), "attendance": _("närvaro"), "day": _("kursdag"),
    "present": _("närvarande"), "journey": _("yrkesresa"), "step": _("steg"), "since": _("från"),
    "course": _("kurs"), "enrollment": _("anmälan"), "profile": _("utbildarprofil"), "courses": _("kurser"),
    "trained_on": _("utbildad till utbildare"), "occasions_led": _("kurstillfällen som kursledare"),
    "occasions_as_trainer": _("kurstillfällen som utbildare"), "survey": _("enkät"),
    "expires_on": _("länken gäller till"), "answered_on": _("besvarad"), "reminders_sent": _("påminnelser"),
    "unsent_draft_answers": _("sparade men ej inskickade svar"),
}


def register(section, collector=None, anonymiser=None, title=None):
    """Register (or replace: ready() may run twice) what one app collects and anonymises."""
    _sections[section] = {"collector": collector, "anonymiser": anonymiser, "title": title or section}


def placeholder_email(person):
    """A unique address that can never receive mail (.invalid is reserved, RFC 2606)."""
    return f"anonymiserad-{person.pk}@invalid"


def collect(person):
    """Everything the portal holds about the person, section by section, ready for json.dumps."""
    return {name: _jsonable(entry["collector"](person))
            for name, entry in _sections.items() if entry["collector"] is not None}


def anonymisers():
    return [entry["anonymiser"] for entry in _sections.values() if entry["anonymiser"] is not None]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def as_readable(data):
    """The export as (section, [(label, text)]) blocks for the PDF: nested values on indented lines."""
    blocks = []
    for section, value in data.items():
        lines = []
        _flatten(value, "", 0, lines)
        entry = _sections.get(section)
        blocks.append((entry["title"] if entry else section, lines))
    return blocks


def _flatten(value, label, depth, lines):
    if isinstance(value, dict):
        if label:
            lines.append((depth, label, ""))
        for key, item in value.items():
            _flatten(item, str(LABELS.get(key, key)), depth + (1 if label else 0), lines)
    elif isinstance(value, list):
        if not value:
            lines.append((depth, label, "–"))
            return
        if not any(isinstance(item, (dict, list)) for item in value):
            text = ", ".join("–" if item in (None, "") else str(item) for item in value)
            lines.append((depth, label, text))
            return
        if label:
            lines.append((depth, label, ""))
        for number, item in enumerate(value, start=1):
            _flatten(item, f"{number}.", depth + 1, lines)
    elif isinstance(value, bool):
        lines.append((depth, label, str(_("ja") if value else _("nej"))))
    else:
        lines.append((depth, label, "–" if value in (None, "") else str(value)))
