"""The upload check every import file passes before it is parsed (cardholders/importers/uploads.py): the four
formats, content that disagrees with its extension, zip bombs, and the extent of the table a reader would
allocate (issue #16: one cell at XFD1048576 in a 5 KB workbook made python-calamine ask for 512 GiB)."""

import resource
import struct
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
import xlwt
from python_calamine import CalamineWorkbook

from cardholders.importers.uploads import (
    SheetExtent,
    UploadRejected,
    check_upload_file,
    workbook_extents,
    xls_extents,
)

from .builders import ROSTER_HEADER, write_csv, write_xlsx

ROW = ["3100000000011", "นาย", "สมชาย", "ใจดี", "0812345678", "12/3", "4", "บ้านทุ่ง", "520101"]


def check(path, name=None):
    return check_upload_file(name or path.name, path, path.stat().st_size)


def refusal(path, name=None) -> str:
    with pytest.raises(UploadRejected) as refused:
        check(path, name)
    return str(refused.value)


def calamine_extent(path) -> tuple[int, int]:
    """Rows and columns of the first sheet as the importers read it (base.py: skip_empty_area=False)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    return len(rows), max((len(row) for row in rows), default=0)


# ---- building files ------------------------------------------------------------------------------------


def write_xls(path, sheets):
    """sheets: {name: {(row, column): value}} (0-based), written by xlwt as Excel 97-2003 writes them."""
    workbook = xlwt.Workbook(encoding="utf-8")
    for name, cells in sheets.items():
        sheet = workbook.add_sheet(name)
        for (row, column), value in cells.items():
            sheet.write(row, column, value)
    workbook.save(str(path))
    return path


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods_row(cells, *, repeat=1, trailing=1010) -> str:
    """A row as LibreOffice writes it: its cells, then an empty cell repeated to the sheet's last column."""
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    tail = f'<table:table-cell table:number-columns-repeated="{trailing}"/>' if trailing else ""
    return f"<table:table-row{repeated}>{''.join(_ods_cell(v) for v in cells)}{tail}</table:table-row>"


LIBREOFFICE_END = (  # every LibreOffice sheet ends with an empty row repeated to row 1,048,576
    '<table:table-row table:number-rows-repeated="1048550"><table:table-cell table:number-columns-repeated="1024"/>'
    "</table:table-row>"
)


