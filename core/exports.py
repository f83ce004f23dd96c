"""CSV and XLSX downloads from one (headers, rows) pair, safe against formula injection."""
import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Text starting with = + - @ (or tab/CR) could run as a formula in Excel: strip those characters."""
    if isinstance(value, str):
        return value.lstrip("=+-@\t\r")
    return value


def csv_response(headers, rows, filename):
    buffer = io.StringIO()
    # Excel opens UTF-8 with a BOM and ; as separator correctly in Swedish locales.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([[safe_cell(c) for c in row] for row in rows])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(headers, rows, filename, title="Export"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(h) for h in headers])
    for row in rows:
        sheet.append([safe_cell(c) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
