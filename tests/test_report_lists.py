"""Name lists behind the counts of 3.5, 4.2 and 2.1, as a Lampang provincial officer uses them: the list
says what it lists, leads back to its table, keeps its filters when "แสดงข้อมูล" is pressed, every count
(totals included) opens its people, and its files say what they hold."""

import datetime
import html
import io
import re
from urllib.parse import parse_qsl, unquote

import openpyxl
from django.urls import reverse

from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role
from welfare_portal.thai import date_short

from .conftest import SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN, make_user
from .matching_builders import applicant, project

URL_35 = reverse("menu_page", args=["3.5"])
URL_42 = reverse("menu_page", args=["4.2"])


def _names(response):
    return sorted(person.full_name for _, person in response.context["rows"])


def _hidden_inputs(page_html: str) -> dict:
    form = page_html[page_html.index('data-testid="filters"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _cdd_people():
    return {
        "cdd01": applicant("CDD01"),
        "cdd04_ngao": applicant("CDD04", subdistrict=SUBDISTRICT_NGAO),
        "cdd01_group2": applicant("CDD01", group=2),
        "dsd": applicant("DSD01"),
        "elsewhere": applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN),
    }


def test_it_heads_a_3_5_list_with_agency_project_area_and_date(client, province_user):
    _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35, {"unit": "CDD", "as_of": "27/11/2569"}).context["table"]
    page = client.get(URL_35 + "?" + table.cell_links[0][0])
    heading = page.context["list_heading"]
    assert "กรมการพัฒนาชุมชน" in heading and project("CDD01").name_th.removeprefix("โครงการ") in heading
    assert "อำเภอเมืองลำปาง" in heading and "จังหวัดลำปาง" in heading
    text = page.content.decode()
    assert 'data-testid="list-heading"' in text and date_short(page.context["filters"].as_of) in text


def test_its_breadcrumb_leads_back_to_the_table_it_came_from(client, province_user):
    _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35, {"unit": "CDD", "as_of": "1/11/2569"}).context["table"]
    page = client.get(URL_35 + "?" + table.cell_links[0][0]).content.decode()
    back = html.unescape(re.search(r'href="([^"]+)" data-testid="back-link"', page).group(1))
    query = dict(parse_qsl(back.lstrip("?")))
    assert query == {"province": "52", "unit": "CDD", "as_of": "2026-11-01"}
    again = client.get(URL_35 + back)
    assert "table" in again.context and again.context["filters"].unit == "CDD"


def test_the_filter_form_keeps_the_list_and_its_agency_and_date(client, province_user):
    people = _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35, {"unit": "CDD", "as_of": "1/11/2569"}).context["table"]
    page = client.get(URL_35 + "?" + table.cell_links[0][0])
    kept = _hidden_inputs(page.content.decode())
    assert kept["list"] == "1" and kept["project"] == str(project("CDD01").pk) and kept["unit"] == "CDD"
    # "แสดงข้อมูล" sends the boxes (province shown as text, the district select, the date) and the kept values.
    again = client.get(URL_35, {**kept, "district": "5201", "as_of": "1/11/2569"})
    assert _names(again) == sorted([people["cdd01"].full_name, people["cdd01_group2"].full_name])
    assert again.context["filters"].unit == "CDD"


def test_the_2_1_list_form_keeps_nothing_it_shows_twice(client, province_user):
    client.force_login(province_user)
    page = client.get(reverse("menu_page", args=["2.1"]), {"district": 5201, "status": "done"})
    assert "status" not in _hidden_inputs(page.content.decode())
    assert 'data-testid="back-link"' in page.content.decode()


def test_totals_row_and_column_of_3_5_list_the_right_people(client, province_user):
    people = _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35, {"unit": "CDD"}).context["table"]
    total_column = client.get(URL_35 + "?" + table.cell_links[0][-1])  # เมืองลำปาง, รวม
    assert _names(total_column) == sorted([people["cdd01"].full_name, people["cdd01_group2"].full_name])
    whole = client.get(URL_35 + "?" + table.total_links[-1])  # the province's รวม
    assert len(whole.context["rows"]) == 3
    cdd04 = client.get(URL_35 + "?" + table.total_links[4])  # CDD04 in every district
    assert _names(cdd04) == [people["cdd04_ngao"].full_name]
    assert "หน่วยงานพัฒนา" not in cdd04.context["report"].columns  # one project: no project column
    html_text = whole.content.decode()
    assert "โครงการ" in whole.context["report"].columns and project("CDD04").name_th in html_text


def test_every_agency_3_5_total_lists_everyone_with_their_project(client, province_user):
    people = _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35).context["table"]
    everyone = client.get(URL_35 + "?" + table.total_links[-1])
    assert len(everyone.context["rows"]) == 4 and people["elsewhere"].full_name not in str(_names(everyone))
    assert everyone.context["report"].columns[-2:] == ["หน่วยงานพัฒนา", "โครงการ"]


