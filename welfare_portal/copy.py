"""Bulk loading with PostgreSQL COPY: the fastest way in, about 100× an ORM insert per row."""

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection

CHUNK_ROWS = 50_000
NULL = "\\N"


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows (tuples in `columns` order) into `table`, streamed in chunks; returns the row count.

    CSV, because the csv module escapes in C, which matters at 100k rows. None is sent as \\N (COPY's
    NULL here), so an empty string stays an empty string.
    """
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    count = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, CHUNK_ROWS)):
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerows([[NULL if value is None else value for value in row] for row in chunk])
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            count += len(chunk)
    return count
