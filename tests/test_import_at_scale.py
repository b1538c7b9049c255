"""What keeps every import linear (issue: data in at national scale), guarded without timing anything.

The causes found: plans made on statistics that say a table is empty when the import has just filled it,
plans kept for a whole session from a trigger's first call, and an UPDATE of every new interview to mark it
current. Each test below fails if its cause comes back.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cardholders.importers import InterviewImporter, RosterImporter
from cardholders.importers import base as import_base
from cardholders.models import Cardholder, Interview

from .builders import INTERVIEW_HEADER, PROGRESS_HEADER, ROSTER_HEADER, write_csv
from .conftest import valid_national_id
from .pg import connection_url


def _people(start, count, first_name="สมชาย"):
    return [
        [valid_national_id(n), "นาย", first_name, "ใจดี", "", "", "", "", 520101] for n in range(start, start + count)
    ]


def _interview(n, day, choice="CDD01"):
    return [valid_national_id(n), day, 1, choice, "", "", "", ""]


def _estimated_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


def _analyze(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def _register_by_copy(count: int) -> None:
    """`count` people in subdistrict 520101, written straight into the register with COPY (no import, no
    audit): a register of the size at which the planner's choices show."""
    from welfare_portal.copy import copy_rows

    now = datetime.datetime.now(datetime.UTC)
    columns = ["national_id", "title", "first_name", "last_name", "phone", "house_no", "moo", "village"]
    copy_rows(
        "cardholders_cardholder",
        [*columns, "subdistrict_id", "created_at", "updated_at"],
        ([valid_national_id(n), "", "ก", "ข", "", "", "", "", 520101, now, now] for n in range(1, count + 1)),
    )


def test_it_analyses_a_table_it_grew_past_its_statistics_before_reading_it_again(db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_ROWS", 1500)
    _analyze("cardholders_cardholder")  # the first day: the statistics say the table is empty
    assert _estimated_rows("cardholders_cardholder") <= 0
    path = write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 6000))
    assert RosterImporter().run(path).created == 6000
    # Analysed on the way, inside the import's transaction: later chunks were planned on true sizes.
    assert _estimated_rows("cardholders_cardholder") >= 4500


def test_it_analyses_at_the_start_a_table_others_filled_since_its_statistics(live_db, tmp_path):
    _analyze("cardholders_cardholder")
    assert RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 3000))).created == 3000
    _analyze("cardholders_cardholder")  # statistics of an empty table again, with 3,000 people in it
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = 'cardholders_cardholder'::regclass")
        cursor.execute("UPDATE pg_class SET reltuples = 0 WHERE oid = 'cardholders_cardholder'::regclass")
        cursor.execute("SELECT pg_stat_force_next_flush()")
    rows = [_interview(n, "20/6/2561") for n in range(1, 11)]
    assert InterviewImporter().run(write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, rows)).created == 10
    assert _estimated_rows("cardholders_cardholder") >= 2500


def test_interviews_of_the_first_day_are_written_current_without_a_second_update(db, tmp_path):
    RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 50)))
    rows = [_interview(n, "20/6/2561") for n in range(1, 51)]
    assert InterviewImporter().run(write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, rows)).created == 50
    assert Interview.objects.filter(is_current=True).count() == 50
    with connection.cursor() as cursor:
        cursor.execute("SELECT pgh_label, count(*) FROM cardholders_interviewevent GROUP BY 1")
        assert dict(cursor.fetchall()) == {"insert": 50}  # the audit trail shows no flag flipping


def test_current_is_the_latest_interview_across_chunks_files_and_older_rows(db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_ROWS", 3)
    RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 4)))
    first = [_interview(1, "1/2/2561"), _interview(2, "1/9/2561"), _interview(3, "1/2/2561")]
    assert InterviewImporter().run(write_csv(tmp_path / "a.csv", INTERVIEW_HEADER, first)).ok
    # Person 1 newer and older again in later chunks; person 2's older interview arrives late; person 3
    # gets a newer interview then the same day changed; person 4 twice in one chunk.
    second = [
        _interview(1, "1/9/2561"),
        _interview(2, "1/2/2561"),
        _interview(4, "1/2/2561"),
        _interview(4, "1/3/2561"),
        _interview(1, "1/1/2561"),
        _interview(3, "1/9/2561"),
        _interview(3, "1/2/2561", choice="CDD02"),
    ]
    result = InterviewImporter().run(write_csv(tmp_path / "b.csv", INTERVIEW_HEADER, second))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (6, 1)
    current = dict(Interview.objects.filter(is_current=True).values_list("cardholder__national_id", "interviewed_on"))
    assert current == {
        valid_national_id(1): datetime.date(2018, 9, 1),
        valid_national_id(2): datetime.date(2018, 9, 1),
        valid_national_id(3): datetime.date(2018, 9, 1),
        valid_national_id(4): datetime.date(2018, 3, 1),
    }


