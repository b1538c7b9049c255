"""Import benchmarks of `make bench` (reporting/management/commands/bench.py): every kind of file the portal
takes, at 100,000 and 1,000,000 rows, on the first day of a portal and into the full country.

Each import runs in a process of its own, as the task worker runs it (the importer's run(), outside any
transaction, so the writes overlap the parsing on a second connection), and is measured there: the import's
own seconds and the process's peak memory (ru_maxrss of that child alone, from os.wait4).
"""

import csv
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from cardholders.demo import national_id
from reporting.demo_files import INTERVIEWS, PROGRESS, export
from reporting.summary_sql import SUMMARIES

RUNNER = """
import time
from pathlib import Path
from cardholders.importers import IMPORTERS
from welfare_portal.models import User
user = User.objects.get(username={user!r}) if {user!r} else None
started = time.perf_counter()
result = IMPORTERS[{kind!r}](user=user).run(Path({path!r}), dry_run={dry_run!r})
took = time.perf_counter() - started
print("BENCH", took, result.created, result.updated, result.unchanged, len(result.errors), result.errors[:3])
"""

FIRST_DAY_TABLES = [
    "cardholders_cardholder",
    "cardholders_cardholderevent",
    "cardholders_interviewevent",
    "matching_delegation",
    "matching_assignmentevent",
    "matching_progressevent",
    "matching_capacity",
    "matching_matchingrun",
    "cardholders_importjob",
    "pghistory_context",
    # The summaries have no key to the people: TRUNCATE … CASCADE leaves them, counting a country that is gone.
    *(summary.table for summary in SUMMARIES),
]


@dataclass
class Measured:
    kind: str
    rows: int
    seconds: float
    peak_mb: float
    outcome: str

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    def line(self, condition: str) -> str:
        return (
            f"{condition:<10}{self.kind:<11}{self.rows:>11,}{self.seconds:>10.2f}{self.rate:>12,.0f}"
            f"{self.peak_mb:>10,.0f}  {self.outcome}"
        )


def median_of(runs: list[Measured]) -> Measured:
    """The median of several runs of one file, with their spread as its outcome."""
    seconds = sorted(run.seconds for run in runs)
    spread = f"median of {len(runs)} (from {seconds[0]:.2f} to {seconds[-1]:.2f} s)"
    return Measured(runs[0].kind, runs[0].rows, statistics.median(seconds), max(run.peak_mb for run in runs), spread)


HEADER = f"{'condition':<10}{'file':<11}{'rows':>11}{'seconds':>10}{'rows/s':>12}{'peak MB':>10}  result"


def run_import(kind: str, path: Path, rows: int, *, env: dict, user: str = "", dry_run: bool = False) -> Measured:
    code = RUNNER.format(user=user, kind=kind, path=str(path), dry_run=dry_run)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    lines = [line for line in out.splitlines() if line.startswith("BENCH ")]
    if status or not lines:
        raise RuntimeError(f"{kind} import failed: {err[-2000:] or out[-2000:]}")
    _, took, created, updated, unchanged, errors, first = lines[-1].split(" ", 6)
    outcome = f"created={created} updated={updated} unchanged={unchanged}" + (
        f" ERRORS={errors} {first}" if int(errors) else ""
    )
    return Measured(kind, rows, float(took), usage.ru_maxrss / 1024, outcome + (" (dry run)" if dry_run else ""))


# ---- files -------------------------------------------------------------------------------------------------


