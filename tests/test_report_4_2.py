import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from development.services import progress_record
from matching.models import Assignment
from matching.services import matching_run_confirm, matching_run_create
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
        cardholder=person,
        assignment=assignment,
        unit=assignment.unit,
        project=assignment.project,
        province=assignment.development_province,
        status=status,
        started_on=started,
        ended_on=ended,
        user=None,
    )


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
    rows = _report("--province", "52")  # the command acts as central: the province's code and name first
    assert rows[0] == [
        "รหัสจังหวัด",
        "จังหวัด",
        "รหัสอำเภอ",
        "อำเภอ",
        "จำนวนผู้ต้องการพัฒนา (รวมทุกหน่วยงานพัฒนา)",
        "หน่วยงานพัฒนา",
        "ยังไม่ได้แจ้งผู้มีบัตรฯ",
        "แจ้งผู้มีบัตรฯ แล้ว",
        "รวมยังไม่เริ่มพัฒนา",
        "อยู่ระหว่างการพัฒนา",
        "พัฒนาเสร็จแล้ว",
        "พัฒนาไม่เสร็จสิ้น",
        "รวมเริ่มพัฒนาแล้ว",
        "รวม",
    ]
    assert rows[1] == ["52", "ลำปาง", "5201", "เมืองลำปาง", "5", "ทุกหน่วยงาน", "1", "1", "2", "1", "0", "1", "2", "4"]
    assert rows[5] == ["52", "ลำปาง", "5205", "งาว", "1", "ทุกหน่วยงาน", "0", "0", "0", "0", "1", "0", "1", "1"]
    assert rows[-1] == ["รวม", "", "", "", "6", "ทุกหน่วยงาน", "1", "1", "2", "1", "1", "1", "3", "5"]


def test_it_filters_by_agency_and_by_district_code(lampang_people):
    cdd = _report("--province", "52", "--unit", "CDD")
    assert cdd[-1] == ["รวม", "", "", "", "6", "กรมการพัฒนาชุมชน", "1", "0", "1", "1", "1", "0", "2", "3"]
    one = _report("--district", "5205")
    assert [row[2] for row in one[:2]] == ["รหัสอำเภอ", "5205"] and one[-1][0] == "รวม" and len(one) == 3
    provinces = _report()
    assert provinces[0][:2] == ["รหัสจังหวัด", "จังหวัด"]
    lampang = next(row for row in provinces if row[0] == "52")
    assert lampang[2:] == ["6", "ทุกหน่วยงาน", "1", "1", "2", "1", "1", "1", "3", "5"]
    assert provinces[-1][2] == "7"  # Samut Prakan's applicant wants development too


def test_sums_add_up_across_levels(lampang_people):
    districts = _report("--province", "52")
    provinces = _report()
    lampang = next(row for row in provinces if row[0] == "52")
    assert districts[-1][4:] == lampang[2:]


def test_each_count_drills_down_to_its_names_and_exports_the_developed_list(client, lampang_people, province_user):
    client.force_login(province_user)
    url = reverse("menu_page", args=["4.2"])
    table = client.get(url).context["table"]
    assert table.columns[:2] == ["รหัสอำเภอ", "อำเภอ"]  # a province user needs no province column
    in_progress_link = table.cell_links[0][5]
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


def test_the_notified_and_not_notified_counts_list_their_people(client, lampang_people, province_user):
    client.force_login(province_user)
    url = reverse("menu_page", args=["4.2"])
    table = client.get(url).context["table"]
    notified = client.get(url + "?" + table.cell_links[0][3])
    assert [p.pk for _, p in notified.context["rows"]] == [lampang_people["notified"].pk]
    not_notified = client.get(url + "?" + table.cell_links[0][2])
    assert [p.pk for _, p in not_notified.context["rows"]] == [lampang_people["waiting"].pk]
    started = client.get(url + "?" + table.total_links[-2])
    assert len(started.context["rows"]) == 3


def test_the_4_2_page_has_the_2018_filters_and_status_groups(client, lampang_people, province_user):
    client.force_login(province_user)
    page = client.get(reverse("menu_page", args=["4.2"]), {"district": "5205"}).content.decode()
    form = page[page.index('data-testid="filters"') :]
    form = form[: form.index("</form>")]
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", form)
    assert labels == ["หน่วยงานพัฒนา", "หรือระบุรหัสอำเภอ"]  # the province is shown as text for P5200
    assert 'value="5205"' in form and "ยกเลิก" in form and "แสดงข้อมูล" in form
    assert '<th scope="colgroup" colspan="3">ยังไม่เริ่มพัฒนา</th>' in page
    assert '<th scope="colgroup" colspan="4">เริ่มพัฒนาแล้ว</th>' in page
    assert "<td>ทุกหน่วยงาน</td>" in page  # text is not right-aligned as a number