def test_a_bad_row_in_the_last_chunk_rolls_back_the_chunks_already_merged(live_db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_ROWS", 100)
    rows = _people(1, 950) + [[valid_national_id(951), "นาย", "", "ใจดี", "", "", "", "", 520101]]
    result = RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, rows))
    assert [(e.row, e.column) for e in result.errors] == [(952, "ชื่อ")]
    assert Cardholder.objects.count() == 0  # nine chunks had been merged on the writer's connection


def test_a_file_that_fails_to_read_halfway_writes_nothing(live_db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_ROWS", 100)
    path = write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 1000))
    original = RosterImporter.parse_row

    def failing(self, number, values):
        if number == 900:
            raise OSError("the disk went away")
        return original(self, number, values)

    monkeypatch.setattr(RosterImporter, "parse_row", failing)
    with pytest.raises(OSError):
        RosterImporter().run(path)
    assert Cardholder.objects.count() == 0


def test_trigger_functions_plan_their_statements_at_each_call(db):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT p.proname, p.prosrc FROM pg_proc p
               WHERE p.proname LIKE 'summary\\_%%\\_changed' OR p.proname IN ('matching_progress_sync',
                     'matching_assignment_status_init')"""
        )
        functions = dict(cursor.fetchall())
    assert len(functions) == 6  # people, roster, interview, assignment; progress sync, status init
    for name, source in functions.items():
        body = source.split("BEGIN", 1)[1]
        assert "EXECUTE $stmt$" in body, name
        static = re.sub(r"EXECUTE \$stmt\$.*?\$stmt\$", "", body, flags=re.S)
        static = re.sub(r"TG_OP = '\w+'", "", static)
        assert "INSERT" not in static and "UPDATE" not in static, name  # nothing planned once per session


def test_audit_triggers_plan_their_statements_at_each_call(db):
    """pghistory's statement-level update triggers join the old and new transition tables on the primary key.
    Planned once per session (static PL/pgSQL), the plan fits the first call: an INSERT … ON CONFLICT fires
    its UPDATE triggers first, usually with no rows, and the nested loop planned for none then compared
    20,000 × 20,000 assignments of the next chunk of a progress file (two minutes per chunk)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT DISTINCT t.tgrelid::regclass::text, p.proname, p.prosrc FROM pg_trigger t
               JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname LIKE 'pgtrigger\\_%%'"""
        )
        functions = cursor.fetchall()
    assert {table for table, _, _ in functions} >= {
        "cardholders_cardholder",
        "cardholders_interview",
        "matching_assignment",
        "matching_progress",
    }
    for _, name, source in functions:
        assert "EXECUTE $pgh$" in source, name
        static = re.sub(r"EXECUTE \$pgh\$.*?\$pgh\$", "", source, flags=re.S)
        assert "INSERT" not in static and "SELECT" not in static, name  # nothing planned once per session


def _summary_writes():
    """Rows of summary_cardholders inserted and updated so far by this session (counts not yet reported to
    the statistics; nothing is reported while the test's transaction is open, so a difference is exact)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pg_stat_get_xact_tuples_inserted(c.oid), pg_stat_get_xact_tuples_updated(c.oid)
               FROM pg_class c WHERE c.relname = 'summary_cardholders'"""
        )
        return cursor.fetchone()


def test_an_import_updates_each_summary_row_once_however_many_chunks(db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_ROWS", 2)
    path = write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 10))  # one subdistrict, five chunks
    inserted, updated = _summary_writes()
    assert RosterImporter().run(path).created == 10
    after = _summary_writes()
    assert (after[0] - inserted, after[1] - updated) == (3, 0)  # the subdistrict, district, province: once each
    with connection.cursor() as cursor:
        cursor.execute("SELECT level, n FROM summary_cardholders ORDER BY level")
        assert cursor.fetchall() == [(1, 10), (100, 10), (10000, 10)]


def test_a_chunk_finds_its_people_by_index_never_by_reading_the_whole_register(db, tmp_path):
    """Each chunk is matched to the register with one index probe per row. A hash of the whole register per
    chunk (what the planner picked for a join once the register held a million people) costs the register's
    size for every 20,000 rows: 0.9 s a chunk at 1M people, 13 s at 14.5M."""
    _register_by_copy(60_000)
    with connection.cursor() as cursor:  # on the current round's roster, as a roster import puts them
        cursor.execute("INSERT INTO cardholders_rosterentry (cardholder_id) SELECT id FROM cardholders_cardholder")
    _analyze("cardholders_cardholder")
    _analyze("cardholders_rosterentry")
    plans = []

    def explain(execute, sql, params, many, context):
        if "SET cardholder_id" in sql:
            with context["connection"].connection.cursor() as raw:  # not through this wrapper again
                raw.execute("EXPLAIN " + sql.split(";")[-1], params)
                plans.append("\n".join(row[0] for row in raw.fetchall()))
        return execute(sql, params, many, context)

    rows = [_interview(n, "20/6/2561") for n in range(1, 3001)]
    with connection.execute_wrapper(explain):
        assert InterviewImporter().run(write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, rows)).created == 3000
    assert plans and all("one_cardholder_per_national_id" in plan for plan in plans), plans
    assert not any("Seq Scan on cardholders_cardholder" in plan for plan in plans), plans


def test_the_roster_upsert_never_reads_the_register_it_is_writing(db, tmp_path, monkeypatch):
    """Who is registered already is found before a chunk is upserted, in a statement of its own. Probed inside
    the upsert's statement, on the first day (statistics of an empty register) the probe was a sequential
    scan, and it read every page the same statement had just written, for every row: 11 s of the first
    20,000 rows, more than the whole rest of a 100,000-row import."""
    monkeypatch.setattr(import_base, "CHUNK_ROWS", 1000)
    _analyze("cardholders_cardholder")  # the first day: the statistics say the register is empty
    RosterImporter().run(write_csv(tmp_path / "known.csv", ROSTER_HEADER, _people(1, 500)))
    plans = []

    def explain(execute, sql, params, many, context):
        if sql.lstrip().startswith("WITH up AS"):
            with context["connection"].connection.cursor() as raw:  # not through this wrapper again
                raw.execute("EXPLAIN " + sql, params)
                plans.append("\n".join(row[0] for row in raw.fetchall()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        result = RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 3000)))
    assert (result.created, result.updated) == (2500, 0)  # the known 500, unchanged and on the roster already
    assert len(plans) == 3
    assert not any(re.search(r"Scan[^\n]* on cardholders_cardholder", plan) for plan in plans), plans


def test_a_summary_trigger_looks_its_people_up_by_key_never_hashing_the_register(db):
    """Each row's person is found by primary key. Joined, the planner hashed the whole register for every
    chunk of an import (1.4 s for 20,000 people against a million), so the first day's million-row roster
    slowed chunk by chunk as the register grew."""
    from reporting.summary_sql import SUMMARIES, _from

    _register_by_copy(60_000)
    _analyze("cardholders_cardholder")
    with connection.cursor() as cursor:  # a trigger's transition table: 20,000 new roster entries
        cursor.execute(
            "CREATE TEMP TABLE roster_new AS SELECT 0::bigint AS id, 1::bigint AS round_id, id AS cardholder_id "
            "FROM cardholders_cardholder ORDER BY id LIMIT 20000"
        )
        for summary in (s for s in SUMMARIES if s.source == "roster"):
            cursor.execute("EXPLAIN " + summary.contribution(_from("roster_new")))
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on cardholders_cardholder" not in plan, plan
            assert "cardholders_cardholder_pkey" in plan, plan


def test_the_first_day_benchmark_starts_from_an_empty_portal_summaries_included(db, tmp_path):
    """The first day has no counts either. Truncated with the people, the summaries kept the whole country's
    counts, so the benchmark's flushes updated rows a real first day inserts, and every page of that portal
    showed people who were gone."""
    from reporting.import_benchmarks import empty_portal
    from reporting.models import SummaryCardholders

    RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 30)))
    assert SummaryCardholders.objects.filter(n__gt=0).exists()
    with connection.cursor() as cursor:  # as at a commit: TRUNCATE refuses tables with key checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    empty_portal()
    assert not Cardholder.objects.exists()
    assert not SummaryCardholders.objects.exists()
    call_command("check_summaries", stdout=io.StringIO())  # raises on any difference from a recount


def test_the_first_day_benchmark_refuses_any_database_but_its_own(db, tmp_path):
    """It empties every table of its database first: run by hand on the benchmark's 14.5M country, it would
    throw the country away (and did, once)."""
    from django.core.management import CommandError, call_command

    RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 3)))
    with pytest.raises(CommandError, match="welfare_bench_first_day"):
        call_command("bench", "--only", "imports-first-day", "--import-rows", "10", stdout=io.StringIO())
    assert Cardholder.objects.count() == 3


def test_a_chunk_goes_to_copy_in_one_read_not_thousands_of_small_ones(db, monkeypatch):
    """The thread writing an import's chunks to the database must not queue for the interpreter lock once per
    8 KB (psycopg2's default read size) while the parsing thread holds it: a 20,000-row chunk was a few
    hundred reads, each waiting up to the 5 ms switch interval."""
    from welfare_portal import copy as copy_module

    reads = []

    class CountedReads(copy_module.StringIO):
        def read(self, size=-1):
            data = super().read(size)
            reads.append(len(data))
            return data

    monkeypatch.setattr(copy_module, "StringIO", CountedReads)
    rows = [(n, "ทดสอบ" * 20) for n in range(20_000)]  # about 2 MB of text, a chunk's size
    # through Django's debug cursor, as under DEBUG (`make run`): it takes the read size only positionally
    with connection.cursor() as cursor, CaptureQueriesContext(connection):
        cursor.execute("CREATE TEMP TABLE copied (n integer, t text)")
        copy_module.copy_text("copied", ["n", "t"], copy_module.csv_text(rows))
        cursor.execute("SELECT count(*), sum(n), min(t) = max(t) FROM copied")
        assert cursor.fetchone() == (20_000, sum(range(20_000)), True)
    assert [size for size in reads if size] == [len(copy_module.csv_text(rows))]


def _updates_during(table: str, work) -> tuple[int, int]:
    """(rows of `table` updated while `work()` ran, of which HOT), from this transaction's counters."""

    def counted():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_stat_get_xact_tuples_updated(%s::regclass), "
                "pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
                [table, table],
            )
            return cursor.fetchone()

    before = counted()
    work()
    return tuple(after - earlier for after, earlier in zip(counted(), before, strict=True))


def test_status_updates_of_a_progress_file_stay_on_their_pages_without_new_index_entries(db, tmp_path):
    """A progress row sets its assignment's development status (development's trigger), and a later file moves
    the progress row on. Neither changes an indexed column, so with room on the page (fillfactor) the new
    version is a HOT update: the assignment's six indexes and the progress table's two take no new entry.
    On full pages each of these updates wrote every index again: 580 ms of every 20,000-row chunk."""
    from development.importers import ProgressImporter
    from welfare_portal.models import DevelopmentUnit, Project, Round

    count = 3000  # sixty pages and more of assignments: full pages, if the table had no room kept on them
    _register_by_copy(count)
    cdd = DevelopmentUnit.objects.get(code="CDD")
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO matching_assignment (cardholder_id, round_id, project_id, unit_id, home_province_id,
                   development_province_id, source, reason, confirmed_at)
               SELECT id, %s, %s, %s, 52, 52, 'matching', '', now() FROM cardholders_cardholder ORDER BY id""",
            [Round.objects.current().pk, Project.objects.get(code="CDD01").pk, cdd.pk],
        )

    def progress(status, ended):
        rows = [[valid_national_id(n), "CDD", "CDD01", 52, status, "1/7/2561", ended] for n in range(1, count + 1)]
        return ProgressImporter().run(write_csv(tmp_path / f"{status}.csv", PROGRESS_HEADER, rows))

    def started():
        assert progress("อยู่ระหว่างการพัฒนา", "").created == count

    updated, hot = _updates_during("matching_assignment", started)
    assert updated == count  # every assignment took the status "in progress"
    assert hot >= 0.95 * updated, f"{hot} of {updated} assignment updates were HOT"

    def finished():
        assert progress("พัฒนาเสร็จแล้ว", "30/9/2561").updated == count

    updated, hot = _updates_during("matching_progress", finished)
    assert updated == count
    assert hot >= 0.95 * updated, f"{hot} of {updated} progress updates were HOT"


def test_the_writing_thread_gets_the_interpreter_lock_promptly_while_a_file_is_parsed(live_db, tmp_path, monkeypatch):
    """The thread writing to PostgreSQL waits for the interpreter lock each time a statement comes back, and
    the parsing thread always wants it: at the interpreter's 5 ms switch interval the database sat idle for
    about a fifth of a progress file's import. While an import writes beside its parsing, the lock changes
    hands every millisecond; afterwards the process has its own interval back."""
    import sys
    import threading

    seen = []
    merge = RosterImporter.merge_chunk

    def recorded(self, cursor):
        seen.append((threading.current_thread() is threading.main_thread(), sys.getswitchinterval()))
        return merge(self, cursor)

    monkeypatch.setattr(RosterImporter, "merge_chunk", recorded)
    before = sys.getswitchinterval()
    result = RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(1, 50)))
    assert result.created == 50
    assert seen == [(False, import_base.PROMPT_HANDOFFS.interval)]  # on the writing thread, handing over quickly
    assert import_base.PROMPT_HANDOFFS.interval < before == sys.getswitchinterval()


def test_overlapping_imports_keep_prompt_handoffs_until_the_last_one_ends():
    """Two imports in one process (two requests' threads): the first to end must not give the second back
    the slow interval."""
    import sys

    handoffs, before = import_base.PromptHandoffs(0.0007), sys.getswitchinterval()
    with handoffs:
        with handoffs:
            assert sys.getswitchinterval() == 0.0007
        assert sys.getswitchinterval() == 0.0007
    assert sys.getswitchinterval() == before


def test_no_other_session_analyses_the_tables_of_an_import_while_it_runs(live_db, tmp_path, monkeypatch):
    """A first day: the roster is previewed (a dry run analyses the register as it fills it, and that size
    stays in the catalogue after the rollback), then imported. An analysis by another session (autovacuum)
    meanwhile would see none of the import's rows and write, in place, that the register is empty, and the
    import's planner would believe it for the rest of the file. The import keeps other sessions' analyses
    off its tables until it ends; they run afterwards."""
    import psycopg2

    monkeypatch.setattr(import_base, "CHUNK_ROWS", 500)
    RosterImporter().run(write_csv(tmp_path / "preview.csv", ROSTER_HEADER, _people(1, 6000)), dry_run=True)

    def analyse_from_another_session():
        other = psycopg2.connect(connection_url())
        other.autocommit = True
        try:
            other.cursor().execute("SET lock_timeout = '300ms'; ANALYZE cardholders_cardholder")
            return "analysed"
        except psycopg2.errors.LockNotAvailable:
            return "kept waiting"
        finally:
            other.close()

    seen, attempts, merge = {}, [], RosterImporter.merge_chunk

    def merge_beside_autovacuum(self, cursor):
        chunk = len(seen) + 1
        if chunk == 3:
            attempts.append(analyse_from_another_session())
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cardholders_cardholder'::regclass")
        seen[chunk] = cursor.fetchone()[0]
        return merge(self, cursor)

    monkeypatch.setattr(RosterImporter, "merge_chunk", merge_beside_autovacuum)
    result = RosterImporter().run(write_csv(tmp_path / "r.csv", ROSTER_HEADER, _people(10_001, 3000)))
    assert result.created == 3000
    assert attempts == ["kept waiting"]
    assert seen[1] >= 4000 and seen[3] == seen[1]  # the preview's size, not "empty"
    assert analyse_from_another_session() == "analysed"  # once the import has committed
