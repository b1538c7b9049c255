import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cardholders.models import Cardholder, ImportJob

from .builders import ROSTER_HEADER
from .conftest import valid_national_id


@pytest.fixture(autouse=True)
def inline_imports(settings, tmp_path):
    settings.IMPORTS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path


def _csv(rows):
    lines = [",".join(ROSTER_HEADER)] + [",".join(map(str, row)) for row in rows]
    return SimpleUploadedFile("roster.csv", ("\n".join(lines) + "\n").encode("utf-8-sig"), content_type="text/csv")


def _row(n, first="สมชาย", subdistrict=520101):
    return [valid_national_id(n), "นาย", first, "ใจดี", "", "", "", "", subdistrict]


def test_it_previews_then_imports_on_confirm(client, province_user):
    client.force_login(province_user)
    response = client.post(reverse("import_upload"), {"kind": "roster", "file": _csv([_row(1), _row(2)])})
    job = ImportJob.objects.get()
    assert response.url == reverse("import_job", args=[job.pk])
    assert job.status == "previewed" and job.created == 2
    assert Cardholder.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "ยืนยันนำเข้า" in page
    client.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and Cardholder.objects.count() == 2


def test_it_shows_row_errors_and_offers_them_as_a_workbook(client, province_user):
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": _csv([_row(1), _row(2, first="")])})
    job = ImportJob.objects.get()
    assert job.status == "rejected"
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "พบข้อผิดพลาด 1 รายการ" in page and "ชื่อ" in page
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("import_job_errors", args=[job.pk])).content))
    rows = list(workbook.active.values)
    assert rows[0] == ("แถวที่", "คอลัมน์", "ข้อผิดพลาด") and rows[1][:2] == (3, "ชื่อ")
    client.post(reverse("import_job_confirm", args=[job.pk]))
    assert Cardholder.objects.count() == 0


def test_it_reports_progress_as_json(client, province_user):
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": _csv([_row(1)])})
    data = client.get(reverse("import_job_status", args=[ImportJob.objects.get().pk])).json()
    assert data["status"] == "previewed" and data["running"] is False and data["percent"] == 100


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("roster.xlsx", b"not a zip at all", "ไม่ใช่ไฟล์ Excel"),
        ("roster.csv", b"PK\x03\x04binary", "ไม่ใช่ไฟล์ CSV"),
        ("roster.exe", b"MZ", "รองรับเฉพาะไฟล์ .xlsx, .xls, .ods และ .csv"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(client, province_user, name, content, message):
    client.force_login(province_user)
    response = client.post(
        reverse("import_upload"), {"kind": "roster", "file": SimpleUploadedFile(name, content)}, follow=True
    )
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit(client, province_user, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    client.force_login(province_user)
    response = client.post(
        reverse("import_upload"), {"kind": "roster", "file": _csv([_row(n) for n in range(1, 20)])}, follow=True
    )
    assert "ไฟล์ใหญ่เกิน" in response.content.decode()


def test_another_user_cannot_see_or_confirm_my_job(client, province_user, outsider):
    client.force_login(province_user)
    client.post(reverse("import_upload"), {"kind": "roster", "file": _csv([_row(1)])})
    job = ImportJob.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("import_job_confirm", args=[job.pk])).status_code == 404
    assert client.get(reverse("import_job_errors", args=[job.pk])).status_code == 404


def test_agency_users_import_progress_and_their_decisions_but_not_rosters(client, unit_user):
    client.force_login(unit_user)
    assert list(client.get(reverse("import_upload")).context["kinds"]) == ["progress", "delegated"]
    response = client.post(reverse("import_upload"), {"kind": "roster", "file": _csv([_row(1)])}, follow=True)
    assert "นำเข้าข้อมูลประเภทนี้ไม่ได้" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_an_ao_cannot_import(client, db):
    from welfare_portal.models import Role

    from .conftest import make_user

    client.force_login(make_user("ao52", Role.AO, province_id=52))
    assert client.get(reverse("import_upload")).status_code == 403


def test_the_preview_shows_the_first_rows_as_they_will_be_written_with_ids_masked(client, province_user):
    client.force_login(province_user)
    rows = [_row(n, first=f"คนที่{n}") for n in range(1, 26)]
    client.post(reverse("import_upload"), {"kind": "roster", "file": _csv(rows)})
    job = ImportJob.objects.get()
    page = client.get(reverse("import_job", args=[job.pk]))
    assert len(page.context["preview_rows"]) == 20
    html = page.content.decode()
    assert "คนที่1" in html and "คนที่20" in html and "คนที่21" not in html
    first_id = valid_national_id(1)
    assert f"{first_id[0]}-{first_id[1:5]}-xxxxx-xx-{first_id[12]}" in html and first_id not in html
    assert page.context["preview_rows"][0][0] == 2  # Excel's row number
    client.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.preview == []  # no copy of the rows kept once imported


def test_central_sees_full_ids_in_the_preview(client, central):
    client.force_login(central)
    client.post(reverse("import_upload"), {"kind": "roster", "file": _csv([_row(1)])})
    html = client.get(reverse("import_job", args=[ImportJob.objects.get().pk])).content.decode()
    first_id = valid_national_id(1)
    assert f"{first_id[0]}-{first_id[1:5]}-{first_id[5:10]}-{first_id[10:12]}-{first_id[12]}" in html
