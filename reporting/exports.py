"""One exporter for every report: CSV (streamed) and XLSX, written by the portal's one writer
(cardholders/importers/spreadsheets.py), which neutralises cells spreadsheets would run as formulas (a name
typed as =HYPERLINK(...) stays text)."""

import itertools
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse

from cardholders.importers import spreadsheets
from cardholders.importers.spreadsheets import FORMULA_PREFIXES, safe_cell, write_csv
from welfare_portal.scope import sees_full_ids

from .reports import TOTAL, Filters, ListReport, Report, as_seen_by, file_stem, thai_cell

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


def title_rows(report: Report, filters: Filters, *, title: str, user=None) -> list[str]:
    """A file says what it holds above its header: the report, then what was selected and as of when (a
    name list: what it lists). The 1.2 search list has none: its rows are what was typed."""
    if isinstance(report, ListReport):
        return [title, report.heading(as_seen_by(user, filters))] if report.titled else []
    return [title, report.heading(filters, user)]


def csv_response(report: Report, user, filters: Filters) -> StreamingHttpResponse:
    # A summary's CSV is read by people: it is titled as its XLSX. A name list's CSV starts at its header,
    # as the files agencies load into their own systems always have.
    titles = (
        []
        if isinstance(report, ListReport)
        else title_rows(report, filters, title=f"{report.id} {report.title}", user=user)
    )
    rows = itertools.chain(
        ([line] for line in titles),
        ([thai_cell(cell) for cell in row] for row in table_rows(report, user, filters)),
    )
    return spreadsheets.csv_response(rows, filename(report, filters, "csv"))


def xlsx_response(report: Report, user, filters: Filters, *, title: str) -> HttpResponse:
    content = spreadsheets.xlsx_bytes(
        table_rows(report, user, filters),
        title=title,
        bold=_is_total,
        title_rows=title_rows(report, filters, title=title, user=user),
        font_name=spreadsheets.THAI_FONT,
    )
    return spreadsheets.xlsx_response(content, filename(report, filters, "xlsx"))
