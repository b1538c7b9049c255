"""The one check every uploaded import file passes before anything parses it (docs/README.md).

A file is accepted when its extension is one the importers read (.xlsx, .xls, .ods, .csv), its content
really is of that kind, it is not too big, and the table a reader would build from it stays within the
limits. That last part is read without parsing the file, streamed: python-calamine sets aside memory for
the whole rectangle from A1 to the farthest cell that holds a value, so one stray cell at XFD1048576 in a
5 KB workbook asks for about 512 GiB and aborts the process, and a cell at Z1000000 costs 1.15 GB (issue
#16). Some headers make it set memory aside before reading a single cell, too: an .xlsx's count of shared
strings, an .xls's DIMENSIONS record, the chains of an .xls's sector table (a loop never ends).

So each reader below mirrors how calamine (0.37, inside python-calamine 0.9.1) reads that format: which
sheet is the first, which cells hold a value, how repeated ODS rows and columns count, which sheets are
read at all (.xlsx: only the first; .xls and .ods: every sheet, when the workbook is opened). Where it
cannot be exact it counts more, never less. A CSV's lines are counted, blank ones included.

Every door stores its upload with store_upload() and runs check_upload_file() before a reader opens the file:
the import page and the agency's list (jobs.py, the worker), and the admin's import (cardholders/admin.py).
"""

import re
import struct
import sys
import uuid
import zipfile
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings

EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# An .xlsx or .ods is a zip: refuse one that would unpack to more than this, or with an absurd ratio.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
HEAD_BYTES = 8192
CHUNK_BYTES = 4 * 1024 * 1024
SMALL_PART_BYTES = 16 * 1024 * 1024  # workbook.xml and the relationship parts are parsed whole
# The longest text one cell may hold: Excel's own limit. A 2.6 MB workbook can hold one 200 MB string that
# the rows, columns and cells limits never see, and every page showing it would cost gigabytes (issue #16).
MAX_CELL_CHARS = 32_767
# A run of text (no "<") that starts where a tag ends and is longer in bytes than a cell may be in
# characters; found in one pass (each run is tried once), then counted in characters (rare: real cells are short).
_LONG_RUN = re.compile(rb"(?:\A|(?<=>))[^<]{%d,}" % (MAX_CELL_CHARS + 1))
_ENTITY = re.compile(rb"&[#a-zA-Z0-9]{1,10};")
TOO_LONG = (
    f"ไฟล์นี้มีเซลล์ที่ยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร (ขีดจำกัดของ Excel) ไฟล์อาจเสียหายหรือถูกสร้างขึ้นโดยเจตนา "
    "กรุณาตรวจสอบเซลล์ที่ยาวผิดปกติแล้วบันทึกใหม่"
)

NOT_REALLY = {
    ".xlsx": "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) จริง",
    ".xls": "ไฟล์นี้ไม่ใช่ไฟล์ Excel 97–2003 (.xls) จริง",
    ".ods": "ไฟล์นี้ไม่ใช่ไฟล์ OpenDocument Spreadsheet (.ods) จริง",
    ".csv": "ไฟล์นี้ไม่ใช่ไฟล์ CSV ที่เป็นข้อความ",
}
DAMAGED = {
    ".xlsx": "ไฟล์ Excel เสียหาย เปิดไม่ได้",
    ".xls": "ไฟล์ Excel เสียหาย เปิดไม่ได้",
    ".ods": "ไฟล์ OpenDocument เสียหายหรือตั้งรหัสผ่านไว้ เปิดไม่ได้",
}


class UploadRejected(Exception):
    """The file is refused; the message tells the person who uploaded it why, in Thai."""


@dataclass
class SheetExtent:
    name: str
    rows: int = 0  # the last row holding a value, numbered as in Excel (the header is row 1)
    columns: int = 0  # the last column holding a value (A is 1)
    declared: int = 0  # cells the file's own header makes the reader set aside (.xls DIMENSIONS)

    @property
    def cells(self) -> int:
        """What a reader allocates for this sheet, in cells: the rectangle from A1, and what was declared."""
        return self.rows * self.columns + self.declared


