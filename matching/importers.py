"""Progress file (แบบแจ้งผลการพัฒนาตนเอง): one row per person and project, upserted all or nothing."""

from cardholders.importers.base import (
    Importer,
    ImportFailed,
    ImportResult,
    RowError,
    cell_text,
    parse_code,
    parse_date,
    parse_national_id,
)
from cardholders.models import Cardholder
from welfare_portal.models import DevelopmentUnit, Project, Province, Role

from .models import Assignment, Progress
from .progress_rules import STATUS_WORDS, progress_problems

FIELDS = ["unit_id", "development_province_id", "status", "started_on", "ended_on"]


class ProgressImporter(Importer):
    kind = "progress"
    roles = (Role.CENTRAL, Role.PROVINCE, Role.UNIT)
    columns = {
        "เลขประจำตัวประชาชน": ("national_id", True),
        "หน่วยงานที่ดำเนินการพัฒนา": ("unit", True),
        "โครงการ": ("project", True),
        "จังหวัดที่ดำเนินการพัฒนา": ("province", True),
        "สถานะ": ("status", True),
        "วันที่เริ่ม": ("started_on", False),
        "วันที่เสร็จ": ("ended_on", False),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = dict(DevelopmentUnit.objects.values_list("code", "id"))
        self.projects = {code: (pk, unit) for code, pk, unit in Project.objects.values_list("code", "id", "unit_id")}
        self.provinces = set(Province.objects.values_list("code", flat=True))

    def parse_row(self, number, values):
        before = len(self.errors)

        national_id = self.parse_cell(number, values, "national_id", parse_national_id)
        unit = self.units.get(parse_code(values["unit"]))
        if unit is None:
            self.error(number, "หน่วยงานที่ดำเนินการพัฒนา", f'ไม่พบรหัสหน่วยงาน "{cell_text(values["unit"])}"')
        elif self.user is not None and self.user.role == Role.UNIT and unit != self.user.unit_id:
            self.error(number, "หน่วยงานที่ดำเนินการพัฒนา", "บันทึกได้เฉพาะผลการพัฒนาของหน่วยงานของท่าน")
        project = self.projects.get(parse_code(values["project"]))
        if project is None:
            self.error(number, "โครงการ", f'ไม่พบรหัสโครงการ "{cell_text(values["project"])}"')
        elif unit is not None and project[1] != unit:
            self.error(number, "โครงการ", "โครงการนี้ไม่ใช่ของหน่วยงานที่ระบุ")
        province_text = cell_text(values["province"])
        province = int(province_text) if province_text.isdigit() else None
        if province not in self.provinces:
            self.error(number, "จังหวัดที่ดำเนินการพัฒนา", f'ไม่พบรหัสจังหวัด "{province_text}"')
        status = STATUS_WORDS.get(cell_text(values["status"]))
        if status is None:
            self.error(number, "สถานะ", "สถานะต้องเป็น " + " | ".join(STATUS_WORDS))
        started_on = self.parse_cell(number, values, "started_on", parse_date, optional=True)
        ended_on = self.parse_cell(number, values, "ended_on", parse_date, optional=True)
        if status is not None and len(self.errors) == before:
            for field, message in progress_problems(
                previous=None, status=status, started_on=started_on, ended_on=ended_on
            ).items():
                self.error(number, "วันที่เริ่ม" if field == "started_on" else "วันที่เสร็จ", message)
        if len(self.errors) > before:
            return None
        return {"row": number, "national_id": national_id, "unit_id": unit, "project_id": project[0],
                "development_province_id": province, "status": status, "started_on": started_on, "ended_on": ended_on}  # fmt: skip

    def check_file(self, records):
        first = {}
        for record in records:
            key = (record["national_id"], record["project_id"])
            if key in first:
                self.error(record["row"], "โครงการ", f"ซ้ำกับแถวที่ {first[key]} (คนเดียวกัน โครงการเดียวกัน)")
            else:
                first[key] = record["row"]

    def write(self, records) -> ImportResult:
        people = Cardholder.objects.all() if self.user is None else Cardholder.objects.for_user(self.user)
        ids = dict(people.filter(national_id__in=[r["national_id"] for r in records]).values_list("national_id", "id"))
        assignments = dict(
            Assignment.objects.active().filter(cardholder_id__in=ids.values()).values_list("cardholder_id", "id")
        )
        existing = {
            (p.cardholder_id, p.project_id): p
            for p in Progress.objects.select_for_update().filter(cardholder_id__in=ids.values())
        }
        errors, create, update, unchanged = [], [], [], 0
        for record in records:
            person = ids.get(record["national_id"])
            if person is None:
                errors.append(RowError(record["row"], "เลขประจำตัวประชาชน", "ไม่พบผู้มีบัตรฯ รายนี้ในรายชื่อที่ท่านรับผิดชอบ"))
                continue
            if person not in assignments:
                errors.append(RowError(record["row"], "เลขประจำตัวประชาชน", "ผู้มีบัตรฯ รายนี้ยังไม่ได้รับมอบหมายหน่วยงานพัฒนา"))
                continue
            old = existing.get((person, record["project_id"]))
            if old is None:
                create.append(Progress(cardholder_id=person, project_id=record["project_id"], assignment_id=assignments[person],
                                       updated_by=self.user if self.user and self.user.pk else None, channel="import",
                                       **{f: record[f] for f in FIELDS}))  # fmt: skip
                continue
            if all(getattr(old, f) == record[f] for f in FIELDS):
                unchanged += 1
                continue
            problems = progress_problems(previous=old.status, status=record["status"], started_on=record["started_on"],
                                         ended_on=record["ended_on"])  # fmt: skip
            if problems:
                errors.extend(RowError(record["row"], "สถานะ", message) for message in problems.values())
                continue
            for f in FIELDS:
                setattr(old, f, record[f])
            old.version += 1
            old.channel = "import"
            update.append(old)
        if errors:
            raise ImportFailed(errors)
        Progress.objects.bulk_create(create)
        Progress.objects.bulk_update(update, [*FIELDS, "version", "channel"])
        return ImportResult(created=len(create), updated=len(update), unchanged=unchanged)
