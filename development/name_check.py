"""The name check (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน, issue 13): an agency's own list of the people it
trained, compared on the server with the people whose active assignment is to that agency with development
in that province, in six groups (NameCheckGroup).

A check belongs to a round (issue 15): the assignments, interviews and progress it reads are that round's
only (an assignment of 2561 is history in 2562, not "assigned"), and progress recorded from it goes into it.

The comparison is set-based: the list is streamed from the file (read_table, the importers' reader) into a
temporary table with COPY, a chunk at a time, and each listed ID is classified by index probes into the
register, the assignments and the interviews (LATERAL … LIMIT 1, never a hash of a 14.5-million-row table),
in one statement. The six groups are kept as rows of NameCheckRow, so each is a name list that pages and
exports like the others, with the user's own columns beside the portal's.

A web check runs on the task queue (README, "Background work"), like imports: the request stores the file
after the upload guard's quick checks and queues the check; the worker measures the workbook before reading
it. Everything a check writes commits together with its move to done, so a worker that dies wrote nothing.

A list of arbitrary IDs must be no oracle (issue 16, findings 3 and 8; docs/check_names.md, "Who learns
what"). For accounts that see masked IDs (provinces), the IDs of a list that are not card holders of the
check's area (not on the register, or neither living nor developed in the check's province) are one group,
not_cardholder, told apart from nothing, and they count against an hourly budget per user
(NAME_CHECK_PROBE_LIMIT), inside the check and before a row is written: a list holding more of them than is
left is refused whole. Otherwise a file of every candidate of a masked ID would read full IDs off the lists.
"""

import csv
import datetime
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks import task

from cardholders.importers.base import FileRejected, cell_text, check_digit, read_table
from cardholders.importers.jobs import import_job_create, import_job_start
from cardholders.importers.probes import check_not_probing, probe_log
from cardholders.importers.uploads import UploadRejected, check_upload_file, store_upload
from cardholders.models import Cardholder, ImportJob
from matching.models import Assignment
from welfare_portal import background
from welfare_portal.copy import copy_text, csv_text
from welfare_portal.models import AccessLog, Project, Province, Role
from welfare_portal.scope import sees_full_ids
from welfare_portal.thai import date_short

from .models import Progress, ProgressStatus
from .name_check_models import NameCheck, NameCheckGroup, NameCheckRow

logger = logging.getLogger(__name__)

GROUPS = NameCheckGroup.values
SHORT_LABELS = {
    NameCheckGroup.BOTH: "ตรงกัน",
    NameCheckGroup.ASSIGNED_ONLY: "มีในระบบ แต่ไม่มีในรายชื่อ",
    NameCheckGroup.OTHER_AGENCY: "ได้รับมอบหมายให้หน่วยงานอื่นหรือจังหวัดอื่น",
    NameCheckGroup.NOT_ASSIGNED: "ยังไม่ได้รับมอบหมาย",
    NameCheckGroup.NOT_CARDHOLDER: "ไม่พบในทะเบียนผู้มีบัตรฯ",
    NameCheckGroup.INVALID: "เลขประจำตัวประชาชนไม่ถูกต้อง",
}
DETAILS = {
    "blank": "ไม่ได้กรอกเลขประจำตัวประชาชน",
    "format": "ไม่ใช่ตัวเลข 13 หลัก",
    "first_digit": "หลักแรกต้องเป็นเลข 1 ถึง 8",
    "checksum": "เลขตรวจสอบ (หลักสุดท้าย) ไม่ถูกต้อง",
    "waiting": "ทำแบบประเมินแล้ว รอการจับคู่",
    "delegated": "รอหน่วยงานที่ได้รับมอบหมายพิจารณารับ",
    "reinterview": "อยู่ในรายชื่อที่ต้องสัมภาษณ์ใหม่",
    "not_interviewed": "ยังไม่ได้ทำแบบประเมิน",
    "other_unit": "ได้รับมอบหมายให้หน่วยงานอื่น",
    "elsewhere": "ได้รับมอบหมายให้หน่วยงานนี้ในจังหวัดอื่น",
    # A check by an account that sees masked IDs: not on the register, or a card holder who neither lives
    # nor is developed in the check's province; the same words for both (no oracle).
    "not_in_area": "ไม่พบเป็นผู้มีบัตรฯ ที่อยู่หรือได้รับการพัฒนาในจังหวัดนี้",
}
# The not_cardholder group of such a check, named for what it holds.
AREA_LABELS = (
    "ไม่พบในพื้นที่",
    "เลขประจำตัวประชาชนถูกต้อง แต่ไม่พบเป็นผู้มีบัตรฯ ที่อยู่หรือได้รับการพัฒนาในจังหวัดนี้",
)

SAMPLE_ROWS = 20  # rows read before the ID column is decided: title rows, the header, a few data rows
PREVIEW_ROWS = 8  # rows shown to the user who chooses the column
CHUNK_ROWS = 20_000
MAX_DUPLICATES_KEPT = 200
EXPORT_CHUNK = 2000
# The user's own cells are kept for the lists, cut to this many characters each and a row to this total (the
# upload guard lets a cell hold 32,767 characters in a workbook, 131,072 in a CSV: two hundred of those
# would make every page of a list megabytes long).
MAX_KEPT_CELL = 1000
MAX_KEPT_ROW = 10_000

CRASHED = "ระบบขัดข้องระหว่างตรวจสอบ ส่งไฟล์เดิมอีกครั้งได้ หากยังขัดข้องให้แจ้งผู้ดูแลระบบ"
NOT_QUEUED = "ส่งงานเข้าคิวไม่สำเร็จ ส่งไฟล์เดิมอีกครั้งได้"
WORKER_LOST = "การตรวจสอบหยุดกลางคันเพราะกระบวนการทำงานเบื้องหลังหยุดทำงาน ส่งไฟล์เดิมอีกครั้งหรือกดตรวจสอบอีกครั้งได้"
NOT_STARTED = "การตรวจสอบไม่ได้เริ่มทำงานเพราะกระบวนการทำงานเบื้องหลังขัดข้อง ส่งไฟล์เดิมอีกครั้งหรือกดตรวจสอบอีกครั้งได้"
FILE_GONE = "ไม่พบไฟล์เดิมแล้ว (ระบบเก็บไฟล์ไว้ระยะหนึ่ง) กรุณาส่งไฟล์อีกครั้ง"
NO_ID_COLUMN = 'ไม่พบคอลัมน์เลขประจำตัวประชาชน (เช่น หัวคอลัมน์ "เลขประจำตัวประชาชน" หรือ "เลขบัตรประชาชน")'


# ---- national IDs as people type them ------------------------------------------------------------------

# What people put between the digits of an ID (spaces, dashes of every width), dropped like stdnum's
# pin.compact() drops spaces and dashes; Thai digits read as digits. One translate() per cell: stdnum's
# clean() costs ten times more, and a national list has a million cells to read.
_ID_TEXT = str.maketrans(
    {
        **{ord(c): None for c in " \t\u00a0-\u2010\u2011\u2012\u2013\u2014"},
        **{ord(t): str(d) for d, t in enumerate("๐๑๒๓๔๕๖๗๘๙")},
    }
)


def compact_id(text: str) -> str:
    return str(text).translate(_ID_TEXT)


