"""Imports under faults: a process killed halfway, two overlapping imports at once."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections

from cardholders.importers import RosterImporter
from cardholders.importers.base import IMPORT_LOCK
from cardholders.models import Cardholder

from .builders import ROSTER_HEADER, write_csv
from .conftest import valid_national_id
from .pg import connection_url

pytestmark = pytest.mark.usefixtures("live_db")


def _rows(start, count, first_name):
    return [
        [valid_national_id(n), "นาย", first_name, "ใจดี", "", "", "", "", 520101] for n in range(start, start + count)
    ]


def _import_backend_running() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE %s AND state = 'active'",
            ["%roster_in%"],
        )
        return cursor.fetchone()[0] > 0


def test_a_roster_import_killed_halfway_leaves_nothing_and_can_run_again(tmp_path):
    path = write_csv(tmp_path / "big.csv", ROSTER_HEADER, _rows(1, 150_000, "ครึ่งทาง"))
    env = {**os.environ, "DATABASE_URL": connection_url(), "DATABASE_CONN_MAX_AGE": "0"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_roster", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not _import_backend_running():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never reached the database"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert Cardholder.objects.count() == 0  # nothing committed, nothing half-written
    deadline = time.monotonic() + 60
    while _import_backend_running() and time.monotonic() < deadline:
        time.sleep(0.2)  # the orphaned backend notices its client is gone and rolls back
    result = RosterImporter().run(path)
    assert result.ok and result.created == 150_000


# Where an import is stopped: the test holds a lock the import needs at that point, waits until the import
# waits for it, and kills the import there. (lock the test holds, what the waiting statement contains)
STAGES = {
    # The writer waits for its turn; the parser reads and checks the file meanwhile.
    "parse": (f"SELECT pg_advisory_lock({IMPORT_LOCK})", "pg_advisory_xact_lock"),
    # Chunks copied to the temporary table; the first merge into the people table waits for the file's first
    # person, whom another session is inserting. (Not a table lock: any lock that stops an INSERT also stops
    # the import earlier, where it takes its tables out of other sessions' ANALYZE.)
    "merge": (
        "INSERT INTO cardholders_cardholder (national_id, title, first_name, last_name, phone, house_no, moo, "
        f"village, subdistrict_id, created_at, updated_at) VALUES ('{valid_national_id(1)}', '', 'ค้าง', 'ค้าง', "
        "'', '', '', '', 520101, now(), now())",
        "INSERT INTO cardholders_cardholder",
    ),
    # Every chunk merged; the one update of the summaries waits.
    "summary update": ("LOCK TABLE summary_cardholders IN SHARE MODE", "INSERT INTO summary_cardholders"),
}


@pytest.mark.parametrize("stage", STAGES)
def test_an_import_killed_at_any_stage_writes_nothing_and_runs_again(stage, tmp_path):
    import psycopg2

    lock, waiting = STAGES[stage]
    path = write_csv(tmp_path / "big.csv", ROSTER_HEADER, _rows(1, 60_000, stage))
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE cardholders_cardholder"
        )  # statistics that need no ANALYZE (which the lock would hold up)
    holder = psycopg2.connect(connection_url())
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(lock)
        env = {**os.environ, "DATABASE_URL": connection_url(), "DATABASE_CONN_MAX_AGE": "0"}
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_roster", str(path)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 90
        while not _waiting_for_lock(waiting):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, f"the import never reached the {stage}"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        holder.rollback()
        holder.close()
    deadline = time.monotonic() + 60
    while _import_backend_running() and time.monotonic() < deadline:
        time.sleep(0.2)  # the orphaned backend notices its client is gone and rolls back
    assert Cardholder.objects.count() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(n), 0) FROM summary_cardholders")
        assert cursor.fetchone()[0] == 0  # no count of the killed import either
    result = RosterImporter().run(path)
    assert result.ok and result.created == 60_000
    assert Cardholder.objects.count() == 60_000


def _waiting_for_lock(statement: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock'
               AND query ILIKE %s""",
            [f"%{statement}%"],
        )
        return cursor.fetchone()[0] > 0


def test_two_overlapping_imports_at_once_end_consistent(tmp_path):
    first = write_csv(tmp_path / "a.csv", ROSTER_HEADER, _rows(1, 3000, "ไฟล์เอ"))
    second = write_csv(tmp_path / "b.csv", ROSTER_HEADER, _rows(2001, 3000, "ไฟล์บี"))
    results, errors = {}, []

    def run(name, path):
        try:
            results[name] = RosterImporter().run(path)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name, path)) for name, path in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and results["a"].ok and results["b"].ok
    assert Cardholder.objects.count() == 5000
    assert results["a"].created + results["b"].created == 5000
    assert results["a"].created + results["a"].updated + results["a"].unchanged == 3000
    overlap = set(
        Cardholder.objects.filter(national_id__in=[valid_national_id(n) for n in range(2001, 3001)]).values_list(
            "first_name", flat=True
        )
    )
    assert len(overlap) == 1  # the overlap is all one file's version: whichever committed last, never a mix
    assert set(Cardholder.objects.filter(national_id=valid_national_id(1)).values_list("first_name", flat=True)) == {
        "ไฟล์เอ"
    }
