import sys

from django.core.management.base import BaseCommand, CommandError

from reporting.exports import table_rows, write_csv, write_xlsx
from reporting.forms import ReportFilterForm
from reporting.reports import REPORTS, ListReport, report_for
from welfare_portal.menu import ITEMS
from welfare_portal.models import Role, User
from welfare_portal.rounds import add_round_argument, round_from_option


class Command(BaseCommand):
    help = "Print a menu report (1.1 … 4.2, not 1.3 and 4.1) as CSV or XLSX: the same table as the web page."

    def add_arguments(self, parser):
        parser.add_argument("id", help="report id, e.g. 3.5")
        # Read by the web page's own filter form (reporting.forms.ReportFilterForm), with its Thai messages.
        parser.add_argument("--province", help="province code, e.g. 52")
        parser.add_argument("--district", help="district code, e.g. 5201")
        parser.add_argument("--unit", help="agency code, e.g. CDD")
        parser.add_argument("--as-of", help="20/6/2561 (Buddhist era) or 2018-06-20, default today")
        parser.add_argument("--by-group", action="store_true")
        parser.add_argument("--compare", action="store_true", help="1.1, 3.5, 4.2: the previous round beside")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")
        add_round_argument(parser)

    def handle(self, id, province, district, unit, as_of, by_group, compare, format, output, round, **options):
        round_ = round_from_option(round)
        if id not in REPORTS:
            known = ", ".join(sorted(REPORTS))
            raise CommandError(f"ไม่มีรายงาน {id} (ที่ใช้ได้: {known})")
        # The operator at the command line sees the whole country, like a central account.
        operator = User(username="manage.py", role=Role.CENTRAL, is_active=True)
        asked = {
            "province": province,
            "district": district,
            "unit": unit,
            "as_of": as_of,
            "by_group": by_group,
            "compare": compare,
        }
        form = ReportFilterForm(
            {k: "1" if v is True else v for k, v in asked.items() if v}, user=operator, round=round_
        )
        if form.errors:
            raise CommandError("\n".join(form.problems))
        filters = form.filters
        report = report_for(id, filters)
        if isinstance(report, ListReport) and report.needs(filters):
            raise CommandError(f"รายงาน {id}: {report.needs(filters)} (--district)")
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
