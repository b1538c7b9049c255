from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reporting.summary_sql import SUMMARIES, difference_sql, rebuild_sql


class Command(BaseCommand):
    help = "Recompute every summary table from the base tables and report any difference (exit 1 if any)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="after reporting, recount the summaries")

    def handle(self, rebuild, **options):
        problems = 0
        with connection.cursor() as cursor:
            for summary in SUMMARIES:
                cursor.execute(f"SELECT count(*) FROM ({difference_sql(summary)}) d")
                differing = cursor.fetchone()[0]
                problems += differing
                state = "ตรงกัน" if not differing else f"ไม่ตรง {differing:,} แถว"
                self.stdout.write(f"{summary.table}: {state}")
            if rebuild:
                with transaction.atomic():
                    cursor.execute(rebuild_sql())
                self.stdout.write("คำนวณตารางสรุปใหม่จากข้อมูลรายบุคคลแล้ว")
        if problems and not rebuild:
            raise CommandError(f"ตารางสรุปไม่ตรงกับข้อมูลรายบุคคล {problems:,} แถว (แก้ด้วย --rebuild)")
        self.stdout.write("ตารางสรุปทั้งหมดตรงกับข้อมูลรายบุคคล" if not problems else "")
