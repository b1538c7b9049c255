"""Progress file (แบบแจ้งผลการพัฒนาตนเอง): one row per person and project, upserted all or nothing."""

from cardholders.importers.base import (
    Importer,
    RowError,
    cell_text,
    parse_code,
    parse_date,
    parse_national_id,
)
from cardholders.models import Cardholder
from welfare_portal.models import DevelopmentUnit, Project, Province, Role
from welfare_portal.roles import Capability

from .models import FINISHED, ProgressStatus
from .progress_rules import NO_GOING_BACK, NOT_AS_ASSIGNED, STATUS_WORDS, progress_problems

FIELDS = ["unit_id", "development_province_id", "status", "started_on", "ended_on"]


def province_codes_by_name() -> dict[str, int]:
    """A province as people write it: its code, its Thai name, with or without "จังหวัด"."""
    names = {}
    for code, name in Province.objects.values_list("code", "name_th"):
        names[str(code)] = names[f"{code:02d}"] = names[name] = names[f"จังหวัด{name}"] = code
    return names


class ProgressImporter(Importer):
    kind = "progress"
    capability = Capability.PROGRESS  # as form 4.1
    columns = {
        "เลขประจำตัวประชาชน": ("national_id", True),
        "หน่วยงานที่ดำเนินการพัฒนา": ("unit", True),
        "โครงการ": ("project", True),
        "จังหวัดที่ดำเนินการพัฒนา": ("province", True),
        "สถานะ": ("status", True),
        "วันที่เริ่ม": ("started_on", False),
        "วันที่เสร็จ": ("ended_on", False),
    }
    table = "progress_in"
    table_columns = (
        "row_no integer",
        "national_id varchar(13)",
        "unit_id bigint",
        "project_id bigint",
        "development_province_id smallint",
        "status varchar(20)",
        "started_on date",
        "ended_on date",
        "cardholder_id bigint",
        "assignment_id bigint",
    )
    read_tables = ("matching_progress", "matching_assignment", "cardholders_cardholder")
    duplicate_column = "โครงการ"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = dict(DevelopmentUnit.objects.values_list("code", "id"))
        self.projects = {code: (pk, unit) for code, pk, unit in Project.objects.values_list("code", "id", "unit_id")}
        self.provinces = province_codes_by_name()

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
        province = self.provinces.get(province_text)
        if province is None:
            self.error(number, "จังหวัดที่ดำเนินการพัฒนา", f'ไม่พบจังหวัด "{province_text}" (ใช้รหัสจังหวัด หรือชื่อจังหวัด)')
        status = STATUS_WORDS.get(cell_text(values["status"]))
        if status is None:
            self.error(number, "สถานะ", "สถานะต้องเป็น " + " | ".join(ProgressStatus.labels))
        started_on = self.parse_cell(number, values, "started_on", parse_date, optional=True)
        ended_on = self.parse_cell(number, values, "ended_on", parse_date, optional=True)
        if status is not None and len(self.errors) == before:
            for field, message in progress_problems(
                previous=None, status=status, started_on=started_on, ended_on=ended_on
            ).items():
                self.error(number, "วันที่เริ่ม" if field == "started_on" else "วันที่เสร็จ", message)
        if len(self.errors) > before:
            return None
        return [number, national_id, unit, project[0], province, status, started_on, ended_on, None, None]

    def record_key(self, record):
        return record[1], record[3]

    def duplicate_message(self, first_row):
        return f"ซ้ำกับแถวที่ {first_row} (คนเดียวกัน โครงการเดียวกัน)"

    def check_chunk(self, cursor):
        """The person within the user's reach, with an active assignment, and no finished result reopened."""
        people = Cardholder.objects.all() if self.user is None else Cardholder.objects.for_user(self.user)
        if people.query.is_empty():  # an account without the scope its role needs reaches no one
            scope, params = "SELECT NULL::bigint WHERE false", ()
        else:
            scope, params = people.values("id").query.sql_with_params()
        # Index probes per row (scalar subqueries), never a hash of the whole register per chunk.
        # The person and their active assignment in one pass over the chunk (no person: both stay NULL).
        cursor.execute(
            f"""UPDATE progress_in r SET (cardholder_id, assignment_id) = (
                    SELECT c.id, (SELECT a.id FROM matching_assignment a
                                  WHERE a.cardholder_id = c.id AND a.round_id = %s AND a.ended_at IS NULL)
                    FROM cardholders_cardholder c WHERE c.national_id = r.national_id AND c.id IN ({scope}))""",
            [self.round.pk, *params],
        )
        finished = tuple(str(status) for status in FINISHED)
        cursor.execute(
            # Each row's assignment and recorded progress by index (LATERAL … LIMIT 1 is never flattened into a
            # join that hashes the whole table per chunk: a derived table here cost 4 s a chunk at 14.5M people).
            """SELECT r.row_no, CASE WHEN r.cardholder_id IS NULL THEN 'unknown'
                                     WHEN r.assignment_id IS NULL THEN 'unassigned'
                                     WHEN NOT a.as_assigned THEN 'elsewhere' ELSE 'reopened' END
               FROM progress_in r
               LEFT JOIN LATERAL (
                   SELECT x.unit_id = r.unit_id AND x.development_province_id = r.development_province_id AS as_assigned
                   FROM matching_assignment x WHERE x.id = r.assignment_id LIMIT 1) a ON true
               LEFT JOIN LATERAL (
                   SELECT p.status FROM matching_progress p WHERE p.cardholder_id = r.cardholder_id
                   AND p.round_id = %s AND p.project_id = r.project_id LIMIT 1) had ON true
               WHERE r.cardholder_id IS NULL OR r.assignment_id IS NULL OR NOT a.as_assigned
                  OR (had.status IN %s AND r.status NOT IN %s)
               ORDER BY r.row_no""",
            [self.round.pk, finished, finished],
        )
        messages = {
            "unknown": ("เลขประจำตัวประชาชน", "ไม่พบผู้มีบัตรฯ รายนี้ในรายชื่อที่ท่านรับผิดชอบ"),
            "unassigned": ("เลขประจำตัวประชาชน", f"ผู้มีบัตรฯ รายนี้ยังไม่ได้รับมอบหมายหน่วยงานพัฒนาในรอบ {self.round.code}"),
            "reopened": ("สถานะ", NO_GOING_BACK),
            # Progress is the assigned agency's, where it develops the person: no other agency's or province's figures.
            "elsewhere": ("หน่วยงานที่ดำเนินการพัฒนา", NOT_AS_ASSIGNED),
        }
        problems = cursor.fetchall()
        # Rows naming no one within the user's reach: named only up to a masked viewer's budget (probes.py).
        unknown = set(self.outside.name([row for row, problem in problems if problem == "unknown"]))
        return [
            RowError(row, *messages[problem]) for row, problem in problems if problem != "unknown" or row in unknown
        ]

    def merge_chunk(self, cursor):
        changed = " OR ".join(f"p.{name} IS DISTINCT FROM EXCLUDED.{name}" for name in FIELDS)
        cursor.execute(
            f"""
            WITH up AS (
                INSERT INTO matching_progress AS p (cardholder_id, round_id, project_id, assignment_id,
                    {", ".join(FIELDS)}, version, updated_by_id, updated_at, channel)
                SELECT cardholder_id, %s, project_id, assignment_id, {", ".join(FIELDS)}, 1, %s, now(), 'import'
                FROM progress_in ORDER BY cardholder_id, project_id
                ON CONFLICT (cardholder_id, round_id, project_id) DO UPDATE SET
                    {", ".join(f"{name} = EXCLUDED.{name}" for name in FIELDS)}, version = p.version + 1,
                    updated_by_id = EXCLUDED.updated_by_id, updated_at = now(), channel = 'import'
                WHERE {changed}
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
            """,
            [self.round.pk, getattr(self.user, "pk", None)],
        )
        return cursor.fetchone()
