import time
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cardholders.demo import area_parts, load_cardholders, next_sequence, stream_seed
from cardholders.importers import InterviewImporter, RosterImporter
from cardholders.models import Cardholder
from development.demo import load_progress
from matching.demo import load_interviews, set_demo_capacities
from reporting.demo_files import write_country_files
from reporting.summary_sql import rebuild_sql

TABLES = [
    "cardholders_cardholder",
    "cardholders_rosterentry",
    "cardholders_interview",
    "matching_progress",
    "matching_assignment",
    "matching_runentry",
    "matching_matchingrun",
    "matching_capacity",
]


class Command(BaseCommand):
    help = (
        "Create a made-up country of N card holders over all 77 provinces, with interviews, confirmed "
        "matching and progress in every status, loaded with COPY and set-based SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=3000, help="number of card holders (default 3000)")
        parser.add_argument("--seed", type=int, default=2561)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when people already exist")
        parser.add_argument("--replace", action="store_true", help="delete all people (and their records) first")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="load and match on this many database connections at once (the full country: 2, one per core)",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=1,
            help="programme rounds to fill (default 1: the current round); with more, the earliest round and the "
            "ones after it (2561, 2562, …; created when missing), each with the whole roster, its own interviews, "
            "matching and progress; the last is left current",
        )
        parser.add_argument(
            "--via-files",
            metavar="FOLDER",
            type=Path,
            help="write the people and interviews as import files (the contract's formats) into FOLDER and load "
            "them through the importers, as a ministry batch comes in, instead of with SQL",
        )

    def handle(self, scale, seed, if_empty, replace, workers, via_files, rounds, **options):
        if scale < 1:
            raise CommandError("--scale ต้องเป็นจำนวนเต็มบวก")
        if rounds < 1:
            raise CommandError("--rounds ต้องเป็นจำนวนเต็มบวก")
        if Cardholder.objects.exists():
            if if_empty:
                self.stdout.write("มีข้อมูลผู้มีบัตรฯ อยู่แล้ว ไม่สร้างข้อมูลตัวอย่างซ้ำ")
                return
            if not replace:
                raise CommandError("มีข้อมูลผู้มีบัตรฯ อยู่แล้ว ใช้ --replace เพื่อล้างแล้วสร้างใหม่")
        started, now = time.monotonic(), timezone.now()
        self.workers = max(workers, 1)
        filled = self._rounds(rounds)
        filled[0].make_current()
        # One worker: the whole load is one transaction on this connection. More: every share (a part of
        # the country, a province) commits on its own connection; an interrupted run is redone with --replace.
        if via_files:
            # Through the importers, each its own transaction (and audited, as a real batch is).
            if replace:
                self._truncate(None)
            count, interviews = self._load_via_files(via_files, scale=scale, seed=seed, now=now)
        with transaction.atomic() if self.workers == 1 else nullcontext():
            if self.workers == 1:
                self._skip_audit_triggers()
            if not via_files:
                if replace:
                    self._each([None], self._truncate)
                count, interviews = self._load_with_sql(scale=scale, seed=seed, now=now)
            self._analyze()
            assigned, progress = self._develop(seed)
            for later in filled[1:]:  # the next year: the same people, asked again
                more = self._next_round(later, seed)
                interviews, assigned, progress = (
                    a + b for a, b in zip((interviews, assigned, progress), more, strict=True)
                )
            # The loads above ran with triggers off (or TRUNCATE, which fires none): recount the summaries.
            self._step("ตารางสรุป", lambda: self._each([None], self._rebuild_summaries))
        if connection.in_atomic_block:  # a caller's transaction (tests): VACUUM cannot run there
            self._analyze()
        else:
            # Now rather than by autovacuum in the middle of the first pages and benchmarks: visibility
            # maps for index-only scans, and fresh statistics.
            self._step("VACUUM", lambda: self._analyze(vacuum=True))
        self.stdout.write(
            f"สร้างข้อมูลตัวอย่าง: ผู้มีบัตรฯ {count:,} คน แบบประเมิน {interviews:,} ฉบับ "
            f"มอบหมาย {assigned:,} คน ผลการพัฒนา {progress:,} รายการ ใน {time.monotonic() - started:.1f} วินาที"
        )

    def _load_with_sql(self, *, scale, seed, now) -> tuple[int, int]:
        # Each worker loads the people, then the interviews, of its own part of the country.
        after, parts = next_sequence(), area_parts(self.workers)
        count = self._step(
            "ผู้มีบัตรฯ",
            lambda: self._each(parts, lambda area: load_cardholders(scale, seed=seed, now=now, after=after, area=area)),
        )
        self._analyze()
        interviews = self._step(
            "แบบประเมิน",
            lambda: self._each(parts, lambda area: load_interviews(seed=stream_seed(seed, area), area=area)),
        )
        return count, interviews

    @staticmethod
    def _rounds(count: int) -> list:
        """The rounds to fill: the current one alone, or the earliest round and the ones after it."""
        from welfare_portal.models import Round

        if count == 1:
            return [Round.objects.current()]
        first = Round.objects.order_by("code").first()
        codes = [str(int(first.code) + i) for i in range(count)]
        return [
            Round.objects.get_or_create(code=code, defaults={"name": f"ปี {code}"})[0] if i else first
            for i, code in enumerate(codes)
        ]

    def _next_round(self, later, seed) -> tuple[int, int, int]:
        """Another round, made current: everyone on its roster, interviewed again, matched, developed."""
        later.make_current()
        self.stderr.write(f"รอบ {later.code}:")
        parts, seed = area_parts(self.workers), seed + int(later.code)
        self._step("ทะเบียนของรอบ", lambda: self._each(parts, self._enrol))
        interviews = self._step(
            "แบบประเมิน",
            lambda: self._each(parts, lambda area: load_interviews(seed=stream_seed(seed, area), area=area)),
        )
        self._analyze()
        return interviews, *self._develop(seed)

    def _develop(self, seed) -> tuple[int, int]:
        """The current round's capacities, matching in every province, and progress: (assigned, progress)."""
        self._step("จำนวนที่รับได้", lambda: self._each([None], lambda _: set_demo_capacities()))
        provinces = self._provinces_largest_first()
        assigned = self._step("การจับคู่ทั้ง 77 จังหวัด", lambda: self._each(provinces, self._match))
        self._analyze()  # millions of new assignments: plan the progress statements on true sizes
        progress = self._step(
            "ผลการพัฒนา",
            lambda: self._each(provinces, lambda p: load_progress(seed=stream_seed(seed, p.pk), province=p.pk)),
        )
        return assigned, progress

    @staticmethod
    def _enrol(area) -> int:
        """Everyone of the area (a range of subdistrict codes) on the current round's roster."""
        with connection.cursor() as cursor:
            cursor.execute(
                """INSERT INTO cardholders_rosterentry (round_id, cardholder_id)
                   SELECT (SELECT welfare_current_round()), id FROM cardholders_cardholder
                   WHERE subdistrict_id BETWEEN %s AND %s ON CONFLICT DO NOTHING""",
                list(area),
            )
            return cursor.rowcount

    def _load_via_files(self, folder: Path, *, scale, seed, now) -> tuple[int, int]:
        roster, interviews = self._step(
            "เขียนไฟล์ทะเบียนและผลการสัมภาษณ์", lambda: write_country_files(folder, scale=scale, seed=seed, now=now)
        )
        counts = []
        for label, importer, path in (
            ("นำเข้าทะเบียนจากไฟล์", RosterImporter, roster),
            ("นำเข้าผลการสัมภาษณ์จากไฟล์", InterviewImporter, interviews),
        ):
            result = self._step(f"{label} {path}", lambda importer=importer, path=path: importer().run(path))
            if not result.ok:
                raise CommandError(f"{path}: " + "; ".join(map(str, result.errors[:5])))
            counts.append(result.created)
        return counts[0], counts[1]

    @staticmethod
    def _provinces_largest_first():
        from django.db.models import Count

        from welfare_portal.models import Province, Subdistrict

        # People are spread in proportion to subdistricts (cardholders/demo.py): count those, not people.
        sizes = dict(Subdistrict.objects.values_list("district__province").annotate(n=Count("code")).order_by())
        return sorted(Province.objects.all(), key=lambda p: -sizes.get(p.pk, 0))

    @staticmethod
    def _match(province) -> int:
        from matching.services import matching_run_confirm, matching_run_create

        run = matching_run_create(province=province, user=None)
        return matching_run_confirm(run=run, user=None) if run.candidates else 0

    def _each(self, items, work_on) -> int:
        """The sum of `work_on(item)` over `items`. One worker: in order, in the command's transaction.
        More: shared by that many threads in order (largest shares first keeps them busy to the end),
        each with its own connection and one transaction (audit triggers off) per item."""
        if self.workers == 1:
            return sum(work_on(item) or 0 for item in items)
        import queue
        import threading

        from django.db import connections

        todo = queue.Queue()
        for item in items:
            todo.put(item)
        total, errors, lock = [0], [], threading.Lock()

        def work():
            try:
                while not errors:
                    try:
                        item = todo.get_nowait()
                    except queue.Empty:
                        return
                    with transaction.atomic():
                        self._skip_audit_triggers()
                        done = work_on(item) or 0
                    with lock:
                        total[0] += done
            except Exception as error:  # reported after the threads end
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work) for _ in range(min(self.workers, len(items)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return total[0]

    @staticmethod
    def _truncate(_):
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in an outer transaction would block TRUNCATE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")

    def _skip_audit_triggers(self):
        """Made-up people are not changes anyone made: leave them out of the audit trail (and skip the
        foreign-key triggers of rows we generate consistent). Needs a superuser, as the embedded server
        gives; elsewhere the demo is simply audited like any import."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            if not getattr(self, "audited", False):
                self.audited = True
                self.stderr.write("  (ไม่มีสิทธิ์ปิด trigger: ข้อมูลตัวอย่างจะถูกบันทึกในประวัติการแก้ไขด้วย)")

    def _step(self, label, work):
        started = time.monotonic()
        result = work()
        self.stderr.write(f"  {label}: {time.monotonic() - started:.1f} วินาที")
        return result

    @staticmethod
    def _rebuild_summaries(_):
        with connection.cursor() as cursor:
            cursor.execute(rebuild_sql())

    @staticmethod
    def _analyze(vacuum=False):
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} {table}")
