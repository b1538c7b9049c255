"""The rules of development progress (SPEC steps 6-9), shared by form 4.1 and the progress import."""

import datetime

from .models import FINISHED, ProgressStatus

STATUS_WORDS = {  # the words of the progress file (docs/progress.md), and every status form 4.1 allows
    "อยู่ระหว่างการพัฒนา": ProgressStatus.IN_PROGRESS,
    "พัฒนาเสร็จแล้ว": ProgressStatus.COMPLETED,
    "พัฒนาไม่เสร็จสิ้น": ProgressStatus.NOT_COMPLETED,
    "แจ้งผู้มีบัตรฯ แล้ว": ProgressStatus.NOTIFIED,
    "ยังไม่เริ่มพัฒนา": ProgressStatus.NOTIFIED,
    **{str(label): status for status, label in ProgressStatus.choices},
}
NO_GOING_BACK = "ผลการพัฒนาสิ้นสุดแล้ว ย้อนสถานะกลับไม่ได้ (หากบันทึกผิด แจ้งส่วนกลางเพื่อแก้ไข)"
NOT_AS_ASSIGNED = (
    "ผลการพัฒนาต้องเป็นของหน่วยงานที่ได้รับมอบหมาย ในจังหวัดที่ดำเนินการพัฒนาตามการมอบหมาย "
    "(หากการมอบหมายผิด ให้ คจจ. เปลี่ยนการมอบหมายก่อน)"
)


def assignment_problems(assignment, *, unit_id: int, province_id: int) -> dict[str, str]:
    """Field → message when the progress is not the assigned agency's, in the province it develops the person."""
    if assignment is None:
        return {"unit": "ผู้มีบัตรฯ รายนี้ยังไม่ได้รับมอบหมายหน่วยงานพัฒนา"}
    problems = {}
    if assignment.unit_id != unit_id:
        problems["unit"] = NOT_AS_ASSIGNED
    if assignment.development_province_id != province_id:
        problems["province"] = NOT_AS_ASSIGNED
    return problems


def progress_problems(*, previous: str | None, status: str, started_on, ended_on, today=None) -> dict[str, str]:
    """Field → message for every rule the change breaks; empty when it is allowed."""
    today = today or datetime.date.today()
    problems = {}
    if previous in FINISHED and status not in FINISHED:
        problems["status"] = NO_GOING_BACK
    if status != ProgressStatus.NOTIFIED and started_on is None:
        if status in FINISHED:
            problems["started_on"] = "บันทึกผลการพัฒนาได้เมื่อมีวันที่เริ่มพัฒนาแล้วเท่านั้น"
        else:
            problems["started_on"] = "กรุณาระบุวันที่เริ่มพัฒนา"
    if status in FINISHED and ended_on is None:
        problems["ended_on"] = "กรุณาระบุวันที่เสร็จ"
    if status not in FINISHED and ended_on is not None:
        problems["ended_on"] = "ระบุวันที่เสร็จได้เมื่อสถานะเป็น พัฒนาเสร็จแล้ว หรือ พัฒนาไม่เสร็จสิ้น เท่านั้น"
    if status == ProgressStatus.NOTIFIED and started_on is not None:
        problems["started_on"] = "ยังไม่เริ่มพัฒนา ไม่ต้องระบุวันที่เริ่ม"
    for field, day in (("started_on", started_on), ("ended_on", ended_on)):
        if day is not None and day > today and field not in problems:
            problems[field] = "วันที่อยู่ในอนาคต"
    if started_on and ended_on and ended_on < started_on and "ended_on" not in problems:
        problems["ended_on"] = "วันที่เสร็จต้องไม่ก่อนวันที่เริ่ม"
    return problems
