"""Benchmarks (`make bench`): measured figures for the README, never part of `make test`."""

import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from cardholders.demo import FIRST_NAMES, LAST_NAMES, national_id
from cardholders.importers import RosterImporter
from cardholders.importers.base import ImportResult
from cardholders.models import Cardholder
from welfare_portal.models import Subdistrict

from .bench_support import machine_description

BENCH_DIR = Path(settings.BASE_DIR) / "bench-data"


class Command(BaseCommand):
    help = "Run the benchmarks and print their figures (roster import; more as the portal grows)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="rows in the generated roster file")
        parser.add_argument("--skip-import-export", action="store_true", help="do not time django-import-export")

    def handle(self, rows, skip_import_export, **options):
        if connection.settings_dict["NAME"] == "welfare" and not settings.DATABASE_URL:
            self.stderr.write("Refusing to benchmark the development database; run `make bench`.")
            raise SystemExit(2)
        self.stdout.write(f"machine: {machine_description()}")
        self.bench_roster_import(rows, skip_import_export)

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

    def _truncate(self):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Cardholder._meta.db_table} CASCADE")


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
