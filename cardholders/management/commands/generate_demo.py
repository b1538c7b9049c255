import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cardholders.demo import load_cardholders
from cardholders.models import Cardholder


class Command(BaseCommand):
    help = "Create a made-up country of N card holders spread over all 77 provinces (loaded with COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=3000, help="number of card holders (default 3000)")
        parser.add_argument("--seed", type=int, default=2561)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when people already exist")
        parser.add_argument("--replace", action="store_true", help="delete all people first")

    def handle(self, scale, seed, if_empty, replace, **options):
        if scale < 1:
            raise CommandError("--scale ต้องเป็นจำนวนเต็มบวก")
        if Cardholder.objects.exists():
            if if_empty:
                self.stdout.write("มีข้อมูลผู้มีบัตรฯ อยู่แล้ว ไม่สร้างข้อมูลตัวอย่างซ้ำ")
                return
            if not replace:
                raise CommandError("มีข้อมูลผู้มีบัตรฯ อยู่แล้ว ใช้ --replace เพื่อล้างแล้วสร้างใหม่")
        started = time.monotonic()
        with transaction.atomic():
            if replace:
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {Cardholder._meta.db_table} CASCADE")
            count = load_cardholders(scale, seed=seed, now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Cardholder._meta.db_table}")
        self.stdout.write(f"สร้างข้อมูลตัวอย่างผู้มีบัตรฯ {count:,} คน ใน {time.monotonic() - started:.1f} วินาที")
