"""Checks on a connection of their own (Importer.checks_apart): an import outside any transaction, as the task
worker runs it, checks each chunk on a second connection while the writer merges the chunk before. What a user
gets must be what the checks on the writer's connection gave: the same rows written, the same row-numbered
errors, nothing written when any row is refused or anything fails, and checks that see what the imports before
it committed."""

import threading
import time

import pytest
from django.db import connection
from psycopg2 import connect

from cardholders.importers import InterviewImporter
from cardholders.importers import base as importer_base
from cardholders.importers.base import IMPORT_LOCK
from cardholders.models import Interview
from development.importers import ProgressImporter
from development.models import Progress
from matching.models import Assignment
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import Province, Role

from .builders import PROGRESS_HEADER, write_csv
from .conftest import LAMPANG, make_cardholder, make_user, valid_national_id
from .matching_builders import applicant
from .pg import connection_url

pytestmark = pytest.mark.usefixtures("live_db")

INTERVIEW_HEADER = ["เลขประจำตัวประชาชน", "วันที่สัมภาษณ์", "กลุ่ม", "ความต้องการอันดับ 1"]


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of three rows, so a file of a few people is several chunks, checked while others merge."""
    monkeypatch.setattr(importer_base, "CHUNK_ROWS", 3)


@pytest.fixture
def assigned():
    """Ten people of Lampang, each assigned to CDD01 by a confirmed matching run."""
    central = make_user("central-apart", Role.CENTRAL)
    people = [applicant("CDD01") for _ in range(10)]
    run = matching_run_create(province=Province.objects.get(code=LAMPANG), user=central)
    matching_run_confirm(run=run, user=central)
    return people


def _progress(person, status="อยู่ระหว่างการพัฒนา", start="1/7/2561", end=""):
    return [person.national_id, "CDD", "CDD01", LAMPANG, status, start, end]


def _backends(monkeypatch, importer, *methods):
    """The PostgreSQL backend that ran each call of each method, by method name."""
    seen = {name: [] for name in methods}
    for name in methods:
        original = getattr(importer, name)

        def recorded(self, cursor, _original=original, _name=name):
            cursor.execute("SELECT pg_backend_pid()")
            seen[_name].append(cursor.fetchone()[0])
            return _original(self, cursor)

        monkeypatch.setattr(importer, name, recorded)
    return seen


def test_progress_is_checked_on_another_connection_while_the_writer_merges(
    tmp_path, small_chunks, assigned, monkeypatch
):
    backends = _backends(monkeypatch, ProgressImporter, "check_chunk", "merge_chunk")
    result = ProgressImporter().run(write_csv(tmp_path / "p.csv", PROGRESS_HEADER, [_progress(p) for p in assigned]))
    assert result.ok, result.errors
    assert result.created == 10
    assert len(backends["check_chunk"]) == len(backends["merge_chunk"]) == 4  # 3 + 3 + 3 + 1 rows
    assert not set(backends["check_chunk"]) & set(backends["merge_chunk"])
    # What the checks found (each row's assignment) reached the writer with the rows.
    for person in assigned:
        progress = Progress.objects.get(cardholder=person)
        assert progress.assignment == Assignment.objects.get(cardholder=person, ended_at__isnull=True)
        assert progress.assignment.progress_status == "in_progress"


def test_interviews_are_checked_on_another_connection_and_keep_their_values(tmp_path, small_chunks, monkeypatch):
    people = [make_cardholder() for _ in range(7)]
    backends = _backends(monkeypatch, InterviewImporter, "check_chunk", "merge_chunk")
    header = [*INTERVIEW_HEADER, "สิ่งจำเป็นพื้นฐาน"]
    rows = [[p.national_id, "20/6/2561", 1, "CDD01", "WATER,LAND" if n % 2 else ""] for n, p in enumerate(people)]
    result = InterviewImporter().run(write_csv(tmp_path / "i.csv", header, rows))
    assert result.ok and result.created == 7, result.errors
    assert not set(backends["check_chunk"]) & set(backends["merge_chunk"])
    # Arrays, empty arrays and NULLs come through the second connection's copy as they went in.
    needs = dict(Interview.objects.values_list("cardholder__national_id", "basic_needs"))
    assert needs == {p.national_id: (["LAND", "WATER"] if n % 2 else []) for n, p in enumerate(people)}
    assert Interview.objects.filter(is_current=True, skill__isnull=True, choice_2__isnull=True).count() == 7


def test_rows_refused_in_later_chunks_are_all_named_and_nothing_is_written(tmp_path, small_chunks, assigned):
    stranger = make_cardholder()  # on the roster, never assigned
    rows = [_progress(p) for p in assigned]
    rows[4] = [stranger.national_id, *rows[4][1:]]  # row 6, in the second chunk
    rows[8] = [valid_national_id(987_654), *rows[8][1:]]  # row 10, in the third: no such card holder
    before = list(Assignment.objects.order_by("id").values_list("id", "progress_status"))
    result = ProgressImporter().run(write_csv(tmp_path / "p.csv", PROGRESS_HEADER, rows))
    assert [(e.row, e.column) for e in result.errors] == [(6, "เลขประจำตัวประชาชน"), (10, "เลขประจำตัวประชาชน")]
    assert "ยังไม่ได้รับมอบหมาย" in result.errors[0].message
    assert "ไม่พบผู้มีบัตรฯ" in result.errors[1].message
    assert Progress.objects.count() == 0
    assert list(Assignment.objects.order_by("id").values_list("id", "progress_status")) == before


def test_checks_wait_for_the_imports_turn_and_see_what_the_import_before_committed(tmp_path, small_chunks, assigned):
    """A file waits while another import holds the turn; the checks must not run ahead of it either, or they
    would pass rows on what that import is about to change (here: it ends a person's assignment)."""
    path = write_csv(tmp_path / "p.csv", PROGRESS_HEADER, [_progress(p) for p in assigned])
    ended = assigned[0]
    other = connect(connection_url())  # the import that holds the turn
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
            cursor.execute(
                "UPDATE matching_assignment SET ended_at = now() WHERE cardholder_id = %s AND ended_at IS NULL",
                [ended.pk],
            )
        outcome = {}

        def run():
            try:
                outcome["result"] = ProgressImporter().run(path)
            finally:
                connection.close()  # this thread's own

        importing = threading.Thread(target=run)
        importing.start()
        _wait_for(lambda: _waiting_for("pg_advisory_xact_lock"), "the import never waited for its turn")
        time.sleep(1)  # time for checks that did not wait to run (they would find every assignment active)
        other.commit()
        importing.join(timeout=120)
        assert not importing.is_alive()
    finally:
        other.close()
    result = outcome["result"]
    assert [(e.row, e.column) for e in result.errors] == [(2, "เลขประจำตัวประชาชน")]
    assert "ยังไม่ได้รับมอบหมาย" in result.errors[0].message
    assert Progress.objects.count() == 0


@pytest.mark.parametrize("failing", ["check_chunk", "merge_chunk"])
def test_a_failure_on_either_connection_stops_the_import_and_writes_nothing(
    tmp_path, small_chunks, assigned, monkeypatch, failing
):
    original = getattr(ProgressImporter, failing)
    calls = []

    def fails_at_the_third_chunk(self, cursor):
        calls.append(1)
        if len(calls) == 3:
            cursor.execute("SELECT 1 / 0")
        return original(self, cursor)

    monkeypatch.setattr(ProgressImporter, failing, fails_at_the_third_chunk)
    path = write_csv(tmp_path / "p.csv", PROGRESS_HEADER, [_progress(p) for p in assigned])
    failure = {}

    def run():
        try:
            ProgressImporter().run(path)
        except Exception as error:  # noqa: BLE001 - handed to the test thread
            failure["error"] = error
        finally:
            connection.close()  # this thread's own

    importing = threading.Thread(target=run)
    importing.start()
    importing.join(timeout=120)
    assert not importing.is_alive(), "the import hung after a failure"
    assert "division by zero" in str(failure.get("error"))
    assert Progress.objects.count() == 0
    assert set(Assignment.objects.values_list("progress_status", flat=True)) == {"not_started"}
    _wait_for(lambda: not _temporary_tables_left(), "a connection of the import was left open")
    assert ProgressImporter().run(path).created == 10  # and the file goes in once the fault is gone


def _wait_for(condition, message, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.05)


def _waiting_for(statement: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock'
               AND query ILIKE %s""",
            [f"%{statement}%"],
        )
        return cursor.fetchone()[0] > 0


def _temporary_tables_left() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname = 'progress_in' AND relpersistence = 't'")
        return cursor.fetchone()[0] > 0
