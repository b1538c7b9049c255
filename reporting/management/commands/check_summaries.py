from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reporting.summary_sql import SUMMARIES, difference_sql, rebuild_sql
from welfare_portal.rounds import add_round_argument, round_from_option


class Command(BaseCommand):
    help = (
        "Recompute the summary tables from the base tables and report any difference (exit 1 if any): "
        "every round, or the one --round names."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="after reporting, recount the summaries")
        add_round_argument(parser)

    def handle(self, rebuild, round, **options):
        round_id = round_from_option(round).pk if round else None
        if round_id is not None:
            self.stdout.write(f"รอบการดำเนินงาน {round}")
        problems = 0
        with connection.cursor() as cursor:
            for summary in SUMMARIES:
                cursor.execute(f"SELECT count(*) FROM ({difference_sql(summary, round_id)}) d")
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
