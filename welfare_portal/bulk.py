"""Upkeep that a bulk write may do once at its end instead of after every statement.

The summary tables (reporting) are kept exact by triggers after every statement. An import that writes a
million rows in fifty chunks would update the same summary rows fifty times; instead it asks the apps that
keep such upkeep to collect inside its transaction and apply it once before commit. Nothing outside the
transaction can tell the difference: its changes, summaries included, appear together at commit. The apps
register their SQL at start-up (AppConfig.ready), so the importers (lower down) need not know them.
"""

from contextlib import contextmanager

_UPKEEP: list[tuple[str, str]] = []  # (start collecting, apply what was collected)


def register_deferred_upkeep(*, start_sql: str, finish_sql: str) -> None:
    if (start_sql, finish_sql) not in _UPKEEP:
        _UPKEEP.append((start_sql, finish_sql))


@contextmanager
def deferred_upkeep(cursor):
    """Inside a transaction: collect the registered upkeep during the block, apply it when the block ends
    without an error (after an error the transaction is rolled back, collected rows with it)."""
    for start, _ in _UPKEEP:
        cursor.execute(start)
    yield
    for _, finish in reversed(_UPKEEP):
        cursor.execute(finish)