def write_ods(path, tables, *, mimetype="application/vnd.oasis.opendocument.spreadsheet", content=None):
    """tables: {name: [row XML, ...]}; written by hand as LibreOffice lays out an .ods."""
    body = "".join(
        f'<table:table table:name="{escape(name)}"><table:table-column table:number-columns-repeated="1024"/>'
        + "".join(rows)
        + "</table:table>"
        for name, rows in tables.items()
    )
    content = content or (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_raw_xlsx(path, sheet_data, *, prefix="", shared_strings=None):
    """An .xlsx with this <sheetData> content written by hand (what no spreadsheet program would write)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns{':' + prefix if prefix else ''}"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}="{main}"><{p}sheetData>{sheet_data}'
        f"</{p}sheetData></{p}worksheet>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
        '<sheets><sheet name="ข้อมูล" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    strings_rel = f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/>{strings_rel if shared_strings else ""}</Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def inline(ref, text, prefix="") -> str:
    p = f"{prefix}:" if prefix else ""
    where = f' r="{ref}"' if ref else ""
    return f'<{p}c{where} t="inlineStr"><{p}is><{p}t>{escape(text)}</{p}t></{p}is></{p}c>'


# ---- the extent: the two files -----------------------------------------------------------------


def test_it_refuses_a_small_xlsx_with_a_cell_at_xfd1048576_quickly_and_without_memory(tmp_path):
    path = tmp_path / "roster.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(ROSTER_HEADER)
    workbook.active.cell(row=1_048_576, column=16_384, value=1)
    workbook.save(path)
    assert path.stat().st_size < 10_000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    tracemalloc.start()
    started = time.perf_counter()
    message = refusal(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "XFD" in message and "16,384" in message and "200 คอลัมน์" in message
    assert elapsed < 2
    assert peak < 32 * 1024 * 1024  # python-calamine would have asked for 512 GiB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 256 * 1024


def test_it_refuses_a_stray_cell_at_z1000000_naming_the_rectangle_and_the_limit(tmp_path):
    path = tmp_path / "roster.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(ROSTER_HEADER)
    workbook.active.append(ROW)
    workbook.active["Z1000000"] = "x"
    workbook.save(path)
    message = refusal(path)
    assert "A1 ถึง Z1000000" in message and "26,000,000 ช่อง" in message and "20,000,000 ช่อง" in message


def test_it_refuses_too_many_rows_or_columns_as_the_settings_say(tmp_path, settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS = 3, 9
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, [ROW] * 3)
    assert check(path) == ".xlsx"
    assert "เกินกำหนด 3 แถวข้อมูล" in refusal(write_xlsx(tmp_path / "s.xlsx", ROSTER_HEADER, [ROW] * 4))
    wide = write_xlsx(tmp_path / "w.xlsx", [*ROSTER_HEADER, "หมายเหตุ"], [ROW])
    assert "คอลัมน์ J (คอลัมน์ที่ 10) เกินกำหนด 9 คอลัมน์" in refusal(wide)


# ---- the four formats, and content that disagrees with its name ----------------------------------------


def test_it_accepts_a_normal_file_of_each_format(tmp_path):
    assert check(write_xlsx(tmp_path / "a.xlsx", ROSTER_HEADER, [ROW, ROW])) == ".xlsx"
    assert check(write_csv(tmp_path / "a.csv", ROSTER_HEADER, [ROW])) == ".csv"
    cells = {(0, c): name for c, name in enumerate(ROSTER_HEADER)} | {(1, c): v for c, v in enumerate(ROW)}
    assert check(write_xls(tmp_path / "a.xls", {"ข้อมูล": cells})) == ".xls"
    assert (
        check(write_ods(tmp_path / "a.ods", {"ข้อมูล": [ods_row(ROSTER_HEADER), ods_row(ROW), LIBREOFFICE_END]}))
        == ".ods"
    )
    assert check(tmp_path / "a.xlsx", name="ROSTER.XLSX") == ".xlsx"


def test_it_refuses_other_extensions_and_content_that_disagrees_with_the_extension(tmp_path):
    xlsx = write_xlsx(tmp_path / "a.xlsx", ROSTER_HEADER, [ROW])
    xls = write_xls(tmp_path / "a.xls", {"ข้อมูล": {(0, 0): "x"}})
    ods = write_ods(tmp_path / "a.ods", {"ข้อมูล": [ods_row(["x"])]})
    csv = write_csv(tmp_path / "a.csv", ROSTER_HEADER, [ROW])
    html = tmp_path / "report.xls"
    html.write_text("<html><body><table><tr><td>x</td></tr></table></body></html>")
    assert "รองรับเฉพาะไฟล์ .xlsx, .xls, .ods และ .csv" in refusal(xlsx, name="roster.txt")
    assert "รองรับเฉพาะ" in refusal(xlsx, name="roster")
    assert "ไม่ใช่ไฟล์ Excel 97–2003 (.xls) จริง" in refusal(xlsx, name="a.xls")
    assert "อาจเป็นหน้าเว็บ" in refusal(html)
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) จริง" in refusal(xls, name="a.xlsx")
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) จริง" in refusal(ods, name="a.xlsx")
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) จริง" in refusal(csv, name="a.xlsx")
    assert "ไม่ใช่ไฟล์ OpenDocument Spreadsheet (.ods) จริง" in refusal(xlsx, name="a.ods")
    assert "ไม่ใช่ไฟล์ CSV" in refusal(xlsx, name="a.csv")
    assert "ไม่ใช่ไฟล์ CSV" in refusal(xls, name="a.csv")
    text = write_ods(tmp_path / "t.ods", {"x": []}, mimetype="application/vnd.oasis.opendocument.text")
    assert "ไม่ใช่ไฟล์ OpenDocument Spreadsheet (.ods) จริง" in refusal(text)


def test_it_refuses_a_file_over_the_upload_limit(tmp_path, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    path = write_csv(tmp_path / "a.csv", ROSTER_HEADER, [ROW])
    assert check_upload_file("a.csv", path, 1024 * 1024) == ".csv"
    with pytest.raises(UploadRejected, match="ไฟล์ใหญ่เกิน 1 MB"):
        check_upload_file("a.csv", path, 1024 * 1024 + 1)


def test_it_refuses_zip_bombs_in_xlsx_and_ods(tmp_path):
    bomb = "<!-- " + " " * 30_000_000 + " -->"
    ods = write_ods(
        tmp_path / "bomb.ods",
        {},
        content='<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="o">'
        + bomb
        + "</office:document-content>",
    )
    assert ods.stat().st_size < 100_000
    assert "ขยายตัวผิดปกติ" in refusal(ods)
    assert "ขยายตัวผิดปกติ" in refusal(write_raw_xlsx(tmp_path / "bomb.xlsx", bomb))


def test_it_refuses_broken_archives(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "ไฟล์ Excel เสียหาย" in refusal(path)
    twice = tmp_path / "twice.ods"
    write_ods(twice, {"ข้อมูล": [ods_row(["x"])]})
    with zipfile.ZipFile(twice, "a") as archive:
        archive.writestr("CONTENT.XML", "<x/>")
    assert "มีส่วนประกอบซ้ำกัน" in refusal(twice)


# ---- .ods: repeated rows and columns --------------------------------------------------------------------


def test_it_accepts_libreoffice_trailing_repeated_empty_rows_and_columns(tmp_path):
    path = write_ods(
        tmp_path / "lo.ods",
        {"ข้อมูล": [ods_row(ROSTER_HEADER, trailing=16375), ods_row(ROW, repeat=3), LIBREOFFICE_END], "อื่น ๆ": []},
    )
    assert check(path) == ".ods"
    first = workbook_extents(path, ".ods")[0]
    assert (first.name, first.rows, first.columns) == ("ข้อมูล", 4, 9)
    assert calamine_extent(path) == (4, 9)


def test_it_counts_repeated_ods_rows_and_cells_that_hold_values(tmp_path):
    rows = tmp_path / "rows.ods"
    write_ods(rows, {"ข้อมูล": [ods_row(ROSTER_HEADER), ods_row(ROW, repeat=2_500_000)]})
    assert "แถวที่ 2,500,001 เกินกำหนด 2,000,000 แถวข้อมูล" in refusal(rows)
    columns = tmp_path / "columns.ods"
    cell = '<table:table-cell table:number-columns-repeated="5000" office:value-type="float" office:value="1"/>'
    write_ods(columns, {"ข้อมูล": [ods_row(ROSTER_HEADER), f"<table:table-row>{cell}</table:table-row>"]})
    assert "คอลัมน์ที่ 5,000" in refusal(columns)
    after_a_gap = tmp_path / "gap.ods"
    gap = '<table:table-row table:number-rows-repeated="999998"><table:table-cell/></table:table-row>'
    write_ods(after_a_gap, {"ข้อมูล": [ods_row(ROSTER_HEADER), gap, ods_row([None] * 25 + ["x"])]})
    assert "A1 ถึง Z1000000" in refusal(after_a_gap)


def test_it_counts_every_ods_table_because_all_are_read_when_the_file_opens(tmp_path, settings):
    settings.IMPORT_MAX_CELLS = 100
    small = [ods_row(["x"] * 9, repeat=10)]  # 90 cells
    assert check(write_ods(tmp_path / "one.ods", {"a": small})) == ".ods"
    assert "ทั้งไฟล์รวม 180 ช่อง" in refusal(write_ods(tmp_path / "two.ods", {"a": small, "b": small}))


# ---- .xlsx written by hand: what the fast scan leaves to the exact one ----------------------------------


def test_it_places_cells_without_references_as_the_reader_does(tmp_path):
    cells = "".join(inline(None, "x") for _ in range(26))
    path = write_raw_xlsx(tmp_path / "a.xlsx", f'<row r="1">{inline("A1", "h")}</row><row r="1000000">{cells}</row>')
    assert "A1 ถึง Z1000000" in refusal(path)
    following = f'<row r="5">{inline("C5", "x")}</row><row>{inline(None, "y")}{inline(None, "z")}</row>'
    path = write_raw_xlsx(tmp_path / "b.xlsx", following)
    check(path)
    assert calamine_extent(path) == (6, 3)


def test_it_reads_prefixed_and_commented_sheets_exactly(tmp_path):
    far = f'<x:row r="1">{inline("A1", "h", "x")}</x:row><x:row r="1048576">{inline("XFD1048576", "v", "x")}</x:row>'
    assert "XFD" in refusal(write_raw_xlsx(tmp_path / "prefixed.xlsx", far, prefix="x"))
    near = f'<x:row r="1">{inline("A1", "h", "x")}{inline("I1", "h", "x")}</x:row>'
    assert check(write_raw_xlsx(tmp_path / "near.xlsx", near, prefix="x")) == ".xlsx"
    hidden = (
        f'<row r="1">{inline("A1", "h")}</row><!-- <row r="2"> --><row r="1048576">{inline("XFD1048576", "v")}</row>'
    )
    assert "XFD" in refusal(write_raw_xlsx(tmp_path / "comment.xlsx", hidden))


def test_it_does_not_count_empty_styled_cells_which_the_reader_skips(tmp_path):
    sheet = f'<row r="1">{inline("A1", "h")}{inline("B1", "h")}</row><row r="1048576"><c r="XFD1048576" s="1"/></row>'
    path = write_raw_xlsx(tmp_path / "styled.xlsx", sheet)
    assert check(path) == ".xlsx"
    assert calamine_extent(path) == (1, 2)


def test_it_refuses_a_second_reference_attribute_or_a_doctype(tmp_path):
    twice = write_raw_xlsx(tmp_path / "twice.xlsx", '<row r="1"><c r="A1" r="XFD1"><v>1</v></c></row>')
    assert "เสียหาย" in refusal(twice)
    doctype = tmp_path / "doctype.xlsx"
    write_raw_xlsx(doctype, '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(doctype) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"?><", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><', 1
    )
    with zipfile.ZipFile(doctype, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "เสียหาย" in refusal(doctype)


def test_it_refuses_a_shared_string_count_the_reader_would_reserve_memory_for(tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = f'<sst xmlns="{main}" count="1" uniqueCount="100000000000"><si><t>a</t></si></sst>'
    path = write_raw_xlsx(tmp_path / "sst.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=sst)
    assert "ระบุจำนวนข้อความไว้ 100,000,000,000 รายการ" in refusal(path)


# ---- .xls: every sheet, and the headers that make the reader reserve memory -----------------------------


def test_it_measures_every_xls_sheet_as_the_reader_does(tmp_path):
    path = write_xls(tmp_path / "a.xls", {"ข้อมูล": {(0, 0): "h", (4, 2): 5}, "อื่น": {(9, 7): "x"}})
    sheets = xls_extents(path)
    assert [(s.name, s.rows, s.columns) for s in sheets] == [("ข้อมูล", 5, 3), ("อื่น", 10, 8)]
    assert calamine_extent(path) == (5, 3)
    corners = {(0, 0): "x", (65535, 255): "x"}  # 16,777,216 cells a sheet, all read when the file opens
    far = write_xls(tmp_path / "far.xls", {"ข้อมูล": {(0, 0): "h"}, "อื่น": corners, "อีก": corners})
    assert "A1 ถึง IV65536" in refusal(far) and "ทั้งไฟล์รวม 67,108,866 ช่อง" in refusal(
        far
    )  # with what DIMENSIONS reserves


def _patch_dimensions(path, target, fields):
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # the first DIMENSIONS record (BIFF8: 14 bytes)
    data[at + 4 : at + 18] = struct.pack("<IIHHH", *fields, 0)
    target.write_bytes(bytes(data))
    return target


def test_it_refuses_xls_dimensions_that_would_make_the_reader_reserve_terabytes(tmp_path):
    path = write_xls(tmp_path / "a.xls", {"ข้อมูล": {(0, 0): "h", (1, 1): 2}})
    huge = _patch_dimensions(path, tmp_path / "huge.xls", (0, 0xFFFFFFF0, 0, 0xFF))
    assert "ระบุขนาดตารางไว้ 1,095,216,656,400 ช่อง" in refusal(huge)
    backwards = _patch_dimensions(path, tmp_path / "backwards.xls", (5, 3, 0, 2))  # wraps round in calamine
    assert "ระบุขนาดตารางไว้ 8,589,934,588 ช่อง" in refusal(backwards)


def test_it_refuses_an_xls_whose_sector_chain_loops(tmp_path):
    data = bytearray(write_xls(tmp_path / "a.xls", {"ข้อมูล": {(0, 0): "h"}}).read_bytes())
    fat_sector, directory = struct.unpack_from("<I", data, 0x4C)[0], struct.unpack_from("<I", data, 0x30)[0]
    struct.pack_into("<I", data, (fat_sector + 1) * 512 + directory * 4, directory)  # the directory points to itself
    path = tmp_path / "loop.xls"
    path.write_bytes(bytes(data))
    assert "ไฟล์ Excel เสียหาย" in refusal(path)


def test_it_agrees_with_the_reader_on_the_extent_of_ordinary_files(tmp_path):
    xlsx = tmp_path / "gaps.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["C3"] = "x"
    workbook.active["H40"] = 1
    workbook.save(xlsx)
    ods = write_ods(tmp_path / "gaps.ods", {"s": [ods_row([]), ods_row([None, None, "x"]), ods_row([1], repeat=5)]})
    for path in (xlsx, ods):
        assert check(path)
    assert calamine_extent(xlsx) == (40, 8)
    assert calamine_extent(ods) == (7, 3)
    assert workbook_extents(ods, ".ods")[0] == SheetExtent("s", rows=7, columns=3)
    assert workbook_extents(xlsx, ".xlsx") == [SheetExtent("Sheet", rows=40, columns=8)]


# ---- through the doors: the web upload, the agency's delegated list, and the importers' readers ----------


def _far_cell_workbook(path):
    workbook = openpyxl.Workbook()
    workbook.active.append(ROSTER_HEADER)
    workbook.active.cell(row=1_048_576, column=16_384, value=1)
    workbook.save(path)
    return path


@pytest.mark.parametrize("door", ["imports", "delegated"])
def test_the_far_cell_workbook_is_refused_at_every_upload_door_before_it_is_parsed(
    door, db, client, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from cardholders.models import Cardholder, ImportJob
    from welfare_portal.models import DevelopmentUnit, Role

    from .conftest import make_user

    settings.MEDIA_ROOT = tmp_path
    content = _far_cell_workbook(tmp_path / "far.xlsx").read_bytes()
    if door == "imports":
        client.force_login(make_user("P5200", Role.PROVINCE, province_id=52))
        data, url = {"kind": "roster"}, reverse("import_upload")
    else:
        unit = DevelopmentUnit.objects.get(code="CDD")
        client.force_login(make_user("cdd52", Role.UNIT, province_id=52, unit=unit))
        data, url = {}, reverse("delegated_cases")
    response = client.post(url, {**data, "file": SimpleUploadedFile("far.xlsx", content)}, follow=True)
    job = ImportJob.objects.get()
    assert job.status == "rejected" and "XFD" in job.errors[0][2]
    assert "XFD" in response.content.decode() and Cardholder.objects.count() == 0


def test_a_roster_in_xls_or_ods_imports_like_an_xlsx(db, tmp_path):
    from cardholders.importers import RosterImporter
    from cardholders.models import Cardholder

    from .conftest import valid_national_id

    row = [valid_national_id(11), *ROW[1:]]
    cells = {(0, c): name for c, name in enumerate(ROSTER_HEADER)} | {(1, c): value for c, value in enumerate(row)}
    xls = write_xls(tmp_path / "roster.xls", {"ทะเบียน": cells})
    assert RosterImporter().run(xls, dry_run=True).created == 1
    ods = write_ods(tmp_path / "roster.ods", {"ทะเบียน": [ods_row(ROSTER_HEADER), ods_row(row)]})
    result = RosterImporter().run(ods)
    assert result.ok and result.created == 1, result.errors
    assert Cardholder.objects.get().first_name == "สมชาย"


# ---- one cell of 200 MB (the re-attack of issue 16) ------------------------------------------------------


def _shared_strings(*texts) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in texts)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'
    )


def test_it_refuses_a_cell_longer_than_excel_allows_in_shared_strings_inline_and_ods(tmp_path):
    huge = "ก" * 40_000  # Excel holds at most 32,767 characters a cell
    shared = write_raw_xlsx(
        tmp_path / "shared.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
        shared_strings=_shared_strings("เลขประจำตัวประชาชน", huge),
    )
    inline_file = write_raw_xlsx(tmp_path / "inline.xlsx", f'<row r="1">{inline("A1", huge)}</row>')
    ods = write_ods(tmp_path / "long.ods", {"ข้อมูล": [ods_row([huge])]})
    for path in (shared, inline_file, ods):
        assert "ยาวเกิน 32,767 ตัวอักษร" in refusal(path), path.name


def test_it_accepts_cells_as_long_as_excel_allows(tmp_path):
    long = "ข" * 32_000
    shared = write_raw_xlsx(
        tmp_path / "shared.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        shared_strings=_shared_strings(long),
    )
    check(shared)
    check(write_raw_xlsx(tmp_path / "inline.xlsx", f'<row r="1">{inline("A1", long)}</row>'))


def test_a_csv_cell_past_the_readers_limit_is_a_thai_refusal_that_names_the_row(tmp_path, db):
    from cardholders.importers import RosterImporter

    path = tmp_path / "long.csv"
    path.write_text(",".join(ROSTER_HEADER) + "\n" + ",".join(ROW) + "\n" + "x" * 200_000 + "\n", encoding="utf-8")
    result = RosterImporter().run(path)
    assert not result.ok and result.created == 0
    assert "แถวที่ 3" in result.errors[0].message and "ยาวผิดปกติ" in result.errors[0].message
