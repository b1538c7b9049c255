"""What every import shares: reading .xlsx/.csv, Thai headers in any order, cell parsing, row-numbered
errors, all-or-nothing writing and the created/updated/unchanged summary (SPEC, "File formats")."""

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from stdnum.th import pin

from welfare_portal.audit import audit_context
from welfare_portal.models import Province, Role

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


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        prefix = "(ทดลองนำเข้า ไม่ได้บันทึก) " if self.dry_run else ""
        return (
            f"{prefix}สร้างใหม่ {self.created:,} ปรับปรุง {self.updated:,} ไม่เปลี่ยนแปลง {self.unchanged:,} "
            f"(created={self.created} updated={self.updated} unchanged={self.unchanged})"
        )


class ImportFailed(Exception):
    """Raised inside the write transaction to roll everything back."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


# ---- reading -------------------------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list]], int]:
    """Header, (row number, cells) of every non-blank data row, and the number of data rows."""
    name = path.name.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(path)
    elif name.endswith(".csv"):
        rows = _read_csv(path)
    else:
        raise FileRejected("รองรับเฉพาะไฟล์ .xlsx และ .csv")
    if not rows:
        raise FileRejected("ไฟล์ว่าง ไม่มีแถวหัวตาราง")
    header = [cell_text(cell) for cell in rows[0]]
    body = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cell_text(c) for c in cells)]
    return header, iter(body), len(body)


def _read_xlsx(path: Path) -> list[list]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        # Keep leading empty rows and columns so list positions are Excel's row numbers.
        return sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as error:
        raise FileRejected(f"อ่านไฟล์ Excel ไม่ได้ ({error})") from None


def _read_csv(path: Path) -> list[list]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected('ไฟล์ CSV ต้องเข้ารหัส UTF-8 (บันทึกจาก Excel เป็น "CSV UTF-8")') from None
    if "\x00" in text:
        raise FileRejected("ไฟล์นี้ไม่ใช่ไฟล์ CSV")
    return list(csv.reader(io.StringIO(text, newline="")))


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


# ---- parsing cells: each returns the value or raises ValueError with the user's message ----------------


def parse_national_id(value) -> str:
    text = cell_text(value)
    if not text:
        raise ValueError("ต้องระบุเลขประจำตัวประชาชน")
    if len(text) == 13 and text.isdigit() and text[0] not in "09" and pin.calc_check_digit(text) == text[12]:
        return text  # already in normal form: the common case, without stdnum's slower clean-up
    try:
        return pin.validate(text)
    except Exception:
        digits = pin.compact(text)
        if len(digits) != 13 or not digits.isdigit():
            raise ValueError(f'เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก (ได้ "{text}")') from None
        raise ValueError(f"เลขประจำตัวประชาชน {text} ไม่ถูกต้อง (เลขตรวจสอบไม่ตรง)") from None


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
                raise ValueError(f'ปีต้องเป็นพุทธศักราช เช่น 20/6/2561 (ได้ "{text}")')
            return datetime.date(year - 543, month, day)
        if "-" in text:
            return datetime.date.fromisoformat(text[:10])
        if text.replace(".", "", 1).isdigit():
            return parse_date(float(text))
    except ValueError as error:
        if "พุทธศักราช" in str(error):
            raise
    raise ValueError(f'วันที่ "{text}" อ่านไม่ได้ ใช้รูปแบบ 20/6/2561 หรือ 2018-06-20')


def parse_code(value) -> str:
    return cell_text(value).upper()


# ---- the shared frame of an import ---------------------------------------------------------------------


class Importer:
    """Subclasses declare their columns (Thai name → key, required or not) and implement
    parse_row() and write(). run() does the rest: headers, errors, transaction, dry run."""

    columns: dict[str, tuple[str, bool]] = {}
    kind = ""
    roles = (Role.CENTRAL, Role.PROVINCE)  # who may import this kind of file

    def __init__(self, *, user=None, progress: Progress = no_progress):
        # user None is the operator at the command line: every province.
        self.user = user
        self.progress = progress
        self.errors: list[RowError] = []

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
            header, rows, total = read_table(Path(path))
            positions = self._positions(header)
        except FileRejected as rejected:
            return ImportResult(errors=[RowError(0, "", str(rejected))], dry_run=dry_run)
        parsed = []
        for index, (number, cells) in enumerate(rows, start=1):
            values = {key: (cells[pos] if pos < len(cells) else None) for key, pos in positions.items()}
            record = self.parse_row(number, values)
            if record is not None:
                parsed.append(record)
            if index % 10_000 == 0:
                self.progress("ตรวจสอบข้อมูล", index, total)
        self.progress("ตรวจสอบข้อมูล", total, total)
        if not self.errors:
            self.check_file(parsed)
        if self.errors:
            return ImportResult(errors=sorted(self.errors, key=lambda e: e.row), dry_run=dry_run)
        self.progress("บันทึกข้อมูล", 0, len(parsed))
        try:
            with transaction.atomic(), audit_context("import", user=self.user, kind=self.kind):
                result = self.write(parsed)
                result.dry_run = dry_run
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFailed as failed:
            return ImportResult(errors=sorted(failed.errors, key=lambda e: e.row), dry_run=dry_run)
        self.progress("บันทึกข้อมูล", len(parsed), len(parsed))
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

    def parse_row(self, number: int, values: dict):
        raise NotImplementedError

    def check_file(self, records: list) -> None:
        """Checks across rows (duplicates); adds errors."""

    def write(self, records: list) -> ImportResult:
        raise NotImplementedError