def check_name_and_size(name: str, size: int) -> str:
    """The lower-case extension of a file the importers read and that is not too big; before it is stored."""
    extension = Path(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise UploadRejected("รองรับเฉพาะไฟล์ .xlsx, .xls, .ods และ .csv")
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadRejected(f"ไฟล์ใหญ่เกิน {limit // (1024 * 1024)} MB")
    return extension


def check_upload_quick(name: str, path: Path, size: int) -> str:
    """What the web request itself checks before it queues the file (milliseconds at any size): the kind,
    the size, the first bytes and, for a zip, its table of contents (a zip bomb). The worker runs the whole
    check_upload_file() before it parses anything."""
    extension = check_name_and_size(name, max(size, Path(path).stat().st_size))
    with Path(path).open("rb") as f:
        head = f.read(HEAD_BYTES)
    if extension == ".csv":
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)) or b"\x00" in head:
            raise UploadRejected(NOT_REALLY[".csv"])
        return extension
    if not head.startswith(OLE2_MAGIC if extension == ".xls" else ZIP_MAGIC):
        raise UploadRejected(NOT_REALLY[extension] + _what_it_is(head))
    if extension != ".xls":
        with _open_zip(Path(path), extension):
            pass
    return extension


def check_upload_file(name: str, path: Path, size: int) -> str:
    """The file's lower-case extension once it passes every check; raises UploadRejected with the reason.

    `name` is the name the user gave the file (only its extension counts), `path` the stored copy, `size`
    the size the upload announced (the larger of it and the stored copy's size is held to the limit)."""
    extension = check_upload_quick(name, path, size)
    if extension == ".csv":
        check_csv_lines(Path(path))
    else:
        check_extents(workbook_extents(Path(path), extension))
    return extension