def parse_id(value) -> tuple[str | None, str]:
    """(the ID in normal form, "") or (None, what is wrong: blank, format, first_digit, checksum). Dashes,
    spaces, Thai digits and IDs typed as numbers are taken, as in every import (stdnum.th.pin's rules)."""
    text = cell_text(value)
    if not text:
        return None, "blank"
    digits = text if len(text) == 13 and text.isascii() and text.isdigit() else compact_id(text)
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        return None, "format"
    if digits[0] in "09":
        return None, "first_digit"
    if check_digit(digits) != digits[12]:
        return None, "checksum"
    return digits, ""


def looks_like_id(text: str) -> bool:
    digits = compact_id(text)
    return len(digits) == 13 and digits.isascii() and digits.isdigit()


def mask_id(national_id: str) -> str:
    """3-1101-xxxxx-xx-1, exactly as the portal's lists mask IDs (Cardholder.national_id_masked)."""
    return Cardholder(national_id=national_id).national_id_masked


def mask_cell(text: str, *, id_column: bool = False) -> str:
    """A cell of the user's own list as a viewer who sees masked IDs sees it: anything that reads as a
    13-digit ID masked; in the ID column, any number long enough to be a mistyped one too."""
    digits = compact_id(text)
    if len(digits) == 13 and digits.isascii() and digits.isdigit():
        return mask_id(digits)
    if id_column and sum(ch.isdigit() for ch in digits) >= 5:
        inner = "".join("x" if ch.isdigit() else ch for ch in text[1:-1])
        return text[0] + inner + text[-1]
    return text


# ---- where the IDs are: the header row and the ID column -----------------------------------------------

_NOISE = str.maketrans("", "", " \t\r\n*.:-_()[]/\\'\"")
# Headers that name the ID column outright; any header holding "ประชาชน" (เลขบัตรประชาชน, รหัสประชาชน …) is
# a candidate.
EXACT_HEADERS = {
    "เลขประจำตัวประชาชน",
    "เลขบัตรประชาชน",
    "เลขบัตรประจำตัวประชาชน",
    "เลขที่บัตรประชาชน",
    "เลขที่บัตรประจำตัวประชาชน",
    "เลขประจำตัวประชาชน13หลัก",
}
ENGLISH_HEADERS = ("nationalid", "citizenid", "idcard", "personalid")


def _normal(text: str) -> str:
    return str(text).translate(_NOISE).lower()


def is_id_header(text: str) -> bool:
    name = _normal(text)
    if not name:
        return False
    return (
        "ประชาชน" in name
        or "บัตรประจำตัว" in name
        or "13หลัก" in name
        or any(word in name for word in ENGLISH_HEADERS)
        or name in ("pid", "cid", "idno")
    )


@dataclass(frozen=True)
class Layout:
    header_index: int  # the header is this non-blank row of the sheet (0 the first); -1: no header
    id_column: int  # 0 is the table's first column


def detect_layout(sample: list[tuple[int | None, list[str]]]) -> tuple[Layout | None, Layout | None]:
    """(the layout when the file says it clearly, else None; the best guess to offer the user, or None).

    Clear: the first row that has a header naming an ID column is the header (title rows above it are
    skipped); if it names several, the one whose values below are IDs, or the one named exactly."""
    for index, (_, cells) in enumerate(sample):
        named = [column for column, text in enumerate(cells) if is_id_header(text)]
        if not named:
            continue
        below = [cells for _, cells in sample[index + 1 :]]
        with_ids = [column for column in named if _id_values(below, column)]
        if len(named) == 1:
            return Layout(index, named[0]), Layout(index, named[0])
        if len(with_ids) == 1:
            return Layout(index, with_ids[0]), Layout(index, with_ids[0])
        exact = [column for column in named if _normal(cells[column]) in EXACT_HEADERS]
        if len(exact) == 1 and not with_ids:
            return Layout(index, exact[0]), Layout(index, exact[0])
        best = max(with_ids or named, key=lambda column: _id_values(below, column))
        return None, Layout(index, best)
    # No header names it: offer the column whose values look most like IDs.
    rows = [cells for _, cells in sample]
    width = max((len(cells) for cells in rows), default=0)
    scores = {column: _id_values(rows, column) for column in range(width)}
    if not scores or max(scores.values()) == 0:
        return None, None
    column = max(scores, key=scores.get)
    first = rows[0][column] if column < len(rows[0]) else ""
    return None, Layout(-1 if looks_like_id(first) else 0, column)


def _id_values(rows: list[list[str]], column: int) -> int:
    return sum(1 for cells in rows if column < len(cells) and looks_like_id(cells[column]))


def layout_from_hint(sample, hint: str) -> Layout | None:
    """The command line's --column NAME: the first row holding a cell of that name is the header."""
    wanted = _normal(hint)
    for index, (_, cells) in enumerate(sample):
        for column, text in enumerate(cells):
            if _normal(text) == wanted:
                return Layout(index, column)
    return None


def column_names(header: list[str] | None, width: int) -> list[str]:
    header = kept_cells(list(header or [])[:width])
    names = [text.strip() if text.strip() else f"คอลัมน์ที่ {n}" for n, text in enumerate(header[:width], start=1)]
    return names + [f"คอลัมน์ที่ {n}" for n in range(len(names) + 1, width + 1)]


# ---- reading the file ----------------------------------------------------------------------------------


def _texts(cells) -> list[str]:
    return [cell.strip() if type(cell) is str else cell_text(cell) for cell in cells]


def numbered_rows(path: Path) -> Iterator[tuple[int | None, list[str]]]:
    """Every non-blank row of the first sheet as text, streamed. read_table() takes the first non-blank row
    as its header and does not say which row it was: that one comes with None (see first_row_number)."""
    table = read_table(path)
    yield None, _texts(table.header)
    for number, cells in table.rows:
        yield number, _texts(cells)


_quoted = json.encoder.encode_basestring  # a JSON string, in C; a list of them is a JSON array


def cells_json(cells: list[str]) -> str:
    """The row's cells as a JSON array (jsonb), built by the C string encoder: a million rows are a second
    quicker than json.dumps()."""
    encoded = "[" + ",".join(map(_quoted, cells)) + "]"
    if "\\u0000" in encoded:  # PostgreSQL's jsonb holds no NUL character
        encoded = "[" + ",".join(_quoted(cell.replace("\x00", "")) for cell in cells) + "]"
    return encoded


def kept_cells(cells: list[str]) -> list[str]:
    """The cells as the lists keep them: each at most MAX_KEPT_CELL characters, the row at most MAX_KEPT_ROW
    (a cut cell ends in "…"; cells past the row's total are kept empty, so the columns stay in place)."""
    if max(map(len, cells), default=0) <= MAX_KEPT_CELL and sum(map(len, cells)) <= MAX_KEPT_ROW:
        return cells
    kept, total = [], 0
    for text in cells:
        room = min(MAX_KEPT_CELL, MAX_KEPT_ROW - total)
        if len(text) > room:
            text = text[: room - 1] + "…" if room > 0 else ""
        total += len(text)
        kept.append(text)
    return kept


