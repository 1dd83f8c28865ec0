"""Tables for spreadsheets: CSV (UTF-8 with BOM, so that Excel opens the Chinese as Chinese) and
XLSX (one sheet, a frozen header row, widths that fit Chinese, dates as dates). Both keep a
cell that a spreadsheet would read as a formula (CSV/formula injection) as text."""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

# A spreadsheet reads a cell starting with one of these as a formula (=, +, -, @), or strips
# the tab or carriage return and then reads what follows (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_STARTS


def csv_cell(value) -> str:
    """The value as CSV text: a leading apostrophe keeps what looks like a formula as text."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = "" if value is None else str(value)
    return f"'{text}" if looks_like_formula(text) else text


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = _attachment(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese character is two, a Latin one one."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence], *, max_width: int = 60) -> bytes:
    """One sheet: a bold, frozen header row; dates as dates; text (a formula-like one too)
    as text; every column as wide as its widest cell, up to `max_width` (longer text wraps)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet's name
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [display_width(str(name)) for name in header]
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, datetime.datetime):
                # Excel has no time zones: the local time, as the pages show it.
                value = timezone.localtime(value) if timezone.is_aware(value) else value
                value = value.replace(tzinfo=None, microsecond=0)
            elif isinstance(value, str):
                # XML 1.0 has no control characters (pasted text may hold one): dropped.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
                width = 16
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
                width = 10
            elif isinstance(value, str):
                # Stored as a string, never a formula; the quote prefix keeps Excel from
                # reading it as one when the cell is edited.
                cell.data_type = "s"
                if looks_like_formula(value):
                    cell.quotePrefix = True
                width = max((display_width(line) for line in value.splitlines()), default=0)
                if width > max_width or "\n" in value:
                    cell.alignment = wrap
            else:
                width = len(str(value)) if value is not None else 0
            widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = min(max(width, 4), max_width) + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_TYPE), filename)
