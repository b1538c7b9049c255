"""A made-up but realistic population for demonstrations and benchmarks (no real person's data)."""

import random

from django.db import connection
from stdnum.th import pin

TITLES = ["นาย", "นาง", "นางสาว"]
FIRST_NAMES = [
    "สมชาย",
    "สมศรี",
    "สมหญิง",
    "บุญมี",
    "บุญเรือน",
    "ประเสริฐ",
    "มาลี",
    "สุดา",
    "วิชัย",
    "สมพร",
    "อำนาจ",
    "ทองดี",
    "คำปัน",
    "แสงเดือน",
    "จันทร์เพ็ญ",
    "ประยูร",
    "สายสุนีย์",
    "สุนทร",
    "อรุณ",
    "พิมพ์ใจ",
    "ศรีนวล",
    "บัวผัน",
    "สมบัติ",
    "เพ็ญศรี",
    "ชูชาติ",
    "นงลักษณ์",
    "ดวงใจ",
    "ปัญญา",
    "สมหมาย",
    "คำแสน",
]
LAST_NAMES = [
    "ใจดี",
    "ศรีสุข",
    "บุญมา",
    "แก้วมณี",
    "ทองคำ",
    "สุขสวัสดิ์",
    "มีสุข",
    "คำแก้ว",
    "วงศ์ใหญ่",
    "ปัญญาดี",
    "แสงทอง",
    "พรหมมา",
    "จันทร์แก้ว",
    "อินทร์แปลง",
    "ชัยมงคล",
    "สิทธิโชค",
    "ทองมา",
    "บุญยืน",
    "ศรีวงศ์",
    "นาคสุข",
]
VILLAGES = ["บ้านใหม่", "บ้านดอน", "บ้านนา", "บ้านหนองบัว", "บ้านป่าซาง", "บ้านทุ่ง", "บ้านสันติสุข"]


def national_id(category: int, district_code: int, sequence: int) -> str:
    """A checksum-valid made-up ID: category, registration office (the district), running number."""
    base = f"{category}{district_code:04d}{sequence:07d}"
    return base + pin.calc_check_digit(base)


def next_sequence() -> int:
    """The running number of the last made-up ID (category 1), so another load adds new people."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(substr(national_id, 2, 11)::bigint), 0) FROM cardholders_cardholder WHERE national_id LIKE '1%%'"
        )
        return cursor.fetchone()[0]


def stream_seed(seed: int, part) -> float:
    """A setseed() value for one part of a load (an area, a province): different for each part, the same
    again for the same seed."""
    return random.Random(f"{seed}:{part}").random()


def _subdistrict_codes() -> list[int]:
    from welfare_portal.models import Subdistrict

    return list(Subdistrict.objects.order_by("code").values_list("code", flat=True))


def subdistrict_blocks(count: int, *, seed: int, after: int) -> list[tuple[int, int, int]]:
    """(subdistrict, first, last): people `first`+1 … `last` of the running numbers after `after` live in
    that subdistrict. Each subdistrict gets a repeatable share between half and one and a half of the
    average, so provinces get people roughly in proportion to their subdistricts (a fair stand-in for
    population without shipping census data), and the blocks add up to exactly `count`."""
    codes = _subdistrict_codes()
    rng = random.Random(seed)
    weights = [rng.randint(500, 1500) for _ in codes]
    total, upto, blocks = sum(weights), 0, []
    for code, weight in zip(codes, weights, strict=True):
        first = after + count * upto // total
        upto += weight
        blocks.append((code, first, after + count * upto // total))
    return blocks


def area_parts(parts: int) -> list[tuple[int, int]]:
    """The country cut into `parts` ranges of subdistrict codes with about as many subdistricts each."""
    codes = _subdistrict_codes()
    size = -(-len(codes) // parts)
    return [(chunk[0], chunk[-1]) for chunk in (codes[i : i + size] for i in range(0, len(codes), size))]


def load_cardholders(
    count: int, *, seed: int = 2561, now, after: int | None = None, area: tuple[int, int] | None = None
) -> int:
    """`count` people in one INSERT … SELECT over generate_series (about 20× faster than building rows in
    Python), written subdistrict by subdistrict, as province rosters arrive, so a province's people sit
    together on disk. IDs are category 1 with a running number after `after` (default: the last one used)
    and a correct check digit. With `area` (a range of subdistrict codes), only the people of that part
    of the same country: calls for the other parts, with the same count, seed and after, may run at once
    on other connections."""
    offset = next_sequence() if after is None else after
    blocks = [
        b for b in subdistrict_blocks(count, seed=seed, after=offset) if area is None or area[0] <= b[0] <= area[1]
    ]
    if not blocks:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [stream_seed(seed, area)])
        cursor.execute(
            """
            WITH names AS (SELECT %s::text[] AS titles, %s::text[] AS firsts, %s::text[] AS lasts, %s::text[] AS villages),
            people AS (
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
                   s.code, %s, %s
            FROM names, unnest(%s::int[], %s::bigint[], %s::bigint[]) AS s(code, first, last),
                 LATERAL generate_series(s.first + 1, s.last) AS g,
                 LATERAL (SELECT '1' || lpad(g::text, 11, '0') AS base) b
            RETURNING id
            )
            -- everyone on the current round's roster, as a roster file puts them
            INSERT INTO cardholders_rosterentry (round_id, cardholder_id) SELECT (SELECT welfare_current_round()), id FROM people
            """,
            [TITLES, FIRST_NAMES, LAST_NAMES, VILLAGES, now, now, *map(list, zip(*blocks, strict=True))],
        )
        return cursor.rowcount
