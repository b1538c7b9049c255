"""Template workbooks, one per kind of import (issue #11): the header row exactly as the importer reads it,
an example row that imports, what each column takes, and the code lists from the reference data.

Sheet 1 ("ข้อมูล") is the one the importers read; the other sheets are for the person filling it in. The
columns come from the importers' own `columns`, so a template cannot drift from what the import expects.
The matching app adds the progress file's template at start-up, as it adds the progress importer.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from stdnum.th import pin

from welfare_portal.models import BasicNeed, Project, Province, Role, Skill, Subdistrict

from . import IMPORTERS
from .spreadsheets import HEADER_FILL, HEADER_FONT, xlsx_cell

EXAMPLE_SUBDISTRICT = 520101  # เวียงเหนือ, อำเภอเมืองลำปาง
EXAMPLE_NATIONAL_ID = "110170012345" + pin.calc_check_digit("110170012345")  # made up; passes the checksum
DATES = "วันที่เขียนได้แบบ 20/6/2561 (วัน/เดือน/ปี พ.ศ.) หรือ 2018-06-20 (ปี ค.ศ.) หรือเป็นวันที่ของ Excel"
EXAMPLE_FONT = Font(italic=True, color="666666")

CodeList = tuple[str, list[str], Iterable]  # sheet title, header, rows


@dataclass(frozen=True)
class TemplateKind:
    title: str  # what the file is, as the forms call it
    example: Callable[..., dict[str, str]]  # example(user) → column name → text of a row that imports
    code_lists: Callable[[], list[CodeList]]
    help: dict[str, str]  # column name → what it takes, in the words of the person filling it in


def example_subdistrict(user) -> int:
    """A real subdistrict the user may import people into: 520101 when it is theirs, else their first."""
    codes = Subdistrict.objects.order_by("code").values_list("code", flat=True)
    province = getattr(user, "province_id", None) if getattr(user, "role", None) != Role.CENTRAL else None
    if province:
        codes = codes.filter(code__range=Province.subdistrict_range(province))
    if codes.filter(code=EXAMPLE_SUBDISTRICT).exists():
        return EXAMPLE_SUBDISTRICT
    return codes.first() or EXAMPLE_SUBDISTRICT


def project_list() -> CodeList:
    return (
        "โครงการ",
        ["รหัสโครงการ", "ชื่อโครงการ", "กลุ่มโครงการ", "รหัสหน่วยงาน", "หน่วยงาน"],
        Project.objects.order_by("code").values_list("code", "name_th", "programme", "unit__code", "unit__name_th"),
    )


def _roster_example(user) -> dict[str, str]:
    return {
        "เลขประจำตัวประชาชน": EXAMPLE_NATIONAL_ID,
        "คำนำหน้า": "นาย",
        "ชื่อ": "สมชาย",
        "นามสกุล": "ตัวอย่าง",
        "เบอร์โทรศัพท์": "0812345678",
        "บ้านเลขที่": "99/1",
        "หมู่ที่": "4",
        "หมู่บ้าน": "บ้านตัวอย่าง",
        "รหัสตำบล": str(example_subdistrict(user)),
    }


def _roster_lists() -> list[CodeList]:
    subdistricts = Subdistrict.objects.order_by("code").values_list(
        "code", "name_th", F("district__name_th"), F("district__province__name_th")
    )
    return [("ตำบล", ["รหัสตำบล", "ตำบล", "อำเภอ", "จังหวัด"], subdistricts)]


def _interview_example(user) -> dict[str, str]:
    """The example person (the roster template's), choosing the first projects of the reference data."""
    projects = [*Project.objects.order_by("code").values_list("code", flat=True)[:3], "", "", ""]
    return {
        "เลขประจำตัวประชาชน": EXAMPLE_NATIONAL_ID,
        "วันที่สัมภาษณ์": "20/6/2561",
        "กลุ่ม": "1",
        "ความต้องการอันดับ 1": projects[0],
        "ความต้องการอันดับ 2": projects[1],
        "ความต้องการอันดับ 3": projects[2] if projects[1] else "",
        "สิ่งจำเป็นพื้นฐาน": ",".join(BasicNeed.objects.order_by("code").values_list("code", flat=True)[:2]),
        "ทักษะอาชีพ": Skill.objects.order_by("code").values_list("code", flat=True).first() or "",
    }


def _interview_lists() -> list[CodeList]:
    return [
        project_list(),
        ("สิ่งจำเป็นพื้นฐาน", ["รหัส", "สิ่งจำเป็นพื้นฐาน"], BasicNeed.objects.values_list("code", "name_th")),
        ("ทักษะอาชีพ", ["รหัส", "ทักษะอาชีพ"], Skill.objects.values_list("code", "name_th")),
    ]


NATIONAL_ID_HELP = "เลข 13 หลัก เขียนติดกัน หรือมีขีดหรือเว้นวรรคก็ได้ เช่น 3-1101-01000-00-1 (ระบบตรวจเลขตรวจสอบหลักสุดท้าย)"
TEMPLATES: dict[str, TemplateKind] = {
    "roster": TemplateKind(
        title="ทะเบียนผู้มีบัตรสวัสดิการแห่งรัฐ",
        example=_roster_example,
        code_lists=_roster_lists,
        help={
            "เลขประจำตัวประชาชน": NATIONAL_ID_HELP + " ถ้ามีในทะเบียนแล้ว ระบบจะปรับปรุงข้อมูลของคนนั้น",
            "คำนำหน้า": "เช่น นาย นาง นางสาว",
            "ชื่อ": "ไม่เกิน 100 ตัวอักษร",
            "นามสกุล": "ไม่เกิน 100 ตัวอักษร",
            "เบอร์โทรศัพท์": "ไม่เกิน 30 ตัวอักษร",
            "บ้านเลขที่": "ไม่เกิน 50 ตัวอักษร",
            "หมู่ที่": "ไม่เกิน 10 ตัวอักษร",
            "หมู่บ้าน": "ไม่เกิน 100 ตัวอักษร",
            "รหัสตำบล": 'รหัสตำบล 6 หลักของกรมการปกครอง ดูแผ่นงาน "ตำบล"',
        },
    ),
    "interviews": TemplateKind(
        title="ผลการสัมภาษณ์",
        example=_interview_example,
        code_lists=_interview_lists,
        help={
            "เลขประจำตัวประชาชน": NATIONAL_ID_HELP + " ต้องมีในทะเบียนผู้มีบัตรฯ แล้ว",
            "วันที่สัมภาษณ์": DATES + " ต้องไม่เป็นวันในอนาคต",
            "กลุ่ม": "1 = สมัครใจ, 2 = เป้าหมาย",
            "ความต้องการอันดับ 1": 'รหัสโครงการ ดูแผ่นงาน "โครงการ"',
            "ความต้องการอันดับ 2": "รหัสโครงการ ไม่ซ้ำกับอันดับ 1 (ไม่บังคับ)",
            "ความต้องการอันดับ 3": "รหัสโครงการ ไม่ซ้ำกับอันดับก่อนหน้า ระบุได้เมื่อระบุอันดับ 2 แล้ว (ไม่บังคับ)",
            "สิ่งจำเป็นพื้นฐาน": 'รหัสสิ่งจำเป็นพื้นฐาน คั่นด้วยจุลภาค เช่น HOUSING,WATER ดูแผ่นงาน "สิ่งจำเป็นพื้นฐาน"',
            "ทักษะอาชีพ": 'รหัสทักษะอาชีพหนึ่งรหัส ดูแผ่นงาน "ทักษะอาชีพ"',
        },
    ),
}


def template_filename(kind: str) -> str:
    return f"import-template-{kind}.xlsx"


def header(kind: str) -> list[str]:
    """The importer's column names, a required one marked with a trailing * (the importer ignores the *)."""
    return [name + ("*" if required else "") for name, (_, required) in IMPORTERS[kind].columns.items()]


def template_workbook(kind: str, user=None) -> bytes:
    """The .xlsx of this kind's template, its example row fitted to the user's province or agency."""
    template = TEMPLATES[kind]
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"แบบฟอร์มนำเข้า{template.title}"
    names = header(kind)
    example = template.example(user)

    data = workbook.create_sheet("ข้อมูล")
    for index, name in enumerate(names, start=1):
        data.column_dimensions[get_column_letter(index)].width = max(14, len(name) + 6)
    data.freeze_panes = "A2"
    data.append([_cell(data, name, font=HEADER_FONT, fill=HEADER_FILL) for name in names])
    data.append([_cell(data, example.get(name.rstrip("*"), ""), font=EXAMPLE_FONT) for name in names])

    guide = workbook.create_sheet("คำอธิบาย")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 100
    for line in (
        f'แบบฟอร์มนำเข้า{template.title}: กรอกข้อมูลในแผ่นงาน "ข้อมูล" หนึ่งแถวต่อหนึ่งรายการ',
        "แถวที่ 1 คือชื่อคอลัมน์ ห้ามแก้ชื่อ แต่สลับลำดับคอลัมน์ได้ คอลัมน์ที่มีเครื่องหมาย * ต้องกรอกทุกแถว",
        "แถวที่ 2 เป็นตัวอย่างที่นำเข้าได้จริง กรุณาลบหรือเขียนทับก่อนนำเข้า มิฉะนั้นระบบจะนำเข้าแถวตัวอย่างด้วย",
        "ระบบตรวจทุกแถวและแสดงผลก่อนบันทึก ถ้ามีแถวใดผิด จะไม่บันทึกเลยสักแถว และบอกแถวกับคอลัมน์ที่ต้องแก้",
        "",
    ):
        guide.append([_cell(guide, line)])
    guide.append(
        [_cell(guide, text, font=HEADER_FONT, fill=HEADER_FILL) for text in ("คอลัมน์", "ต้องกรอก", "กรอกอย่างไร")]
    )
    for name in names:
        required = "ต้องกรอก" if name.endswith("*") else ""
        guide.append(
            [_cell(guide, text) for text in (name.rstrip("*"), required, template.help.get(name.rstrip("*"), ""))]
        )

    for title, columns, rows in template.code_lists():
        sheet = workbook.create_sheet(title)
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 60 if "ชื่อ" in column else 18
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, column, font=HEADER_FONT, fill=HEADER_FILL) for column in columns])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, *, font=None, fill=None):
    """A cell whose text stays text: reference data beginning with = is a string cell, never a formula (the
    one writer, spreadsheets.xlsx_cell, kept exact: people copy codes and names from these lists)."""
    return xlsx_cell(sheet, value if value is not None else "", font=font, fill=fill, escape=False)
