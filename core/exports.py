"""CSV and XLSX downloads of one table, for every app's exports: `(headers, rows)` in, a response out.

Text cells that start with = + - @ (or a tab or carriage return) are stripped of those characters,
so that a name typed into the portal cannot become a formula in Excel (CSV/formula injection).
Numbers, Decimals and dates are written as values, not text. In CSV, which has no types, decimals
are written with a decimal comma and no thousands separator ("1234,5"), the way Excel set to Swedish
reads a number; the semicolon separator is the one that goes with it.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: object) -> object:
    """The value for a spreadsheet cell: text without a leading formula character, others as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.lstrip("".join(FORMULA_PREFIXES))
    if isinstance(value, (bool, int, float, Decimal, datetime.date)):
        return value
    return safe_cell(str(value))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str, headers: Iterable[object], rows: Iterable[Iterable[object]], delimiter: str = ";"
) -> HttpResponse:
    """A CSV download (UTF-8 with BOM and semicolons, as Swedish Excel opens it directly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([safe_cell(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(value)) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _csv_text(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))  # the shortest exact text, never 1e-05
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return value


def xlsx_response(
    filename: str, headers: Sequence[object], rows: Sequence[Sequence[object]], sheet_title: str = "Export"
) -> HttpResponse:
    """An XLSX download with a bold header row and columns wide enough for their content."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([safe_cell(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (datetime.date, datetime.datetime)):
                cell.number_format = "yyyy-mm-dd"
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(row[index - 1])) for row in rows if index - 1 < len(row)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)
