"""Interviews (ผลการสัมภาษณ์): one row per interview, keyed by person and date; the latest is current."""

import datetime

from django.db import connection

from welfare_portal.models import BasicNeed, Project, Province, Skill

from ..models import Channel
from .base import (
    Importer,
    RowError,
    cell_text,
    parse_code,
    parse_date,
    parse_national_id,
)

FIELDS = ["interviewed_on", "group", "choice_1_id", "choice_2_id", "choice_3_id", "basic_needs", "skill_id"]


class InterviewImporter(Importer):
    kind = "interviews"
    columns = {
        "เลขประจำตัวประชาชน": ("national_id", True),
        "วันที่สัมภาษณ์": ("interviewed_on", True),
        "กลุ่ม": ("group", True),
        "ความต้องการอันดับ 1": ("choice_1", True),
        "ความต้องการอันดับ 2": ("choice_2", False),
        "ความต้องการอันดับ 3": ("choice_3", False),
        "สิ่งจำเป็นพื้นฐาน": ("basic_needs", False),
        "ทักษะอาชีพ": ("skill", False),
    }
    table = "interviews_in"
    table_columns = (
        "row_no integer",
        "national_id varchar(13)",
        "interviewed_on date",
        '"group" smallint',
        "choice_1_id bigint",
        "choice_2_id bigint",
        "choice_3_id bigint",
        "basic_needs varchar(20)[]",
        "skill_id bigint",
        "cardholder_id bigint",
    )
    read_tables = ("cardholders_interview", "cardholders_cardholder")
    duplicate_column = "วันที่สัมภาษณ์"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.projects = dict(Project.objects.values_list("code", "id"))
        self.needs = set(BasicNeed.objects.values_list("code", flat=True))
        self.skills = dict(Skill.objects.values_list("code", "id"))
        self.today = datetime.date.today()

    def parse_row(self, number, values):
        errors_before = len(self.errors)

        national_id = self.parse_cell(number, values, "national_id", parse_national_id)
        interviewed_on = self.parse_cell(number, values, "interviewed_on", parse_date)
        if interviewed_on and interviewed_on > self.today:
            self.error(number, "วันที่สัมภาษณ์", "วันที่สัมภาษณ์อยู่ในอนาคต")
        group = cell_text(values["group"])
        if group not in ("1", "2"):
            self.error(number, "กลุ่ม", f'กลุ่มต้องเป็น 1 (สมัครใจ) หรือ 2 (เป้าหมาย) (ได้ "{group}")')
        choices = [self._project(number, rank, values[f"choice_{rank}"]) for rank in (1, 2, 3)]
        self._check_choices(number, choices, values)
        needs = self._needs(number, values["basic_needs"])
        skill_code = parse_code(values["skill"])
        if skill_code and skill_code not in self.skills:
            self.error(number, "ทักษะอาชีพ", f'ไม่พบรหัสทักษะอาชีพ "{skill_code}"')
        if len(self.errors) > errors_before:
            return None
        return [
            number,
            national_id,
            interviewed_on,
            int(group),
            *choices,
            "{" + ",".join(needs) + "}",
            self.skills.get(skill_code),
            None,
        ]

    def _project(self, number, rank, value):
        code = parse_code(value)
        if not code:
            if rank == 1:
                self.error(number, "ความต้องการอันดับ 1", "ต้องระบุรหัสโครงการที่ต้องการอันดับ 1")
            return None
        if code not in self.projects:
            self.error(number, f"ความต้องการอันดับ {rank}", f'ไม่พบรหัสโครงการ "{code}"')
            return None
        return self.projects[code]

    def _check_choices(self, number, choices, values):
        codes = [parse_code(values[f"choice_{rank}"]) for rank in (1, 2, 3)]
        for rank in (2, 3):
            if codes[rank - 1] and codes[rank - 1] in codes[: rank - 1]:
                self.error(number, f"ความต้องการอันดับ {rank}", f"โครงการ {codes[rank - 1]} ซ้ำกับอันดับก่อนหน้า")
        if codes[2] and not codes[1]:
            self.error(number, "ความต้องการอันดับ 3", "ระบุอันดับ 3 ได้เมื่อระบุอันดับ 2 แล้วเท่านั้น")

    def _needs(self, number, value):
        codes = [code.strip().upper() for code in cell_text(value).replace("，", ",").split(",") if code.strip()]
        unknown = [code for code in codes if code not in self.needs]
        if unknown:
            self.error(number, "สิ่งจำเป็นพื้นฐาน", "ไม่พบรหัสสิ่งจำเป็นพื้นฐาน: " + ", ".join(unknown))
        return sorted(set(codes))

    def record_key(self, record):
        return record[1], record[2]

    def duplicate_message(self, first_row):
        return f"ผู้มีบัตรฯ รายนี้มีแบบประเมินวันเดียวกันในแถวที่ {first_row} แล้ว"

    def check_chunk(self, cursor):
        scope = "" if self.province_code is None else " AND c.subdistrict_id BETWEEN %s AND %s"
        params = [] if self.province_code is None else list(Province.subdistrict_range(self.province_code))
        # One index probe per row (a scalar subquery), never a hash of the whole register per chunk: that
        # plan costs the register's size for every 20,000 rows (0.9 s a chunk at 1,000,000 people).
        # The person must be on the round's roster (who held a card in that round).
        cursor.execute(
            "UPDATE interviews_in r SET cardholder_id = (SELECT c.id FROM cardholders_cardholder c "
            "WHERE c.national_id = r.national_id" + scope + " AND EXISTS (SELECT FROM cardholders_rosterentry e "
            "WHERE e.cardholder_id = c.id AND e.round_id = %s))",
            [*params, self.round.pk],
        )
        cursor.execute("SELECT row_no FROM interviews_in WHERE cardholder_id IS NULL ORDER BY row_no")
        where = "ในทะเบียน" if self.province_code is None else "ในทะเบียนของจังหวัดของท่าน"
        message = f"ไม่พบผู้มีบัตรฯ รายนี้{where}ของรอบ {self.round.code} (นำเข้าทะเบียนของรอบนี้ก่อน)"
        named = self.outside.name([n for (n,) in cursor.fetchall()])
        return [RowError(n, "เลขประจำตัวประชาชน", message) for n in named]

    def merge_chunk(self, cursor):
        """Upsert by (person, date) with "current" decided on the way in: a person's latest interview is
        current. Only the current flags that a newer interview takes over are cleared first, so the first
        day writes no UPDATE at all, and no statement reads more than the chunk's own people."""
        quoted = [connection.ops.quote_name(name) for name in FIELDS]
        changed = " OR ".join(f"i.{name} IS DISTINCT FROM EXCLUDED.{name}" for name in quoted[1:])
        newest = "SELECT cardholder_id, max(interviewed_on) AS day FROM interviews_in GROUP BY cardholder_id"
        # The rows to clear found by index from the chunk's people (ARRAY(…) keeps the UPDATE an index scan).
        cursor.execute(
            f"""UPDATE cardholders_interview SET is_current = false WHERE id = ANY(ARRAY(
                    SELECT (SELECT i.id FROM cardholders_interview i WHERE i.cardholder_id = n.cardholder_id
                            AND i.round_id = %s AND i.is_current AND i.interviewed_on < n.day)
                    FROM ({newest}) n))""",
            [self.round.pk],
        )
        cursor.execute(
            f"""
            WITH up AS (
                INSERT INTO cardholders_interview AS i (cardholder_id, round_id, {", ".join(quoted)}, is_current,
                    channel, recorded_by_id, created_at, updated_at)
                SELECT r.cardholder_id, %s, {", ".join(f"r.{name}" for name in quoted)},
                    -- a scalar subquery (one index probe per row); NOT EXISTS here may be planned as a hash
                    -- of every current interview, once per chunk
                    r.interviewed_on = n.day AND (
                        SELECT c.id FROM cardholders_interview c
                        WHERE c.cardholder_id = r.cardholder_id AND c.round_id = %s AND c.is_current
                    ) IS NULL,
                    %s, %s, now(), now()
                FROM interviews_in r JOIN ({newest}) n USING (cardholder_id)
                ORDER BY r.cardholder_id, r.interviewed_on
                ON CONFLICT (cardholder_id, round_id, interviewed_on) DO UPDATE SET
                    {", ".join(f"{name} = EXCLUDED.{name}" for name in quoted[1:])},
                    channel = EXCLUDED.channel, recorded_by_id = EXCLUDED.recorded_by_id, updated_at = now()
                WHERE {changed}
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
            """,
            [self.round.pk, self.round.pk, Channel.IMPORT, getattr(self.user, "pk", None)],
        )
        return cursor.fetchone()