def first_row_number(path: Path) -> int:
    """The Excel row number of the first non-blank row, for the rare lists without a header row (and the
    column chooser's preview). A spreadsheet is opened a second time for it; a CSV is read to that row."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as raw:
            for number, line in enumerate(raw, start=1):
                if line.strip(b" \t\r\n,;\xef\xbb\xbf"):
                    return number
        return 1
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if any(_texts(cells)):
            return number
    return 1


# ---- the budget of IDs outside the area, for accounts that see masked IDs --------------------------------

BUDGET_WINDOW = datetime.timedelta(hours=1)
BUDGET_LOCK = 0x4E43 << 32  # pg_advisory_xact_lock(BUDGET_LOCK + user id): one user's checks take turns
LOG_PREFIX = "ตรวจสอบรายชื่อ #"
_OUTSIDE_LOGGED = re.compile(r"ไม่ใช่ผู้มีบัตรฯ ในพื้นที่ ([\d,]+) เลข")
# A card holder within the check's area (`c` the person, `a` their active assignment of the check's round):
# living in the province, or developed in it. The same words in the budget's count and in the classification.
_IN_AREA = (
    "(coalesce(c.subdistrict_id BETWEEN %(low)s AND %(high)s, false)"
    " OR a.development_province_id IS NOT DISTINCT FROM %(province)s)"
)


def name_check_probe_limit() -> int:
    """IDs not of card holders of the area that one user's checks may hold in BUDGET_WINDOW."""
    return int(getattr(settings, "NAME_CHECK_PROBE_LIMIT", 5000))


def budget_applies(user) -> bool:
    """Accounts that see masked IDs (provinces) have the budget; agencies and central see full IDs."""
    return user is not None and bool(getattr(user, "pk", None)) and not sees_full_ids(user)


def area_only(check: NameCheck) -> bool:
    """Whether the check was classified for an account that sees masked IDs: card holders outside its area
    are in not_cardholder (AREA_LABELS)."""
    return check.channel == NameCheck.Channel.WEB and check.province_id is not None and budget_applies(check.created_by)


REFUSED_MARK = "(ไม่ตรวจ"
MAX_DEBT_WINDOWS = 24 * 30  # a refused list stays counted for at most 30 days


