"""The summary tables stay exact through every kind of change, in the same transaction."""

import datetime
import io
import re
from contextlib import nullcontext

import pytest
from django.core.management import call_command
from django.db import connection

from cardholders.importers import InterviewImporter, RosterImporter
from cardholders.models import Cardholder
from cardholders.services import interview_record
from development.importers import ProgressImporter
from development.services import progress_record
from matching.models import Assignment, DelegatedCase
from matching.services import (
    assignment_change,
    delegated_cases_decide,
    delegation_create,
    matching_run_confirm,
    matching_run_create,
    transfer_decide,
    transfer_request,
)
from reporting.models import SummaryCardholders, SummaryInterviewChoice
from reporting.summary_sql import SUMMARIES
from welfare_portal.bulk import deferred_upkeep
from welfare_portal.models import DevelopmentUnit, Province, Round

from .builders import INTERVIEW_HEADER, PROGRESS_HEADER, ROSTER_HEADER, write_csv
from .conftest import SUBDISTRICT_NGAO, valid_national_id
from .matching_builders import applicant, project


def assert_exact():
    call_command("check_summaries", stdout=io.StringIO())  # raises CommandError on any difference


@pytest.fixture
def lampang(db):
    return Province.objects.get(code=52)


def test_imports_keep_summaries_exact(db, tmp_path):
    rows = [[valid_national_id(n), "นาย", "ก", "ข", "", "", "", "", 520101] for n in range(1, 30)]
    RosterImporter().run(write_csv(tmp_path / "a.csv", ROSTER_HEADER, rows))
    assert_exact()
    assert SummaryCardholders.objects.get(level=1, area=520101).n == 29
    rows[0][-1] = SUBDISTRICT_NGAO  # someone moves
    interviews = [
        [valid_national_id(n), "20/6/2561", 1 + n % 2, "CDD01", "DSD01", "", "WATER", "COOK"] for n in range(1, 20)
    ]
    InterviewImporter().run(write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, interviews))
    assert_exact()
    RosterImporter().run(write_csv(tmp_path / "b.csv", ROSTER_HEADER, rows))
    assert_exact()
    assert SummaryCardholders.objects.get(level=1, area=SUBDISTRICT_NGAO).n == 1
    moved = SummaryInterviewChoice.objects.filter(level=1, area=SUBDISTRICT_NGAO).values_list("n", flat=True)
    assert sum(moved) == 1
    newer = [[valid_national_id(n), "1/9/2561", 2, "RICE01", "", "", "", ""] for n in range(1, 5)]
    InterviewImporter().run(write_csv(tmp_path / "j.csv", INTERVIEW_HEADER, newer))
    assert_exact()


def test_forms_matching_decisions_and_progress_keep_summaries_exact(lampang, central, tmp_path):
    people = [applicant("CDD01", "DSD01") for _ in range(6)] + [applicant("RICE01") for _ in range(3)]
    assert_exact()
    interview_record(
        cardholder=people[0],
        interviewed_on=datetime.date(2018, 9, 1),
        group=2,
        choices=[project("GSB01")],
        basic_needs=["LAND"],
        skill=None,
        user=None,
    )
    assert_exact()
    delegation, _ = delegation_create(province=lampang, unit=DevelopmentUnit.objects.get(code="RICE"), user=central)
    two = list(delegation.cases.values_list("pk", flat=True)[:2])
    delegated_cases_decide(cases=DelegatedCase.objects.filter(pk__in=two), accept=True, user=central)
    assert_exact()
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    assert_exact()
    first = Assignment.objects.active().get(cardholder=people[1])
    assignment_change(assignment=first, project=project("DSD01"), reason="มติ", user=central)
    assert_exact()
    moved = Assignment.objects.active().get(cardholder=people[2])
    transfer_decide(
        transfer=transfer_request(
            assignment=moved, to_province=Province.objects.get(code=10), reason="ย้าย", user=central
        ),
        accept=True,
        user=central,
    )
    assert_exact()
    target = Assignment.objects.active().get(cardholder=people[3])
    progress_record(
        cardholder=people[3],
        assignment=target,
        unit=target.unit,
        project=target.project,
        province=lampang,
        status="in_progress",
        started_on=datetime.date(2018, 7, 1),
        ended_on=None,
        user=central,
    )
    assert_exact()
    target.refresh_from_db()
    assert target.progress_status == "in_progress"
    other = Assignment.objects.active().get(cardholder=people[4])
    ProgressImporter().run(
        write_csv(
            tmp_path / "p.csv",
            PROGRESS_HEADER,
            [[people[4].national_id, other.unit.code, other.project.code, 52, "พัฒนาเสร็จแล้ว", "1/7/2561", "1/9/2561"]],
        )
    )
    assert_exact()
    Cardholder.objects.filter(pk=people[5].pk).delete()
    assert_exact()


