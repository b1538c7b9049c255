"""One exporter for every report: CSV (streamed) and XLSX, written by the portal's one writer
(cardholders/importers/spreadsheets.py), which neutralises cells spreadsheets would run as formulas (a name
typed as =HYPERLINK(...) stays text)."""

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse

from cardholders.importers import spreadsheets
from cardholders.importers.spreadsheets import FORMULA_PREFIXES, safe_cell, write_csv
from welfare_portal.scope import sees_full_ids

from .reports import TOTAL, Filters, ListReport, Report, file_stem, thai_cell

__all__ = ["FORMULA_PREFIXES", "csv_response", "safe_cell", "table_rows", "write_csv", "write_xlsx", "xlsx_response"]

EXPORT_CHUNK = 2000


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


def _is_total(row: list) -> bool:
    return bool(row) and row[0] == TOTAL


def write_xlsx(rows, stream, *, title: str) -> None:
    spreadsheets.write_xlsx(rows, stream, title=title, bold=_is_total)


def filename(report: Report, filters: Filters, extension: str) -> str:
    """e.g. 3.5-ลำปาง-กรมการพัฒนาชุมชน-2569-11-27.xlsx (see reports.file_stem)."""
    listing = isinstance(report, ListReport) and report.titled
    return f"{file_stem(report.id, filters, listing=listing)}.{extension}"


def title_rows(report: Report, filters: Filters, *, title: str) -> list[str]:
    """A name list's file says what it lists, for whom and as of when, above its header."""
    if not (isinstance(report, ListReport) and report.titled):
        return []
    return [title, report.heading(filters)]


def csv_response(report: Report, user, filters: Filters) -> StreamingHttpResponse:
    rows = ([thai_cell(cell) for cell in row] for row in table_rows(report, user, filters))
    return spreadsheets.csv_response(rows, filename(report, filters, "csv"))


def xlsx_response(report: Report, user, filters: Filters, *, title: str) -> HttpResponse:
    content = spreadsheets.xlsx_bytes(
        table_rows(report, user, filters),
        title=title,
        bold=_is_total,
        title_rows=title_rows(report, filters, title=title),
        font_name=spreadsheets.THAI_FONT,
    )
    return spreadsheets.xlsx_response(content, filename(report, filters, "xlsx"))
