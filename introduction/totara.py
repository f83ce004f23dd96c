"""Completions of digital course parts from the national LMS (Totara).

Two layers, so that a scheduled import over Totara's web services can be added later without changing
the rest: a *source* yields `CompletionRecord`s (the CSV upload is one: `csv_read` + `csv_records`; a web
service client would be another, implementing `CompletionSource`), and `completions_import` matches and
saves them, all or nothing, listing every person and course it could not match.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import Course

from .models import DigitalCompletion, TotaraImport

MAX_BYTES = 2 * 1024 * 1024
TOKEN_SALT = "introduction.totara_import"
TOKEN_MAX_AGE = 60 * 60

# Header names Totara's report builder uses (Swedish and English), to propose the mapping.
GUESSES = {
    "person": ("e-post", "e-postadress", "email", "email address", "användarnamn", "username", "user"),
    "course": ("kursens kortnamn", "kortnamn", "course short name", "shortname", "short name", "course"),
    "date": ("slutförandedatum", "slutförd", "completion date", "date completed", "time completed", "datum"),
}


class ImportError_(Exception):
    """The file cannot be read at all; the message says why (nothing is stored)."""


@dataclass(frozen=True)
class CompletionRecord:
    line: int  # where it came from, for messages (a CSV line, a web-service page × index)
    person: str  # e-mail address or username
    course: str  # the course's short name in Totara (our course's kortnamn)
    completed_on: datetime.date


class CompletionSource(Protocol):
    """What any source of completions offers; `records()` raises nothing for a bad row, it reports it."""

    name: str

    def records(self) -> tuple[list[CompletionRecord], list[tuple[int, str]]]:
        """(records, errors as (line, message))"""


def csv_read(upload: UploadedFile) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of an uploaded CSV file, as text; raises ImportError_ with a Swedish
    message for a file that is not a CSV file."""
    if upload.size > MAX_BYTES:
        raise ImportError_(_("Filen är för stor (högst 2 MB)."))
    raw = upload.read()
    if b"\x00" in raw:
        raise ImportError_(_("Filen är inte en CSV-fil. Exportera rapporten från Totara som CSV."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(_("Filen måste vara en CSV-fil i teckenkodningen UTF-8.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        lines = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:
        lines = None
    if not lines or len(lines[0]) < 3:
        raise ImportError_(_("Filen kunde inte läsas som CSV med minst tre kolumner (person, kurs, datum)."))
    return [cell.strip() for cell in lines[0]], lines[1:]


def guess_mapping(columns: Iterable[str]) -> dict[str, str]:
    lowered = [column.lower() for column in columns]
    mapping = {}
    for key, names in GUESSES.items():
        mapping[key] = next((str(i) for i, column in enumerate(lowered) if column in names), "")
    return mapping


def sign(columns: list[str], rows: list[list[str]]) -> str:
    return signing.dumps({"columns": columns, "rows": rows}, salt=TOKEN_SALT, compress=True)


def unsign(token: str) -> tuple[list[str], list[list[str]]]:
    from django.core.exceptions import ValidationError

    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("Förhandsgranskningen har gått ut. Ladda upp filen igen.")) from None
    return data["columns"], data["rows"]


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    for parse in (
        datetime.date.fromisoformat,
        lambda v: datetime.datetime.fromisoformat(v).date(),
        lambda v: datetime.datetime.strptime(v, "%d/%m/%Y").date(),
        lambda v: datetime.datetime.strptime(v, "%d %B %Y").date(),
    ):
        try:
            return parse(value)
        except ValueError:
            continue
    return None


class CsvSource:
    """Rows of a Totara report-builder CSV, with the columns the project leader mapped."""

    name = "totara_csv"

    def __init__(
        self,
        rows: Iterable[list[str]],
        *,
        person_column: int | str,
        course_column: int | str,
        date_column: int | str,
    ) -> None:
        self.rows = rows
        self.columns = (int(person_column), int(course_column), int(date_column))

    def records(self) -> tuple[list[CompletionRecord], list[tuple[int, str]]]:
        records, errors = [], []
        width = max(self.columns) + 1
        for line, cells in enumerate(self.rows, start=2):  # the header is line 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) < width:
                errors.append((line, _("Raden har för få fält.")))
                continue
            person, course, date = (cells[i].strip() for i in self.columns)
            reasons = []
            if not person:
                reasons.append(_("personen saknas"))
            if not course:
                reasons.append(_("kursens kortnamn saknas"))
            completed_on = _date(date)
            if completed_on is None:
                reasons.append(
                    _("datumet %(value)s kan inte läsas (skriv ÅÅÅÅ-MM-DD)") % {"value": date or "–"}
                )
            elif not datetime.date(2000, 1, 1) <= completed_on <= datetime.date.today():
                reasons.append(_("datumet %(value)s ligger utanför rimliga datum") % {"value": date})
            if reasons:
                text = "; ".join(reasons)
                errors.append((line, text[0].upper() + text[1:] + "."))
                continue
            records.append(CompletionRecord(line, person, course, completed_on))
        if not records and not errors:
            errors.append((0, _("Filen innehåller inga rader att importera.")))
        return records, errors


def match(
    records: Iterable[CompletionRecord],
) -> tuple[list[tuple[CompletionRecord, User, Course]], list[tuple[int, str]], list[tuple[int, str]]]:
    """(matched [(record, person, course)], unknown people [(line, value)], unknown courses [(line, value)]).

    A person is found by e-mail address, or by username (the part before @) when exactly one person has
    it; a course by its kortnamn."""
    records = list(records)
    emails = {r.person.lower() for r in records if "@" in r.person}
    people = {u.email: u for u in User.objects.filter(email__in=emails)}
    by_username = {}
    usernames = {r.person.lower() for r in records if "@" not in r.person}
    if usernames:
        for user in User.objects.filter(is_active=True).only("pk", "email"):
            local = user.email.split("@")[0]
            if local in usernames:
                by_username.setdefault(local, []).append(user)
    courses = {c.slug.lower(): c for c in Course.objects.all()}
    matched, unknown_people, unknown_courses = [], [], []
    for record in records:
        key = record.person.lower()
        person = people.get(key) if "@" in key else (by_username.get(key) or [None, None])
        if isinstance(person, list):
            person = person[0] if len(person) == 1 else None
        course = courses.get(record.course.lower())
        if person is None:
            unknown_people.append((record.line, record.person))
        if course is None:
            unknown_courses.append((record.line, record.course))
        if person is not None and course is not None:
            matched.append((record, person, course))
    return matched, unknown_people, unknown_courses


@transaction.atomic
def completions_import(
    *, records: Iterable[CompletionRecord], source_name: str, by: User | None
) -> TotaraImport:
    """Save the matched completions in one transaction (a later date never replaces an earlier one),
    and record the import with every unmatched person and course. Returns the TotaraImport."""
    matched, unknown_people, unknown_courses = match(records)
    batch = TotaraImport.objects.create(
        imported_by=by,
        source=source_name,
        unknown_people=[list(pair) for pair in unknown_people],
        unknown_courses=[list(pair) for pair in unknown_courses],
    )
    created = updated = 0
    for record, person, course in matched:
        existing = DigitalCompletion.objects.select_for_update().filter(person=person, course=course).first()
        if existing is None:
            DigitalCompletion.objects.create(
                person=person,
                course=course,
                completed_on=record.completed_on,
                source=source_name,
                batch=batch,
            )
            created += 1
        elif record.completed_on < existing.completed_on:
            existing.completed_on, existing.batch = record.completed_on, batch
            existing.save(update_fields=["completed_on", "batch"])
            updated += 1
    batch.created, batch.updated = created, updated
    batch.save(update_fields=["created", "updated"])
    return batch
