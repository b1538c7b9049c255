"""Template workbooks (issue #11): one per kind, its header the importer's columns, its example row importing
for real, its code lists the reference data, offered on the import page to those who may import."""

import openpyxl
import pytest
from django.urls import reverse

from cardholders.importers import IMPORTERS, InterviewImporter, RosterImporter
from cardholders.importers.template_workbooks import EXAMPLE_NATIONAL_ID, TEMPLATES
from cardholders.importers.uploads import check_upload_file
from cardholders.models import Cardholder, Interview
from development.importers import ProgressImporter
from development.models import Progress
from development.progress_rules import STATUS_WORDS
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Project, Province, Role, Subdistrict

from .conftest import make_user

KINDS = ("roster", "interviews", "progress")


def download(client, user, kind, tmp_path):
    client.force_login(user)
    response = client.get(reverse("import_template", args=[kind]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="import-template-{kind}.xlsx"' in response["Content-Disposition"]
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(response.content)
    return path


def sheet_rows(path, title=None):
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheet = workbook[title] if title else workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_offers_each_kinds_template_on_the_import_page(client, province_user):
    client.force_login(province_user)
    page = client.get(reverse("import_upload")).content.decode()
    assert "ดาวน์โหลดแบบฟอร์มตัวอย่าง" in page
    for kind in KINDS:
        assert reverse("import_template", args=[kind]) in page


@pytest.mark.parametrize("kind", KINDS)
def test_it_gives_the_importers_columns_in_the_first_sheet_with_required_ones_marked(
    client, province_user, tmp_path, kind
):
    path = download(client, province_user, kind, tmp_path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames[:2] == ["ข้อมูล", "คำอธิบาย"]
    header, example = sheet_rows(path)[:2]
    columns = IMPORTERS[kind].columns
    assert [name.rstrip("*") for name in header] == list(columns)
    assert [name.endswith("*") for name in header] == [required for _, required in columns.values()]
    assert all(example[i] for i, name in enumerate(header) if name.endswith("*"))  # every required cell filled
    guide = {row[0]: row[2] for row in sheet_rows(path, "คำอธิบาย") if row[0] in columns}
    assert set(guide) == set(columns) and all(guide.values())  # every column explained
    assert check_upload_file(path.name, path, path.stat().st_size) == ".xlsx"  # and it passes the upload check


def test_it_gives_example_rows_that_import_roster_then_interview_then_progress(
    client, province_user, central, tmp_path
):
    roster = download(client, province_user, "roster", tmp_path)
    assert RosterImporter(user=province_user).run(roster, dry_run=True).ok
    result = RosterImporter(user=province_user).run(roster)
    assert result.ok and result.created == 1, result.errors
    person = Cardholder.objects.get(national_id=EXAMPLE_NATIONAL_ID)
    assert person.subdistrict_id == 520101

    interviews = download(client, province_user, "interviews", tmp_path)
    result = InterviewImporter(user=province_user).run(interviews)
    assert result.ok and result.created == 1, result.errors
    interview = Interview.objects.get(cardholder=person)
    first_projects = list(Project.objects.order_by("code")[:3])
    assert [interview.choice_1, interview.choice_2, interview.choice_3] == first_projects

    # Progress rows need an active assignment: the province's matching gives the person their first choice.
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    progress = download(client, province_user, "progress", tmp_path)
    header, example = sheet_rows(progress)[:2]
    assert dict(zip(header, example, strict=True))["โครงการ*"] == first_projects[0].code
    dry = ProgressImporter(user=province_user).run(progress, dry_run=True)
    assert dry.ok and dry.created == 1, dry.errors
    assert not Progress.objects.exists()


def test_it_fits_the_example_to_the_users_province_and_agency(client, outsider, tmp_path):
    header, example = sheet_rows(download(client, outsider, "roster", tmp_path))[:2]
    subdistrict = int(dict(zip(header, example, strict=True))["รหัสตำบล*"])
    assert subdistrict // 10_000 == outsider.province_id and Subdistrict.objects.filter(code=subdistrict).exists()
    unit = make_user("DSD5200", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD"))
    header, example = sheet_rows(download(client, unit, "progress", tmp_path))[:2]
    row = dict(zip(header, example, strict=True))
    assert row["หน่วยงานที่ดำเนินการพัฒนา*"] == "DSD"
    assert Project.objects.get(code=row["โครงการ*"]).unit.code == "DSD"
    assert row["จังหวัดที่ดำเนินการพัฒนา*"] == "52"


def test_it_lists_the_codes_from_the_reference_data(client, central, tmp_path):
    roster = download(client, central, "roster", tmp_path)
    subdistricts = sheet_rows(roster, "ตำบล")
    assert subdistricts[0] == ["รหัสตำบล", "ตำบล", "อำเภอ", "จังหวัด"]
    assert len(subdistricts) - 1 == Subdistrict.objects.count() > 7000
    assert [520101, "เวียงเหนือ", "เมืองลำปาง", "ลำปาง"] in subdistricts

    interviews = download(client, central, "interviews", tmp_path)
    workbook = openpyxl.load_workbook(interviews, read_only=True)
    assert workbook.sheetnames == ["ข้อมูล", "คำอธิบาย", "โครงการ", "สิ่งจำเป็นพื้นฐาน", "ทักษะอาชีพ"]
    projects = sheet_rows(interviews, "โครงการ")
    assert len(projects) - 1 == Project.objects.count()
    cdd01 = Project.objects.get(code="CDD01")
    assert ["CDD01", cdd01.name_th, cdd01.programme, "CDD", cdd01.unit.name_th] in projects

    progress = download(client, central, "progress", tmp_path)
    assert openpyxl.load_workbook(progress, read_only=True).sheetnames == [
        "ข้อมูล",
        "คำอธิบาย",
        "หน่วยงาน",
        "โครงการ",
        "จังหวัด",
        "สถานะ",
    ]
    assert [row[0] for row in sheet_rows(progress, "สถานะ")[1:]] == list(STATUS_WORDS)
    assert len(sheet_rows(progress, "จังหวัด")) - 1 == Province.objects.count()
    guide = "\n".join(str(row[2]) for row in sheet_rows(progress, "คำอธิบาย") if row and len(row) > 2)
    assert "20/6/2561" in guide and "2018-06-20" in guide


def test_it_keeps_reference_text_that_looks_like_a_formula_as_text(client, central, tmp_path):
    Project.objects.filter(code="CDD01").update(name_th='=HYPERLINK("http://x")')
    workbook = openpyxl.load_workbook(download(client, central, "interviews", tmp_path))
    cell = next(row[1] for row in workbook["โครงการ"].iter_rows() if row[0].value == "CDD01")
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_it_gives_templates_only_to_those_who_may_import_that_kind(client, unit_user):
    url = reverse("import_template", args=["roster"])
    assert client.get(url).status_code == 302  # not logged in: to the login page
    client.force_login(make_user("AO5200", Role.AO, province_id=52))
    assert client.get(url).status_code == 403
    client.force_login(unit_user)
    assert client.get(url).status_code == 403  # agencies import progress files only
    assert client.get(reverse("import_template", args=["progress"])).status_code == 200
    assert client.get(reverse("import_template", args=["nothing"])).status_code == 404
    assert set(TEMPLATES) >= set(KINDS)
