"""State changes for municipalities, agreements, cost splits and population, each in one transaction."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import outbox
from core.forms import EARLIEST_DATE, LATEST_DATE

from . import notifications
from .models import Agreement, CostSplit, Municipality, PopulationFigure

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.core.files.uploadedfile import UploadedFile

    from .models import Contact

# (kommunkod, folkmängd, datum as an ISO string) and (line number, reason) of the population import.
PopulationRow = tuple[str, int, str]
LineError = tuple[int, str]

POPULATION_IMPORT_SALT = "municipalities.population_import"
POPULATION_IMPORT_MAX_AGE = 60 * 60  # seconds between preview and confirm
POPULATION_IMPORT_MAX_BYTES = 1024 * 1024


@transaction.atomic
def municipality_save(
    *, municipality: Municipality, contacts: Iterable[Contact] = (), removed_contacts: Iterable[Contact] = ()
) -> Municipality:
    """Save a municipality (with its new values set) and its contacts together, or neither:
    `contacts` are new or changed Contact objects, `removed_contacts` those to delete."""
    municipality.save()
    for contact in contacts:
        contact.municipality = municipality
        contact.save()
    for contact in removed_contacts:
        contact.delete()
    return municipality


@transaction.atomic
def agreement_save(*, agreement: Agreement) -> Agreement:
    """Create or update an agreement that carries its new values (and document, if uploaded).

    A sent agreement gets today's date as its sent date unless one was given, so that the
    30-day reminder has something to count from.
    """
    if agreement.pk:
        # Lock the row so that two people saving at once cannot interleave.
        Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == Agreement.Status.SENT and not agreement.sent_on:
        agreement.sent_on = datetime.date.today()
    agreement.save()
    return agreement


COST_SPLIT_FIELDS = [
    "region",
    "year",
    "regional_budget",
    "base_per_municipality",
    "national_fee_per_inhabitant",
]


@transaction.atomic
def cost_split_save(*, fields: dict[str, object], cost_split: CostSplit | None = None) -> CostSplit:
    """Create or update a yearly cost split from plain values (COST_SPLIT_FIELDS)."""
    cost_split = cost_split or CostSplit()
    for name in COST_SPLIT_FIELDS:
        if name in fields:
            setattr(cost_split, name, fields[name])
    cost_split.save()
    return cost_split


# Population import ---------------------------------------------------------------------------

HEADER_ALIASES = {
    "kommunkod": "code",
    "folkmängd": "population",
    "folkmangd": "population",
    "befolkning": "population",
    "datum": "date",
    "folkmangd_datum": "date",
    "folkmängd_datum": "date",
}


def _read_csv(content: str) -> list[list[str]] | None:
    """Rows of the CSV text with a header line; accepts comma or semicolon separators."""
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(content), delimiter=delimiter))
    except csv.Error:  # e.g. a bare carriage return inside a field: not a file we can read
        return None


def population_import_parse(upload: UploadedFile) -> tuple[list[PopulationRow], list[LineError]]:
    """Parse an uploaded CSV (kommunkod, folkmängd, datum). Returns (rows, errors).

    `rows` are (code, population, date ISO string); `errors` are (line number, reason) for every
    bad line, counting the header as line 1. Nothing is saved here.
    """
    if upload.size > POPULATION_IMPORT_MAX_BYTES:
        return [], [(0, _("Filen är för stor (högst 1 MB)."))]
    try:
        content = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, _("Filen måste vara en CSV-fil i teckenkodningen UTF-8."))]
    lines = _read_csv(content)
    if lines is None:
        return [], [(0, _("Filen kunde inte läsas som CSV."))]
    if not lines:
        return [], [(0, _("Filen är tom."))]
    header = [HEADER_ALIASES.get(cell.strip().lower()) for cell in lines[0]]
    if not {"code", "population", "date"} <= set(header):
        return [], [(1, _("Första raden ska vara rubrikerna kommunkod, folkmängd, datum."))]
    records = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            records.append(
                (
                    number,
                    None,
                    None,
                    None,
                    ngettext(
                        "Raden har %(n)s fält, ska ha %(m)s.",
                        "Raden har %(n)s fält, ska ha %(m)s.",
                        len(cells),
                    )
                    % {"n": len(cells), "m": len(header)},
                )
            )
            continue
        values = {key: cell.strip() for key, cell in zip(header, cells, strict=False) if key}
        records.append((number, values["code"], values["population"], values["date"], None))
    return population_import_validate(records)


# More than any municipality has (Sweden has about 10.6 million people), and far below what the
# database column holds (2³¹ − 1), so a typing error is a message on its line, not a database error.
MAX_POPULATION = 10_000_000


def population_import_validate(
    records: Iterable[tuple[int, str | None, str | None, str | None, str | None]],
) -> tuple[list[PopulationRow], list[LineError]]:
    """Check each (line, code, population, date, earlier error) record; returns (rows, errors)."""
    codes = set(Municipality.objects.values_list("code", flat=True))
    rows, errors, seen = [], [], {}
    for number, code, population, date, error in records:
        if error:
            errors.append((number, error))
            continue
        reasons = []
        if not (len(code) == 4 and code.isdigit()):
            reasons.append(_("kommunkoden %(code)s är inte fyra siffror") % {"code": code or "–"})
        elif code not in codes:
            reasons.append(_("det finns ingen kommun med kommunkod %(code)s") % {"code": code})
        population_value = None
        try:
            population_value = int(str(population).replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            reasons.append(_("folkmängden %(value)s är inte ett heltal") % {"value": population or "–"})
        else:
            if population_value < 0:
                reasons.append(_("folkmängden kan inte vara negativ"))
            elif population_value > MAX_POPULATION:
                reasons.append(
                    _("folkmängden %(value)s är större än %(max)s, som ingen kommun har")
                    % {"value": population_value, "max": MAX_POPULATION}
                )
        try:
            date_value = datetime.date.fromisoformat(date)
        except (TypeError, ValueError):
            date_value = None
            reasons.append(_("datumet %(value)s ska skrivas ÅÅÅÅ-MM-DD") % {"value": date or "–"})
        else:
            if not EARLIEST_DATE <= date_value <= LATEST_DATE:
                reasons.append(
                    _("datumet %(value)s ligger inte mellan år %(first)s och %(last)s")
                    % {"value": date, "first": EARLIEST_DATE.year, "last": LATEST_DATE.year}
                )
        if not reasons and (code, date_value) in seen:
            reasons.append(
                _("samma kommun och datum finns redan på rad %(line)s") % {"line": seen[(code, date_value)]}
            )
        if reasons:
            text = "; ".join(reasons)
            errors.append((number, text[0].upper() + text[1:] + "."))
            continue
        seen[(code, date_value)] = number
        rows.append((code, population_value, date_value.isoformat()))
    if not rows and not errors:
        errors.append((0, _("Filen innehåller inga rader med folkmängd.")))
    return rows, errors


def population_import_sign(rows: Iterable[PopulationRow]) -> str:
    """The parsed rows as a signed token the confirm step can trust without re-uploading."""
    return signing.dumps([list(row) for row in rows], salt=POPULATION_IMPORT_SALT, compress=True)


def population_import_unsign(token: str) -> list[PopulationRow]:
    """Rows from a signed token, re-validated against the database; ValidationError if tampered or old."""
    try:
        rows = signing.loads(token, salt=POPULATION_IMPORT_SALT, max_age=POPULATION_IMPORT_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("Förhandsgranskningen är för gammal. Ladda upp filen igen.")) from None
    except signing.BadSignature:
        raise ValidationError(_("Förhandsgranskningen kunde inte läsas. Ladda upp filen igen.")) from None
    valid, errors = population_import_validate(
        [
            (i, str(code), str(population), str(date), None)
            for i, (code, population, date) in enumerate(rows, 2)
        ]
    )
    if errors:
        raise ValidationError(_("Filen stämmer inte längre med kommunerna. Ladda upp den igen."))
    return valid


@transaction.atomic
def population_import(rows: Sequence[PopulationRow]) -> tuple[int, int]:
    """Save every (code, population, date) row or none; an existing figure for the date is replaced.
    Returns (created, updated)."""
    by_code = {m.code: m for m in Municipality.objects.filter(code__in={row[0] for row in rows})}
    created = updated = 0
    for code, population, date in rows:
        _figure, was_created = PopulationFigure.objects.update_or_create(
            municipality=by_code[code],
            date=datetime.date.fromisoformat(date),
            defaults={"population": population},
        )
        created += was_created
        updated += not was_created
    return created, updated


# Reminders ------------------------------------------------------------------------------------

REMIND_EXPIRY_DAYS = 90
REMIND_UNSIGNED_DAYS = 30


def _project_leaders() -> QuerySet[AbstractBaseUser]:
    # The user model is reached through Django's setting, not by importing the accounts app above us.
    return get_user_model().objects.filter(is_project_leader=True, is_active=True).exclude(email="")


def agreements_expire(today: datetime.date | None = None) -> int:
    """Mark agreements in force whose period has ended as expired (utgången); returns how many.

    Saved one by one so that the audit history records the change.
    """
    today = today or datetime.date.today()
    expired = 0
    with transaction.atomic():
        for agreement in (
            Agreement.objects.in_force().filter(ends_on__lt=today).select_for_update(skip_locked=True)
        ):
            agreement.status = Agreement.Status.EXPIRED
            agreement.save(update_fields=["status", "updated_at"])
            expired += 1
    return expired


def agreement_reminders_send(today: datetime.date | None = None) -> int:
    """Send each due reminder once per agreement, threshold and project leader; returns how many.

    A task run twice, or two workers racing over the same agreement, send nothing twice (the outbox
    keys, see notifications.agreement_reminder).
    """
    today = today or datetime.date.today()
    agreements = Agreement.objects.select_related("municipality")
    due = [(agreement, "expiring") for agreement in agreements.expiring_within(REMIND_EXPIRY_DAYS, today)]
    due += [(agreement, "unsigned") for agreement in agreements.unsigned_since(REMIND_UNSIGNED_DAYS, today)]
    leaders = list(_project_leaders())
    mails = []
    for agreement, threshold in due:
        mails += notifications.agreement_reminder(agreement, threshold, leaders, today)
    return outbox.send(mails)