def store_upload(upload, folder: Path) -> Path:
    """The one way an uploaded file reaches the disk, for every door (the import page, the agency's list,
    the admin's import): its kind and size are checked before a byte is stored, its content and, for a zip,
    its table of contents right after (check_upload_quick); a refused file is deleted at once. Returns the
    stored copy, under a random name; check_upload_file() runs before anything reads it."""
    extension = check_name_and_size(upload.name, upload.size)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{extension}"
    try:
        with path.open("wb") as f:
            for chunk in upload.chunks():
                f.write(chunk)
        check_upload_quick(upload.name, path, upload.size)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def check_csv_lines(path: Path) -> None:
    """Refuse a CSV with more lines than IMPORT_MAX_ROWS data rows and a header, blank lines included (ten
    megabytes of ",\\n" are five million rows the reader would go through, issue #16), or a line of more
    than IMPORT_MAX_COLUMNS cells (a 200 MB line of commas is a list of 200 million cells). Counted streamed,
    in bytes, as the reader ends a line (\\n, \\r\\n or a lone \\r) and separates cells (a comma); a line
    break or a comma inside a quoted cell counts too, so neither count is ever less than the reader's."""
    max_rows, max_columns = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS
    lines, widest, carry = 0, 0, b""
    with Path(path).open("rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            data, held = carry + chunk, b""
            if data.endswith(b"\r"):  # the \n of a \r\n may start the next read: decide with it
                data, held = data[:-1], b"\r"
            pieces = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
            carry = pieces.pop() + held
            lines += len(pieces)
            widest = max(widest, max(map(_commas, pieces), default=0), _commas(carry))
            if widest + 1 > max_columns:
                raise UploadRejected(
                    f"ไฟล์ CSV มีแถวที่ยาวถึง {widest + 1:,} คอลัมน์ เกินกำหนด {max_columns:,} คอลัมน์ กรุณาลบคอลัมน์ที่ไม่ใช้แล้วบันทึกใหม่"
                )
    if carry:
        lines += 1  # the last line, without a line break or ending in a lone \r
    if lines - 1 > max_rows:
        raise UploadRejected(
            f"ไฟล์ CSV มี {lines:,} แถว (นับรวมแถวว่าง) เกินกำหนด {max_rows:,} แถวข้อมูล "
            "ถ้าแถวท้าย ๆ เป็นแถวว่าง กรุณาลบแถวเหล่านั้นแล้วบันทึกใหม่ หรือแบ่งเป็นหลายไฟล์"
        )


def _commas(line: bytes) -> int:
    return line.count(b",")


def workbook_extents(path: Path, extension: str) -> list[SheetExtent]:
    """The extent of each sheet a reader would load, the imported (first) one first. Reads the file
    streamed, without building its table; raises UploadRejected when the file is damaged."""
    if extension == ".xls":
        return xls_extents(Path(path))
    with _open_zip(Path(path), extension) as archive:
        return xlsx_extents(archive) if extension == ".xlsx" else ods_extents(archive)


def _what_it_is(head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return " (อาจเป็นไฟล์ .xlsx หรือ .ods ที่เปลี่ยนนามสกุล)"
    if head.startswith(OLE2_MAGIC):
        return " (อาจเป็นไฟล์ .xls หรือไฟล์ที่ตั้งรหัสผ่านไว้ ถ้าตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกก่อน)"
    if b"\x00" not in head and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return " (อาจเป็นหน้าเว็บที่ตั้งชื่อเป็นไฟล์ Excel กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx)"
    return ""


# ---- limits --------------------------------------------------------------------------------------------


def column_letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_extents(sheets: list[SheetExtent]) -> None:
    """Refuse a workbook whose first sheet (the one imported) or whose sheets together are too big."""
    if not sheets:
        return
    max_rows, max_columns, max_cells = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELLS
    first = sheets[0]
    if first.columns > max_columns:
        raise UploadRejected(
            f'แผ่นงาน "{first.name}" มีข้อมูลถึงคอลัมน์ {column_letters(first.columns)} (คอลัมน์ที่ {first.columns:,}) '
            f"เกินกำหนด {max_columns:,} คอลัมน์ กรุณาลบคอลัมน์หรือเซลล์ที่อยู่ไกลออกไปแล้วบันทึกใหม่"
        )
    if first.rows - 1 > max_rows:
        raise UploadRejected(
            f'แผ่นงาน "{first.name}" มีข้อมูลถึงแถวที่ {first.rows:,} เกินกำหนด {max_rows:,} แถวข้อมูล '
            "ถ้าแถวท้าย ๆ เป็นแถวว่าง กรุณาลบแถวเหล่านั้นแล้วบันทึกใหม่ หรือแบ่งเป็นหลายไฟล์"
        )
    for sheet in sheets:
        if sheet.declared > max_cells:
            raise UploadRejected(
                f'แผ่นงาน "{sheet.name}" ระบุขนาดตารางไว้ {sheet.declared:,} ช่อง เกินกำหนด {max_cells:,} ช่อง '
                "(ไฟล์อาจเสียหาย) กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น .xlsx"
            )
    total = sum(sheet.cells for sheet in sheets)
    if total > max_cells:
        biggest = max(sheets, key=lambda sheet: sheet.rows * sheet.columns)
        area = biggest.rows * biggest.columns
        corner = f"{column_letters(biggest.columns)}{biggest.rows}"
        together = f" (ทั้งไฟล์รวม {total:,} ช่อง)" if total != area else ""
        raise UploadRejected(
            f'ข้อมูลในแผ่นงาน "{biggest.name}" กินพื้นที่ตั้งแต่ A1 ถึง {corner} รวม {area:,} ช่อง{together} '
            f"เกินกำหนด {max_cells:,} ช่อง มักเกิดจากเซลล์ที่มีข้อมูลหลงอยู่ไกลจากตาราง "
            "กรุณาลบแถวและคอลัมน์ที่อยู่ถัดจากข้อมูลแล้วบันทึกใหม่"
        )


# ---- zip archives (.xlsx, .ods) ------------------------------------------------------------------------

_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError)
_XML_ERRORS = (expat.ExpatError, ParseError, DefusedXmlException)


class _Archive:
    """A zip whose members are looked up the way calamine does (case-insensitive, \\ as /)."""

    def __init__(self, zip_file: zipfile.ZipFile, extension: str):
        self.zip = zip_file
        self.extension = extension
        self.members = {info.filename.replace("\\", "/").lower(): info for info in zip_file.infolist()}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.zip.close()

    def damaged(self, detail: str = "") -> UploadRejected:
        return UploadRejected(DAMAGED[self.extension] + (f" ({detail})" if detail else ""))

    def member(self, path: str) -> zipfile.ZipInfo | None:
        return self.members.get(path.replace("\\", "/").lower())

    def read_small(self, info: zipfile.ZipInfo) -> bytes:
        if info.file_size > SMALL_PART_BYTES:
            raise self.damaged(info.filename)
        try:
            return self.zip.read(info)
        except _READ_ERRORS:
            raise self.damaged(info.filename) from None

    def stream(self, info: zipfile.ZipInfo):
        return self.zip.open(info)

    def drain(self, info: zipfile.ZipInfo) -> None:
        """Read a member to its end: zipfile stops at the size the archive declares and checks the CRC,
        so a member that unpacks to more than it claims (which calamine would read whole) is refused."""
        try:
            with self.zip.open(info) as f:
                while f.read(CHUNK_BYTES):
                    pass
        except _READ_ERRORS:
            raise self.damaged(info.filename) from None


def _open_zip(path: Path, extension: str) -> _Archive:
    try:
        zip_file = zipfile.ZipFile(path)
        infos = zip_file.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRejected(DAMAGED[extension]) from None
    names = [info.filename.replace("\\", "/").lower() for info in infos]
    if len(set(names)) != len(names):  # two members of one name: which one a reader takes is anyone's guess
        zip_file.close()
        raise UploadRejected(DAMAGED[extension] + " (มีส่วนประกอบซ้ำกัน)")
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        zip_file.close()
        raise UploadRejected("ไฟล์นี้ขยายตัวผิดปกติ (อาจเป็นไฟล์อันตราย) จึงไม่รับ")
    return _Archive(zip_file, extension)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parse_small(archive: _Archive, info: zipfile.ZipInfo):
    try:
        return SafeElementTree.fromstring(archive.read_small(info), forbid_dtd=True)
    except _XML_ERRORS:
        raise archive.damaged(info.filename) from None


def _expat_parser(on_start, on_end=None):
    """An expat parser without namespace processing (names keep their prefixes, as calamine reads them)
    that refuses any DOCTYPE, so no entity is ever declared or expanded."""

    def forbid(*args):
        raise DefusedXmlException("DOCTYPE")

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    # Text between two tags may come in pieces: count them together, and refuse a cell longer than Excel's.
    run = [0]

    def text(data):
        run[0] += len(data)
        if run[0] > MAX_CELL_CHARS:
            raise UploadRejected(TOO_LONG)

    def start(tag, attrs):
        run[0] = 0
        on_start(tag, attrs)

    def end(tag):
        run[0] = 0
        if on_end is not None:
            on_end(tag)

    parser.CharacterDataHandler = text
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    return parser


def _parse_stream(archive: _Archive, info: zipfile.ZipInfo, on_start, on_end=None) -> None:
    parser = _expat_parser(on_start, on_end)
    try:
        with archive.stream(info) as f:
            parser.ParseFile(f)
    except _XML_ERRORS:
        raise archive.damaged(info.filename) from None
    except _READ_ERRORS:
        raise archive.damaged(info.filename) from None


# ---- .xlsx ---------------------------------------------------------------------------------------------

OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def xlsx_extents(archive: _Archive) -> list[SheetExtent]:
    """The first sheet's extent (calamine reads an .xlsx sheet only when asked, and imports ask for the
    first). Also refuses a shared-string count calamine would set memory aside for on opening."""
    if archive.member("[Content_Types].xml") is None:
        raise UploadRejected(NOT_REALLY[".xlsx"])
    handled = set()

    def part(path: str) -> zipfile.ZipInfo:
        info = archive.member(path)
        if info is None:
            raise archive.damaged(f"ไม่พบ {path}")
        handled.add(info.filename)
        return info

    # Where the workbook is: the package's officeDocument relationship (xl/workbook.xml in practice).
    base = None
    for rel in _parse_small(archive, part("_rels/.rels")).iter():
        if _local(rel.tag) == "Relationship" and rel.get("Type") == OFFICE_DOCUMENT and rel.get("Target"):
            target = rel.get("Target")
            base = target[: target.rfind("/") + 1].removeprefix("/")
    if base is None:
        raise UploadRejected(NOT_REALLY[".xlsx"])
    targets = {}
    for rel in _parse_small(archive, part(base + "_rels/workbook.xml.rels")).iter():
        if _local(rel.tag) == "Relationship" and rel.get("Id") is not None:
            targets[rel.get("Id")] = rel.get("Target", "")
    # The first <sheet> of workbook.xml is python-calamine's sheet index 0, whatever its type or visibility.
    first = next(
        (e for e in _parse_small(archive, part(base + "workbook.xml")).iter() if _local(e.tag) == "sheet"), None
    )
    if first is None:
        raise archive.damaged("ไม่มีแผ่นงาน")
    rel_id = None
    for key, value in first.attrib.items():
        if _local(key) == "id":
            rel_id = value
    if rel_id not in targets:
        raise archive.damaged("ไม่พบแผ่นงานแรก")
    target = targets[rel_id]
    sheet_info = part(target[1:] if target.startswith("/") else base + target)
    name = first.get("name") or "แผ่นงานที่ 1"

    strings = archive.member(base + "sharedStrings.xml")
    if strings is not None:
        handled.add(strings.filename)
        _check_shared_strings(archive, strings)
    for info in archive.zip.infolist():
        if info.filename not in handled:
            archive.drain(info)

    extent = _scan_sheet_plain(archive, sheet_info, name)
    if extent is None or _over_limits(extent):
        extent = _scan_sheet_exact(archive, sheet_info, name)
    return [extent]


def _check_shared_strings(archive: _Archive, info: zipfile.ZipInfo) -> None:
    """calamine reserves room for <sst uniqueCount> strings before reading one: 10¹¹ aborts the process."""
    found = []

    def on_start(tag, attrs):
        if not found and (tag.partition(":")[2] or tag) == "sst":
            found.append(attrs.get("uniqueCount"))

    parser = _expat_parser(on_start)
    carry = b""
    try:
        with archive.stream(info) as f:
            while chunk := f.read(CHUNK_BYTES):
                if not found:
                    parser.Parse(chunk)
                carry = _check_text_runs(carry, chunk)
    except _XML_ERRORS + _READ_ERRORS:
        raise archive.damaged(info.filename) from None
    count = found[0] if found else None
    if count is not None and count.isdecimal() and int(count) > settings.IMPORT_MAX_CELLS:
        raise UploadRejected(
            f"ไฟล์ Excel นี้ระบุจำนวนข้อความไว้ {int(count):,} รายการ เกินกำหนด {settings.IMPORT_MAX_CELLS:,} "
            "(ไฟล์อาจเสียหาย) กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่"
        )


def _check_text_runs(carry: bytes, chunk: bytes) -> bytes:
    """Refuse text longer than a cell may be, in a streamed XML part read chunk by chunk; returns what to
    carry into the next chunk (the text after the last tag, bounded)."""
    data = carry + chunk
    cut = data.rfind(b"<")
    if _long_text(data, cut if cut >= 0 else len(data)):
        raise UploadRejected(TOO_LONG)
    rest = data[cut:] if cut >= 0 else data
    if len(rest) > 8 * MAX_CELL_CHARS:  # the last tag and the text after it: no cell is this long in bytes
        raise UploadRejected(TOO_LONG)
    return rest


def _long_text(data: bytes, end: int | None = None) -> bool:
    """Whether a text between two tags in data[:end] is longer than a cell may be, in characters."""
    for run in _LONG_RUN.finditer(data, 0, len(data) if end is None else end):
        text = _ENTITY.sub(b"&", run.group())  # an escape is one character
        if len(text.decode("utf-8", "replace")) > MAX_CELL_CHARS:
            return True
    return False


def _over_limits(extent: SheetExtent) -> bool:
    return (
        extent.columns > settings.IMPORT_MAX_COLUMNS
        or extent.rows - 1 > settings.IMPORT_MAX_ROWS
        or extent.cells > settings.IMPORT_MAX_CELLS
    )


# The plain scan: worksheets as Excel, LibreOffice, openpyxl and xlsxwriter write them, where every cell
# is <c r="B7" ...>. It reads each cell's reference with a regular expression, several times faster than a
# parser, and gives up (None) on anything else so the exact scan reads the sheet instead. It counts every
# <c> as holding a value; past a limit, the exact scan decides.
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_NOT_A_CELL = re.compile(rb"<c[^\s/>]")  # <col, <cfRule, ...: "<c" that starts another element
_PREFIXED = re.compile(rb":(?:c[\s/>]|sheetData)")  # <x:c>, <x:sheetData>
_SPACED_ATTRIBUTE = re.compile(rb"r\s+=")  # an attribute r written `r = "..."`
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _scan_sheet_plain(archive: _Archive, info: zipfile.ZipInfo, name: str) -> SheetExtent | None:
    columns, rows = set(), set()
    carry, first, state = b"", True, "before"  # before, inside or after <sheetData>
    try:
        with archive.stream(info) as f:
            while True:
                chunk = f.read(CHUNK_BYTES)
                data = carry + chunk
                if first:
                    first = False
                    declaration = _DECLARATION.match(data)
                    if declaration:
                        encoding = _ENCODING.search(declaration.group())
                        if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
                            return None
                        data = data[declaration.end() :]
                    elif data[:1] != b"<":
                        return None  # a byte-order mark of UTF-16, or anything unusual
                cut = data.rfind(b"<") if chunk else len(data)
                if chunk and cut <= 0:  # no tag starts in this chunk: keep reading
                    if len(data) > 4 * CHUNK_BYTES:
                        return None
                    carry = data
                    continue
                piece, carry = data[:cut], data[cut:]
                if _long_text(piece):
                    raise UploadRejected(TOO_LONG)
                if b"<!" in piece or b"<?" in piece or _PREFIXED.search(piece) or _SPACED_ATTRIBUTE.search(piece):
                    return None
                if state == "before":
                    start = piece.find(b"<sheetData")
                    if start >= 0:
                        state, piece = "inside", piece[start:]
                if state == "inside":
                    end = piece.find(b"</sheetData")
                    region = piece if end < 0 else piece[:end]
                    found = _CELL_COLUMN.findall(region)
                    if region.count(b"<c") - len(_NOT_A_CELL.findall(region)) != len(found):
                        return None  # a cell written some other way
                    if region.count(b"r=") != len(found) + region.count(b'<row r="'):
                        return None  # another attribute named r (calamine would take the last)
                    columns.update(found)
                    rows.update(_CELL_ROW.findall(region))
                    if end >= 0:
                        state, piece = "after", piece[end:]
                if state == "after" and piece.count(b"<c") != len(_NOT_A_CELL.findall(piece)):
                    return None  # a cell after </sheetData>: the end tag was not where it seemed
                if not chunk:
                    break
    except _READ_ERRORS:
        raise archive.damaged(info.filename) from None
    return SheetExtent(
        name,
        rows=max(map(int, rows), default=0),
        columns=max((_column_number(letters.decode()) for letters in columns), default=0),
    )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")


class _SheetScan:
    """The exact scan: an expat parse of the sheet that places cells as calamine's cell reader does.

    Only <sheetData> counts. A <c> with r="B7" is at B7, one without continues the row's cells; a <row>
    with r starts at that row, every </row> moves to the next. A cell holds a value when it has a child
    element (<v>, <is>, <f>): calamine skips the others."""

    def __init__(self, archive: _Archive, info: zipfile.ZipInfo):
        self.archive, self.info = archive, info
        self.state = 0  # 0 before <sheetData>, 1 inside, 2 after
        self.row = self.column = 0  # where the next cell without r goes, counted from 0
        self.depth = 0  # > 0 inside a <c>
        self.cell = (0, 0)
        self.filled = False
        self.rows = self.columns = 0

    def reference(self, text: str, *, column_needed: bool) -> tuple[int, int]:
        match = _REFERENCE.fullmatch(text)
        if not match or int(match.group(2)) == 0 or (column_needed and not match.group(1)):
            raise self.archive.damaged(f'ตำแหน่งเซลล์ "{text[:20]}"')
        return int(match.group(2)) - 1, _column_number(match.group(1)) - 1

    def start(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.filled = True
            return
        if ":" in tag:
            tag = tag.partition(":")[2]
        if self.state != 1:
            if tag == "sheetData" and self.state == 0:
                self.state = 1
            return
        if tag == "c":
            ref = attrs.get("r")
            if ref is None:
                self.cell = (self.row, self.column)
            else:
                self.cell = self.reference(ref, column_needed=True)
                self.column = self.cell[1]
            self.depth, self.filled = 1, False
        elif tag == "row" and "r" in attrs:
            self.row = self.reference(attrs["r"], column_needed=False)[0]

    def end(self, tag):
        if self.depth:
            self.depth -= 1
            if not self.depth:
                self.column += 1
                if self.filled:
                    self.rows = max(self.rows, self.cell[0] + 1)
                    self.columns = max(self.columns, self.cell[1] + 1)
            return
        if self.state != 1:
            return
        if ":" in tag:
            tag = tag.partition(":")[2]
        if tag == "row":
            self.row += 1
            self.column = 0
        elif tag == "sheetData":
            self.state = 2


def _scan_sheet_exact(archive: _Archive, info: zipfile.ZipInfo, name: str) -> SheetExtent:
    scan = _SheetScan(archive, info)
    _parse_stream(archive, info, scan.start, scan.end)
    return SheetExtent(name, rows=scan.rows, columns=scan.columns)


# ---- .ods ----------------------------------------------------------------------------------------------

_ODS_VALUES = ("office:value", "office:string-value", "office:date-value", "office:time-value", "office:boolean-value")
_ODS_CELLS = ("table:table-cell", "table:covered-table-cell")


def ods_extents(archive: _Archive) -> list[SheetExtent]:
    """Every table of content.xml (calamine reads them all on opening), the first named one first."""
    mimetype = archive.member("mimetype")
    if mimetype is None or archive.read_small(mimetype).strip() != ODS_MIMETYPE:
        raise UploadRejected(NOT_REALLY[".ods"])
    content = archive.member("content.xml")
    if content is None:
        raise archive.damaged("ไม่พบ content.xml")
    for info in archive.zip.infolist():
        if info not in (mimetype, content):
            archive.drain(info)
    scan = _OdsScan(archive)
    _parse_stream(archive, content, scan.start, scan.end)
    named = [extent for extent, has_name in scan.tables if has_name]
    others = [extent for extent, has_name in scan.tables if not has_name]
    return named + others


class _OdsScan:
    """Rows and columns as calamine counts them: number-rows-repeated and number-columns-repeated
    repeat a row or cell; a cell holds a value when it has a value attribute, a formula, or is of type
    string. Empty repeats (LibreOffice ends every sheet with a row repeated a million times and every row
    with an empty cell repeated to column 1024 or 16384) only move the position: they reach the extent
    only when a cell with a value comes after them."""

    def __init__(self, archive: _Archive):
        self.archive = archive
        self.tables: list[tuple[SheetExtent, bool]] = []
        self.table: SheetExtent | None = None
        self.named = False
        self.skip = 0  # > 0 inside a cell: what a cell holds is not rows or cells of the table
        self.row = self.repeat = self.column = self.width = 0

    def count(self, value: str | None) -> int:
        if value is None:
            return 1
        if not value.isdigit():
            raise self.archive.damaged(f'จำนวนที่ซ้ำ "{value[:20]}"')
        return int(value)

    def start(self, tag, attrs):
        if self.skip:
            self.skip += 1
            return
        if tag == "table:table":
            if self.table is None:
                self.table = SheetExtent(attrs.get("table:name") or f"แผ่นงานที่ {len(self.tables) + 1}")
                self.named = "table:name" in attrs
                self.row = 0
            return
        if self.table is None:
            return
        if tag == "table:table-row":
            self.repeat = self.count(attrs.get("table:number-rows-repeated"))
            self.column = self.width = 0
        elif tag in _ODS_CELLS:
            repeat = self.count(attrs.get("table:number-columns-repeated"))
            if (
                any(name in attrs for name in _ODS_VALUES)
                or attrs.get("office:value-type") == "string"
                or attrs.get("table:formula")
            ):
                self.width = self.column + repeat
            self.column += repeat
            self.skip = 1

    def end(self, tag):
        if self.skip:
            self.skip -= 1
            return
        if self.table is None:
            return
        if tag == "table:table-row":
            if self.width:
                self.table.columns = max(self.table.columns, self.width)
                self.table.rows = self.row + self.repeat
            self.row += self.repeat
        elif tag == "table:table":
            self.tables.append((self.table, self.named))
            self.table = None


# ---- .xls ----------------------------------------------------------------------------------------------

ENDOFCHAIN, DIFSECT, RESERVED_SECTORS = 0xFFFFFFFE, 0xFFFFFFFC, 0xFFFFFFFA
# calamine reserves room for a DIFAT from a header field it reads at the wrong offset; in a real file
# (mini FAT of at most a few sectors) it stays far below this many 4-byte entries.
MAX_DIFAT_RESERVE = 1 << 26
# BIFF records that place one cell (row and column in their first four bytes); MULRK places a run.
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
MULRK, DIMENSIONS, BOF, EOF, BOUNDSHEET, FILEPASS = 0x00BD, 0x0200, 0x0809, 0x000A, 0x0085, 0x002F
_TWO_U16 = struct.Struct("<HH")


def _damaged_xls(detail: str = "") -> UploadRejected:
    return UploadRejected(DAMAGED[".xls"] + (f" ({detail})" if detail else ""))


def _u32_array(data: bytes) -> array:
    table = array("I")
    table.frombytes(data[: len(data) // 4 * 4])
    if sys.byteorder == "big":
        table.byteswap()
    return table


def _workbook_stream(path: Path) -> bytes:
    """The Workbook stream of an Excel 97–2003 file (an OLE2 compound file), read as calamine reads it,
    with every chain of sectors checked for loops and every count in the header for what the file holds."""
    data = path.read_bytes()  # at most IMPORT_MAX_UPLOAD_BYTES
    if len(data) < 512:
        raise _damaged_xls()
    header = data[:512]
    sector_shift, mini_shift = struct.unpack_from("<HH", header, 30)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _damaged_xls()
    size = 1 << sector_shift
    last_sector = len(data) // size
    fat_sectors, directory_start = struct.unpack_from("<II", header, 44)
    mini_fat_start, mini_fat_sectors, difat_start = struct.unpack_from("<III", header, 60)
    # Counts calamine allocates for before reading anything.
    if fat_sectors > last_sector or mini_fat_sectors > last_sector:
        raise _damaged_xls()
    if struct.unpack_from("<I", header, 62)[0] > MAX_DIFAT_RESERVE:
        raise _damaged_xls()

    def sector(number: int) -> bytes:
        if number > last_sector:
            raise _damaged_xls()
        return data[(number + 1) * size : (number + 2) * size]

    difat = list(struct.unpack_from("<109I", header, 76))
    seen = set()
    number = difat_start
    while number < RESERVED_SECTORS:
        if number in seen:
            raise _damaged_xls()
        seen.add(number)
        entries = _u32_array(sector(number))
        if not entries:
            raise _damaged_xls()
        difat.extend(entries[:-1])
        number = entries[-1]
    fat_numbers = [number for number in difat if number < DIFSECT]
    if len(fat_numbers) > last_sector + 1:
        raise _damaged_xls()
    fat = _u32_array(b"".join(sector(number) for number in fat_numbers))

    def chain(start: int, table: array, length: int, read) -> bytes:
        out, seen, number = bytearray(), set(), start
        while number != ENDOFCHAIN:
            if number in seen:  # a loop: calamine would read it forever
                raise _damaged_xls()
            seen.add(number)
            out += read(number)[: length - len(out)]
            if len(out) >= length:
                break
            if number >= len(table):
                raise _damaged_xls()
            number = table[number]
        return bytes(out)

    directory = chain(directory_start, fat, len(data), sector)
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        name = entry[:64].decode("utf-16-le", errors="replace").split("\x00", 1)[0]
        start = struct.unpack_from("<I", entry, 116)[0]
        length = struct.unpack_from("<I" if size == 512 else "<Q", entry, 120)[0]
        entries.append((name, start, length))
    if not entries:
        raise _damaged_xls()
    mini_stream, mini_fat = b"", array("I")
    if mini_fat_sectors:
        mini_stream = chain(entries[0][1], fat, entries[0][2], sector)
        mini_fat = _u32_array(chain(mini_fat_start, fat, mini_fat_sectors * size, sector))

    def mini_sector(number: int) -> bytes:
        if (number + 1) * 64 > len(mini_stream):
            raise _damaged_xls()
        return mini_stream[number * 64 : (number + 1) * 64]

    for wanted in ("Workbook", "Book", "WORKBOOK", "BOOK"):
        for name, start, length in entries:
            if name == wanted:
                if length < 4096:
                    return chain(start, mini_fat, length, mini_sector)
                return chain(start, fat, length, sector)
    raise UploadRejected(NOT_REALLY[".xls"])


def _dimension_cells(record: bytes) -> int:
    """The cells calamine reserves for a DIMENSIONS record, with its unsigned 32-bit arithmetic: a last
    row before the first one wraps round to four billion rows."""
    if len(record) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", record)
    elif len(record) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", record)
    else:
        raise _damaged_xls("DIMENSIONS")
    if first_column > 0xFF or last_column < first_column:
        first_column = 0
    if last_row >= 1 and last_column >= 1:
        end_row, end_column = last_row - 1, last_column - 1
    else:
        end_row, end_column = first_row, first_column
    rows = ((end_row - first_row) % 2**32 + 1) % 2**32
    columns = ((end_column - first_column) % 2**32 + 1) % 2**32
    return rows * columns


def _records(stream: bytes, position: int):
    """(type, position of the data, length) of each BIFF record from `position` on."""
    end = len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        if position + 4 + length > end:
            raise _damaged_xls()
        yield kind, position + 4, length
        position += 4 + length


def _sheet_name(stream: bytes, data: int, length: int, biff8: bool, number: int) -> str:
    try:
        count = stream[data + 6]
        if biff8:
            wide = stream[data + 7] & 1
            raw = stream[data + 8 : data + 8 + count * (2 if wide else 1)]
            return raw.decode("utf-16-le" if wide else "latin-1")
        return stream[data + 7 : data + 7 + count].decode("cp874", errors="replace")
    except (IndexError, UnicodeDecodeError):
        return f"แผ่นงานที่ {number}"


def xls_extents(path: Path) -> list[SheetExtent]:
    """Every sheet (calamine reads them all when it opens an .xls), in workbook order: the cells each
    places, and what its DIMENSIONS records make calamine reserve."""
    stream = _workbook_stream(path)
    sheets, biff8 = [], True
    for kind, data, length in _records(stream, 0):
        if kind == BOF and length >= 2:
            biff8 = struct.unpack_from("<H", stream, data)[0] == 0x0600
        elif kind == FILEPASS and length >= 2 and struct.unpack_from("<H", stream, data)[0] != 0:
            raise UploadRejected("ไฟล์ Excel นี้ตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกแล้วบันทึกใหม่")
        elif kind == BOUNDSHEET and length >= 6:
            position = struct.unpack_from("<I", stream, data)[0]
            sheets.append((position, _sheet_name(stream, data, length, biff8, len(sheets) + 1)))
        elif kind == EOF:
            break
    return [_xls_sheet(stream, position, name) for position, name in sheets]


def _xls_sheet(stream: bytes, position: int, name: str) -> SheetExtent:
    if position >= len(stream):
        raise _damaged_xls()
    extent = SheetExtent(name)
    rows = columns = 0
    depth, started = 0, False
    two = _TWO_U16.unpack_from
    end = len(stream)
    # Records of substreams inside the sheet (embedded charts) count too: older calamine read them.
    while position + 4 <= end:
        kind, length = two(stream, position)
        data, position = position + 4, position + 4 + length
        if position > end:
            raise _damaged_xls()
        if kind in _CELL_RECORDS:
            if length >= 4:
                row, column = two(stream, data)
                if row >= rows:
                    rows = row + 1
                if column >= columns:
                    columns = column + 1
        elif kind == MULRK:
            if length >= 6:
                row, first = two(stream, data)
                last = two(stream, position - 4)[1]
                rows, columns = max(rows, row + 1), max(columns, first + 1, last + 1)
        elif kind == DIMENSIONS:
            extent.declared = max(extent.declared, _dimension_cells(stream[data:position]))
        elif kind == BOF:
            depth += started
            started = True
        elif kind == EOF:
            if not depth:
                break
            depth -= 1
    extent.rows, extent.columns = rows, columns
    return extent
