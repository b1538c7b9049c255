"""One exporter for every report: CSV (streamed) and XLSX, with cells that spreadsheets would run as
formulas neutralised (a name typed as =HYPERLINK(...) stays text)."""

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from welfare_portal.scope import sees_full_ids

from .reports import TOTAL, Filters, ListReport, Report

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CHUNK = 2000


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def table_rows(report: Report, user, filters: Filters) -> Iterator[list]:
    """Header, body and totals row: exactly what the page shows (every page of a list)."""
    if isinstance(report, ListReport):
        yield list(report.columns)
        count = 0
        reveal = sees_full_ids(user)
        for count, obj in enumerate(
            report.queryset(user, filters).order_by(*report.keys).iterator(chunk_size=EXPORT_CHUNK), start=1
        ):
            yield report.row(count, obj, reveal=reveal)
        yield [TOTAL, count]
        return
    table = report.table(user, filters)
    yield table.columns
    yield from table.rows
    if table.total is not None:
        yield table.total


class _Echo:
    def write(self, value):
        return value


def write_csv(rows, stream) -> None:
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def write_xlsx(rows, stream, *, title: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="รายงาน")
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF8")
    rows = iter(rows)
    header = next(rows)
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(45, len(str(name)) + 4))
    workbook.properties.title = title

    def styled(value, bold=False, fill=None):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        if bold:
            cell.font = header_font
        if fill:
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        return cell

    sheet.append([styled(name, bold=True, fill=header_fill) for name in header])
    for row in rows:
        total = bool(row) and row[0] == TOTAL
        sheet.append([styled(value, bold=total) for value in row])
    workbook.save(stream)


def filename(report: Report, extension: str) -> str:
    return f"report-{report.id}.{extension}"


def csv_response(report: Report, user, filters: Filters) -> StreamingHttpResponse:
    pseudo = _Echo()
    writer = csv.writer(pseudo)

    def lines():
        yield "\ufeff"  # so Excel opens Thai text as UTF-8
        for row in table_rows(report, user, filters):
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "csv")}"'
    return response


def xlsx_response(report: Report, user, filters: Filters, *, title: str) -> HttpResponse:
    buffer = io.BytesIO()
    write_xlsx(table_rows(report, user, filters), buffer, title=title)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "xlsx")}"'
    return response
