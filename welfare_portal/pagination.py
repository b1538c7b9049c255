"""Keyset pagination for name lists: every page, the last of a 100,000-person district included, is an
index range scan of 50 rows, never an OFFSET that reads and throws away everything before it."""

from dataclasses import dataclass

from django.db.models import Q

PAGE_SIZE = 50


@dataclass
class Page:
    objects: list
    start: int  # the row number (ลำดับ) of the first object
    count: int
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def end(self) -> int:
        return self.start + len(self.objects) - 1

    @property
    def has_other_pages(self) -> bool:
        return self.count > len(self.objects)


def _parse(cursor: str | None):
    try:
        a, b, n = (int(part) for part in cursor.split("."))
        return a, b, n
    except (AttributeError, ValueError):
        return None


def keyset_page(
    queryset, *, keys: tuple[str, str], cursor: str | None, direction: str = "", size: int = PAGE_SIZE
) -> Page:
    """`keys` are two ordering paths (area, id) that identify a row. `cursor` "a.b.n" is the key of the row
    before (direction "next") or after (direction "previous") the page, and n that row's number;
    direction "last" opens the last page."""
    first, second = keys
    count = queryset.count()
    position = _parse(cursor)
    if direction == "last":
        rows = list(queryset.order_by(f"-{first}", f"-{second}")[:size])[::-1]
        start = max(count - len(rows) + 1, 1)
    elif position and direction == "previous":
        a, b, n = position
        before = Q(**{f"{first}__lte": a}) & (Q(**{f"{first}__lt": a}) | Q(**{f"{second}__lt": b}))
        rows = list(queryset.filter(before).order_by(f"-{first}", f"-{second}")[:size])[::-1]
        start = max(n - len(rows), 1)
    elif position:
        a, b, n = position
        after = Q(**{f"{first}__gte": a}) & (Q(**{f"{first}__gt": a}) | Q(**{f"{second}__gt": b}))
        rows = list(queryset.filter(after).order_by(first, second)[:size])
        start = n + 1
    else:
        rows = list(queryset.order_by(first, second)[:size])
        start = 1
    if not rows:
        return Page([], 1, count, None, None)

    def key(obj, n):
        return f"{_value(obj, first)}.{_value(obj, second)}.{n}"

    end = start + len(rows) - 1
    return Page(
        objects=rows,
        start=start,
        count=count,
        next_cursor=key(rows[-1], end) if end < count else None,
        previous_cursor=key(rows[0], start) if start > 1 else None,
    )


def _value(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
