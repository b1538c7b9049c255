"""Roster (ทะเบียนผู้มีบัตรฯ): upsert card holders by national ID."""

from welfare_portal.models import Province, Subdistrict

from .base import Importer, RowError, cell_text, parse_national_id

# One message for a row outside the user's province, whatever the reason (its subdistrict, or an ID that is
# a card holder of another province): the preview must not tell which IDs hold a card elsewhere (probes.py).
OUTSIDE_SCOPE = "แถวนี้อยู่นอกเขตที่ท่านรับผิดชอบ นำเข้าไม่ได้ ตรวจสอบเลขประจำตัวประชาชนและรหัสตำบล หากถูกต้องแล้วแจ้ง ศทส.สป.กค. ตรวจสอบ"

TEXT_FIELDS = {  # key: (max length, required)
    "title": (50, False),
    "first_name": (100, True),
    "last_name": (100, True),
    "phone": (30, False),
    "house_no": (50, False),
    "moo": (10, False),
    "village": (100, False),
}
FIELDS = ["national_id", *TEXT_FIELDS, "subdistrict_id"]


class RosterImporter(Importer):
    kind = "roster"
    columns = {
        "เลขประจำตัวประชาชน": ("national_id", True),
        "คำนำหน้า": ("title", False),
        "ชื่อ": ("first_name", True),
        "นามสกุล": ("last_name", True),
        "เบอร์โทรศัพท์": ("phone", False),
        "บ้านเลขที่": ("house_no", False),
        "หมู่ที่": ("moo", False),
        "หมู่บ้าน": ("village", False),
        "รหัสตำบล": ("subdistrict_id", True),
    }
    table = "roster_in"
    table_columns = (
        "row_no integer",
        "national_id varchar(13)",
        "title text",
        "first_name text",
        "last_name text",
        "phone text",
        "house_no text",
        "moo text",
        "village text",
        "subdistrict_id integer",
        "cardholder_id bigint",  # the person already registered, found before the chunk is upserted
    )
    read_tables = ("cardholders_cardholder", "cardholders_rosterentry")
    duplicate_column = "เลขประจำตัวประชาชน"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.subdistricts = set(Subdistrict.objects.values_list("code", flat=True))

    def parse_row(self, number, values):
        record, ok = [number], True
        try:
            record.append(parse_national_id(values["national_id"]))
        except ValueError as error:
            self.error(number, self.column_name("national_id"), str(error))
            ok = False
        for key, (max_length, required) in TEXT_FIELDS.items():
            text = cell_text(values[key])
            if required and not text:
                self.error(number, self.column_name(key), "ต้องระบุ" + self.column_name(key))
                ok = False
            elif len(text) > max_length:
                self.error(number, self.column_name(key), f"ยาวเกิน {max_length} ตัวอักษร")
                ok = False
            record.append(text)
        code_text = cell_text(values["subdistrict_id"])
        code = int(code_text) if code_text.isdecimal() else None
        if code is None or code not in self.subdistricts:
            self.error(number, "รหัสตำบล", f'ไม่พบรหัสตำบล "{code_text}" (ต้องเป็นรหัส 6 หลักของกรมการปกครอง)')
            ok = False
        elif not self.in_scope(code):
            self.error(number, "รหัสตำบล", OUTSIDE_SCOPE)
            ok = False
        record.append(code)
        record.append(None)  # cardholder_id: merge_chunk finds it
        return record if ok else None

    def record_key(self, record):
        return record[1]

    def duplicate_message(self, first_row):
        return f"ซ้ำกับแถวที่ {first_row}"

    def check_chunk(self, cursor):
        code = self.province_code
        if code is None:
            return []
        cursor.execute(
            """SELECT r.row_no FROM roster_in r WHERE (SELECT c.subdistrict_id FROM cardholders_cardholder c
                   WHERE c.national_id = r.national_id) NOT BETWEEN %s AND %s ORDER BY r.row_no""",
            Province.subdistrict_range(code),
        )
        named = self.outside.name([row_no for (row_no,) in cursor.fetchall()])
        return [RowError(row_no, "เลขประจำตัวประชาชน", OUTSIDE_SCOPE) for row_no in named]

    def merge_chunk(self, cursor):
        columns = ", ".join(FIELDS)
        changed = " OR ".join(f"c.{name} IS DISTINCT FROM EXCLUDED.{name}" for name in FIELDS[1:])
        # The register is shared by every round; the file's people are also put on the round's roster. A
        # person already registered and unchanged but new to the round counts as updated (the round gained
        # them); loading the same file again into the same round changes nothing.
        # Who is registered already is found first, in a statement of its own: probed inside the upsert's
        # statement, a register the statistics call empty was read whole for every row of the chunk, pages
        # of the upsert's new rows included (11 s for the first 20,000 rows of the first day).
        cursor.execute(
            "UPDATE roster_in r SET cardholder_id = (SELECT c.id FROM cardholders_cardholder c "
            "WHERE c.national_id = r.national_id)"
        )
        cursor.execute(
            f"""
            WITH up AS (
                INSERT INTO cardholders_cardholder AS c ({columns}, created_at, updated_at)
                -- one lock order within a statement; imports take turns (IMPORT_LOCK), so never deadlock
                SELECT {columns}, now(), now() FROM roster_in ORDER BY national_id
                ON CONFLICT (national_id) DO UPDATE SET
                    {", ".join(f"{name} = EXCLUDED.{name}" for name in FIELDS[1:])}, updated_at = now()
                WHERE {changed}
                RETURNING c.id, (xmax = 0) AS inserted
            ),
            -- the file's people: the new ones (up) and those registered before (roster_in.cardholder_id)
            listed AS (
                SELECT id FROM up
                UNION
                SELECT cardholder_id FROM roster_in WHERE cardholder_id IS NOT NULL
            ),
            entered AS (
                INSERT INTO cardholders_rosterentry (round_id, cardholder_id)
                SELECT %s, id FROM listed ORDER BY id
                ON CONFLICT (cardholder_id, round_id) DO NOTHING
                RETURNING cardholder_id
            )
            SELECT (SELECT count(*) FROM up WHERE inserted),
                   (SELECT count(*) FROM up WHERE NOT inserted)
                   + (SELECT count(*) FROM entered e WHERE NOT EXISTS (SELECT FROM up WHERE up.id = e.cardholder_id))
            """,
            [self.round.pk],
        )
        return cursor.fetchone()
