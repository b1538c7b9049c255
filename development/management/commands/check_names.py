"""`manage.py check_names FILE --unit CODE [--province CODE] [--round CODE] [--output DIR]`: the name check of
the web page (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน) for scripts and for checking (docs/check_names.md), against
the round's assignments (the current round by default)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cardholders.importers.spreadsheets import write_csv
from development.name_check import SHORT_LABELS, duplicate_warning, group_table, name_check_run
from development.name_check_models import NameCheck, NameCheckGroup
from welfare_portal.models import DevelopmentUnit, Province, Role, User
from welfare_portal.rounds import add_round_argument, round_from_option


class Command(BaseCommand):
    help = (
        "Compare an agency's own list (any columns; the national-ID column found by its header) with the people "
        "actively assigned to that agency with development in that province in the round (default: the current "
        "one); one line per group, then "
        "both=N assigned_only=N other_agency=N not_assigned=N not_cardholder=N invalid=N."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx, .xls, .ods or .csv file")
        parser.add_argument("--unit", required=True, help="agency code, e.g. CDD")
        parser.add_argument("--province", type=int, help="province code of development, e.g. 52 (default: all)")
        parser.add_argument("--output", type=Path, help="folder to write one CSV per group (both.csv, …)")
        parser.add_argument("--column", default="", help="the header of the ID column, when the file's is unusual")
        add_round_argument(parser)

    def handle(self, file, unit, province, output, column, round, **options):
        round_ = round_from_option(round)
        agency = DevelopmentUnit.objects.filter(code=unit.upper()).first()
        if agency is None:
            raise CommandError(f"ไม่พบหน่วยงานรหัส {unit}")
        place = None
        if province is not None and (place := Province.objects.filter(code=province).first()) is None:
            raise CommandError(f"ไม่พบจังหวัดรหัส {province}")
        if not file.is_file():
            self._fail(f"ไม่พบไฟล์ {file}")
        check = NameCheck.objects.create(
            round=round_,
            unit=agency,
            province=place,
            original_name=file.name[:255],
            stored_path=str(file.resolve()),
            channel=NameCheck.Channel.COMMAND,
        )
        name_check_run(check.pk, column_hint=column)
        check.refresh_from_db()
        if check.status != NameCheck.Status.DONE:
            hint = " ระบุคอลัมน์ด้วย --column ชื่อหัวคอลัมน์" if check.status == NameCheck.Status.NEEDS_COLUMN else ""
            self._fail(f"ตรวจสอบไฟล์ {file.name} ไม่ได้: {check.message}{hint}")
        self.stderr.write(
            f"ตรวจสอบรายชื่อ ครั้งที่ {check.pk}: {file.name} ({check.rows_read:,} แถว) กับ{agency.name_th} "
            f"{f'จังหวัด{place.name_th}' if place else 'ทุกจังหวัด'} รอบการดำเนินงาน{round_.name} ({round_.code})"
        )
        if warning := duplicate_warning(check):
            self.stderr.write(warning)
        for group in NameCheckGroup.values:
            count = getattr(check, group)
            self.stdout.write(f"{group}: {count:,} คน ({SHORT_LABELS[group]}: {NameCheckGroup(group).label})")
        if output is not None:
            self._write_lists(check, output)
        self.stdout.write(check.summary_line)

    def _write_lists(self, check: NameCheck, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # The operator at the command line sees the whole country, like a central account (full IDs).
        operator = User(username="manage.py", role=Role.CENTRAL, is_active=True)
        for group in NameCheckGroup.values:
            with (folder / f"{group}.csv").open("w", encoding="utf-8", newline="") as target:
                write_csv(group_table(check=check, group=group, user=operator), target)
        self.stderr.write(f"เขียนรายชื่อ {len(NameCheckGroup.values)} กลุ่มไว้ที่ {folder}")

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)
