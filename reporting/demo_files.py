"""The made-up country as the files a ministry batch brings (docs/), for loading it through
the importers (`generate_demo --via-files`) and for the import benchmarks (`make bench`).

Rows come out of the database with COPY … TO, in the contract's Thai columns: IDs, Buddhist-era dates
(20/6/2561), project, need and skill codes, so the importers read what an outside script would write.
"""

import csv
import re
from pathlib import Path

from django.db import connection, transaction

from cardholders.demo import area_parts, load_cardholders, next_sequence, stream_seed
from matching.demo import load_interviews

ROSTER = """
    SELECT c.national_id AS "เลขประจำตัวประชาชน", c.title AS "คำนำหน้า", c.first_name AS "ชื่อ",
           c.last_name AS "นามสกุล", c.phone AS "เบอร์โทรศัพท์", c.house_no AS "บ้านเลขที่", c.moo AS "หมู่ที่",
           c.village AS "หมู่บ้าน", c.subdistrict_id AS "รหัสตำบล"
    FROM cardholders_cardholder c {where} ORDER BY c.id {limit}
"""

BE_DATE = (
    "extract(day FROM {d})::int || '/' || extract(month FROM {d})::int || '/' || extract(year FROM {d})::int + 543"
)

INTERVIEWS = f"""
    SELECT c.national_id AS "เลขประจำตัวประชาชน", {BE_DATE.format(d="{day}")} AS "วันที่สัมภาษณ์",
           i."group" AS "กลุ่ม", p1.code AS "ความต้องการอันดับ 1", p2.code AS "ความต้องการอันดับ 2",
           p3.code AS "ความต้องการอันดับ 3", array_to_string(i.basic_needs, ',') AS "สิ่งจำเป็นพื้นฐาน",
           s.code AS "ทักษะอาชีพ"
    FROM cardholders_interview i JOIN cardholders_cardholder c ON c.id = i.cardholder_id
    JOIN welfare_portal_project p1 ON p1.id = i.choice_1_id
    LEFT JOIN welfare_portal_project p2 ON p2.id = i.choice_2_id
    LEFT JOIN welfare_portal_project p3 ON p3.id = i.choice_3_id
    LEFT JOIN welfare_portal_skill s ON s.id = i.skill_id
    WHERE i.is_current {{where}} ORDER BY i.id {{limit}}
"""

PROGRESS = f"""
    SELECT c.national_id AS "เลขประจำตัวประชาชน", u.code AS "หน่วยงานที่ดำเนินการพัฒนา", p.code AS "โครงการ",
           a.development_province_id AS "จังหวัดที่ดำเนินการพัฒนา", 'อยู่ระหว่างการพัฒนา' AS "สถานะ",
           {BE_DATE.format(d="date '2018-07-02'")} AS "วันที่เริ่ม", NULL AS "วันที่เสร็จ"
    FROM matching_assignment a JOIN cardholders_cardholder c ON c.id = a.cardholder_id
    JOIN welfare_portal_developmentunit u ON u.id = a.unit_id JOIN welfare_portal_project p ON p.id = a.project_id
    WHERE a.ended_at IS NULL {{where}} ORDER BY a.id {{limit}}
"""


def export(path: Path, query: str, params=()) -> None:
    """COPY the query's rows to a UTF-8 CSV headed by its column names. The header is written here: PostgreSQL
    cuts names at 63 bytes, and a Thai letter takes 3 (หน่วยงานที่ดำเนินการพัฒนา is 78)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        sql = cursor.mogrify(query, params).decode() if params else query
        header = re.findall(r'AS "([^"]+)"', sql)
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerow(header)
            out.flush()
            cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", out)


def write_country_files(folder: Path, *, scale: int, seed: int, now) -> tuple[Path, Path]:
    """roster.csv and interviews.csv of the same country generate_demo would make in SQL: generated in a
    transaction that is rolled back, so the tables are as before and the importers bring the rows in."""
    roster, interviews = folder / "roster.csv", folder / "interviews.csv"
    (whole,) = area_parts(1)  # the whole country as one part: the random streams of a one-worker SQL load
    with transaction.atomic():
        load_cardholders(scale, seed=seed, now=now, after=next_sequence(), area=whole)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cardholders_cardholder")  # as the SQL load does: the same plan, the same draws
        load_interviews(seed=stream_seed(seed, whole), area=whole)
        export(roster, ROSTER.format(where="", limit=""))
        export(interviews, INTERVIEWS.format(day="i.interviewed_on", where="", limit=""))
        transaction.set_rollback(True)
    # The rollback leaves the made-up country behind as dead rows, with their index entries, and the analysis
    # above left its size in the catalogue (written in place: a rollback keeps it). Cleared now, as autovacuum
    # would later: the importers that fill the register next must start from an empty one, not from one the
    # catalogue calls full, nor from "empty" statistics over a million dead index entries. With those, the
    # person lookup of the roster summary trigger was planned as a skip scan of the area index and read it
    # whole for each person: a 1,000,000-row roster sat in its first chunk for minutes (README, "The stall,
    # again").
    # In a caller's transaction (tests) VACUUM cannot run; the dead rows stay until it ends, and so does the
    # catalogue's "full" register (an analysis alone would make it the trap described above).
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) cardholders_cardholder, cardholders_rosterentry, cardholders_interview")
    return roster, interviews