def bench_national_id(n: int) -> str:
    """The n-th person of the benchmark files (the roster file's IDs: category 3, office 9000+)."""
    return national_id(3, 9000 + n // 10_000_000, n % 10_000_000)


def write_csv(path: Path, header: list[str], rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def first_day_files(folder: Path, rows: int) -> dict[str, Path]:
    """Interviews, the agency's decisions and progress for people 1…rows of the roster file."""
    ids = [bench_national_id(n) for n in range(1, rows + 1)]
    files = {
        "interviews": (
            ["เลขประจำตัวประชาชน", "วันที่สัมภาษณ์", "กลุ่ม", "ความต้องการอันดับ 1", "ความต้องการอันดับ 2", "สิ่งจำเป็นพื้นฐาน"],
            (
                [i, f"{1 + n % 28}/{2 + n % 7}/2561", 1 + n % 2, "CDD01", "DSD01", "WATER,LAND"]
                for n, i in enumerate(ids)
            ),
        ),
        "delegated": (["เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "ผลการพิจารณา"], ([i, "ทดสอบ", "รับ"] for i in ids)),
        "progress": (
            ["เลขประจำตัวประชาชน", "หน่วยงานที่ดำเนินการพัฒนา", "โครงการ", "จังหวัดที่ดำเนินการพัฒนา", "สถานะ", "วันที่เริ่ม"],
            ([i, "CDD", "CDD01", "ลำปาง", "อยู่ระหว่างการพัฒนา", "2/7/2561"] for i in ids),
        ),
    }
    paths = {}
    for kind, (header, body) in files.items():
        path = folder / f"{kind}-{rows}.csv"
        paths[kind] = path if path.exists() else write_csv(path, header, body)
    return paths


def country_files(folder: Path, rows: int) -> dict[str, Path]:
    """Interviews (a new, later round: every current flag moves) and progress of people of the country."""
    interviews = folder / f"country-interviews-{rows}.csv"
    export(interviews, INTERVIEWS.format(day="date '2018-11-01'", where="", limit=f"LIMIT {int(rows)}"))
    progress = folder / f"country-progress-{rows}.csv"
    # The current round's open results (finished ones cannot go back; another round's are refused)
    open_only = (
        "AND a.progress_status IN ('not_started', 'notified', 'in_progress') "
        "AND a.round_id = (SELECT r.id FROM welfare_portal_round r WHERE r.is_current)"
    )
    export(progress, PROGRESS.format(where=open_only, limit=f"LIMIT {int(rows)}"))
    return {"interviews": interviews, "progress": progress}


def delegate_people(rows: int, *, province: int = 52, unit_code: str = "CDD") -> int:
    """One delegation (an agency in one province) with `rows` pending cases of people with a current
    interview; the id of the delegation (deleted again with delete_delegation)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO matching_delegation (province_id, unit_id, created_at)
               SELECT %s, id, now() FROM welfare_portal_developmentunit WHERE code = %s RETURNING id""",
            [province, unit_code],
        )
        delegation = cursor.fetchone()[0]
        cursor.execute(
            """INSERT INTO matching_delegatedcase (delegation_id, interview_id, cardholder_id, project_id, decision)
               SELECT %s, i.id, i.cardholder_id, (SELECT min(p.id) FROM welfare_portal_project p
                   JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE u.code = %s), 'pending'
               FROM cardholders_interview i WHERE i.is_current ORDER BY i.id LIMIT %s""",
            [delegation, unit_code, rows],
        )
        cursor.execute("ANALYZE matching_delegatedcase")
    return delegation


def delegated_file(folder: Path, delegation: int, rows: int) -> Path:
    path = folder / f"country-delegated-{rows}.csv"
    export(
        path,
        """SELECT c.national_id AS "เลขประจำตัวประชาชน", 'รับ' AS "ผลการพิจารณา" FROM matching_delegatedcase dc
           JOIN cardholders_cardholder c ON c.id = dc.cardholder_id WHERE dc.delegation_id = %s""",
        [delegation],
    )
    return path


def delete_delegation(delegation: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM matching_delegatedcase WHERE delegation_id = %s", [delegation])
        cursor.execute("DELETE FROM matching_delegation WHERE id = %s", [delegation])


def empty_portal() -> None:
    """The first day: no people, nothing audited yet, statistics that say every table is empty."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(FIRST_DAY_TABLES)} CASCADE")
        cursor.execute("ANALYZE")
        cursor.execute("CHECKPOINT")


def delegate_everyone(*, province: int = 52, unit_code: str = "CDD") -> int:
    """On the first day: every interviewed person delegated to one agency (the file then accepts all)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cardholders_interview WHERE is_current")
        rows = cursor.fetchone()[0]
    return delegate_people(rows, province=province, unit_code=unit_code)
