"""`create_round`: a new programme round (issue 15). It lives in cardholders, not welfare_portal beside the
Round model, because it reads dates with the imports' parser (cardholders/importers/base.py) and
welfare_portal may not import the apps above it (tests/test_app_dependencies.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cardholders.importers.base import parse_date
from welfare_portal.models import Round
from welfare_portal.thai import date_short

DATE_FORMATS = "ใช้รูปแบบ วัน/เดือน/ปีพุทธศักราช เช่น 31/7/2562 หรือ ปี-เดือน-วัน คริสต์ศักราช เช่น 2019-07-31"


def option_name(field: str) -> str:
    """interviews_due → --interviews-due"""
    return "--" + field.replace("_", "-")


def parse_due_date(option: str, text: str) -> datetime.date:
    # The imports' parser also takes an Excel serial number and reads an ISO date literally; on a command
    # line a bare number is a typo and 2562-07-31 is a Buddhist year in the ISO form, so both are refused.
    try:
        if "/" not in text and "-" not in text:
            raise ValueError(f'วันที่ "{text}" อ่านไม่ได้')
        day = parse_date(text)
    except ValueError as error:
        raise CommandError(f"{option}: {error} ({DATE_FORMATS})") from None
    if "-" in text and day.year > 2400:
        raise CommandError(f'{option}: ปีในรูปแบบ ปี-เดือน-วัน ต้องเป็นคริสต์ศักราช (ได้ "{text}") ({DATE_FORMATS})')
    return day


class Command(BaseCommand):
    help = "Create a programme round (รอบการดำเนินงาน) with its due dates; --current makes it the current one."

    def add_arguments(self, parser):
        parser.add_argument("code", metavar="CODE", help="the round's code, e.g. 2562 (digits, English letters and -)")
        parser.add_argument("--name", required=True, help="its Thai name, e.g. 'ปี 2562'")
        parser.add_argument("--current", action="store_true", help="make it the current round")
        for field, _ in Round.STEPS:
            due = Round._meta.get_field(field).verbose_name
            parser.add_argument(option_name(field), dest=field, metavar="DATE", help=f"{due} เช่น 31/7/2562")

    def handle(self, code, name, current, **options):
        if Round.objects.filter(code=code).exists():
            raise CommandError(f"มีรอบการดำเนินงานรหัส {code} อยู่แล้ว")
        due_dates = {
            field: parse_due_date(option_name(field), options[field])
            for field, _ in Round.STEPS
            if options[field] is not None
        }
        try:
            with transaction.atomic():
                round_ = Round.objects.create_round(code, name=name, current=current, **due_dates)
        except ValidationError as error:
            raise CommandError("สร้างรอบการดำเนินงานไม่ได้: " + "; ".join(self.reasons(error))) from None
        self.stdout.write(self.summary(round_))

    @staticmethod
    def reasons(error: ValidationError) -> list[str]:
        """Each message after the field it is about (Django's max_length message names none)."""
        fields = {field.name: str(field.verbose_name) for field in Round._meta.fields}
        return [
            message if message.startswith(fields.get(name, message)) else f"{fields[name]}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]

    @staticmethod
    def summary(round_: Round) -> str:
        if round_.is_current:
            status = "เป็นรอบปัจจุบัน"
        else:
            status = f"ไม่ใช่รอบปัจจุบัน (รอบปัจจุบันยังเป็น {Round.objects.current().code})"
        dues = ", ".join(f"{label} {date_short(day)}" for _, label, day in round_.due_dates())
        return f"สร้างรอบการดำเนินงาน {round_.code} {round_.name} แล้ว {status} กำหนด: {dues or 'ยังไม่กำหนด'}"
