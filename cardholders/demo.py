"""A made-up but realistic population for demonstrations and benchmarks (no real person's data)."""

import random

from stdnum.th import pin

from welfare_portal.copy import copy_rows
from welfare_portal.models import Subdistrict

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


def cardholder_rows(count: int, *, seed: int = 2561, now):
    rng = random.Random(seed)
    subdistricts = list(Subdistrict.objects.values_list("code", flat=True))
    # Each subdistrict is about equally likely, so provinces get people in proportion to their
    # subdistricts: a fair stand-in for population without shipping census data.
    chosen = rng.choices(subdistricts, k=count)
    sequence_by_district: dict[int, int] = {}
    for subdistrict in chosen:
        district = subdistrict // 100
        sequence = sequence_by_district.get(district, 0) + 1
        sequence_by_district[district] = sequence
        title = rng.choice(TITLES)
        yield (
            national_id(1 + 2 * (sequence % 2), district, sequence),
            title,
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_NAMES),
            f"08{rng.randrange(10_000_000, 99_999_999)}",
            f"{rng.randrange(1, 400)}/{rng.randrange(1, 30)}" if rng.random() < 0.3 else str(rng.randrange(1, 400)),
            str(rng.randrange(1, 16)),
            rng.choice(VILLAGES),
            subdistrict,
            now,
            now,
        )


CARDHOLDER_COLUMNS = [
    "national_id", "title", "first_name", "last_name", "phone", "house_no", "moo", "village",
    "subdistrict_id", "created_at", "updated_at",
]  # fmt: skip


def load_cardholders(count: int, *, seed: int = 2561, now) -> int:
    return copy_rows("cardholders_cardholder", CARDHOLDER_COLUMNS, cardholder_rows(count, seed=seed, now=now))
