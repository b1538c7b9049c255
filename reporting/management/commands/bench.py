"""Benchmarks (`make bench`): measured figures for the README, never part of `make test`."""

import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from cardholders.demo import FIRST_NAMES, LAST_NAMES, national_id
from cardholders.importers import RosterImporter
from cardholders.importers.base import ImportResult
from cardholders.models import Cardholder
from matching.demo import load_interviews
from matching.models import Capacity
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.copy import copy_rows
from welfare_portal.models import Project, Province, Subdistrict

from .bench_support import machine_description

BENCH_DIR = Path(settings.BASE_DIR) / "bench-data"
CARDHOLDER_COLUMNS = ["national_id", "title", "first_name", "last_name", "phone", "house_no", "moo", "village",
                      "subdistrict_id", "created_at", "updated_at"]  # fmt: skip


class Command(BaseCommand):
    help = "Run the benchmarks and print their figures (roster import; more as the portal grows)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="rows in the generated roster file")
        parser.add_argument("--skip-import-export", action="store_true", help="do not time django-import-export")
        parser.add_argument(
            "--matching-people", type=int, default=200_000, help="current interviews in the matched province"
        )
        parser.add_argument("--only", choices=["roster", "matching"], help="run one benchmark only")

    def handle(self, rows, skip_import_export, matching_people, only, **options):
        if connection.settings_dict["NAME"] == "welfare" and not settings.DATABASE_URL:
            self.stderr.write("Refusing to benchmark the development database; run `make bench`.")
            raise SystemExit(2)
        self.stdout.write(f"machine: {machine_description()}")
        if only in (None, "roster"):
            self.bench_roster_import(rows, skip_import_export)
        if only in (None, "matching"):
            self.bench_matching(matching_people)

    def bench_roster_import(self, rows, skip_import_export):
        path = roster_file(rows)
        self._truncate()
        ours, result = timed(lambda: RosterImporter().run(path))
        assert result.ok and result.created == rows, result.errors[:3]
        again, result = timed(lambda: RosterImporter().run(path))
        assert result.unchanged == rows
        self.stdout.write(f"roster import, ours: {rows:,} new rows in {ours:.2f} s ({rows / ours:,.0f} rows/s)")
        self.stdout.write(f"roster import, ours, same file again: {again:.2f} s ({result.summary})")
        if skip_import_export:
            return
        self._truncate()
        theirs, _ = timed(lambda: import_export_bulk(path))
        count = Cardholder.objects.count()
        self.stdout.write(
            f"roster import, django-import-export bulk (use_bulk, batch_size=1000, skip_diff): {count:,} rows in "
            f"{theirs:.2f} s ({count / theirs:,.0f} rows/s)"
        )
        self.stdout.write(f"ratio: ours is {theirs / ours:.1f}× faster")

    def bench_matching(self, people: int):
        """One province (Lampang) with `people` current interviews, some projects short of seats."""
        self._truncate()
        lampang = Province.objects.get(code=52)
        subdistricts = list(Subdistrict.objects.filter(district__province=lampang).values_list("code", flat=True))
        rng = random.Random(people)
        now = timezone.now()
        copy_rows(
            "cardholders_cardholder",
            CARDHOLDER_COLUMNS,
            (
                (national_id(3, 5200 + n // 10_000_000, n % 10_000_000), "นาง", "ทดสอบ", "จับคู่", "", "", "", "",
                 rng.choice(subdistricts), now, now)
                for n in range(1, people + 1)
            ),
        )  # fmt: skip
        load_interviews(seed=0.5)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cardholders_interview SET is_current = true")  # everyone interviewed
            cursor.execute(
                """INSERT INTO cardholders_interview (cardholder_id, interviewed_on, "group", choice_1_id, basic_needs,
                       is_current, channel, created_at, updated_at)
                   SELECT c.id, date '2018-06-20', 1, (SELECT min(id) FROM welfare_portal_project), '{}', true, 'import', now(), now()
                   FROM cardholders_cardholder c WHERE NOT EXISTS (SELECT 1 FROM cardholders_interview i WHERE i.cardholder_id = c.id)"""
            )
            cursor.execute("ANALYZE cardholders_cardholder; ANALYZE cardholders_interview")
        for project in Project.objects.all()[::2]:
            Capacity.objects.create(province=lampang, project=project, seats=people // 40)
        propose, run = timed(lambda: matching_run_create(province=lampang, user=None))
        confirm, confirmed = timed(lambda: matching_run_confirm(run=run, user=None))
        self.stdout.write(
            f"matching, one province with {run.candidates:,} current interviews: proposal {propose:.2f} s "
            f"({run.matched:,} matched, {run.unmatched:,} to re-interview), confirmation {confirm:.2f} s"
        )

    def _truncate(self):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Cardholder._meta.db_table}, matching_capacity, matching_matchingrun CASCADE")


def timed(work):
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def roster_file(rows: int) -> Path:
    """A roster .xlsx as provinces send them (IDs typed as numbers, moo as numbers); cached between runs."""
    from openpyxl import Workbook

    path = BENCH_DIR / f"roster-{rows}.xlsx"
    if path.exists():
        return path
    BENCH_DIR.mkdir(exist_ok=True)
    rng = random.Random(rows)
    subdistricts = list(Subdistrict.objects.values_list("code", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เบอร์โทรศัพท์", "บ้านเลขที่", "หมู่ที่", "หมู่บ้าน", "รหัสตำบล"])
    for n in range(1, rows + 1):
        subdistrict = rng.choice(subdistricts)
        sheet.append([
            int(national_id(3, 9000 + n // 10_000_000, n % 10_000_000)), "นาย", rng.choice(FIRST_NAMES),
            rng.choice(LAST_NAMES), f"08{rng.randrange(10**7, 10**8)}", str(rng.randrange(1, 400)),
            rng.randrange(1, 16), "บ้านใหม่", subdistrict,
        ])  # fmt: skip
    workbook.save(path)
    return path


def import_export_bulk(path: Path) -> ImportResult:
    import tablib

    from cardholders.resources import CardholderResource

    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = CardholderResource().import_data(dataset, use_bulk=True, batch_size=1000, skip_diff=True)
    assert not result.has_errors() and not result.has_validation_errors()
    return result
