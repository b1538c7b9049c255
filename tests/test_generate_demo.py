import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cardholders.models import Cardholder, Interview
from development.models import Progress
from matching.models import Assignment, ReinterviewRequest


def test_it_makes_a_whole_country_with_every_stage(db):
    call_command("generate_demo", "--scale", "3000")
    assert Cardholder.objects.count() == 3000
    provinces = {code // 10000 for code in Cardholder.objects.values_list("subdistrict_id", flat=True)}
    assert len(provinces) > 60
    interviews = Interview.objects.count()
    assert 1500 < interviews < 2100 and Interview.objects.filter(is_current=False).count() == 0
    assert set(Interview.objects.values_list("group", flat=True)) == {1, 2}
    assert Assignment.objects.filter(rank=2).exists() and Assignment.objects.filter(rank=1).exists()
    assert ReinterviewRequest.objects.exists() or Assignment.objects.count() == interviews
    assert set(Progress.objects.values_list("status", flat=True)) == {
        "notified",
        "in_progress",
        "completed",
        "not_completed",
    }


def test_it_refuses_to_add_to_existing_people_unless_told(db):
    call_command("generate_demo", "--scale", "50")
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_demo", "--scale", "50")
    call_command("generate_demo", "--scale", "50", "--if-empty")
    assert Cardholder.objects.count() == 50
    call_command("generate_demo", "--scale", "80", "--replace")
    assert Cardholder.objects.count() == 80


def test_the_demo_keeps_development_statuses_and_summaries_right(db):
    from reporting.summary_sql import SUMMARIES, difference_sql

    call_command("generate_demo", "--scale", "1500")
    statuses = set(Assignment.objects.filter(ended_at__isnull=True).values_list("progress_status", flat=True))
    assert {"in_progress", "completed", "not_completed", "not_started"} <= statuses
    from django.db import connection

    with connection.cursor() as cursor:
        for summary in SUMMARIES:
            cursor.execute(f"SELECT count(*) FROM ({difference_sql(summary)}) d")
            assert cursor.fetchone()[0] == 0, summary.table


def test_two_workers_make_the_same_kind_of_country_with_exact_summaries(live_db):
    """--workers 2: people and interviews by parts of the country, matching and progress by province,
    each share committed on its own connection."""
    from django.db import connection

    from reporting.summary_sql import SUMMARIES, difference_sql

    call_command("generate_demo", "--scale", "4000", "--workers", "2", stderr=io.StringIO())
    assert Cardholder.objects.count() == 4000
    assert Cardholder.objects.values("national_id").distinct().count() == 4000
    provinces = {code // 10000 for code in Cardholder.objects.values_list("subdistrict_id", flat=True)}
    assert len(provinces) > 70  # both halves of the country are there
    interviewed = Interview.objects.values_list("cardholder__subdistrict_id", flat=True)
    assert {code // 10000 for code in interviewed} >= {10, 96}  # the first and the last province
    assert Assignment.objects.values("home_province").distinct().count() > 60
    assert set(Progress.objects.values_list("status", flat=True)) == {
        "notified",
        "in_progress",
        "completed",
        "not_completed",
    }
    with connection.cursor() as cursor:
        for summary in SUMMARIES:
            cursor.execute(f"SELECT count(*) FROM ({difference_sql(summary)}) d")
            assert cursor.fetchone()[0] == 0, summary.table
    call_command("generate_demo", "--scale", "300", "--workers", "2", "--replace", stderr=io.StringIO())
    assert Cardholder.objects.count() == 300


def test_via_files_loads_the_same_country_through_the_importers(live_db, tmp_path):
    """--via-files: the people and interviews written in the contract's formats and imported, as a ministry
    batch is: the same people as the SQL load of the same seed, exactly the interviews the file holds, and
    audited like any import."""
    import csv
    import io

    from django.db import connection

    call_command("generate_demo", "--scale", "2000", stderr=io.StringIO())
    people_by_sql = _people()
    call_command("generate_demo", "--scale", "2000", "--replace", "--via-files", str(tmp_path), stderr=io.StringIO())
    assert _people() == people_by_sql and len(people_by_sql) == 2000
    with (tmp_path / "interviews.csv").open(encoding="utf-8") as f:
        in_file = {
            (row["เลขประจำตัวประชาชน"], _be_date(row["วันที่สัมภาษณ์"]), row["ความต้องการอันดับ 1"]) for row in csv.DictReader(f)
        }
    imported = Interview.objects.values_list("cardholder__national_id", "interviewed_on", "choice_1__code")
    assert set(imported) == in_file and 1000 < len(in_file) < 1400
    assert Interview.objects.filter(is_current=True).count() == len(in_file)
    assert Assignment.objects.exists() and Progress.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cardholders_cardholderevent WHERE pgh_label = 'insert'")
        assert cursor.fetchone()[0] == 2000
    call_command("check_summaries", stdout=io.StringIO())


def _people():
    return set(Cardholder.objects.values_list("national_id", "first_name", "subdistrict_id"))


def _be_date(text):
    import datetime

    day, month, year = map(int, text.split("/"))
    return datetime.date(year - 543, month, day)


def test_writing_the_country_files_leaves_the_catalogue_with_the_register_as_it_is(live_db, tmp_path):
    """The files are written from a country made in a transaction that is rolled back, and made the way the SQL
    load makes it, analysis included. The rollback leaves its rows behind, dead, with their index entries, and
    the analysis's size in the catalogue (written in place). The importers that fill the register next must
    find it empty: neither called full, nor called empty over a million dead index entries (README, "The
    stall, again"). After the files are written, the register holds no pages and the catalogue says so."""
    from django.db import connection
    from django.utils import timezone

    from reporting.demo_files import write_country_files

    write_country_files(tmp_path, scale=2000, seed=1, now=timezone.now())
    assert (tmp_path / "roster.csv").stat().st_size > 0 and not Cardholder.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples, relpages FROM pg_class WHERE oid = 'cardholders_cardholder'::regclass")
        tuples, pages = cursor.fetchone()
        assert tuples <= 0 and pages == 0  # not the 2,000 made up and undone, and none of their pages left
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cardholder_area_order'::regclass")
        assert cursor.fetchone()[0] <= 0  # the index's dead entries gone too (ANALYZE alone leaves them)


def test_the_country_files_can_be_written_inside_a_callers_transaction(db, tmp_path):
    """A test (or any caller) holding a transaction can still have the files written: the clean-up that cannot
    run inside one (VACUUM) waits for a caller without one."""
    from django.utils import timezone

    from reporting.demo_files import write_country_files

    roster, interviews = write_country_files(tmp_path, scale=200, seed=1, now=timezone.now())
    assert len(roster.read_text(encoding="utf-8").splitlines()) == 201 and interviews.exists()
    assert not Cardholder.objects.exists()
