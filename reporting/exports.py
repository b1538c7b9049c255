"""One exporter for every report: CSV (streamed) and XLSX, written by the portal's one writer
(cardholders/importers/spreadsheets.py), which neutralises cells spreadsheets would run as formulas (a name
typed as =HYPERLINK(...) stays text)."""

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse

from cardholders.importers import spreadsheets
from cardholders.importers.spreadsheets import FORMULA_PREFIXES, safe_cell, write_csv
from welfare_portal.scope import sees_full_ids

from .reports import TOTAL, Filters, ListReport, Report

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


def filename(report: Report, extension: str) -> str:
    return f"report-{report.id}.{extension}"


def csv_response(report: Report, user, filters: Filters) -> StreamingHttpResponse:
    return spreadsheets.csv_response(table_rows(report, user, filters), filename(report, "csv"))


def xlsx_response(report: Report, user, filters: Filters, *, title: str) -> HttpResponse:
    content = spreadsheets.xlsx_bytes(table_rows(report, user, filters), title=title, bold=_is_total)
    return spreadsheets.xlsx_response(content, filename(report, "xlsx"))
