import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from matching.models import Assignment
from matching.services import matching_run_confirm, matching_run_create, progress_record
from welfare_portal.models import DevelopmentUnit, Province

from .conftest import SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN
from .matching_builders import applicant, project


def _report(*args):
    out = io.StringIO()
    call_command("report", "4.2", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _progress(person, status, started=datetime.date(2018, 7, 1), ended=None):
    assignment = Assignment.objects.get(cardholder=person)
    progress_record(
        cardholder=person, assignment=assignment, unit=assignment.unit, project=assignment.project,
        province=assignment.development_province, status=status, started_on=started, ended_on=ended, user=None,
    )  # fmt: skip


@pytest.fixture
def lampang_people(db, central):
    people = {
        "waiting": applicant("CDD01"),
        "started": applicant("CDD01"),
        "done": applicant("CDD02", subdistrict=SUBDISTRICT_NGAO),
        "failed": applicant("DSD01"),
        "notified": applicant("DSD01"),
    }
    applicant("RICE01")  # wants development, never assigned
    applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)  # another province
    matching_run_create(province=Province.objects.get(code=52), user=central)
    run = matching_run_create(province=Province.objects.get(code=52), user=central)
    run.entries.filter(project__code="RICE01").update(project=None, rank=None)
    matching_run_confirm(run=run, user=central)
    _progress(people["started"], "in_progress")
    _progress(people["done"], "completed", ended=datetime.date(2018, 9, 30))
    _progress(people["failed"], "not_completed", ended=datetime.date(2018, 9, 30))
    _progress(people["notified"], "notified", started=None)
    return people


def test_it_counts_people_by_development_status_per_district(lampang_people):
    rows = _report("--province", "52")
    assert rows[0] == ["รหัส", "อำเภอ", "จำนวนผู้ต้องการพัฒนา (รวมทุกหน่วยงานพัฒนา)", "หน่วยงานพัฒนา",
                       "ยังไม่ได้พัฒนา", "อยู่ระหว่างการพัฒนา", "พัฒนาเสร็จแล้ว", "พัฒนาไม่เสร็จสิ้น", "รวม"]  # fmt: skip
    assert rows[1] == ["5201", "เมืองลำปาง", "5", "ทุกหน่วยงาน", "2", "1", "0", "1", "4"]
    assert rows[5] == ["5205", "งาว", "1", "ทุกหน่วยงาน", "0", "0", "1", "0", "1"]
    assert rows[-1] == ["รวม", "", "6", "ทุกหน่วยงาน", "2", "1", "1", "1", "5"]


def test_it_filters_by_agency_and_by_district_code(lampang_people):
    cdd = _report("--province", "52", "--unit", "CDD")
    assert cdd[-1] == ["รวม", "", "6", "กรมการพัฒนาชุมชน", "1", "1", "1", "0", "3"]
    one = _report("--district", "5205")
    assert [row[0] for row in one] == ["รหัส", "5205", "รวม"]
    provinces = _report()
    lampang = next(row for row in provinces if row[0] == "52")
    assert lampang[2:] == ["6", "ทุกหน่วยงาน", "2", "1", "1", "1", "5"]
    assert provinces[-1][2] == "7"  # Samut Prakan's applicant wants development too


def test_sums_add_up_across_levels(lampang_people):
    districts = _report("--province", "52")
    provinces = _report()
    lampang = next(row for row in provinces if row[0] == "52")
    assert districts[-1][2:] == lampang[2:]


def test_each_count_drills_down_to_its_names_and_exports_the_developed_list(client, lampang_people, province_user):
    client.force_login(province_user)
    url = reverse("menu_page", args=["4.2"])
    table = client.get(url).context["table"]
    in_progress_link = table.cell_links[0][3]
    listing = client.get(url + "?" + in_progress_link)
    assert [p.pk for _, p in listing.context["rows"]] == [lampang_people["started"].pk]
    response = client.get(url, {"district": 5201, "list": "1", "status": "developed", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)[2:]  # below the two title rows
    assert rows[0][-4:] == ("โครงการ", "สถานะ", "วันที่เริ่ม", "วันที่เสร็จ")
    assert [r[2] for r in rows[1:-1]] == [lampang_people["started"].full_name]
    assert rows[1][-3] == "อยู่ระหว่างการพัฒนา" and not rows[1][-1]
    started = sheet.cell(4, len(rows[0]) - 1)
    assert started.is_date and started.value.date() == datetime.date(2018, 7, 1)
    assert "[$-th-TH,107]" in started.number_format


def test_the_outsider_sees_no_lampang_counts(client, lampang_people, outsider):
    client.force_login(outsider)
    table = client.get(reverse("menu_page", args=["4.2"]), {"province": 52}).context["table"]
    assert table.rows[0][1] != "เมืองลำปาง" and table.total[-1] == 0


def test_the_province_result_report_is_a_formatted_workbook(client, lampang_people, province_user):
    client.force_login(province_user)
    response = client.get(reverse("province_result"), {"province": 52})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "แบบรายงานผลการดำเนินงาน" in sheet["A1"].value and "ลำปาง" in sheet["A2"].value
    header = [cell.value for cell in sheet[4]]
    assert header[:2] == ["ที่", "อำเภอ"] and header[-1] == "รวม"
    cdd01 = header.index(project("CDD01").name_th)
    first = [cell.value for cell in sheet[5]]
    assert first[:2] == [1, "เมืองลำปาง"] and first[cdd01] == 2 and first[-1] == 4
    total = [cell.value for cell in sheet[5 + 13]]
    assert total[0] == "รวม" and total[-1] == 5
    assert sheet["A4"].font.bold and sheet["A4"].border.left.style == "thin"


def test_the_province_result_of_another_province_is_empty_for_the_outsider(client, lampang_people, outsider):
    client.force_login(outsider)
    response = client.get(reverse("province_result"), {"province": 52})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "สมุทรปราการ" in sheet["A2"].value  # a province account only ever gets its own


def test_an_agency_cannot_download_the_province_result(client, lampang_people):
    from welfare_portal.models import Role

    from .conftest import make_user

    client.force_login(make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD")))
    assert client.get(reverse("province_result"), {"province": 52}).status_code == 403
