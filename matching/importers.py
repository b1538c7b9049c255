"""The agency's decisions on its delegated list (รายชื่อที่ได้รับมอบหมาย), uploaded as an import job of the kind
`delegated`: one row per person, accepted or declined, all or nothing."""

from cardholders.importers.base import Importer, RowError, cell_text, parse_national_id
from welfare_portal.roles import Capability

from .models import DelegatedCase
from .services import delegated_cases_decide_from

DECISION_WORDS = {"รับ": True, "ไม่รับ": False}


class DelegatedDecisionImporter(Importer):
    """The agency's delegated list back with ผลการพิจารณา filled in (รับ / ไม่รับ): the list it downloaded
    from รายชื่อที่ได้รับมอบหมาย, any other columns kept as they were. Rows left blank are not decided yet."""

    kind = "delegated"
    capability = Capability.DELEGATED_CASES
    columns = {"เลขประจำตัวประชาชน": ("national_id", True), "ผลการพิจารณา": ("decision", True)}
    table = "delegated_in"
    table_columns = (
        "row_no integer",
        "national_id varchar(13)",
        "accept boolean",
        "case_id bigint",
        "decided varchar(10)",
        "cardholder_id bigint",
        "assign boolean",  # accepted, and the person has no active assignment in the round (before the merge)
    )
    # The assignments first: the import grows them, and analyses them when they outgrow their statistics.
    read_tables = ("matching_assignment", "matching_delegatedcase", "cardholders_cardholder")
    duplicate_column = "เลขประจำตัวประชาชน"

    def parse_row(self, number, values):
        national_id = self.parse_cell(number, values, "national_id", parse_national_id)
        word = cell_text(values["decision"])
        if word and word not in DECISION_WORDS:
            self.error(number, "ผลการพิจารณา", f'ต้องเป็น "รับ" หรือ "ไม่รับ" (ได้ "{word}")')
            return None
        if national_id is None or not word:
            return None
        return [number, national_id, DECISION_WORDS[word], None, None, None, None]

    def record_key(self, record):
        return record[1]

    def duplicate_message(self, first_row):
        return f"ซ้ำกับแถวที่ {first_row}"

    def check_chunk(self, cursor):
        """Every row one of the agency's delegated people; one decided before keeps its decision (the same
        word again is unchanged: sending the file twice changes nothing)."""
        cases, params = (
            DelegatedCase.objects.for_user(self.user)
            .filter(delegation__round_id=self.round.pk)  # the round's delegated lists
            .values("id", "cardholder_id", "decision")
            .query.sql_with_params()
        )
        # Index probes per row (the person by ID, then the agency's case of that person), never a hash of all
        # the agency's cases per chunk: that costs the list's size for every 20,000 rows.
        cursor.execute(
            f"""UPDATE delegated_in r SET (case_id, decided, cardholder_id) = (
                    SELECT p.id, p.decision, p.cardholder_id FROM ({cases}) p
                    WHERE p.cardholder_id = (SELECT c.id FROM cardholders_cardholder c WHERE c.national_id = r.national_id)
                    ORDER BY p.decision = %s DESC, p.id DESC LIMIT 1)""",
            [*params, DelegatedCase.Decision.PENDING],
        )
        pending, accepted = DelegatedCase.Decision.PENDING, DelegatedCase.Decision.ACCEPTED
        # Who would get an assignment, found before the merge writes any (see delegated_cases_decide_from).
        cursor.execute(
            """UPDATE delegated_in r SET assign = r.accept AND NOT EXISTS (
                   SELECT 1 FROM matching_assignment a
                   WHERE a.cardholder_id = r.cardholder_id AND a.round_id = %s AND a.ended_at IS NULL)
               WHERE r.decided = %s""",
            [self.round.pk, pending],
        )
        cursor.execute(
            """SELECT row_no, case_id IS NULL, decided FROM delegated_in
               WHERE case_id IS NULL OR (decided <> %s AND (decided = %s) <> accept) ORDER BY row_no""",
            [pending, accepted],
        )
        labels = dict(DelegatedCase.Decision.choices)
        return [
            RowError(row, "เลขประจำตัวประชาชน", "ไม่อยู่ในรายชื่อที่มอบหมายให้หน่วยงานพิจารณา")
            if unknown
            else RowError(row, "ผลการพิจารณา", f"บันทึกผลการพิจารณาไปแล้ว ({labels[decided]}) เปลี่ยนไม่ได้")
            for row, unknown, decided in cursor.fetchall()
        ]

    def merge_chunk(self, cursor):
        decided, self.assigned = delegated_cases_decide_from(
            decisions_sql="SELECT case_id, accept, assign FROM delegated_in WHERE decided = %s",
            params=[DelegatedCase.Decision.PENDING],
            user=self.user,
            checked=True,
        )
        return 0, decided

    def grown(self, created: int) -> int:
        return self.assigned