def test_every_page_reads_the_same_from_summaries_as_from_the_base_tables(db, central, monkeypatch):
    from reporting import reports
    from reporting.reports import REPORTS, Filters

    call_command("generate_demo", "--scale", "2500", stdout=io.StringIO(), stderr=io.StringIO())
    round_id = Round.objects.current().pk
    cases = [
        Filters(round=round_id),
        Filters(province=52, round=round_id),
        Filters(province=52, district=5201, round=round_id),
        Filters(unit="CDD", round=round_id),
        Filters(province=10, unit="DSD", by_group=True, round=round_id),
        Filters(district=5205, round=round_id),
    ]
    fast = {
        (rid, i): REPORTS[rid].table(central, f)
        for rid in REPORTS
        if REPORTS[rid].kind == "summary"
        for i, f in enumerate(cases)
    }
    monkeypatch.setattr(reports, "use_summaries", lambda user, filters: False)
    for (rid, i), table in fast.items():
        slow = REPORTS[rid].table(central, cases[i])
        assert (table.columns, table.rows, table.total) == (slow.columns, slow.rows, slow.total), (rid, cases[i])
    assert any(row[-1] for table in fast.values() for row in table.rows if isinstance(row[-1], int))


@pytest.mark.parametrize("summary", [s for s in SUMMARIES if s.source != "people"], ids=lambda s: s.table)
def test_each_summary_declares_every_column_it_reads(summary):
    """An update changing none of `reads` is skipped by the triggers: a column read but not declared would
    leave the summary wrong after an update of that column alone."""
    used = set(re.findall(r'\br\."?(\w+)"?', f"{summary.select} {summary.where} {summary.joins}"))
    assert used and used <= set(summary.reads)


@pytest.mark.parametrize("bulk", [False, True], ids=["statement by statement", "inside a bulk write"])
def test_updates_of_one_column_at_a_time_keep_summaries_exact(lampang, central, bulk):
    """Every column a summary reads, changed alone by raw SQL (as an outside script would), moves the counts;
    a column no summary reads moves nothing; deleted rows take their counts with them. Alike statement by
    statement and inside a bulk write (an import), whose triggers collect their changes and apply them once."""
    people = [applicant("CDD01", "DSD01") for _ in range(4)]
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    assignment = Assignment.objects.active().get(cardholder=people[0])
    # Interviewed after the run, so no assignment yet; in another district, so an assignment moved to them
    # moves its counts between areas.
    unmatched = applicant("RICE01", subdistrict=SUBDISTRICT_NGAO)
    before = dict(_status_counts())
    statements = [
        ("UPDATE matching_assignment SET progress_status = 'completed' WHERE id = %s", [assignment.pk]),
        ("UPDATE matching_assignment SET rank = rank + 1 WHERE id = %s", [assignment.pk]),
        (
            "UPDATE matching_assignment SET unit_id = (SELECT id FROM welfare_portal_developmentunit WHERE code = 'DSD') "
            "WHERE id = %s",
            [assignment.pk],
        ),
        (
            "UPDATE matching_assignment SET project_id = (SELECT id FROM welfare_portal_project WHERE code = 'DSD01') "
            "WHERE id = %s",
            [assignment.pk],
        ),
        ("UPDATE matching_assignment SET cardholder_id = %s WHERE id = %s", [unmatched.pk, assignment.pk]),
        (
            "UPDATE cardholders_interview SET interviewed_on = interviewed_on - 1 WHERE cardholder_id = %s",
            [people[1].pk],
        ),
        ("UPDATE cardholders_interview SET basic_needs = '{WATER}' WHERE cardholder_id = %s", [people[1].pk]),
        ("UPDATE cardholders_interview SET skill_id = NULL WHERE cardholder_id = %s", [people[1].pk]),
        ('UPDATE cardholders_interview SET "group" = 3 - "group" WHERE cardholder_id = %s', [people[1].pk]),
        ("UPDATE cardholders_interview SET is_current = false WHERE cardholder_id = %s", [people[2].pk]),
        ("UPDATE matching_assignment SET ended_at = now() WHERE cardholder_id = %s", [people[1].pk]),
        ("DELETE FROM matching_assignment WHERE cardholder_id = %s", [people[3].pk]),
        ("DELETE FROM cardholders_interview WHERE cardholder_id = %s", [people[3].pk]),
        ("DELETE FROM cardholders_rosterentry WHERE cardholder_id = %s", [people[3].pk]),
    ]
    with connection.cursor() as cursor:
        for sql, params in statements:
            with deferred_upkeep(cursor) if bulk else nullcontext():
                cursor.execute(sql, params)
                assert cursor.rowcount == 1, sql  # each statement changes one row
            assert_exact()
            if sql.startswith("UPDATE matching_assignment SET progress_status"):
                after = dict(_status_counts())
                assert after != before and after[("CDD", "completed")] == before.get(("CDD", "completed"), 0) + 1


def _status_counts():
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT u.code, s.status, s.n FROM summary_assignment_status s
               JOIN welfare_portal_developmentunit u ON u.id = s.unit WHERE s.level = 10000"""
        )
        return [((code, status), n) for code, status, n in cursor.fetchall()]


@pytest.mark.parametrize("source", ["people", "roster", "interview", "assignment"])
def test_the_database_runs_the_trigger_functions_this_module_writes(db, source):
    """The migrations freeze the functions as literal SQL; reporting/summary_sql.py is where they are read
    and changed. The two must not drift apart: a change made in one place only would go untested."""
    from reporting.summary_sql import trigger_function

    written = trigger_function(source).split(" AS $$", 1)[1].split("$$;", 1)[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [f"summary_{source}_changed"])
        assert cursor.fetchone()[0] == written