def test_a_central_user_sees_the_province_beside_each_district(client, lampang_people, central):
    client.force_login(central)
    table = client.get(reverse("menu_page", args=["4.2"]), {"province": 52}).context["table"]
    assert table.columns[:4] == ["รหัสจังหวัด", "จังหวัด", "รหัสอำเภอ", "อำเภอ"]
    assert table.rows[0][:4] == [52, "ลำปาง", 5201, "เมืองลำปาง"]


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


def test_the_province_result_holds_only_the_selected_agencys_projects(lampang_people, province_user):
    from development.province_result import province_result_xlsx

    cdd = DevelopmentUnit.objects.get(code="CDD")
    content = province_result_xlsx(
        user=province_user, province=Province.objects.get(code=52), as_of=datetime.date.today(), unit=cdd
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[4]]
    cdd_projects = list(cdd.project_set.values_list("name_th", flat=True)) if hasattr(cdd, "project_set") else []
    assert len(header) == 2 + 5 + 1 and "กรมการพัฒนาชุมชน" in sheet["A2"].value
    assert not cdd_projects or set(header[2:-1]) == set(cdd_projects)
    total = [cell.value for cell in sheet[5 + 13]]
    assert total[-1] == 3  # waiting, started, done: CDD's people only


def test_the_4_2_page_links_the_result_report_with_its_agency(client, lampang_people, province_user):
    client.force_login(province_user)
    page = client.get(reverse("menu_page", args=["4.2"]), {"unit": "CDD"}).content.decode()
    assert "province-result.xlsx?province=52&amp;unit=CDD" in page


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


def test_the_province_result_download_holds_the_agency_the_page_selected(client, lampang_people, province_user):
    client.force_login(province_user)
    response = client.get(reverse("province_result"), {"province": 52, "unit": "CDD"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert len([cell.value for cell in sheet[4]]) == 2 + 5 + 1  # ที่, อำเภอ, CDD's five projects, รวม
    from urllib.parse import quote

    assert quote("ผลการดำเนินงาน-ลำปาง-กรมการพัฒนาชุมชน") in response["Content-Disposition"]  # RFC 6266 filename*


def test_a_start_after_the_notice_moves_the_person_between_the_columns(lampang_people):
    person = lampang_people["notified"]
    assert Assignment.objects.get(cardholder=person).progress_status == "notified"
    _progress(person, "in_progress")
    assert Assignment.objects.get(cardholder=person).progress_status == "in_progress"
    lampang = next(row for row in _report() if row[0] == "52")
    assert lampang[2:] == ["6", "ทุกหน่วยงาน", "1", "0", "1", "2", "1", "1", "4", "5"]
    _progress(person, "notified", started=None)  # the agency corrects its record: told, not started
    lampang = next(row for row in _report() if row[0] == "52")
    assert lampang[2:] == ["6", "ทุกหน่วยงาน", "1", "1", "2", "1", "1", "1", "3", "5"]
    call_command("check_summaries", stdout=io.StringIO())  # raises when a summary differs from its recount


def test_the_4_2_table_reads_the_summaries_not_the_people(client, lampang_people, province_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(province_user)
    with CaptureQueriesContext(connection) as queries:
        table = client.get(reverse("menu_page", args=["4.2"])).context["table"]
    assert table.total[4:6] == [1, 1]  # not notified, notified
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "matching_progress" not in read and "matching_assignment" not in read


def test_the_migration_gives_the_already_notified_their_status(lampang_people):
    import importlib

    from django.db import connection

    migration = importlib.import_module("development.migrations.0003_notified_status")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE matching_assignment SET progress_status = 'not_started' WHERE progress_status = 'notified'"
        )
        cursor.execute(migration.BACKFILL)
    statuses = dict(Assignment.objects.values_list("cardholder_id", "progress_status"))
    assert statuses[lampang_people["notified"].pk] == "notified"
    assert statuses[lampang_people["waiting"].pk] == "not_started"
    assert statuses[lampang_people["started"].pk] == "in_progress"
    call_command("check_summaries", stdout=io.StringIO())
