"""Benchmarks (`make bench`): measured figures for the README, never part of `make test`."""

import io
import os
import random
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cardholders.demo import FIRST_NAMES, LAST_NAMES, national_id
from cardholders.importers import RosterImporter
from cardholders.importers.base import ImportResult
from cardholders.models import Cardholder, Interview, RosterEntry
from matching.demo import load_interviews
from matching.models import Assignment, Capacity
from matching.services import matching_run_confirm, matching_run_create
from reporting import benchmarks as pages
from reporting import import_benchmarks as imports
from reporting import name_check_benchmarks as name_checks
from welfare_portal.copy import copy_rows
from welfare_portal.models import DevelopmentUnit, Project, Province, Role, Round, Subdistrict

BENCH_DIR = Path(settings.BASE_DIR) / "bench-data"
FIRST_DAY_DATABASE = "welfare_bench_first_day"
CARDHOLDER_COLUMNS = [
    "national_id",
    "title",
    "first_name",
    "last_name",
    "phone",
    "house_no",
    "moo",
    "village",
    "subdistrict_id",
    "created_at",
    "updated_at",
]


class Command(BaseCommand):
    help = "Run the benchmarks and print their figures (roster import; more as the portal grows)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="rows in the generated roster file")
        parser.add_argument("--skip-import-export", action="store_true", help="do not time django-import-export")
        parser.add_argument(
            "--matching-people", type=int, default=200_000, help="current interviews in the matched province"
        )
        parser.add_argument(
            "--only",
            choices=["roster", "matching", "pages", "imports", "imports-first-day", "imports-country", "name-check"],
            help="run one benchmark only",
        )
        parser.add_argument(
            "--import-rows", default="100000,1000000", help="rows in each import file of the import benchmark"
        )
        parser.add_argument(
            "--scale", type=int, default=1_000_000, help="card holders in the country for the page benchmark"
        )
        parser.add_argument(
            "--name-check-rows", default="100000", help="rows in each agency list of the name-check benchmark"
        )
        parser.add_argument(
            "--rounds", type=int, default=2, help="full rounds in the page benchmark's country (1 to compare)"
        )
        parser.add_argument(
            "--country-runs",
            type=int,
            default=1,
            help="dry runs of each file into the country (the median of several says more on a noisy machine)",
        )
        parser.add_argument("--repeats", type=int, default=20, help="requests per page")
        parser.add_argument("--load-users", type=int, default=20, help="concurrent users saving form 4.1")
        parser.add_argument("--load-seconds", type=float, default=20, help="how long the form 4.1 load runs")

    def handle(
        self,
        rows,
        skip_import_export,
        matching_people,
        only,
        scale,
        repeats,
        load_users,
        load_seconds,
        import_rows,
        name_check_rows,
        rounds,
        country_runs,
        **options,
    ):
        if connection.settings_dict["NAME"] == "welfare" and not settings.DATABASE_URL:
            self.stderr.write("Refusing to benchmark the development database; run `make bench`.")
            raise SystemExit(2)
        self.stdout.write(f"machine: {pages.machine_description()}")
        self.stdout.write(pages.machine_pace())
        sizes = [int(n) for n in import_rows.split(",")]
        if only == "imports-first-day":  # run by bench_imports, on the database of the first day
            return self.bench_imports_first_day(sizes, scale)
        # The roster and matching benchmarks empty tables: inside a transaction that is rolled back, so the
        # country the page benchmark made (it takes minutes at full size) survives between runs.
        if only in (None, "roster"):
            with rolled_back():
                self.bench_roster_import(rows, skip_import_export)
        if only in (None, "matching"):
            with rolled_back():
                self.bench_matching(matching_people)
        if only in (None, "pages"):
            self.bench_pages(scale, repeats, load_users, load_seconds, rows, rounds)
        if only in (None, "imports"):
            self.bench_imports(sizes, scale, country_runs)
        if only == "imports-country":  # the country half of "imports" alone
            self.bench_imports_country(sizes, scale, country_runs)
        if only in (None, "name-check"):
            self.ensure_country(scale)
            name_checks.bench_name_check(
                lambda line: (self.stdout.write(line), self.stdout.flush()),
                BENCH_DIR,
                sizes=[int(n) for n in name_check_rows.split(",")],
            )

    def bench_imports(self, sizes, scale, country_runs=1):
        """Every kind of file at each size: on the first day of a portal (a database of its own) and into the
        country of `scale` card holders (dry runs: the same work rolled back, so the country stays)."""
        env = first_day_environment()
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "bench",
                "--only",
                "imports-first-day",
                "--import-rows",
                ",".join(map(str, sizes)),
                "--scale",
                str(scale),
            ],
            env=env,
            check=True,
        )
        self.bench_imports_country(sizes, scale, country_runs)

    def bench_imports_country(self, sizes, scale, runs=1):
        self.ensure_country(scale)
        self.stdout.write(f"\nimports into the country of {Cardholder.objects.count():,} card holders (dry runs)")
        self.stdout.write(imports.HEADER)
        unit = pages.bench_user("bench-cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
        env = {**os.environ}

        def measure(kind, path, size, user=""):
            """`runs` dry runs, each from a vacuumed country; each printed, then their median when more than one."""
            figures = []
            for _ in range(runs):
                settle(vacuum=True)
                figures.append(imports.run_import(kind, path, size, env=env, user=user, dry_run=True))
                self._measured("country", figures[-1])
            if runs > 1:
                self._measured("country", imports.median_of(figures))

        for size in sizes:
            files = imports.country_files(BENCH_DIR, size)
            measure("roster", roster_file(size), size)
            for kind in ("interviews", "progress"):
                measure(kind, files[kind], size)
            delegation = imports.delegate_people(size)
            try:
                measure("delegated", imports.delegated_file(BENCH_DIR, delegation, size), size, unit.username)
            finally:
                imports.delete_delegation(delegation)
        self.stdout.write(pages.machine_pace())

    def bench_imports_first_day(self, sizes, scale):
        if connection.settings_dict["NAME"] != FIRST_DAY_DATABASE:  # it empties every table of its database
            raise CommandError(f"--only imports-first-day runs on {FIRST_DAY_DATABASE} only; use --only imports")
        self.stdout.write("\nimports on the first day of a portal (empty tables, statistics that say so)")
        self.stdout.write(imports.HEADER)
        env = {**os.environ}
        for size in sizes:
            imports.empty_portal()
            files = imports.first_day_files(BENCH_DIR, size)
            roster = roster_file(size)
            unit = pages.bench_user(
                "bench-cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD")
            )
            self._measured("first day", imports.run_import("roster", roster, size, env=env))
            self._measured("first day", imports.run_import("interviews", files["interviews"], size, env=env))
            imports.delegate_everyone()
            self._measured(
                "first day", imports.run_import("delegated", files["delegated"], size, env=env, user=unit.username)
            )
            self._measured("first day", imports.run_import("progress", files["progress"], size, env=env))
            self._measured("first day", imports.run_import("roster", roster, size, env=env))  # the same file again
        self.stdout.write(pages.machine_pace())
        size = max(sizes)
        for label, extra in (
            ("SQL", []),
            ("files through the importers", ["--via-files", str(BENCH_DIR / f"country-{size}")]),
        ):
            imports.empty_portal()
            # Each load in a process of its own, as an operator runs the command. (The load through the files once
            # stalled here, in this process and in its own: autovacuum's doing, README "The stall, found".)
            command = [sys.executable, "manage.py", "generate_demo", "--scale", str(size), "--replace", *extra]
            took, _ = timed(lambda command=command: subprocess.run(command, check=True, stdout=subprocess.DEVNULL))
            self.stdout.write(f"generate_demo --scale {size:,}, people and interviews by {label}: {took:.0f} s")

    def _measured(self, condition, measured):
        self.stdout.write(measured.line(condition))
        self.stdout.flush()

    def ensure_country(self, scale, rounds=2):
        """The country of `scale` card holders in two full rounds (issue 15: the pages stay fast with a second
        year loaded beside the first), or in `rounds` (one, to compare on the same code)."""
        filled = [r for r in Round.objects.order_by("code") if RosterEntry.objects.filter(round=r).exists()]
        if Cardholder.objects.count() != scale or len(filled) != rounds:
            self.stdout.write(f"making a country of {scale:,} card holders in {rounds} rounds (generate_demo)…")
            took, _ = timed(
                lambda: call_command(
                    "generate_demo",
                    scale=scale,
                    replace=True,
                    workers=2,
                    rounds=rounds,
                    stdout=self.stdout,
                    stderr=self.stderr,
                )
            )
            self.stdout.write(f"generate_demo --scale {scale} --rounds {rounds}: {took:.0f} s")

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
                (
                    national_id(3, 5200 + n // 10_000_000, n % 10_000_000),
                    "นาง",
                    "ทดสอบ",
                    "จับคู่",
                    "",
                    "",
                    "",
                    "",
                    rng.choice(subdistricts),
                    now,
                    now,
                )
                for n in range(1, people + 1)
            ),
        )
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

    def bench_pages(self, scale, repeats, load_users, load_seconds, rows, rounds=2):
        self.ensure_country(scale, rounds)
        current = Round.objects.current()
        self.stdout.write(
            f"country: {Cardholder.objects.count():,} card holders in {Round.objects.count()} rounds; the current "
            f"round {current.code}: {Interview.objects.filter(round=current, is_current=True).count():,} current "
            f"interviews, {Assignment.objects.filter(round=current, ended_at__isnull=True).count():,} active assignments "
            f"(all rounds: {Interview.objects.count():,} interviews, {Assignment.objects.count():,} assignments)"
        )
        central = pages.bench_user("bench-central", Role.CENTRAL)
        province = pages.bench_user("bench-P5200", Role.PROVINCE, province_id=52)
        env = {**os.environ, "DJANGO_DEBUG": "false", "DATABASE_CONN_MAX_AGE": "600"}
        server = pages.Server(port=8765, workers=4, env=env)
        try:
            cookie = f"sessionid={pages.session_cookie(central)}"
            settle()
            results = pages.time_pages(server, cookie, repeats)
            self.stdout.write(
                f"\nsummary pages over HTTP (gunicorn, 4 workers), {repeats} requests each, central user:"
            )
            self.stdout.write(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'GROUP BY ms':>13}{'ratio':>8}")
            for label, item, query, p50, p95 in results:
                group_by = self._group_by_ms(central, item, query)
                if group_by is None:
                    self.stdout.write(f"{label:<22}{p50:>9.1f}{p95:>9.1f}{'-':>13}{'-':>8}")
                else:
                    self.stdout.write(f"{label:<22}{p50:>9.1f}{p95:>9.1f}{group_by:>13.0f}{group_by / p50:>7.0f}×")
            settle()
            latencies, errors = pages.form_load(server, province, users=load_users, seconds=load_seconds)
            if latencies:
                self.stdout.write(
                    f"\nform 4.1 save, {load_users} concurrent users for {load_seconds:.0f} s: {len(latencies):,} saves, "
                    f"p50 {statistics.median(latencies):.1f} ms, p95 {pages.percentile(latencies, 95):.1f} ms, "
                    f"errors {len(errors)}{' (' + ', '.join(sorted(set(errors))) + ')' if errors else ''}"
                )
            else:
                self.stdout.write(f"form 4.1: no successful save; errors: {errors[:5]}")
        finally:
            server.stop()
        with rolled_back():
            took, result = timed(lambda: RosterImporter().run(roster_file(rows)))
            self.stdout.write(
                f"\nroster import of {rows:,} new people into a table of {Cardholder.objects.count() - result.created:,}: "
                f"{took:.2f} s ({result.summary}; rolled back)"
            )
        out = io.StringIO()
        try:
            call_command("check_summaries", stdout=out)
            self.stdout.write("check_summaries after the benchmark's writes: clean")
        except CommandError as error:
            self.stdout.write(out.getvalue() + f"check_summaries: {error}")

    @staticmethod
    def _group_by_ms(user, item, query) -> float | None:
        """The same table computed by plain GROUP BY over the base tables (the summaries switched off), for
        a menu report; None for a page of its own."""
        from reporting import reports

        if item not in reports.REPORTS:
            return None
        filters = reports.Filters(
            province=query.get("province"),
            district=query.get("district"),
            unit=query.get("unit"),
            by_group=bool(query.get("by_group")),
            compare=bool(query.get("compare")),
            round=Round.objects.current().pk,
        )
        original = reports.use_summaries
        reports.use_summaries = lambda user, filters: False
        try:
            times = []
            for _ in range(3):
                took, _ = timed(lambda: reports.REPORTS[item].table(user, filters))
                times.append(took * 1000)
        finally:
            reports.use_summaries = original
        return statistics.median(times)

    def _truncate(self):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Cardholder._meta.db_table}, matching_capacity, matching_matchingrun CASCADE")


