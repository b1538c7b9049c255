"""Name-check benchmark of `make bench` (issue 13): an agency's own list of 100,000 rows (and more, if asked)
checked against the country of `generate_demo` (14.5 million card holders at full size).

The list is made from the country the way a department's training list looks: a title row, its own columns,
IDs typed with dashes or as numbers; most rows are the agency's people in its busiest province, the rest
people of other agencies there, people without an assignment, valid IDs no one on the register has, bad IDs
and rows listed twice. Each file is checked in a process of its own, as the task worker checks it (the
upload guard's measurement of the workbook included), and timed there; peak memory is that process's
ru_maxrss. The checks are deleted afterwards, so the country stays as it was.
"""

import os
import random
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from openpyxl import Workbook

from cardholders.demo import national_id
from development.name_check_models import NameCheck
from welfare_portal.models import DevelopmentUnit, Project

from .import_benchmarks import HEADER, Measured, write_csv

RUNNER = """
import time
from development.name_check import name_check_run
from development.name_check_models import NameCheck
started = time.perf_counter()
name_check_run({check_id})
took = time.perf_counter() - started
check = NameCheck.objects.get(pk={check_id})
print("BENCH", took, check.status, check.summary_line, check.message[:200])
"""

LIST_HEADER = ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่", "เบอร์โทรศัพท์", "วันที่อบรม"]
SHARES = {"other_agency": 0.08, "not_cardholder": 0.06, "invalid": 0.04, "repeated": 0.04}  # the rest: both / none


def busiest_province(unit_id: int) -> tuple[int, int]:
    """The province where the agency develops the most people, and how many (one pass over assignments)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT development_province_id, count(*) FROM matching_assignment WHERE ended_at IS NULL AND unit_id = %s
               GROUP BY 1 ORDER BY 2 DESC LIMIT 1""",
            [unit_id],
        )
        return cursor.fetchone() or (52, 0)


def _ids(sql: str, params: list) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def list_ids(rows: int, *, unit_id: int, province: int) -> list[str]:
    """The IDs of a list of `rows` rows, shuffled; "" for a blank ID, short text for a bad one."""
    projects = list(Project.objects.filter(unit_id=unit_id).values_list("pk", flat=True))
    shares = {kind: int(rows * share) for kind, share in SHARES.items()}
    agency = _ids(
        """SELECT (SELECT c.national_id FROM cardholders_cardholder c WHERE c.id = a.cardholder_id)
           FROM matching_assignment a WHERE a.ended_at IS NULL AND a.development_province_id = %s
             AND a.project_id = ANY(%s) ORDER BY a.id LIMIT %s""",
        [province, projects, int(rows * 0.7)],
    )
    others = _ids(
        """SELECT (SELECT c.national_id FROM cardholders_cardholder c WHERE c.id = a.cardholder_id)
           FROM matching_assignment a WHERE a.ended_at IS NULL AND a.development_province_id = %s
             AND a.project_id <> ALL(%s) ORDER BY a.id LIMIT %s""",
        [province, projects, shares["other_agency"]],
    )
    unassigned = rows - len(agency) - sum(shares.values())
    nobody = _ids(
        """SELECT c.national_id FROM cardholders_cardholder c WHERE NOT EXISTS (
               SELECT 1 FROM matching_assignment a WHERE a.cardholder_id = c.id AND a.ended_at IS NULL) LIMIT %s""",
        [unassigned],
    )
    strangers = [national_id(5, 9999, n) for n in range(shares["not_cardholder"])]  # category 5: never made up
    bad = ["", "12345", "ไม่มีบัตร", "3-1017-0000"] * (shares["invalid"] // 4 + 1)
    chance = random.Random(13)
    repeated = chance.sample(agency, min(shares["repeated"], len(agency)))
    ids = agency + others + nobody + strangers + bad[: shares["invalid"]] + repeated
    chance.shuffle(ids)
    return ids


def _typed(n: int, national_id_: str):
    """As people type an ID: plain, with dashes, or as a number (in a spreadsheet)."""
    if len(national_id_) != 13 or not national_id_.isdigit():
        return national_id_
    if n % 3 == 1:
        d = national_id_
        return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"
    if n % 3 == 2:
        return int(national_id_)
    return national_id_


def _row(n: int, national_id_: str) -> list:
    return [n, f"ผู้เข้าอบรม{n} ทดสอบ", _typed(n, national_id_), f"{n % 200} ม.{n % 12 + 1}", "0812345678", "15/7/2561"]


def write_lists(folder: Path, ids: list[str]) -> dict[str, Path]:
    """The same list as .xlsx (title row above the header, as departments send it) and as .csv."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / f"name-check-{len(ids)}.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("รายชื่อ")
    sheet.append(["รายชื่อผู้เข้ารับการฝึกอบรม โครงการของกรมการพัฒนาชุมชน"])
    sheet.append(LIST_HEADER)
    for n, national_id_ in enumerate(ids, start=1):
        sheet.append(_row(n, national_id_))
    workbook.save(xlsx)
    rows = ([str(cell) for cell in _row(n, national_id_)] for n, national_id_ in enumerate(ids, start=1))
    return {"xlsx": xlsx, "csv": write_csv(folder / f"name-check-{len(ids)}.csv", LIST_HEADER, rows)}


def run_check(path: Path, rows: int, *, unit: DevelopmentUnit, province: int, env: dict) -> Measured:
    """Check `path` in a process of its own, as the worker does, and delete the check afterwards."""
    check = NameCheck.objects.create(
        unit=unit, province_id=province, original_name=path.name, stored_path=str(path), channel=NameCheck.Channel.WEB
    )
    try:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", RUNNER.format(check_id=check.pk)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = process.stdout.read(), process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        lines = [line for line in out.splitlines() if line.startswith("BENCH ")]
        if status or not lines:
            raise RuntimeError(f"name check failed: {err[-2000:] or out[-2000:]}")
        _, took, outcome = lines[-1].split(" ", 2)
        return Measured(f"names {path.suffix[1:]}", rows, float(took), usage.ru_maxrss / 1024, outcome)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM matching_namecheckrow WHERE name_check_id = %s", [check.pk])
        check.delete()


def bench_name_check(write, folder: Path, *, sizes=(100_000,), unit_code: str = "CDD") -> None:
    """`write` each figure (a line of import_benchmarks.HEADER's table)."""
    unit = DevelopmentUnit.objects.get(code=unit_code)
    province, people = busiest_province(unit.pk)
    write(f"\nname check: {unit_code} lists against its {people:,} people developed in province {province}")
    write(HEADER)
    env = {**os.environ}
    for size in sizes:
        files = write_lists(folder, list_ids(size, unit_id=unit.pk, province=province))
        for path in files.values():
            write(run_check(path, size, unit=unit, province=province, env=env).line("country"))