def _budget_holds(user) -> list[tuple[datetime.datetime, int]]:
    """(until when, how many) for each of this user's checks that still holds part of the budget: a checked
    list for BUDGET_WINDOW; a refused one for as many windows as the budget would take to check it (else a
    refusal, whose count says how many of the listed IDs are card holders of the area, would be a cheaper
    question than a check: halving a file of candidates hour by hour finds one ID in twenty)."""
    now, limit = timezone.now(), max(name_check_probe_limit(), 1)
    recent = Q(at__gte=now - BUDGET_WINDOW) | Q(
        detail__contains=REFUSED_MARK, at__gte=now - BUDGET_WINDOW * MAX_DEBT_WINDOWS
    )
    logs = AccessLog.objects.filter(recent, user=user, action=AccessLog.Action.SEARCH_ID, detail__startswith=LOG_PREFIX)
    holds = []
    for at, detail in logs.values_list("at", "detail"):
        outside = _logged_outside(detail)
        windows = min(-(-outside // limit), MAX_DEBT_WINDOWS) if REFUSED_MARK in detail else 1
        until = at + BUDGET_WINDOW * max(windows, 1)
        if until > now:
            holds.append((until, outside))
    return sorted(holds)


def _logged_outside(detail: str) -> int:
    found = _OUTSIDE_LOGGED.search(detail)
    return int(found.group(1).replace(",", "")) if found else 0


def budget_spent(user) -> int:
    """IDs outside the area this user's checks hold of the budget now, refused checks included."""
    return sum(outside for _, outside in _budget_holds(user))


def budget_left(user) -> int:
    return max(name_check_probe_limit() - budget_spent(user), 0)


def budget_log_detail(*, check_id: int, rows: int, valid: int, outside: int, refused: bool) -> str:
    """The AccessLog search_id row of a check: its counts, never an ID."""
    detail = (
        f"{LOG_PREFIX}{check_id}: {rows:,} แถว เลขประจำตัวประชาชนที่ถูกต้อง {valid:,} เลข ไม่ใช่ผู้มีบัตรฯ ในพื้นที่ {outside:,} เลข"
    )
    return detail + (f" {REFUSED_MARK}: เกินจำนวนที่ตรวจได้ต่อชั่วโมง)" if refused else "")


def _budget_free_at(user) -> str:
    """When enough of the checks holding the budget will have let go of it to leave it something."""
    limit, holds = name_check_probe_limit(), _budget_holds(user)
    spent, free_at = sum(outside for _, outside in holds), timezone.now()
    for until, outside in holds:
        spent -= outside
        free_at = until
        if spent < limit:
            break
    until = timezone.localtime(free_at)
    day = "" if until.date() == timezone.localdate() else f"วันที่ {date_short(until.date())} "
    return f"{day}เวลา {until:%H:%M} น."


def check_budget_not_spent(user) -> None:
    """At every door that starts a check (upload, ตรวจสอบอีกครั้ง, the column's choice): refuse a user with
    the budget whose budget is spent, before any file is read."""
    if not budget_applies(user) or budget_spent(user) < name_check_probe_limit():
        return
    raise UploadRejected(
        f"รายชื่อที่ท่านตรวจสอบในช่วงนี้มีเลขประจำตัวประชาชนที่ไม่ใช่ผู้มีบัตรฯ ในพื้นที่ครบจำนวนที่ตรวจได้ "
        f"({name_check_probe_limit():,} เลขต่อชั่วโมง) แล้ว ตรวจสอบรายชื่อได้อีกครั้งหลัง{_budget_free_at(user)}"
    )


def may_check_again(check: NameCheck, user) -> bool:
    """ตรวจสอบอีกครั้ง by an account without the budget of a list uploaded by one with it would list, for
    the uploader to read, everything the budget kept from them: refused."""
    return not (check.created_by_id and not budget_applies(user) and budget_applies(check.created_by))


CHECKED_BY_UPLOADER = "ไฟล์นี้ส่งโดยบัญชีที่เห็นเลขประจำตัวประชาชนแบบปิดบางส่วน บัญชีของท่านตรวจสอบอีกครั้งด้วยไฟล์นี้ไม่ได้ กรุณาส่งไฟล์ของท่านเอง"
COLUMN_BY_UPLOADER = "เฉพาะผู้ส่งไฟล์นี้เท่านั้นที่เลือกคอลัมน์เลขประจำตัวประชาชนได้"


# ---- starting a check ----------------------------------------------------------------------------------


def name_check_create(*, unit, province, upload, user, round=None) -> NameCheck:
    """Store an uploaded list the way import files are stored (uploads.store_upload: kind, size, content, zip
    bomb, then deleted after UPLOAD_RETENTION_DAYS), queued, to be checked against the round (the current
    one when None). A user whose files named many IDs outside their area lately is refused, as at the
    import page (probes.py), and so is a user whose budget of IDs outside the area is spent
    (check_budget_not_spent)."""
    check_not_probing(user)
    check_budget_not_spent(user)
    path = store_upload(upload, name_checks_folder())
    in_round = {} if round is None else {"round": round}
    return NameCheck.objects.create(
        unit=unit,
        province=province,
        original_name=upload.name[:255],
        stored_path=str(path),
        created_by=user,
        **in_round,
    )


def name_checks_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "name_checks"


def name_check_start(check: NameCheck) -> None:
    """Queue the check for the worker (`manage.py db_worker`), or run it at once when IMPORTS_IN_BACKGROUND
    is off (the tests)."""
    if not settings.IMPORTS_IN_BACKGROUND:
        name_check_run(check.pk)
        check.refresh_from_db()
        return
    try:
        result = run_name_check.enqueue(check.pk)
    except Exception:
        NameCheck.objects.filter(pk=check.pk).update(status=NameCheck.Status.FAILED, message=NOT_QUEUED)
        raise
    check.task_id = str(result.id)
    NameCheck.objects.filter(pk=check.pk).update(task_id=check.task_id)


def name_check_choose_layout(*, check: NameCheck, header_index: int, id_column: int, user) -> None:
    """The uploader's answer to "which column holds the IDs?": check the file again with it. The check then
    runs as a new upload would: the same doors (probes, budget) first; the budget is the uploader's."""
    if user is None or check.created_by_id != user.pk:
        raise UploadRejected(COLUMN_BY_UPLOADER)
    check_not_probing(user)
    check_budget_not_spent(user)
    requeued = NameCheck.objects.filter(pk=check.pk, status=NameCheck.Status.NEEDS_COLUMN).update(
        status=NameCheck.Status.QUEUED, header_index=header_index, id_column=id_column, message="", task_id=""
    )
    if requeued:
        name_check_start(check)


def name_check_rerun(*, check: NameCheck, user) -> NameCheck:
    """The same file checked again against today's assignments of the same round (ตรวจสอบอีกครั้ง), as a new
    check by `user`: the doors of a new upload first, and the budget is the one of whoever checks again."""
    if not may_check_again(check, user):
        raise UploadRejected(CHECKED_BY_UPLOADER)
    check_not_probing(user)
    check_budget_not_spent(user)
    again = NameCheck.objects.create(
        round_id=check.round_id,
        unit=check.unit,
        province=check.province,
        original_name=check.original_name,
        stored_path=check.stored_path,
        header_index=check.header_index,
        id_column=check.id_column,
        previous=check,
        created_by=user,
    )
    name_check_start(again)
    again.refresh_from_db()
    return again


# Django 6 has the same decorator as django.tasks.task; this is its backport.
@task()
def run_name_check(check_id: int) -> str:
    """The task a worker runs: the check, with a heartbeat that tells the portal this worker is alive."""
    name_checks_sweep()
    name_check_run(check_id, heartbeat=True)
    return NameCheck.objects.values_list("status", flat=True).get(pk=check_id)


def name_check_run(check_id: int, *, column_hint: str = "", heartbeat: bool = False) -> None:
    """Claim the queued check, read and compare its file, and record the outcome."""
    claimed = NameCheck.objects.filter(pk=check_id, status=NameCheck.Status.QUEUED).update(
        status=NameCheck.Status.RUNNING, worker=background.worker_name(), heartbeat_at=Now()
    )
    if not claimed:  # deleted, or given up on before it started: nothing to run
        return
    check = NameCheck.objects.select_related("unit", "province", "created_by").get(pk=check_id)
    running = NameCheck.objects.filter(pk=check_id, status=NameCheck.Status.RUNNING)
    beating = background.Heartbeat(running, name=f"name check {check_id}") if heartbeat else nullcontext()
    with beating:
        try:
            _execute(check, column_hint)
        except Exception:
            _finish(check_id, NameCheck.Status.FAILED, message=CRASHED)
            raise


class _GivenUp(Exception):
    """The check was marked failed (its worker thought dead) while it ran: undo its rows."""


def _execute(check: NameCheck, column_hint: str) -> None:
    path = Path(check.stored_path)
    if not check.stored_path or not path.is_file():
        _finish(check.pk, NameCheck.Status.REJECTED, message=FILE_GONE)
        return
    try:
        if check.channel == NameCheck.Channel.WEB:  # measured before any reader builds the table (uploads.py)
            check_upload_file(check.original_name, path, path.stat().st_size)
        with transaction.atomic():
            status, fields = _check_file(check, path, column_hint)
            if not _finish(check.pk, status, **fields):
                raise _GivenUp
    except (FileRejected, UploadRejected) as rejected:
        _finish(check.pk, NameCheck.Status.REJECTED, message=str(rejected))
    except _GivenUp:
        logger.warning("name check %s was given up on while it ran: its rows rolled back", check.pk)


def _finish(check_id: int, status: str, **fields) -> bool:
    """Record the outcome, unless the check is no longer running (given up on meanwhile)."""
    finished = NameCheck.objects.filter(pk=check_id, status=NameCheck.Status.RUNNING).update(
        status=status, finished_at=Now(), **fields
    )
    if finished and settings.UPLOAD_RETENTION_DAYS <= 0 and status in NameCheck.ENDED:
        transaction.on_commit(lambda: _discard_file(check_id))
    return bool(finished)


def _check_file(check: NameCheck, path: Path, column_hint: str) -> tuple[str, dict]:
    rows = numbered_rows(path)
    sample = list(islice(rows, SAMPLE_ROWS))
    if check.header_index is not None and check.id_column is not None:
        layout = Layout(check.header_index, check.id_column)
    elif column_hint:
        layout = layout_from_hint(sample, column_hint)
        if layout is None:
            raise FileRejected(f'ไม่พบคอลัมน์ "{column_hint}" ในไฟล์')
    else:
        layout, suggestion = detect_layout(sample)
        if layout is None:
            return NameCheck.Status.NEEDS_COLUMN, {
                "message": NO_ID_COLUMN,
                "preview": _preview(path, sample, suggestion),
            }
    user, area = check.created_by, area_only(check)
    with connection.cursor() as cursor:
        loaded = _load(layout, chain(sample, rows), path)
        if area and (refusal := _spend_budget(cursor, check, user, rows=loaded["rows_read"])):
            return NameCheck.Status.REJECTED, {"message": refusal}
        fields = _compare(cursor, check, layout, loaded, area=area)
        if user is not None and not area and user.role != Role.CENTRAL:  # central sees every province
            probe_log(user, _outside_area(cursor, check))
    return NameCheck.Status.DONE, fields


def _spend_budget(cursor, check: NameCheck, user, *, rows: int) -> str:
    """For an account that sees masked IDs: count the listed IDs that are not card holders of the check's
    area, log the check (search_id, counts only) and spend them from the user's budget; a list holding more
    of them than is left is refused whole, and what it held is spent all the same (else refusals would be a
    free oracle: their count says how many of the listed IDs are card holders here). Returns the refusal,
    or "". The user's checks take turns here (an advisory lock until the check commits), so two at once
    cannot both spend what is left."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BUDGET_LOCK + user.pk])
    valid, outside = _area_counts(cursor, check)
    left, limit = budget_left(user), name_check_probe_limit()
    refused = outside > left
    detail = budget_log_detail(check_id=check.pk, rows=rows, valid=valid, outside=outside, refused=refused)
    AccessLog.objects.create(user=user, action=AccessLog.Action.SEARCH_ID, detail=detail)
    if not refused:
        return ""
    return (
        f"รายชื่อนี้มีเลขประจำตัวประชาชนที่ไม่ใช่ผู้มีบัตรฯ ในพื้นที่ (ไม่พบในทะเบียน หรือไม่ได้อยู่และไม่ได้รับการพัฒนาใน"
        f"จังหวัด{check.province.name_th}) {outside:,} เลข เกินจำนวนที่ตรวจได้ {limit:,} เลขต่อชั่วโมง "
        f"(ก่อนส่งไฟล์นี้เหลือ {left:,} เลข) ระบบจึงไม่ตรวจสอบรายชื่อนี้ และนับเลขเหล่านี้แล้ว "
        f"ตรวจสอบรายชื่อได้อีกครั้งหลัง{_budget_free_at(user)} "
        "หากเป็นรายชื่อของหน่วยงานพัฒนา ให้บัญชีของหน่วยงานนั้นตรวจสอบ หรือตัดเลขที่ไม่เกี่ยวข้องออกก่อนส่ง"
    )


def _area_counts(cursor, check: NameCheck) -> tuple[int, int]:
    """(valid IDs on the list, those not of a card holder of the check's area), each ID once. Index probes
    in ID order, as _classify makes them."""
    low, high = Province.subdistrict_range(check.province_id)
    cursor.execute(
        f"""SELECT count(*), count(*) FILTER (WHERE c.id IS NULL OR NOT {_IN_AREA})
            FROM (SELECT DISTINCT national_id FROM name_check_in WHERE national_id IS NOT NULL) r
            LEFT JOIN LATERAL (SELECT c.id, c.subdistrict_id FROM cardholders_cardholder c
                               WHERE c.national_id = r.national_id LIMIT 1) c ON true
            LEFT JOIN LATERAL (SELECT a.development_province_id FROM matching_assignment a
                               WHERE a.cardholder_id = c.id AND a.round_id = %(round)s AND a.ended_at IS NULL
                               LIMIT 1) a ON true""",
        {"low": low, "high": high, "province": check.province_id, "round": check.round_id},
    )
    return cursor.fetchone()


def _preview(path: Path, sample, suggestion: Layout | None) -> dict:
    rows = [[number, kept_cells(cells[:40])] for number, cells in sample[:PREVIEW_ROWS]]
    if rows:
        rows[0][0] = first_row_number(path)
    return {
        "rows": rows,
        "header_index": suggestion.header_index if suggestion else 0,
        "id_column": suggestion.id_column if suggestion else 0,
    }


# ---- the comparison, in PostgreSQL ---------------------------------------------------------------------

IN_COLUMNS = ("row_no", "national_id", "problem", "cells")


def _load(layout: Layout, rows: Iterable, path: Path) -> dict:
    """The list into the temporary table name_check_in, streamed; the user's cells cut (kept_cells)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.name_check_in")
        cursor.execute(
            "CREATE TEMP TABLE name_check_in (row_no integer, national_id varchar(13), problem varchar(12),"
            " cells text) ON COMMIT DROP"
        )
    header, header_row, width, read, chunk = None, None, 0, 0, []
    for index, (number, cells) in enumerate(rows):
        if index < layout.header_index:
            continue  # title rows above the header
        if index == layout.header_index:
            header, header_row = cells, number
            continue
        if number is None:  # the first row of a list without a header row
            number = first_row_number(path)
        while cells and not cells[-1].strip():
            cells.pop()
        width = max(width, len(cells))
        national_id, problem = parse_id(cells[layout.id_column] if layout.id_column < len(cells) else "")
        chunk.append((number, national_id, problem or None, cells_json(kept_cells(cells))))
        read += 1
        if len(chunk) == CHUNK_ROWS:
            copy_text("name_check_in", IN_COLUMNS, csv_text(chunk))
            chunk = []
    if chunk:
        copy_text("name_check_in", IN_COLUMNS, csv_text(chunk))
    return {
        "rows_read": read,
        "header_row": header_row,
        "columns": column_names(header, max(width, len(header or []), layout.id_column + 1)),
    }


def _compare(cursor, check: NameCheck, layout: Layout, loaded: dict, *, area: bool) -> dict:
    counts = _classify(cursor, check, area=area)
    duplicates, duplicate_ids = _duplicates(cursor, check)
    return {
        **counts,
        **loaded,
        "header_index": layout.header_index,
        "id_column": layout.id_column,
        "duplicates": duplicates,
        "duplicate_ids": duplicate_ids,
        "preview": {},
        "message": "",
    }


def _here(province_id) -> str:
    """The condition "this agency, developed in this province" on an assignment `a`."""
    return "a.unit_id = %(unit)s" + (" AND a.development_province_id = %(province)s" if province_id else "")


def _classify(cursor, check: NameCheck, *, area: bool = False) -> dict[str, int]:
    """Every listed row into its group (an ID listed twice once, its later rows kept in also_rows), then
    the agency's people the list lacks, in one statement.

    With `area` (a check by an account that sees masked IDs), a card holder outside the check's area is
    classified as a valid ID of no card holder: not_cardholder, detail not_in_area like every other
    not_cardholder row, no person, no assignment; nothing about them is kept.

    Each listed ID is looked up by index probes (LATERAL … LIMIT 1: the planner may not turn them into a
    hash of the 14.5-million-row register), in ID order (the window sorts them), so the probes walk the ID
    index from left to right. The agency's people come from the active_by_dev_province index (round,
    province, its projects); those on the list are told apart by a hash of the list's people (the `listed` rows the
    statement wrote), never by a probe into the list per person. Assignments and interviews are the check's
    round's only: someone assigned in an earlier round only is not_assigned in this one."""
    here = _here(check.province_id)
    assigned_here = ""
    params = {"check": check.pk, "unit": check.unit_id, "province": check.province_id, "round": check.round_id}
    if check.province_id:
        params["projects"] = list(Project.objects.filter(unit_id=check.unit_id).values_list("pk", flat=True))
        assigned_here = "AND a.development_province_id = %(province)s AND a.project_id = ANY(%(projects)s::bigint[])"
    outside, no_card = "false", "''"
    if area:
        params["low"], params["high"] = Province.subdistrict_range(check.province_id)
        outside, no_card = f"(c.id IS NOT NULL AND NOT {_IN_AREA})", "'not_in_area'"
    cursor.execute(
        f"""
        WITH listed AS (
            INSERT INTO matching_namecheckrow (name_check_id, row_no, "group", detail, cardholder_id, assignment_id,
                                               national_id, cells, also_rows)
            SELECT %(check)s, r.row_no,
                   CASE WHEN r.problem IS NOT NULL THEN 'invalid'
                        WHEN c.id IS NULL OR {outside} THEN 'not_cardholder'
                        WHEN a.id IS NULL THEN 'not_assigned'
                        WHEN {here} THEN 'both'
                        ELSE 'other_agency' END,
                   CASE WHEN r.problem IS NOT NULL THEN r.problem
                        WHEN c.id IS NULL OR {outside} THEN {no_card}
                        WHEN a.id IS NULL THEN CASE
                            WHEN i.id IS NULL THEN 'not_interviewed'
                            WHEN EXISTS (SELECT 1 FROM matching_reinterviewrequest q WHERE q.interview_id = i.id)
                                THEN 'reinterview'
                            WHEN EXISTS (SELECT 1 FROM matching_delegatedcase d
                                         WHERE d.interview_id = i.id AND d.decision = 'pending') THEN 'delegated'
                            ELSE 'waiting' END
                        WHEN {here} THEN ''
                        WHEN a.unit_id = %(unit)s THEN 'elsewhere'
                        ELSE 'other_unit' END,
                   CASE WHEN {outside} THEN NULL ELSE c.id END, CASE WHEN {outside} THEN NULL ELSE a.id END,
                   coalesce(r.national_id, ''), r.cells::jsonb, r.also_rows
            FROM (
                SELECT row_no, national_id, problem, cells, row_number() OVER w AS nth,
                       CASE WHEN national_id IS NOT NULL AND count(*) OVER w > 1
                            THEN (array_agg(row_no) OVER w)[2:] END AS also_rows
                FROM name_check_in
                WINDOW w AS (PARTITION BY national_id ORDER BY row_no
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            ) r
            LEFT JOIN LATERAL (SELECT c.id, c.subdistrict_id FROM cardholders_cardholder c
                               WHERE c.national_id = r.national_id LIMIT 1) c ON true
            LEFT JOIN LATERAL (SELECT a.id, a.unit_id, a.development_province_id FROM matching_assignment a
                               WHERE a.cardholder_id = c.id AND a.round_id = %(round)s AND a.ended_at IS NULL
                               LIMIT 1) a ON true
            LEFT JOIN LATERAL (SELECT i.id FROM cardholders_interview i
                               WHERE a.id IS NULL AND NOT {outside} AND i.cardholder_id = c.id
                                 AND i.round_id = %(round)s AND i.is_current
                               LIMIT 1) i ON true
            WHERE r.nth = 1 OR r.national_id IS NULL
            RETURNING cardholder_id, "group"
        ),
        lacking AS (
            INSERT INTO matching_namecheckrow (name_check_id, row_no, "group", detail, cardholder_id, assignment_id,
                                               national_id, cells)
            SELECT %(check)s, 0, 'assigned_only', '', a.cardholder_id, a.id, '', '[]'::jsonb
            FROM matching_assignment a
            WHERE a.ended_at IS NULL AND a.round_id = %(round)s AND a.unit_id = %(unit)s {assigned_here}
              AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.cardholder_id = a.cardholder_id)
            ORDER BY a.cardholder_id
            RETURNING 1
        )
        SELECT "group", count(*) FROM listed GROUP BY "group"
        UNION ALL SELECT 'assigned_only', count(*) FROM lacking
        """,
        params,
    )
    return dict.fromkeys(GROUPS, 0) | dict(cursor.fetchall())


def _outside_area(cursor, check: NameCheck) -> int:
    """Card holders on the list who neither live in the check's province nor are developed in it: what a
    file of arbitrary IDs would be made of. They count against the user's budget of such rows, as a
    roster's do at the import page (cardholders/importers/probes.py); an agency's real list has few."""
    if not check.province_id:
        return 0
    low, high = Province.subdistrict_range(check.province_id)
    cursor.execute(
        """SELECT count(*) FROM matching_namecheckrow r
           CROSS JOIN LATERAL (SELECT c.subdistrict_id FROM cardholders_cardholder c
                               WHERE c.id = r.cardholder_id LIMIT 1) c
           LEFT JOIN LATERAL (SELECT a.development_province_id FROM matching_assignment a
                              WHERE a.id = r.assignment_id LIMIT 1) a ON true
           WHERE r.name_check_id = %s AND r."group" IN ('other_agency', 'not_assigned')
             AND c.subdistrict_id NOT BETWEEN %s AND %s AND a.development_province_id IS DISTINCT FROM %s""",
        [check.pk, low, high, check.province_id],
    )
    return cursor.fetchone()[0]


def _duplicates(cursor, check: NameCheck) -> tuple[list[list[int]], int]:
    """IDs listed more than once: [[first row, later rows…], …] (the first MAX_DUPLICATES_KEPT), and how many."""
    cursor.execute(
        """SELECT row_no, also_rows, count(*) OVER () FROM matching_namecheckrow
           WHERE name_check_id = %s AND also_rows IS NOT NULL
           ORDER BY row_no LIMIT %s""",
        [check.pk, MAX_DUPLICATES_KEPT],
    )
    found = cursor.fetchall()
    return [[row_no, *also] for row_no, also, _ in found], (found[0][2] if found else 0)


# ---- uploaded files do not stay for ever ---------------------------------------------------------------

NOT_CHOSEN = "ไม่ได้เลือกคอลัมน์เลขประจำตัวประชาชนภายในกำหนด ระบบลบไฟล์ตามกำหนดเวลาเก็บรักษาแล้ว กรุณาส่งไฟล์ใหม่"


def _discard_file(check_id: int) -> None:
    """Delete a check's uploaded file (never a file the command line was given) and forget where it was;
    the check, its counts and its lists stay."""
    path = (
        NameCheck.objects.filter(pk=check_id, channel=NameCheck.Channel.WEB)
        .values_list("stored_path", flat=True)
        .first()
    )
    if not path or Path(path).parent != name_checks_folder():
        return
    if NameCheck.objects.filter(stored_path=path).exclude(pk=check_id).filter(_keeps_its_file()).exists():
        return  # checked again lately (ตรวจสอบอีกครั้ง): the newer check still needs it
    Path(path).unlink(missing_ok=True)
    NameCheck.objects.filter(stored_path=path).update(stored_path="")


def _keeps_its_file() -> Q:
    ended_before = timezone.now() - datetime.timedelta(days=max(settings.UPLOAD_RETENTION_DAYS, 0))
    return Q(status__in=[*NameCheck.ACTIVE, NameCheck.Status.NEEDS_COLUMN]) | Q(finished_at__gte=ended_before)


def name_checks_expire() -> int:
    """Delete the uploaded lists the retention allows, as imports' files are (UPLOAD_RETENTION_DAYS after the
    check ended; a check still waiting for its column after at least a day ends as failed), and files in
    the folder that no check names (a crash between storing and recording). For the worker's sweep
    (cardholders/importers/retention.py does the same for import files). Returns how many files went."""
    now, days = timezone.now(), settings.UPLOAD_RETENTION_DAYS
    stale_before = now - datetime.timedelta(days=max(days, 1))
    deleted = 0
    waiting = NameCheck.objects.filter(status=NameCheck.Status.NEEDS_COLUMN, finished_at__lt=stale_before)
    for pk in waiting.values_list("pk", flat=True):
        # The UPDATE checks the status again: a column chosen at this moment keeps the file.
        if waiting.filter(pk=pk).update(status=NameCheck.Status.FAILED, message=NOT_CHOSEN, finished_at=Now()):
            _discard_file(pk)
            deleted += 1
    ended = NameCheck.objects.filter(channel=NameCheck.Channel.WEB, status__in=NameCheck.ENDED).exclude(stored_path="")
    for pk, path in ended.exclude(_keeps_its_file()).values_list("pk", "stored_path"):
        if Path(path).exists():
            deleted += 1
        _discard_file(pk)
    folder = name_checks_folder()
    named = set(NameCheck.objects.exclude(stored_path="").values_list("stored_path", flat=True))
    for path in folder.glob("*") if folder.is_dir() else []:
        if path.is_file() and str(path) not in named and path.stat().st_mtime < stale_before.timestamp():
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def name_checks_sweep() -> None:
    """The housekeeping the worker and the name-check page do when they run (the import sweep of
    `manage.py db_worker` lives below this app): checks of dead workers failed, expired files deleted."""
    try:
        fail_lost_checks()
        name_checks_expire()
    except OSError:  # a file that cannot be deleted now: the next sweep tries again
        logger.warning("name-check sweep incomplete", exc_info=True)


# ---- when a worker dies --------------------------------------------------------------------------------


def fail_lost_checks(checks=None) -> list[int]:
    """Mark failed every queued or running check (of `checks`) whose worker is gone, by the same rules as
    imports and matching tasks (welfare_portal.background.fail_lost); a check waiting for a worker is not lost."""
    return background.fail_lost(
        checks if checks is not None else NameCheck.objects.all(),
        task=run_name_check,
        kind="development.name_check",
        worker_lost=WORKER_LOST,
        not_started=NOT_STARTED,
    )


# ---- reading a check: its name lists, as the viewer may see them ---------------------------------------

PERSON_COLUMNS = ["เลขประจำตัวประชาชน (ในระบบ)", "ชื่อ-นามสกุล (ในระบบ)", "อำเภอ"]
DEVELOPMENT_COLUMNS = ["โครงการ", "สถานะการพัฒนา", "วันที่เริ่ม", "วันที่เสร็จ"]
PORTAL_COLUMNS = {
    NameCheckGroup.BOTH: PERSON_COLUMNS + DEVELOPMENT_COLUMNS,
    NameCheckGroup.ASSIGNED_ONLY: PERSON_COLUMNS + DEVELOPMENT_COLUMNS,
    NameCheckGroup.OTHER_AGENCY: PERSON_COLUMNS + DEVELOPMENT_COLUMNS,
    NameCheckGroup.NOT_ASSIGNED: PERSON_COLUMNS,
    NameCheckGroup.NOT_CARDHOLDER: [],
    NameCheckGroup.INVALID: [],
}
NOT_RECORDED = "ยังไม่ได้บันทึกผล"
RECORDED_STATUSES = [  # the filters of ตรวจสอบการบันทึก: (key, label)
    ("none", NOT_RECORDED),
    *((str(value), str(label)) for value, label in ProgressStatus.choices),
    ("moved", "ไม่ได้รับมอบหมายให้หน่วยงานนี้ในจังหวัดนี้แล้ว"),
]


def name_checks_for_user(user):
    return NameCheck.objects.for_user(user).select_related("round", "unit", "province", "created_by")


def name_check_rows(*, check: NameCheck, group: str, recorded: str = ""):
    """A group's rows in list order; for `both`, optionally only those whose progress is now `recorded`."""
    rows = NameCheckRow.objects.filter(name_check=check, group=group)
    if group != NameCheckGroup.BOTH or not recorded:
        return rows
    rows = _with_recorded_status(rows, check)
    if recorded == "moved":
        return rows.filter(current_project__isnull=True)
    if recorded == "none":
        return rows.filter(current_project__isnull=False, recorded_status__isnull=True)
    return rows.filter(recorded_status=recorded)


def _with_recorded_status(rows, check: NameCheck):
    """Each row's project with the agency there today, and the status recorded for it (form 4.1, files), in
    the check's round."""
    active = Assignment.objects.filter(
        cardholder_id=OuterRef("cardholder_id"), round_id=check.round_id, ended_at__isnull=True, unit_id=check.unit_id
    )
    if check.province_id:
        active = active.filter(development_province_id=check.province_id)
    rows = rows.annotate(current_project=Subquery(active.values("project_id")[:1]))
    recorded = Progress.objects.filter(
        cardholder_id=OuterRef("cardholder_id"), round_id=check.round_id, project_id=OuterRef("current_project")
    )
    return rows.annotate(recorded_status=Subquery(recorded.values("status")[:1]))


def name_check_recorded_counts(*, check: NameCheck) -> list[tuple[str, str, int]]:
    """ตรวจสอบการบันทึก: the `both` list as it stands now in the check's round, by recorded status: (key,
    label, people)."""
    here = _here(check.province_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT CASE WHEN a.project_id IS NULL THEN 'moved' ELSE coalesce(p.status, 'none') END, count(*)
                FROM matching_namecheckrow r
                LEFT JOIN LATERAL (SELECT a.project_id FROM matching_assignment a
                                   WHERE a.cardholder_id = r.cardholder_id AND a.round_id = %(round)s
                                     AND a.ended_at IS NULL AND {here}
                                   LIMIT 1) a ON true
                LEFT JOIN LATERAL (SELECT p.status FROM matching_progress p
                                   WHERE p.cardholder_id = r.cardholder_id AND p.round_id = %(round)s
                                     AND p.project_id = a.project_id
                                   LIMIT 1) p ON true
                WHERE r.name_check_id = %(check)s AND r."group" = 'both'
                GROUP BY 1""",
            {"check": check.pk, "unit": check.unit_id, "province": check.province_id, "round": check.round_id},
        )
        found = dict(cursor.fetchall())
    return [(key, label, found.get(key, 0)) for key, label in RECORDED_STATUSES]


def group_labels(check: NameCheck) -> dict[str, tuple[str, str]]:
    """Each group's (short label, meaning) for this check: not_cardholder of a check by an account that sees
    masked IDs holds card holders outside the area too, and says so."""
    labels = {group: (SHORT_LABELS[group], str(NameCheckGroup(group).label)) for group in GROUPS}
    if area_only(check):
        labels[NameCheckGroup.NOT_CARDHOLDER] = AREA_LABELS
    return labels


def group_columns(check: NameCheck, group: str) -> list[str]:
    """The list's columns: the user's own (as in their file) beside the portal's, then a note."""
    if group == NameCheckGroup.ASSIGNED_ONLY:
        return ["ลำดับ", *PORTAL_COLUMNS[group], "หมายเหตุ"]
    return ["ลำดับ", "แถวในไฟล์", *check.columns, *PORTAL_COLUMNS[group], "หมายเหตุ"]


@dataclass
class ListRow:
    row: NameCheckRow
    cells: list
    person: Cardholder | None  # when the viewer may open the person's profile


def list_rows(*, check: NameCheck, group: str, rows: list[NameCheckRow], user, start: int = 1) -> list[ListRow]:
    """The cells of these rows as this viewer may see them. IDs are masked as the viewer's role masks them
    everywhere (welfare_portal.scope.sees_full_ids), the user's own cells included; the portal's columns are
    filled only for people within the viewer's scope (`.for_user`), others show the group's note alone."""
    reveal = sees_full_ids(user)
    people = {
        person.pk: person
        for person in Cardholder.objects.for_user(user)
        .filter(pk__in={row.cardholder_id for row in rows if row.cardholder_id})
        .select_related("subdistrict__district")
    }
    assignments = {
        assignment.pk: assignment
        for assignment in Assignment.objects.filter(
            pk__in={row.assignment_id for row in rows if row.assignment_id and row.cardholder_id in people}
        ).select_related("project", "unit", "development_province")
    }
    progress = {
        (record.cardholder_id, record.project_id): record
        for record in Progress.objects.filter(round_id=check.round_id, cardholder_id__in=list(people))
    }
    local = _where_they_stand_shown(check, group, rows, people, user)
    result = []
    for number, row in enumerate(rows, start=start):
        person = people.get(row.cardholder_id)
        assignment = assignments.get(row.assignment_id)
        cells = [number]
        if group != NameCheckGroup.ASSIGNED_ONLY:
            own = list(row.cells) + [""] * (len(check.columns) - len(row.cells))
            if not reveal:
                own = [mask_cell(text, id_column=i == check.id_column) for i, text in enumerate(own)]
            cells += [row.row_no, *own[: len(check.columns)]]
        columns = PORTAL_COLUMNS[group]
        if columns:
            cells += _person_cells(person, reveal)
        if len(columns) > len(PERSON_COLUMNS):
            cells += _development_cells(assignment if person else None, progress)
        cells.append(_note(row, person, assignment, stands=local is None or row.cardholder_id in local))
        result.append(ListRow(row, cells, person))
    return result


def _where_they_stand_shown(check, group, rows, people, user) -> set | None:
    """The people of a not_assigned page whose standing (interviewed, waiting, re-interview) this viewer may
    read: central everyone (None); others those within their scope or living in the check's province, and
    for anyone else the group's words only (issue 16, finding 8: no news of other provinces' people)."""
    if group != NameCheckGroup.NOT_ASSIGNED or user.role == Role.CENTRAL:
        return None
    others = {row.cardholder_id for row in rows if row.cardholder_id and row.cardholder_id not in people}
    if not others or not check.province_id:
        return set(people)
    living_here = Cardholder.objects.filter(
        pk__in=others, subdistrict__code__range=Province.subdistrict_range(check.province_id)
    )
    return set(people) | set(living_here.values_list("pk", flat=True))


def _person_cells(person: Cardholder | None, reveal: bool) -> list:
    if person is None:
        return ["", "", ""]
    return [person.national_id_for(reveal=reveal), person.full_name, person.subdistrict.district.name_th]


def _development_cells(assignment: Assignment | None, progress: dict) -> list:
    if not assignment:
        return ["", "", "", ""]
    record = progress.get((assignment.cardholder_id, assignment.project_id))
    if record is None:
        return [assignment.project.name_th, NOT_RECORDED, "", ""]
    return [
        assignment.project.name_th,
        record.get_status_display(),
        date_short(record.started_on),
        date_short(record.ended_on),
    ]


def _note(row: NameCheckRow, person, assignment, *, stands: bool = True) -> str:
    notes = []
    if row.detail and (stands or row.group != NameCheckGroup.NOT_ASSIGNED):
        note = DETAILS.get(row.detail, row.detail)
        if assignment is not None and person is not None and row.detail in ("other_unit", "elsewhere"):
            note += f": {assignment.unit.name_th} จังหวัด{assignment.development_province.name_th}"
        notes.append(note)
    if row.also_rows:
        notes.append("ซ้ำกับแถวที่ " + ", ".join(map(str, row.also_rows)) + " (นับครั้งเดียว)")
    return "; ".join(notes)


def group_table(*, check: NameCheck, group: str, user, recorded: str = "") -> Iterator[list]:
    """The whole list as an export writes it: header, every row, then the total (like the other name lists)."""
    yield group_columns(check, group)
    count = 0
    rows = name_check_rows(check=check, group=group, recorded=recorded).order_by("row_no", "id")
    iterator = rows.iterator(chunk_size=EXPORT_CHUNK)
    while batch := list(islice(iterator, EXPORT_CHUNK)):
        for line in list_rows(check=check, group=group, rows=batch, user=user, start=count + 1):
            yield line.cells
        count += len(batch)
    yield ["รวม", count]


def duplicate_warning(check: NameCheck) -> str:
    """ "เลขประจำตัวประชาชนซ้ำ 2 เลข (นับครั้งเดียว): แถวที่ 5 และ 12; แถวที่ 7, 9 และ 30" """
    if not check.duplicate_ids:
        return ""
    parts = []
    for rows in check.duplicates:
        numbers = [f"{n:,}" for n in rows]
        parts.append("แถวที่ " + ", ".join(numbers[:-1]) + " และ " + numbers[-1])
    more = check.duplicate_ids - len(check.duplicates)
    tail = f" และอีก {more:,} เลข" if more > 0 else ""
    return f"เลขประจำตัวประชาชนซ้ำกัน {check.duplicate_ids:,} เลข (นับเพียงครั้งเดียว): " + "; ".join(parts) + tail


# ---- from check to record: progress for the `both` list, through the progress import ------------------

PROGRESS_HEADER = [
    "เลขประจำตัวประชาชน",
    "หน่วยงานที่ดำเนินการพัฒนา",
    "โครงการ",
    "จังหวัดที่ดำเนินการพัฒนา",
    "สถานะ",
    "วันที่เริ่ม",
    "วันที่เสร็จ",
]


def name_check_record_progress(
    *, check: NameCheck, row_ids: list[int] | None, status: str, started_on, ended_on, user
) -> tuple[ImportJob | None, int, int]:
    """Record one status and its dates for the whole `both` group (row_ids None) or the chosen rows, as a
    progress file put through the progress import: a checked preview first, then, once the user confirms,
    the same rules, audit trail and summaries as form 4.1 and every progress file. A blank start date keeps
    the one already recorded. People no longer assigned to the agency there are left out.

    The file's rows sit on the same row numbers as in the agency's list, so every error the preview names
    ("แถวที่ 12") is a row of the user's own file. Returns (the import job, people in it, people left out)."""
    lines, left_out = _progress_lines(check, row_ids, status, started_on, ended_on)
    if not lines:
        return None, 0, left_out
    content = _aligned_csv(lines)
    name = f"บันทึกผลจากการตรวจสอบรายชื่อ ครั้งที่ {check.pk}.csv"
    job = import_job_create(
        kind=ImportJob.Kind.PROGRESS,
        upload=SimpleUploadedFile(name, content, "text/csv"),
        user=user,
        round=check.round,
    )
    with transaction.atomic():
        locked = NameCheck.objects.select_for_update().get(pk=check.pk)
        locked.import_jobs = [*locked.import_jobs, job.pk]
        locked.save(update_fields=["import_jobs"])
    import_job_start(job, dry_run=True)
    return job, len(lines), left_out


def _progress_lines(check, row_ids, status, started_on, ended_on) -> tuple[list[tuple[int, list]], int]:
    here = _here(check.province_id)
    chosen = "AND r.id = ANY(%(rows)s::bigint[])" if row_ids is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT r.row_no, c.national_id, a.code, p.started_on
                FROM matching_namecheckrow r
                CROSS JOIN LATERAL (SELECT c.national_id FROM cardholders_cardholder c
                                    WHERE c.id = r.cardholder_id LIMIT 1) c
                LEFT JOIN LATERAL (SELECT a.project_id, pr.code FROM matching_assignment a
                                   JOIN welfare_portal_project pr ON pr.id = a.project_id
                                   WHERE a.cardholder_id = r.cardholder_id AND a.round_id = %(round)s
                                     AND a.ended_at IS NULL AND {here}
                                   LIMIT 1) a ON true
                LEFT JOIN LATERAL (SELECT p.started_on FROM matching_progress p
                                   WHERE p.cardholder_id = r.cardholder_id AND p.round_id = %(round)s
                                     AND p.project_id = a.project_id
                                   LIMIT 1) p ON true
                WHERE r.name_check_id = %(check)s AND r."group" = 'both' {chosen}
                ORDER BY r.row_no, r.id""",
            {
                "check": check.pk,
                "unit": check.unit_id,
                "province": check.province_id,
                "round": check.round_id,
                "rows": row_ids or [],
            },
        )
        found = cursor.fetchall()
    label = str(ProgressStatus(status).label)
    lines, left_out = [], 0
    for row_no, national_id, project_code, recorded_start in found:
        if project_code is None:
            left_out += 1
            continue
        start = started_on or (recorded_start if status != ProgressStatus.NOTIFIED else None)
        lines.append(
            (
                row_no,
                [
                    national_id,
                    check.unit.code,
                    project_code,
                    check.province_id,
                    label,
                    start.isoformat() if start else "",
                    ended_on.isoformat() if ended_on else "",
                ],
            )
        )
    return lines, left_out


def _aligned_csv(lines: list[tuple[int, list]]) -> bytes:
    """The progress file, each person on the row number they have in the agency's list (blank lines between
    are skipped by the reader and keep the numbering); in plain order when a row would sit on the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PROGRESS_HEADER)
    aligned = all(row_no >= 2 for row_no, _ in lines)
    line_no = 1
    for row_no, cells in lines:
        if aligned and row_no > line_no + 1:
            buffer.write("\n" * (row_no - line_no - 1))
            line_no = row_no - 1
        writer.writerow(cells)
        line_no += 1
    return buffer.getvalue().encode("utf-8")
