"""A made-up but realistic population for demonstrations and benchmarks (no real person's data)."""

from django.db import connection
from stdnum.th import pin

TITLES = ["นาย", "นาง", "นางสาว"]
FIRST_NAMES = [
    "สมชาย", "สมศรี", "สมหญิง", "บุญมี", "บุญเรือน", "ประเสริฐ", "มาลี", "สุดา", "วิชัย", "สมพร",
    "อำนาจ", "ทองดี", "คำปัน", "แสงเดือน", "จันทร์เพ็ญ", "ประยูร", "สายสุนีย์", "สุนทร", "อรุณ", "พิมพ์ใจ",
    "ศรีนวล", "บัวผัน", "สมบัติ", "เพ็ญศรี", "ชูชาติ", "นงลักษณ์", "ดวงใจ", "ปัญญา", "สมหมาย", "คำแสน",
]  # fmt: skip
LAST_NAMES = [
    "ใจดี", "ศรีสุข", "บุญมา", "แก้วมณี", "ทองคำ", "สุขสวัสดิ์", "มีสุข", "คำแก้ว", "วงศ์ใหญ่", "ปัญญาดี",
    "แสงทอง", "พรหมมา", "จันทร์แก้ว", "อินทร์แปลง", "ชัยมงคล", "สิทธิโชค", "ทองมา", "บุญยืน", "ศรีวงศ์", "นาคสุข",
]  # fmt: skip
VILLAGES = ["บ้านใหม่", "บ้านดอน", "บ้านนา", "บ้านหนองบัว", "บ้านป่าซาง", "บ้านทุ่ง", "บ้านสันติสุข"]


def national_id(category: int, district_code: int, sequence: int) -> str:
    """A checksum-valid made-up ID: category, registration office (the district), running number."""
    base = f"{category}{district_code:04d}{sequence:07d}"
    return base + pin.calc_check_digit(base)


def load_cardholders(count: int, *, seed: int = 2561, now) -> int:
    """`count` people in one INSERT … SELECT over generate_series (about 20× faster than building rows in
    Python): each subdistrict about equally likely, so provinces get people in proportion to their
    subdistricts, a fair stand-in for population without shipping census data. IDs are category 1 with a
    running number and a correct check digit."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        cursor.execute(
            "SELECT coalesce(max(substr(national_id, 2, 11)::bigint), 0) FROM cardholders_cardholder WHERE national_id LIKE '1%%'"
        )
        offset = cursor.fetchone()[0]
        cursor.execute(
            """
            WITH s AS (SELECT array_agg(code ORDER BY code) AS codes, count(*)::int AS n FROM welfare_portal_subdistrict),
                 names AS (SELECT %s::text[] AS titles, %s::text[] AS firsts, %s::text[] AS lasts, %s::text[] AS villages)
            INSERT INTO cardholders_cardholder (national_id, title, first_name, last_name, phone, house_no, moo, village,
                subdistrict_id, created_at, updated_at)
            SELECT base || ((11 - (
                       (13 * substr(base, 1, 1)::int + 12 * substr(base, 2, 1)::int + 11 * substr(base, 3, 1)::int
                      + 10 * substr(base, 4, 1)::int + 9 * substr(base, 5, 1)::int + 8 * substr(base, 6, 1)::int
                      + 7 * substr(base, 7, 1)::int + 6 * substr(base, 8, 1)::int + 5 * substr(base, 9, 1)::int
                      + 4 * substr(base, 10, 1)::int + 3 * substr(base, 11, 1)::int + 2 * substr(base, 12, 1)::int) %% 11)) %% 10)::text,
                   names.titles[1 + floor(random() * cardinality(names.titles))::int],
                   names.firsts[1 + floor(random() * cardinality(names.firsts))::int],
                   names.lasts[1 + floor(random() * cardinality(names.lasts))::int],
                   '08' || (10000000 + floor(random() * 89999999))::bigint::text,
                   (1 + floor(random() * 399))::int::text,
                   (1 + floor(random() * 15))::int::text,
                   names.villages[1 + floor(random() * cardinality(names.villages))::int],
                   s.codes[1 + floor(random() * s.n)::int], %s, %s
            FROM s, names, generate_series(%s + 1, %s + %s) AS g,
                 LATERAL (SELECT '1' || lpad(g::text, 11, '0') AS base) b
            """,
            [TITLES, FIRST_NAMES, LAST_NAMES, VILLAGES, now, now, offset, offset, count],
        )
        return cursor.rowcount