def test_a_by_group_cell_lists_only_its_group(client, province_user):
    people = _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35, {"unit": "CDD", "by_group": "1"}).context["table"]
    group_2 = client.get(URL_35 + "?" + table.cell_links[0][1])
    assert _names(group_2) == [people["cdd01_group2"].full_name]
    assert "กลุ่มที่ 2" in group_2.context["list_heading"]


def test_an_as_of_date_before_any_data_shows_a_thai_empty_state(client, province_user):
    _cdd_people()
    client.force_login(province_user)
    page = client.get(URL_35, {"as_of": "1/1/2561"}).content.decode()
    assert 'data-testid="empty-state"' in page and "ไม่พบข้อมูล" in page
    assert 'data-testid="report-table"' not in page and "bar-chart" not in page


def test_a_list_export_has_a_title_row_a_thai_file_name_and_the_thai_font(client, province_user):
    _cdd_people()
    client.force_login(province_user)
    table = client.get(URL_35, {"unit": "CDD"}).context["table"]
    response = client.get(URL_35 + "?" + table.total_links[-1] + "&format=xlsx")
    disposition = response["Content-Disposition"]
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    today = datetime.date.today()
    be = f"{today.year + 543}-{today.month:02d}-{today.day:02d}"
    assert name == f"3.5-รายชื่อ-ลำปาง-กรมการพัฒนาชุมชน-{be}.xlsx"
    assert disposition.startswith('attachment; filename="') and disposition.isascii()
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("3.5 ")
    assert "จังหวัดลำปาง" in sheet["A2"].value and "กรมการพัฒนาชุมชน" in sheet["A2"].value
    assert sheet["A2"].value.endswith(f"ณ วันที่ {date_short(today)}")
    assert sheet["A3"].value == "ลำดับ" and sheet["A3"].font.name == "TH SarabunPSK"
    assert sheet["C4"].font.name == "TH SarabunPSK"


def test_a_summary_export_is_named_after_what_it_shows(client, province_user):
    client.force_login(province_user)
    response = client.get(URL_35, {"unit": "CDD", "format": "csv"})
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name.startswith("3.5-ลำปาง-กรมการพัฒนาชุมชน-25") and name.endswith(".csv")


def _lampang_4_2(central):
    people = {"cdd": applicant("CDD01"), "dsd": applicant("DSD01", subdistrict=SUBDISTRICT_NGAO)}
    people["waiting"] = applicant("RICE01")
    run = matching_run_create(province=Province.objects.get(code=52), user=central)
    run.entries.filter(project__code="RICE01").update(project=None, rank=None)
    matching_run_confirm(run=run, user=central)
    return people


def test_4_2_totals_and_wanting_development_drill_down(client, central, province_user):
    people = _lampang_4_2(central)
    client.force_login(province_user)
    table = client.get(URL_42).context["table"]
    everyone = client.get(URL_42 + "?" + table.total_links[-1])
    assert _names(everyone) == sorted([people["cdd"].full_name, people["dsd"].full_name])
    assert "รายชื่อผู้รับการพัฒนา" in everyone.context["list_heading"]
    wanting = client.get(URL_42 + "?" + table.total_links[2])
    assert len(wanting.context["rows"]) == 3 and "โครงการ" in wanting.context["report"].columns
    in_mueang = client.get(URL_42 + "?" + table.cell_links[0][0])
    assert _names(in_mueang) == sorted([people["cdd"].full_name, people["waiting"].full_name])


def test_4_2_of_an_agency_account_is_labelled_with_its_agency(client, central):
    _lampang_4_2(central)
    cdd = DevelopmentUnit.objects.get(code="CDD")
    client.force_login(make_user("cdd5200", Role.UNIT, province_id=52, unit=cdd))
    page = client.get(URL_42)
    table = page.context["table"]
    assert table.rows[0][3] == "กรมการพัฒนาชุมชน" and table.total[3] == "กรมการพัฒนาชุมชน"
    assert "ทุกหน่วยงาน" not in str(table.rows)


def test_a_2_1_district_count_lists_its_people_with_a_way_back(client, province_user):
    done = applicant("CDD01")
    from .conftest import make_cardholder

    waiting = make_cardholder()
    client.force_login(province_user)
    url = reverse("menu_page", args=["2.1"])
    table = client.get(url).context["table"]
    waiting_list = client.get(url + "?" + table.cell_links[0][2])
    assert _names(waiting_list) == [waiting.full_name]
    assert "รอทำแบบประเมิน" in waiting_list.context["list_heading"]
    done_list = client.get(url + "?" + table.cell_links[0][1])
    assert _names(done_list) == [done.full_name]
    assert dict(parse_qsl(done_list.context["back_query"])) == {"province": "52"}


def test_an_empty_list_says_so_and_leads_back(client, province_user):
    _cdd_people()
    client.force_login(province_user)
    page = client.get(URL_35, {"list": "1", "unit_id": DevelopmentUnit.objects.get(code="RICE").pk}).content.decode()
    assert 'data-testid="empty-state"' in page and "ไม่พบรายชื่อ" in page and "กลับไปที่ตาราง" in page
    assert 'data-testid="report-table"' not in page
