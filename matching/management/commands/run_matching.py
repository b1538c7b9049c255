from django.core.management.base import BaseCommand, CommandError

from matching.services import MatchingError, matching_run_confirm, matching_run_create
from welfare_portal.models import Province
from welfare_portal.rounds import add_round_argument, round_from_option


class Command(BaseCommand):
    help = "Propose (and with --confirm, confirm) a matching run for one province, as the คจจ. does on the web."

    def add_arguments(self, parser):
        parser.add_argument("--province", type=int, required=True, help="province code, e.g. 52")
        parser.add_argument("--confirm", action="store_true", help="confirm the proposal (final)")
        add_round_argument(parser)

    def handle(self, province, confirm, round, **options):
        round_ = round_from_option(round)
        if round_.is_closed:
            raise CommandError(f"รอบ {round_.code} ปิดแล้ว จับคู่ไม่ได้")
        target = Province.objects.filter(code=province).first()
        if target is None:
            raise CommandError(f"ไม่พบจังหวัดรหัส {province}")
        run = matching_run_create(province=target, user=None, round=round_)
        self.stdout.write(
            f"ข้อเสนอการจับคู่ครั้งที่ {run.number} จังหวัด{target.name_th}: ผู้เข้ารับการจับคู่ {run.candidates:,} คน "
            f"จับคู่ได้ {run.matched:,} คน ไม่ได้ตามความต้องการ {run.unmatched:,} คน"
        )
        if confirm:
            try:
                count = matching_run_confirm(run=run, user=None)
            except MatchingError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"ยืนยันแล้ว: มอบหมาย {count:,} คน ส่งกลับไปสัมภาษณ์ใหม่ {run.unmatched:,} คน")
