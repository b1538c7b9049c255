"""The progress file's template workbook (แบบแจ้งผลการพัฒนาตนเอง), added to the import templates at start-up."""

from cardholders.importers.template_workbooks import (
    DATES,
    EXAMPLE_NATIONAL_ID,
    NATIONAL_ID_HELP,
    CodeList,
    TemplateKind,
    example_subdistrict,
    project_list,
)
from welfare_portal.models import DevelopmentUnit, Project, Province, Role

from .models import ProgressStatus
from .progress_rules import STATUS_WORDS

STATUSES = list(STATUS_WORDS)


def _example(user) -> dict[str, str]:
    """The example person (the roster and interview templates') on the first project of the user's agency
    (of the reference data for others), in the user's province. Like any row, it imports once the person
    has an active assignment to that project's agency."""
    projects = Project.objects.select_related("unit").order_by("code")
    if user is not None and user.role == Role.UNIT and user.unit_id:
        projects = projects.filter(unit_id=user.unit_id)
    project = projects.first()
    province = getattr(user, "province_id", None) or example_subdistrict(user) // 10_000
    return {
        "เลขประจำตัวประชาชน": EXAMPLE_NATIONAL_ID,
        "หน่วยงานที่ดำเนินการพัฒนา": project.unit.code if project else "",
        "โครงการ": project.code if project else "",
        "จังหวัดที่ดำเนินการพัฒนา": str(province),
        "สถานะ": STATUSES[0],  # อยู่ระหว่างการพัฒนา: needs a start date, no end
        "วันที่เริ่ม": "1/7/2561",
        "วันที่เสร็จ": "",
    }


def _code_lists() -> list[CodeList]:
    return [
        ("หน่วยงาน", ["รหัสหน่วยงาน", "หน่วยงาน"], DevelopmentUnit.objects.values_list("code", "name_th")),
        project_list(),
        ("จังหวัด", ["รหัสจังหวัด", "จังหวัด"], Province.objects.values_list("code", "name_th")),
        (
            "สถานะ",
            ["สถานะ", "หมายถึง", "ใช้เมื่อ"],
            [[word, ProgressStatus(status).label, WHEN.get(status, "")] for word, status in STATUS_WORDS.items()],
        ),
    ]


WHEN = {
    ProgressStatus.NOTIFIED: "แจ้งผู้มีบัตรฯ แล้ว ยังไม่เริ่มพัฒนา (ไม่ต้องมีวันที่เริ่มและวันที่เสร็จ)",
    ProgressStatus.IN_PROGRESS: "เริ่มพัฒนาแล้ว ยังไม่เสร็จ (ต้องมีวันที่เริ่ม ยังไม่มีวันที่เสร็จ)",
    ProgressStatus.COMPLETED: "พัฒนาครบตามโครงการ (ต้องมีวันที่เริ่มและวันที่เสร็จ)",
    ProgressStatus.NOT_COMPLETED: "ยุติก่อนครบตามโครงการ (ต้องมีวันที่เริ่มและวันที่เสร็จ)",
}

PROGRESS_TEMPLATE = TemplateKind(
    title="แบบแจ้งผลการพัฒนาตนเอง",
    example=_example,
    code_lists=_code_lists,
    help={
        "เลขประจำตัวประชาชน": NATIONAL_ID_HELP + " ของผู้ที่ได้รับมอบหมายหน่วยงานพัฒนาแล้ว",
        "หน่วยงานที่ดำเนินการพัฒนา": 'รหัสหน่วยงาน ดูแผ่นงาน "หน่วยงาน"',
        "โครงการ": 'รหัสโครงการของหน่วยงานนั้น ดูแผ่นงาน "โครงการ"',
        "จังหวัดที่ดำเนินการพัฒนา": 'รหัสจังหวัด 2 หลัก ดูแผ่นงาน "จังหวัด"',
        "สถานะ": 'คำใดคำหนึ่งในแผ่นงาน "สถานะ" เช่น ' + " | ".join(STATUSES[:3]),
        "วันที่เริ่ม": "ต้องระบุเมื่อเริ่มพัฒนาแล้ว " + DATES,
        "วันที่เสร็จ": "ระบุเมื่อสถานะเป็น พัฒนาเสร็จแล้ว หรือ พัฒนาไม่เสร็จสิ้น เท่านั้น " + DATES,
    },
)
