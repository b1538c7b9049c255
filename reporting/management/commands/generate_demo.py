import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cardholders.demo import load_cardholders
from cardholders.models import Cardholder
from matching.demo import load_interviews, load_progress, match_every_province, set_demo_capacities
from reporting.summary_sql import rebuild_sql

TABLES = ["cardholders_cardholder", "cardholders_interview", "matching_progress", "matching_assignment",
          "matching_runentry", "matching_matchingrun", "matching_capacity"]  # fmt: skip


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
            "--workers", type=int, default=1,
            help="match provinces on this many database connections at once (the full country: 2, one per core)",
        )  # fmt: skip

    def handle(self, scale, seed, if_empty, replace, workers, **options):
        if scale < 1:
            raise CommandError("--scale ต้องเป็นจำนวนเต็มบวก")
        if Cardholder.objects.exists():
            if if_empty:
                self.stdout.write("มีข้อมูลผู้มีบัตรฯ อยู่แล้ว ไม่สร้างข้อมูลตัวอย่างซ้ำ")
                return
            if not replace:
                raise CommandError("มีข้อมูลผู้มีบัตรฯ อยู่แล้ว ใช้ --replace เพื่อล้างแล้วสร้างใหม่")
        started = time.monotonic()
        # With one worker everything is one transaction. With more, the matching runs on their own
        # connections, so people and interviews are committed first (an interrupted run is then finished
        # with --replace).
        with transaction.atomic():
            self._skip_audit_triggers()
            if replace:
                with connection.cursor() as cursor:
                    # Deferred foreign-key checks still pending in an outer transaction would block TRUNCATE.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
            count = self._step("ผู้มีบัตรฯ", lambda: load_cardholders(scale, seed=seed, now=timezone.now()))
            self._analyze()
            interviews = self._step("แบบประเมิน", lambda: load_interviews(seed=seed / 10000))
            self._analyze()
            self._step("จำนวนที่รับได้", set_demo_capacities)
            if workers <= 1:
                assigned = self._step("การจับคู่ทั้ง 77 จังหวัด", match_every_province)
        if workers > 1:
            assigned = self._step("การจับคู่ทั้ง 77 จังหวัด", lambda: self._per_province(workers, self._match))
            self._analyze()  # millions of new assignments: plan the progress statements on true sizes
            progress = self._step(
                "ผลการพัฒนา",
                lambda: self._per_province(workers, lambda p: load_progress(seed=seed / 10000, province=p.pk)),
            )
        with transaction.atomic():
            self._skip_audit_triggers()
            if workers <= 1:
                progress = self._step("ผลการพัฒนา", lambda: load_progress(seed=seed / 10000))
            # The loads above ran with triggers off (or TRUNCATE, which fires none): recount the summaries.
            self._step("ตารางสรุป", self._rebuild_summaries)
        self._analyze()
        self.stdout.write(
            f"สร้างข้อมูลตัวอย่าง: ผู้มีบัตรฯ {count:,} คน แบบประเมิน {interviews:,} ฉบับ "
            f"มอบหมาย {assigned:,} คน ผลการพัฒนา {progress:,} รายการ ใน {time.monotonic() - started:.1f} วินาที"
        )

    @staticmethod
    def _match(province) -> int:
        from matching.services import matching_run_confirm, matching_run_create

        run = matching_run_create(province=province, user=None)
        return matching_run_confirm(run=run, user=None) if run.candidates else 0

    def _per_province(self, workers: int, work_on) -> int:
        """`work_on(province)` for every province, largest first, shared by `workers` threads, each with
        its own connection and one transaction (triggers off) per province; returns the sum."""
        import queue
        import threading

        from django.db import connections
        from django.db.models import Count

        from welfare_portal.models import Province, Subdistrict

        # People are spread in proportion to subdistricts (cardholders/demo.py): count those, not people.
        sizes = dict(Subdistrict.objects.values_list("district__province").annotate(n=Count("code")).order_by())
        provinces = queue.Queue()
        for province in sorted(Province.objects.all(), key=lambda p: -sizes.get(p.pk, 0)):
            provinces.put(province)
        total, errors, lock = [0], [], threading.Lock()

        def work():
            try:
                while True:
                    try:
                        province = provinces.get_nowait()
                    except queue.Empty:
                        return
                    with transaction.atomic():
                        self._skip_audit_triggers()
                        done = work_on(province)
                    with lock:
                        total[0] += done
            except Exception as error:  # reported after the threads end
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return total[0]

    def _skip_audit_triggers(self):
        """Made-up people are not changes anyone made: leave them out of the audit trail (and skip the
        foreign-key triggers of rows we generate consistent). Needs a superuser, as the embedded server
        gives; elsewhere the demo is simply audited like any import."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            self.stderr.write("  (ไม่มีสิทธิ์ปิด trigger: ข้อมูลตัวอย่างจะถูกบันทึกในประวัติการแก้ไขด้วย)")

    def _step(self, label, work):
        started = time.monotonic()
        result = work()
        self.stderr.write(f"  {label}: {time.monotonic() - started:.1f} วินาที")
        return result

    @staticmethod
    def _rebuild_summaries():
        with connection.cursor() as cursor:
            cursor.execute(rebuild_sql())

    @staticmethod
    def _analyze():
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ANALYZE {table}")
