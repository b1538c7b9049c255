"""แบบรายงานผลการดำเนินงาน: the provincial result report, laid out like the Lampang table of the 2018
letter (ที่, อำเภอ, one column per project, รวม), formatted to print and send. One round's assignments: the
round the user chose (issue 15), named in the title."""

import datetime
import io

from django.db.models import Count
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cardholders.importers.spreadsheets import safe_cell
from matching.selectors import assignments_as_of
from welfare_portal.models import DevelopmentUnit, District, Project, Province, Round
from welfare_portal.thai import date_long

FONT = "TH SarabunPSK"  # the government's standard Thai font, as the letters use


def province_result_rows(
    *, user, province: Province, as_of: datetime.date, round: Round | None = None, unit: DevelopmentUnit | None = None
):
    """Projects (columns) and per district: (number, name, counts per project, total), of the round's
    assignments (the current round when None). With `unit`, that agency's projects and people only
    (Lampang's CDD table of the 2018 letter had its 5 projects)."""
    round = round if round is not None else Round.objects.current()
    assignments = assignments_as_of(user=user, as_of=as_of, round=round).filter(
        cardholder__subdistrict__code__range=Province.subdistrict_range(province.pk)
    )
    if unit is not None:
        assignments = assignments.filter(project__unit=unit)
    counts = {}
    for subdistrict, project, n in (
        assignments.values_list("cardholder__subdistrict_id", "project_id").annotate(n=Count("id")).order_by()
    ):
        key = (subdistrict // 100, project)
        counts[key] = counts.get(key, 0) + n
    projects = Project.objects.select_related("unit").order_by("unit_id", "code")
    projects = list(projects.filter(unit=unit) if unit is not None else projects)
    rows = []
    for number, district in enumerate(District.objects.filter(province=province).order_by("code"), start=1):
        cells = [counts.get((district.code, p.pk), 0) for p in projects]
        rows.append((number, district.short_name, cells, sum(cells)))
    return projects, rows


def province_result_xlsx(
    *, user, province: Province, as_of: datetime.date, round: Round | None = None, unit: DevelopmentUnit | None = None
) -> bytes:
    round = round if round is not None else Round.objects.current()
    projects, rows = province_result_rows(user=user, province=province, as_of=as_of, round=round, unit=unit)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผลการดำเนินงาน"
    width = 3 + len(projects)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    title_font, body_font, bold = (
        Font(name=FONT, size=18, bold=True),
        Font(name=FONT, size=16),
        Font(name=FONT, size=16, bold=True),
    )
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def title(row, text):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row, 1, safe_cell(text))
        cell.font, cell.alignment = title_font, Alignment(horizontal="center")

    title(1, "แบบรายงานผลการดำเนินงานมาตรการพัฒนาคุณภาพชีวิตผู้มีบัตรสวัสดิการแห่งรัฐ")
    agency = f" {unit.name_th}" if unit is not None else ""
    title(2, f"จังหวัด{province.name_th}{agency} รอบการดำเนินงาน{round.name} ข้อมูล ณ วันที่ {date_long(as_of)}")
    header = ["ที่", "อำเภอ", *(p.name_th for p in projects), "รวม"]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(4, column, safe_cell(name))  # names from the reference data, escaped like every cell
        cell.font, cell.alignment, cell.border = bold, center, border
        cell.fill = PatternFill("solid", fgColor="DDE6F4")
    sheet.row_dimensions[4].height = 90
    for offset, (number, name, cells, total) in enumerate(rows):
        for column, value in enumerate([number, name, *cells, total], start=1):
            cell = sheet.cell(5 + offset, column, safe_cell(value))
            cell.font, cell.border = body_font, border
            cell.alignment = Alignment(horizontal="left" if column == 2 else "center")
            if isinstance(value, int) and column > 2:
                cell.number_format = "#,##0"
    total_row = 5 + len(rows)
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=2)
    sheet.cell(total_row, 1, "รวม").alignment = Alignment(horizontal="center")
    for column in range(1, width + 1):
        cell = sheet.cell(total_row, column)
        if column > 2:
            cell.value = sum(row[2][column - 3] for row in rows) if column < width else sum(row[3] for row in rows)
            cell.number_format = "#,##0"
            cell.alignment = Alignment(horizontal="center")
        cell.font, cell.border = bold, border
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 22
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "4:4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
