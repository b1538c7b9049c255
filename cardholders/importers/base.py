"""What every import shares: reading .xlsx/.csv, Thai headers in any order, cell parsing, row-numbered
errors, all-or-nothing writing and the created/updated/unchanged summary (docs/README.md)."""

import codecs
import csv
import datetime
import operator
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from stdnum.th import pin

from welfare_portal.audit import AuditChannel, audit_context
from welfare_portal.bulk import deferred_upkeep
from welfare_portal.copy import copy_text, csv_text
from welfare_portal.models import Province, Role, Round
from welfare_portal.roles import Capability
from welfare_portal.thai import date_numeric

from .probes import ProbeBudget

EXCEL_EPOCH = datetime.date(1899, 12, 30)
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in Excel: the header is row 1
    column: str
    message: str

    def __str__(self):
        where = f"แถวที่ {self.row}" if self.row else "ไฟล์"
        column = f' คอลัมน์ "{self.column}"' if self.column else ""
        return f"{where}{column}: {self.message}"


class Errors(list):
    """The first IMPORT_MAX_ERRORS errors of one kind, and the count of all of them (issue #16: 300,000 bad
    rows made 1.2 million errors, held in memory, stored on the job and rendered on its page).

    len() is the count of every error, kept or not: importers compare it before and after a row to tell a
    bad row from a good one, and that must hold past the cap. Iterating gives the kept ones."""

    def __init__(self, limit: int | None = None):
        super().__init__()
        self.limit = settings.IMPORT_MAX_ERRORS if limit is None else limit
        self.total = 0

    def append(self, error: RowError) -> None:
        self.total += 1
        if list.__len__(self) < self.limit:
            super().append(error)

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)

    def add_uncounted(self, count: int) -> None:
        """Errors counted but not listed (a database check that names only so many rows)."""
        self.total += count

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def kept(self) -> list[RowError]:
        return list(iter(self))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first IMPORT_MAX_ERRORS of them
    dry_run: bool = False
    error_count: int = 0  # all of them
    preview: list[tuple[int, dict]] = field(default_factory=list)  # first PREVIEW_ROWS (row, {column: text})

    def __post_init__(self):
        self.error_count = max(self.error_count, len(self.errors))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors_note(self) -> str:
        """What the error list leaves out, in the user's words; empty when it holds them all."""
        return errors_note(len(self.errors), self.error_count)

    @property
    def summary(self) -> str:
        prefix = "(ทดลองนำเข้า ไม่ได้บันทึก) " if self.dry_run else ""
        return (
            f"{prefix}สร้างใหม่ {self.created:,} ปรับปรุง {self.updated:,} ไม่เปลี่ยนแปลง {self.unchanged:,} "
            f"(created={self.created} updated={self.updated} unchanged={self.unchanged})"
        )


def errors_note(kept: int, total: int) -> str:
    if total <= kept:
        return ""
    return f"แสดง {kept:,} รายการแรกจากทั้งหมด {total:,} รายการ"


class ImportFailed(Exception):
    """Raised inside the write transaction to roll everything back."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


# ---- reading: rows are streamed, never held as a whole file --------------------------------------------

SPREADSHEETS = (".xlsx", ".xls", ".ods")
TEXT_ENCODINGS = ("utf-8-sig", "cp874")  # UTF-8 first; Thai Windows Excel saves CSV in Windows-874 (TIS-620)
SUPPORTED = "รองรับเฉพาะไฟล์ .xlsx .xls .ods และ .csv"


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as Excel shows it, cells) of every non-blank data row
    estimated_rows: int  # for the progress bar: data rows, blank ones included


def read_table(path: Path) -> Table:
    name = path.name.lower()
    if name.endswith(SPREADSHEETS):
        numbered = _read_spreadsheet(path)
    elif name.endswith(".csv"):
        numbered = _read_csv(path)
    else:
        raise FileRejected(SUPPORTED)
    estimated, rows = numbered
    first = next(rows, None)
    if first is None:
        raise FileRejected("ไฟล์ว่าง ไม่มีแถวหัวตาราง")
    header = [cell_text(cell) for cell in first[1]]
    filled = (row for row in rows if (row[1] and _filled(row[1][0])) or any(map(_filled, row[1])))  # blank rows skipped
    return Table(header, filled, max(estimated - first[0], 0))


def _read_spreadsheet(path: Path) -> tuple[int, Iterator[tuple[int, list]]]:
    """The first sheet, row by row. The first non-empty row is the header, wherever it starts."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except (CalamineError, ValueError, OSError, IndexError) as error:
        raise FileRejected(f"อ่านไฟล์ตารางคำนวณไม่ได้ ({error})") from None
    # iter_rows() starts at the sheet's first row (leading empty rows kept), so enumerate gives Excel's numbers.
    rows = enumerate(sheet.iter_rows(), start=1)
    return sheet.height, _skip_leading_blank(rows)


