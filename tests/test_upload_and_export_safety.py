import csv
import io
import os
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cardholders.importers import RosterImporter
from cardholders.models import Cardholder, ImportJob

from .builders import ROSTER_HEADER, write_csv, write_xlsx
from .conftest import make_cardholder, valid_national_id

FORMULA = '=HYPERLINK("http://evil.example/","คลิก")'


@pytest.fixture(autouse=True)
def inline(settings, tmp_path):
    settings.IMPORTS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path


def test_formulas_in_names_come_back_as_text_in_csv_and_xlsx(client, central):
    make_cardholder(title="", first_name=FORMULA, last_name="+SUM(A1:A9)", phone="@cmd", village="-2+3")
    client.force_login(central)
    url = reverse("menu_page", args=["1.2"])
    response = client.get(url, {"province": 52, "district": 5201, "format": "csv"})
    row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1]
    assert row[2].startswith("'") and FORMULA.split("(")[0] in row[2]
    assert row[3] == "'@cmd" and row[6] == "'-2+3"
    response = client.get(url, {"province": 52, "district": 5201, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    name = sheet.cell(2, 3)
    assert name.data_type == "s" and name.value.startswith("'=HYPERLINK")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_50_mb_junk_file_is_refused_and_nothing_written(client, central):
    client.force_login(central)
    junk = SimpleUploadedFile("roster.xlsx", os.urandom(50 * 1024 * 1024))
    response = client.post(reverse("import_upload"), {"kind": "roster", "file": junk}, follow=True)
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) จริง" in response.content.decode()
    assert ImportJob.objects.count() == 0 and Cardholder.objects.count() == 0


def test_a_file_over_the_limit_is_refused(client, central, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(central)
    big = SimpleUploadedFile("roster.csv", b"a," * (600 * 1024))
    response = client.post(reverse("import_upload"), {"kind": "roster", "file": big}, follow=True)
    assert "ไฟล์ใหญ่เกิน 1 MB" in response.content.decode() and ImportJob.objects.count() == 0


def test_a_zip_bomb_dressed_as_xlsx_is_refused_before_parsing(client, central):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    client.force_login(central)
    upload = SimpleUploadedFile("roster.xlsx", buffer.getvalue())
    started = time.monotonic()
    response = client.post(reverse("import_upload"), {"kind": "roster", "file": upload}, follow=True)
    assert "ขยายตัวผิดปกติ" in response.content.decode()
    assert time.monotonic() - started < 10 and ImportJob.objects.count() == 0


def test_an_xlsx_with_entity_expansion_is_not_expanded(db, tmp_path):
    path = write_xlsx(
        tmp_path / "plain.xlsx", ROSTER_HEADER, [[valid_national_id(1), "นาย", "XXE", "ใจดี", "", "", "", "", 520101]]
    )
    crafted = tmp_path / "crafted.xlsx"
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
        + "]>"
    )
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(crafted, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                text = data.decode()
                text = text.replace("?>", "?>" + laughs, 1).replace(">XXE<", ">&lol9;<")
                data = text.encode()
            target.writestr(item, data)
    started = time.monotonic()
    result = RosterImporter().run(crafted)
    assert time.monotonic() - started < 10
    if result.ok:  # read as literal text at most, never a billion laughs
        assert len(Cardholder.objects.get().first_name) < 200
    else:
        assert result.errors[0].row == 0 or result.errors[0].column
        assert Cardholder.objects.count() == 0


def test_defusedxml_guards_openpyxl():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_csv_saved_by_thai_windows_excel_in_windows_874_is_read(db, tmp_path):
    path = tmp_path / "tis620.csv"
    row = [valid_national_id(7), "นางสาว", "สายสุนีย์", "ศรีวงศ์", "", "", "", "บ้านหนองบัว", "520101"]
    path.write_bytes(("\r\n".join([",".join(ROSTER_HEADER), ",".join(row)]) + "\r\n").encode("cp874"))
    result = RosterImporter().run(path)
    assert result.ok and result.created == 1, result.errors
    person = Cardholder.objects.get()
    assert (person.title, person.first_name, person.village) == ("นางสาว", "สายสุนีย์", "บ้านหนองบัว")


def test_a_csv_in_neither_utf8_nor_windows_874_gets_a_clear_message(db, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(",".join(ROSTER_HEADER).encode("utf-8") + b"\n\xdb\xfc,\xff\n")  # bytes cp874 leaves unused
    result = RosterImporter().run(path)
    assert "UTF-8" in result.errors[0].message and "Windows-874" in result.errors[0].message


def test_writing_a_csv_keeps_thai_text(db, tmp_path):
    path = write_csv(
        tmp_path / "r.csv", ROSTER_HEADER, [[valid_national_id(5), "นาง", "มาลี", "ศรีสุข", "", "", "", "", 520101]]
    )
    assert RosterImporter().run(path).created == 1
    assert Cardholder.objects.get().first_name == "มาลี"
