import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from reporting.exports import table_rows, write_csv, write_xlsx
from reporting.menu import ITEMS
from reporting.reports import REPORTS, Filters, ListReport, report_for
from welfare_portal.models import DevelopmentUnit, District, Province, Role, User


class Command(BaseCommand):
    help = "Print a menu report (1.1 … 4.2, not 1.3 and 4.1) as CSV or XLSX: the same table as the web page."

    def add_arguments(self, parser):
        parser.add_argument("id", help="report id, e.g. 3.5")
        parser.add_argument("--province", type=int)
        parser.add_argument("--district", type=int)
        parser.add_argument("--unit")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="YYYY-MM-DD, default today")
        parser.add_argument("--by-group", action="store_true")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, id, province, district, unit, as_of, by_group, format, output, **options):
        if id not in REPORTS:
            known = ", ".join(sorted(REPORTS))
            raise CommandError(f"ไม่มีรายงาน {id} (ที่ใช้ได้: {known})")
        if province is not None and not Province.objects.filter(code=province).exists():
            raise CommandError(f"ไม่พบจังหวัดรหัส {province}")
        if district is not None and not District.objects.filter(code=district).exists():
            raise CommandError(f"ไม่พบอำเภอรหัส {district}")
        if unit is not None and not DevelopmentUnit.objects.filter(code=unit).exists():
            raise CommandError(f"ไม่พบหน่วยงานรหัส {unit}")
        if district is not None and province is None:
            province = district // 100
        filters = Filters(
            province=province,
            district=district,
            unit=unit,
            as_of=as_of or datetime.date.today(),
            by_group=by_group,
        )
        report = report_for(id, filters)
        if isinstance(report, ListReport) and report.needs(filters):
            raise CommandError(f"รายงาน {id}: {report.needs(filters)} (--district)")
        # The operator at the command line sees the whole country, like a central account.
        operator = User(username="manage.py", role=Role.CENTRAL, is_active=True)
        rows = table_rows(report, operator, filters)
        if format == "xlsx":
            if output is None and sys.stdout.isatty():
                raise CommandError("XLSX ต้องระบุ --output FILE")
            target = open(output, "wb") if output else sys.stdout.buffer
            with target:
                write_xlsx(rows, target, title=f"{id} {ITEMS[id].label}")
            return
        if output:
            with open(output, "w", encoding="utf-8", newline="") as target:
                write_csv(rows, target)
        else:
            try:
                write_csv(rows, self.stdout)
            except BrokenPipeError:  # e.g. piped into `head`
                pass