def first_day_environment() -> dict:
    """The environment of a process on the first-day database (created here when missing)."""
    env = {**os.environ}
    if settings.DATABASE_URL:
        env["DATABASE_URL"] = settings.DATABASE_URL.rsplit("/", 1)[0] + "/" + FIRST_DAY_DATABASE
    else:
        env["EMBEDDED_DATABASE_NAME"] = FIRST_DAY_DATABASE
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [FIRST_DAY_DATABASE])
        if not cursor.fetchone():
            cursor.execute(f"CREATE DATABASE {FIRST_DAY_DATABASE}")
    return env


def settle(*, vacuum: bool = False):
    """Start a measurement with the writes of the previous one on disk: a checkpoint now, not in the middle
    of the next figure (needs a superuser or pg_checkpoint, as the embedded server gives; else skipped).

    `vacuum`: first clear the dead rows the previous dry runs left in the country (a few seconds), so each
    figure starts from the same country. Without it a day of dry runs left millions of dead rows that every
    probe of the next import walked past (country interviews at 100k: 8.9–11.6 s before a VACUUM, 8.1–8.2 s
    after it; the machine's pace was not yet measured, so some of that may be the machine)."""
    if vacuum:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass


@contextmanager
def rolled_back():
    settle()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


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
        sheet.append(
            [
                int(national_id(3, 9000 + n // 10_000_000, n % 10_000_000)),
                "นาย",
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                f"08{rng.randrange(10**7, 10**8)}",
                str(rng.randrange(1, 400)),
                rng.randrange(1, 16),
                "บ้านใหม่",
                subdistrict,
            ]
        )
    workbook.save(path)
    return path


def import_export_bulk(path: Path) -> ImportResult:
    import tablib

    from cardholders.resources import CardholderResource

    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = CardholderResource().import_data(dataset, use_bulk=True, batch_size=1000, skip_diff=True)
    assert not result.has_errors() and not result.has_validation_errors()
    return result