def _skip_leading_blank(rows):
    for number, cells in rows:
        if any(map(_filled, cells)):
            yield number, cells
            break
    yield from rows


def _read_csv(path: Path) -> tuple[int, Iterator[tuple[int, list]]]:
    encoding, lines = _csv_encoding(path)

    def rows():
        with path.open(encoding=encoding, newline="") as text:
            reader = csv.reader(text)
            try:
                yield from _skip_leading_blank(enumerate(reader, start=1))
            except csv.Error:  # a cell past the reader's limit (131,072 characters), or a NUL
                raise FileRejected(
                    f"อ่านไฟล์ CSV แถวที่ {reader.line_num:,} ไม่ได้: มีเซลล์ที่ยาวผิดปกติ "
                    f'(เกิน {csv.field_size_limit():,} ตัวอักษร) หรือเครื่องหมายคำพูด (") ไม่ครบคู่ กรุณาตรวจสอบแล้วบันทึกใหม่'
                ) from None

    return lines, rows()


def _csv_encoding(path: Path, block: int = 1 << 20) -> tuple[str, int]:
    """The first encoding that decodes the whole file, and its number of lines; one streamed pass."""
    for encoding in TEXT_ENCODINGS:
        decoder, lines = codecs.getincrementaldecoder(encoding)(), 0
        try:
            with path.open("rb") as raw:
                while data := raw.read(block):
                    if b"\x00" in data:
                        raise FileRejected("ไฟล์นี้ไม่ใช่ไฟล์ CSV")
                    decoder.decode(data)
                    lines += data.count(b"\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, lines
    raise FileRejected('อ่านไฟล์ CSV ไม่ได้: ต้องเข้ารหัส UTF-8 หรือ Windows-874 (บันทึกจาก Excel เป็น "CSV UTF-8")')


def _filled(value) -> bool:
    return value is not None and (value.strip() != "" if type(value) is str else True)


def cell_text(value) -> str:
    """A cell as text: numbers typed into Excel (IDs, codes) lose their ".0"."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def preview_text(value) -> str:
    """A cell as the import preview shows it: Excel dates as Thai dates (20/6/2561), the rest as text."""
    if isinstance(value, datetime.datetime | datetime.date):
        return date_numeric(value)
    return cell_text(value)


# ---- parsing cells: each returns the value or raises ValueError with the user's message ----------------


_WEIGHTS = range(13, 1, -1)


def check_digit(digits: str) -> str:
    """stdnum.th.pin.calc_check_digit, with the weighted sum done in C (map) instead of a generator: a
    million IDs cost 0.3 s instead of 1.5 s. tests/test_properties.py holds it equal to stdnum's."""
    return str((1 - sum(map(operator.mul, _WEIGHTS, map(int, digits[:12]))) % 11) % 10)


def parse_national_id(value) -> str:
    text = cell_text(value)
    if not text:
        raise ValueError("ต้องระบุเลขประจำตัวประชาชน")
    if len(text) == 13 and text.isdigit() and text[0] not in "09" and check_digit(text) == text[12]:
        return text  # already in normal form: the common case, without stdnum's slower clean-up
    try:
        return pin.validate(text)
    except Exception:
        digits = pin.compact(text)
        if len(digits) != 13 or not digits.isdigit():
            raise ValueError(f'เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก (ได้ "{text}")') from None
        raise ValueError(f"เลขประจำตัวประชาชน {text} ไม่ถูกต้อง (เลขตรวจสอบไม่ตรง)") from None


class _YearNotBuddhist(ValueError):
    """A d/m/yyyy date with a Christian-era year: said as such, not as an unreadable date."""


def parse_date(value) -> datetime.date:
    """Buddhist-era d/m/yyyy (20/6/2561), ISO yyyy-mm-dd, or an Excel date (typed or serial number)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 100_000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(f"วันที่ไม่ถูกต้อง ({cell_text(value)})")
    text = cell_text(value)
    if not text:
        raise ValueError("ต้องระบุวันที่")
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            if year < 2400:
                raise _YearNotBuddhist(f'ปีต้องเป็นพุทธศักราช เช่น 20/6/2561 (ได้ "{text}")')
            return datetime.date(year - 543, month, day)
        if "-" in text:
            return datetime.date.fromisoformat(text[:10])
        if text.replace(".", "", 1).isdigit():
            return parse_date(float(text))
    except _YearNotBuddhist:
        raise
    except ValueError:
        pass
    raise ValueError(f'วันที่ "{text}" อ่านไม่ได้ ใช้รูปแบบ 20/6/2561 หรือ 2018-06-20')


def parse_code(value) -> str:
    return cell_text(value).upper()


# ---- the shared frame of an import ---------------------------------------------------------------------

CHUNK_ROWS = 20_000


class Chunk(NamedTuple):
    rows: int
    csv: str  # COPY's text, built on the parsing thread: the writing thread only sends it


PREVIEW_ROWS = 20  # rows a dry run keeps to show what will be written
IMPORT_LOCK = 0x5E1FA4E  # pg_advisory_xact_lock key: file imports write one at a time, so never deadlock


class Importer:
    """Subclasses declare their columns (Thai name → key, required or not), the temporary table a chunk
    of rows is copied into, and implement parse_row(), check_chunk() and merge_chunk(). run() does the
    rest: headers, row-numbered errors, one transaction, dry run.

    Rows stream from the file through parse and check into COPY, chunk by chunk, and each chunk is merged
    as soon as it is checked, so memory stays flat and the database works on one chunk while Python parses
    the next (writes run on their own connection in a second thread when the caller has no transaction
    open). Everything is one transaction: any bad row anywhere rolls every chunk back."""

    columns: dict[str, tuple[str, bool]] = {}
    kind = ""
    capability = Capability.IMPORT_REGISTER  # who may import this kind of file (welfare_portal/roles.py)
    table = ""  # temporary table of one chunk
    table_columns: tuple[str, ...] = ()  # "name type" of each column, row_no integer first: parse_row's order
    read_tables: tuple[str, ...] = ()  # what the checks and merge read; the first is the one the merge fills
    duplicate_column = ""  # the column named when record_key() repeats within the file

    def __init__(self, *, user=None, progress: Progress = no_progress, round=None):
        # user None is the operator at the command line: every province.
        self.user = user
        # The round the file goes into (welfare_portal.Round): the one chosen, else the current one.
        self.round = round if round is not None else Round.objects.current()
        self.progress = progress
        self.errors = Errors()  # cell errors
        self.duplicates = Errors()  # rows repeated within the file
        self.rows_read = 0
        self.preview: list[tuple[int, dict]] = []  # the first rows that will be written, as read
        # Rows whose ID is not a card holder within the user's area: named only up to the user's budget when
        # the user sees masked IDs, so no preview tells which of arbitrary IDs are card holders (probes.py).
        self.outside = ProbeBudget(user)

    # Scope of an import: the province whose people the user may write, or None for all.
    @property
    def province_code(self) -> int | None:
        if self.user is None or self.user.role == Role.CENTRAL:
            return None
        return self.user.province_id or -1

    def in_scope(self, subdistrict_code: int) -> bool:
        code = self.province_code
        if code is None:
            return True
        low, high = Province.subdistrict_range(code)
        return low <= subdistrict_code <= high

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def parse_cell(self, number: int, values: dict, key: str, parse, *, optional: bool = False):
        """`parse(cell)`, or None with the parser's message recorded against the row and column."""
        if optional and not cell_text(values[key]):
            return None
        try:
            return parse(values[key])
        except ValueError as error:
            self.error(number, self.column_name(key), str(error))
            return None

    def run(self, path: Path, *, dry_run: bool = False) -> ImportResult:
        try:
            table = read_table(Path(path))
            positions = self._positions(table.header)
        except FileRejected as rejected:
            return ImportResult(errors=[RowError(0, "", str(rejected))], dry_run=dry_run)
        chunks = self._checked_chunks(table, positions)
        try:
            if connection.in_atomic_block:  # the caller's transaction (a test, a benchmark): write in it
                result = self._write(chunks, dry_run)
            else:
                result = _beside(self._write, chunks, dry_run)
        except FileRejected as rejected:  # the file broke off halfway (the writer rolled back)
            return ImportResult(errors=[RowError(0, "", str(rejected))], dry_run=dry_run)
        # After the transaction: a dry run's rollback must not take the finished progress with it.
        self.progress("ตรวจสอบและบันทึกข้อมูล", self.rows_read, self.rows_read)
        self.outside.log()
        result.dry_run = dry_run
        result.preview = self.preview if result.ok else []
        return result

    def _checked_chunks(self, table: Table, positions: dict[str, int]) -> Iterator["Chunk"]:
        """Parsed rows, a chunk at a time as COPY's text, while the file has no error; after the first error
        the rest of the file is still parsed (every error is reported) but nothing more is sent on."""
        first_row: dict = {}
        chunk, seen = [], 0
        self.progress("ตรวจสอบข้อมูล", 0, table.estimated_rows)
        # Each row's cells by column key, picked in C (itemgetter): a dict comprehension per row cost 0.66 s
        # of 100,000 rows, this 0.4 s. Absent optional columns are always None; a short row (a CSV line with
        # fewer cells) is padded with None.
        width = len(table.header)
        present = {key: pos for key, pos in positions.items() if pos < width}
        absent = dict.fromkeys(key for key in positions if key not in present)
        # (one more index than keys: itemgetter of a single index would return a cell, not a tuple)
        keys, pick, needed = list(present), operator.itemgetter(*present.values(), 0), max(present.values()) + 1
        for number, cells in table.rows:
            if len(cells) < needed:
                cells = [*cells, *([None] * (needed - len(cells)))]
            values = dict(zip(keys, pick(cells), strict=False), **absent)
            record = self.parse_row(number, values)
            if record is not None and self.duplicate_column:
                key = self.record_key(record)
                if key in first_row:
                    self.duplicates.append(
                        RowError(number, self.duplicate_column, self.duplicate_message(first_row[key]))
                    )
                else:
                    first_row[key] = number
            if record is not None and not self.errors and not self.duplicates:
                if len(self.preview) < PREVIEW_ROWS:
                    self.preview.append((number, {key: preview_text(value) for key, value in values.items()}))
                chunk.append(record)
                if len(chunk) == CHUNK_ROWS:
                    yield Chunk(len(chunk), csv_text(chunk))
                    chunk = []
            seen += 1
            if seen % CHUNK_ROWS == 0:
                self.progress("ตรวจสอบและบันทึกข้อมูล", seen, max(seen, table.estimated_rows))
        if chunk and not self.errors and not self.duplicates:
            yield Chunk(len(chunk), csv_text(chunk))
        self.rows_read = seen

    def _write(self, chunks: Iterator["Chunk"], dry_run: bool) -> ImportResult:
        """Copy, check and merge every chunk in one transaction (on whichever connection runs this).
        Errors come in the order a person fixes them: cells first, then rows repeated within the file,
        then rows the database refuses (unknown people, another province)."""
        result, refused = ImportResult(), Errors()  # refused: rows the database checks refuse
        names = [definition.split()[0] for definition in self.table_columns]
        try:
            with transaction.atomic(), audit_context(AuditChannel.IMPORT, user=self.user, kind=self.kind):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
                    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{self.table}")
                    cursor.execute(f"CREATE TEMP TABLE {self.table} ({', '.join(self.table_columns)}) ON COMMIT DROP")
                    statistics = PlannerStatistics(cursor, self.read_tables)
                    with deferred_upkeep(cursor):
                        for chunk in chunks:
                            cursor.execute(f"TRUNCATE {self.table}")
                            copy_text(self.table, names, chunk.csv)
                            refused.extend(self.check_chunk(cursor))
                            if refused:
                                continue  # keep checking the rest, write nothing more
                            created, updated = self.merge_chunk(cursor)
                            result.created += created
                            result.updated += updated
                            result.unchanged += chunk.rows - created - updated
                            statistics.grew(self.read_tables[0], self.grown(created))
                        refused.extend(self.check_end(cursor))
                    errors = self.errors or self.duplicates or refused
                    if errors:
                        raise ImportFailed(errors)
                    if dry_run:
                        # What the commit would check (the keys Django declares deferred), checked now: a preview
                        # does all the import's work, and finds what the commit would refuse, before it is undone.
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                        transaction.set_rollback(True)
        except ImportFailed as failed:
            kept = sorted(failed.errors.kept, key=lambda e: e.row)
            return ImportResult(errors=kept, error_count=failed.errors.total)
        return result

    def _positions(self, header: list[str]) -> dict[str, int]:
        positions, missing = {}, []
        normalized = [name.replace("*", "").strip() for name in header]
        for name, (key, required) in self.columns.items():
            if name in normalized:
                positions[key] = normalized.index(name)
            elif required:
                missing.append(name)
            else:
                positions[key] = len(header) + 1000  # absent optional column: always empty
        if missing:
            raise FileRejected("ไม่พบคอลัมน์ที่จำเป็น: " + ", ".join(missing) + " (แถวที่ 1 ต้องเป็นชื่อคอลัมน์)")
        return positions

    def column_name(self, key: str) -> str:
        return next(name for name, (k, _) in self.columns.items() if k == key)

    # ---- what each kind of file declares --------------------------------------------------------------

    def parse_row(self, number: int, values: dict) -> list | None:
        """The row for COPY (row number first, in `table_columns` order), or None with errors recorded."""
        raise NotImplementedError

    def record_key(self, record: list):
        """What may appear only once in a file (with `duplicate_column`)."""
        raise NotImplementedError

    def duplicate_message(self, first_row: int) -> str:
        raise NotImplementedError

    def check_chunk(self, cursor) -> list[RowError]:
        """Checks against the database (the person exists, is in scope…) for the rows of `table`."""
        return []

    def check_end(self, cursor) -> list[RowError]:
        """Errors about the file as a whole, once every chunk was checked: by default, how many rows with an
        ID outside the user's area were not named."""
        message = self.outside.unnamed_message()
        return [RowError(0, self.column_name("national_id"), message)] if message else []

    def grown(self, created: int) -> int:
        """How many rows the last merge_chunk added to read_tables[0] (the table PlannerStatistics watches)."""
        return created

    def merge_chunk(self, cursor) -> tuple[int, int]:
        """Write the rows of `table`; (created, updated)."""
        raise NotImplementedError


class PlannerStatistics:
    """Keeps the planner's picture of the tables an import reads true while it writes them.

    On the first day a table was analysed empty, then a roster import of 139,142 people arrived; or an
    import adds to a table thousands of rows its statistics do not know. Plans made on such statistics
    (nested loops over a table believed empty) grow with the square of the rows. So an import analyses a
    table it reads when the table has grown well past what the statistics say: at the start (others'
    writes, per the activity counters) and whenever its own new rows are four times what the statistics knew.
    ANALYZE inside the import's transaction counts its own new rows. Growth by four between analyses keeps
    it to a few per import (the planner scales row counts by the table's real size in between); on a big
    table it never fires."""

    def __init__(self, cursor, tables: tuple[str, ...]):
        self.cursor, self.new_rows = cursor, 0
        # No other session analyses or vacuums these tables until the import ends (reads and writes go on).
        # That session would see none of the import's uncommitted rows, and both write a table's size into
        # the catalogue in place, outside any transaction: the import's own planner would then take the
        # table for empty for the rest of the file. It happened: `generate_demo --via-files` writes its files
        # from a rolled-back load of the country (whose analysis left "a million people" in the catalogue, so
        # the import saw no need to analyse), autovacuum then cleared the dead rows mid-import and wrote "no
        # one"; a summary trigger's lookup of each person by key then read index page after index page
        # per row (README, "The stall, found"), and a roster chunk ran for minutes. Autovacuum skips a locked
        # table and comes back later.
        self.cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE UPDATE EXCLUSIVE MODE")
        self.cursor.execute(
            """SELECT c.oid::regclass::text, greatest(c.reltuples, 0)::bigint, coalesce(s.n_live_tup, 0)
               FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
               WHERE c.oid = ANY(%s::regclass[])""",
            [list(tables)],
        )
        self.known = {}
        for table, known, live in self.cursor.fetchall():
            self.known[table] = known
            if live > 2 * known + 1000:
                self._analyze(table)

    def _analyze(self, table: str) -> None:
        self.cursor.execute(f"ANALYZE {table}")
        self.cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        self.known[table] = self.cursor.fetchone()[0]

    def grew(self, table: str, rows: int) -> None:
        self.new_rows += rows
        if self.new_rows > 4 * max(self.known.get(table, 0), 1000):
            self._analyze(table)
            self.new_rows = 0


class PromptHandoffs:
    """While an import's two threads run, the interpreter lock changes hands every `interval` seconds instead
    of every 5 ms (sys.setswitchinterval; the process's own value comes back when the last import ends).

    The parsing thread is always ready to run, so each time the writing thread came back from PostgreSQL
    (a statement done, a COPY sent) it waited up to the 5 ms switch interval for the lock, and PostgreSQL
    sat idle meanwhile: some 2 s of a 100,000-row progress file (11.1 s against 8.7 s, side by side)."""

    def __init__(self, interval: float):
        self.interval, self.lock, self.users, self.saved = interval, threading.Lock(), 0, None

    def __enter__(self):
        with self.lock:
            if self.users == 0:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(self.interval)
            self.users += 1

    def __exit__(self, *exc):
        with self.lock:
            self.users -= 1
            if self.users == 0:
                sys.setswitchinterval(self.saved)


PROMPT_HANDOFFS = PromptHandoffs(0.001)


def _beside(write, chunks, dry_run):
    """Run `write` on a second thread with its own connection, fed chunk by chunk: psycopg2 lets go of
    the GIL while it waits for PostgreSQL, so the database merges a chunk while Python parses the next."""
    handoff: queue.Queue = queue.Queue(maxsize=2)
    done, abandoned = object(), object()

    def fed():
        while (chunk := handoff.get()) is not done:
            if chunk is abandoned:
                raise RuntimeError("the file could not be read to its end")  # rolls the writer back
            yield chunk

    def work():
        try:
            return write(fed(), dry_run)
        finally:
            connection.close()

    def hand(item) -> bool:
        """Put `item` on the queue unless the writer has stopped (it failed: its error is raised below)."""
        while not future.done():
            try:
                handoff.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    with PROMPT_HANDOFFS, ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as pool:
        future = pool.submit(work)
        try:
            for chunk in chunks:
                if not hand(chunk):
                    break
        except BaseException:
            hand(abandoned)
            raise
        hand(done)
        return future.result()
