import csv
import io

import openpyxl
from django.core.management import call_command
from django.urls import reverse

from .conftest import SUBDISTRICT_MUEANG_LAMPANG, SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN, make_cardholder

URL = reverse("menu_page", args=["1.1"])


def _people():
    for subdistrict, n in ((SUBDISTRICT_MUEANG_LAMPANG, 3), (SUBDISTRICT_NGAO, 2), (SUBDISTRICT_SAMUT_PRAKAN, 4)):
        for _ in range(n):
            make_cardholder(subdistrict)


def _report(*args):
    out = io.StringIO()
    call_command("report", "1.1", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_it_counts_every_province_for_central(client, central):
    _people()
    rows = _report()
    assert rows[0] == ["รหัส", "จังหวัด", "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน)"]
    assert len(rows) == 1 + 77 + 1
    by_code = {row[0]: row for row in rows[1:-1]}
    assert by_code["52"][1:] == ["ลำปาง", "5"] and by_code["11"][2] == "4" and by_code["10"][2] == "0"
    assert rows[-1] == ["รวม", "", "9"]


def test_it_drills_down_to_districts_and_subdistricts(db):
    _people()
    districts = _report("--province", "52")
    assert [row[0] for row in districts[1:-1]] == [str(code) for code in range(5201, 5214)]
    assert districts[1][1:] == ["เมืองลำปาง", "3"] and districts[5][1:] == ["งาว", "2"]
    assert districts[-1] == ["รวม", "", "5"]
    subdistricts = _report("--district", "5201")
    assert subdistricts[1][0] == "520101" and subdistricts[1][2] == "3"


def test_the_page_shows_the_same_table_with_links(client, central):
    _people()
    client.force_login(central)
    html = client.get(URL).content.decode()
    assert "ลำปาง" in html and 'href="?province=52"' in html
    html = client.get(URL, {"province": 52}).content.decode()
    assert "เมืองลำปาง" in html and 'href="?province=52&amp;district=5201"' in html


def test_it_keeps_a_province_user_in_its_province(client, province_user):
    _people()
    client.force_login(province_user)
    response = client.get(URL, {"province": 11})
    html = response.content.decode()
    assert "เมืองลำปาง" in html and "สมุทรปราการ" not in html
    table = response.context["table"]
    assert table.total[-1] == 5
    response = client.get(URL, {"district": 1101})
    assert response.context["table"].total[-1] == 5  # another province's district is ignored


def test_the_outsider_sees_none_of_lampang(client, outsider):
    _people()
    client.force_login(outsider)
    response = client.get(URL, {"province": 52, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "เมืองลำปาง" not in body and "รวม,,4" in body


def test_it_exports_csv_and_xlsx_of_what_the_page_shows(client, central):
    _people()
    client.force_login(central)
    response = client.get(URL, {"province": 52, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[-1] == ["รวม", "", "5"] and len(rows) == 2 + 15  # two title rows, then the table
    assert rows[0][0].startswith("1.1 ") and "จังหวัดลำปาง" in rows[1][0]
    response = client.get(URL, {"province": 52, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()][2:]  # below the two title rows
    assert values[0][2] == "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน)"
    assert values[1] == [5201, "เมืองลำปาง", 3] and values[-1] == ["รวม", None, 5]


def test_the_command_writes_xlsx_to_a_file(db, tmp_path):
    _people()
    target = tmp_path / "r.xlsx"
    call_command("report", "1.1", "--province", "52", "--format", "xlsx", "--output", str(target))
    sheet = openpyxl.load_workbook(target).active
    assert sheet.cell(1, 1).value == "รหัส" and sheet.cell(sheet.max_row, 3).value == 5


def test_it_needs_login(client, db):
    assert client.get(URL).status_code == 302
