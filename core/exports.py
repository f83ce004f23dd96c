"""CSV and XLSX downloads rendered from one (headers, rows) table, safe against formula injection."""
import csv
import io

from django.http import HttpResponse

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clean_cell(value):
    """Text that a spreadsheet would run as a formula loses its leading = + - @ (numbers are kept)."""
    if isinstance(value, str):
        while value.startswith(DANGEROUS_PREFIXES):
            value = value[1:]
    return value


def csv_response(filename, headers, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so Excel opens the UTF-8 file with å, ä, ö intact
    writer = csv.writer(response, delimiter=";")
    writer.writerow([clean_cell(h) for h in headers])
    for row in rows:
        writer.writerow([clean_cell(cell) for cell in row])
    return response


def xlsx_response(filename, headers, rows, sheet_title="Data"):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([clean_cell(h) for h in headers])
    for row in rows:
        sheet.append([clean_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
