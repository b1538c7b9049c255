"""The finishing points of issue 12, as the people who use them see them: form 4.1 linked from every list
row an agency sees (and only where it opens), title rows on summary exports, 2.1's totals and the
country's provinces drilling down to their people, and the delegation preview as a file."""

import csv
import datetime
import io
import re
from html import escape, unescape
from urllib.parse import unquote

import openpyxl
from django.urls import reverse

from matching.models import DelegatedCase, MatchingRun
from matching.services import delegated_cases_decide, delegation_create, matching_run_confirm, matching_run_create
from welfare_portal.models import AccessLog, DevelopmentUnit, Province, Role
from welfare_portal.thai import date_short

from .conftest import LAMPANG, SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN, make_cardholder, make_user
from .matching_builders import applicant

URL_21 = reverse("menu_page", args=["2.1"])
URL_35 = reverse("menu_page", args=["3.5"])
URL_42 = reverse("menu_page", args=["4.2"])
PROGRESS_LINK = re.compile(r'<a href="/progress/(\d+)/" data-testid="row-progress-link"')


def _progress_links(response) -> set[int]:
    return {int(pk) for pk in PROGRESS_LINK.findall(response.content.decode())}


def _lampang(central):
    """Two people assigned (CDD, DSD) and one whose rank-1 project took nobody (RICE01)."""
    people = {"cdd": applicant("CDD01"), "dsd": applicant("DSD01", subdistrict=SUBDISTRICT_NGAO)}
    people["waiting"] = applicant("RICE01")
    run = matching_run_create(province=Province.objects.get(code=LAMPANG), user=central)
    run.entries.filter(project__code="RICE01").update(project=None, rank=None)
    matching_run_confirm(run=run, user=central)
    return people


# ---- 1. form 4.1 from every list row ---------------------------------------------------------------------


def test_an_agency_opens_form_4_1_from_its_4_2_and_3_5_list_rows(client, central, unit_user):
    people = _lampang(central)
    client.force_login(unit_user)
    table = client.get(URL_42).context["table"]
    listing = client.get(URL_42 + "?" + table.total_links[-1])
    assert "แบบ 4.1" in listing.content.decode()
    assert listing.context["list_heading"].startswith("รายชื่อผู้รับการพัฒนา จังหวัดลำปาง · กรมการพัฒนาชุมชน")
    assert _progress_links(listing) == {people["cdd"].pk}  # its own person only: DSD's is not in its scope
    wanting = client.get(URL_42 + "?" + table.total_links[2])
    assert _progress_links(wanting) == {people["cdd"].pk}
    by_project = client.get(URL_35, {"list": "1", "province": LAMPANG})
    assert _progress_links(by_project) == {people["cdd"].pk}
    district_list = client.get(reverse("menu_page", args=["1.2"]), {"district": 5201})
    assert _progress_links(district_list) == {people["cdd"].pk}
    status_list = client.get(URL_21, {"district": 5201})
    assert _progress_links(status_list) == {people["cdd"].pk}
    assert client.get(reverse("progress_form", args=[people["cdd"].pk])).status_code == 200


def test_a_row_links_form_4_1_only_where_it_opens(client, central, province_user):
    people = _lampang(central)
    client.force_login(province_user)
    listing = client.get(URL_35, {"list": "1", "province": LAMPANG})
    html = listing.content.decode()
    assert _progress_links(listing) == {people["cdd"].pk, people["dsd"].pk}  # "waiting" has no assignment
    assert people["waiting"].full_name in html
    assert client.get(reverse("progress_form", args=[people["waiting"].pk])).status_code == 404


def test_roles_that_record_no_progress_see_no_4_1_column(client, central):
    _lampang(central)
    kjj = make_user("kjj52", Role.KJJ, province_id=LAMPANG)
    client.force_login(kjj)
    listing = client.get(URL_35, {"list": "1", "province": LAMPANG})
    assert listing.context["rows"] and "แบบ 4.1" not in listing.content.decode()
    assert not _progress_links(listing)


def test_the_delegated_list_links_form_4_1_for_the_people_the_agency_took(client, unit_user):
    unit = unit_user.unit
    taken, declined, pending = (applicant("CDD01") for _ in range(3))
    delegation_create(province=Province.objects.get(code=LAMPANG), unit=unit, user=None)
    cases = DelegatedCase.objects.all()
    delegated_cases_decide(cases=cases.filter(cardholder=taken), accept=True, user=unit_user)
    delegated_cases_decide(cases=cases.filter(cardholder=declined), accept=False, user=unit_user)
    client.force_login(unit_user)
    page = client.get(reverse("delegated_cases"))
    html = page.content.decode()
    assert _progress_links(page) == {taken.pk}
    assert f'href="/people/{taken.pk}/"' in html
    assert f'href="/people/{declined.pk}/"' not in html and f'href="/people/{pending.pk}/"' not in html


# ---- 2. title rows on summary exports ----------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_a_summary_export_starts_with_its_title_and_what_it_shows(client, central, province_user):
    _lampang(central)
    client.force_login(province_user)
    today = date_short(datetime.date.today())
    response = client.get(URL_35, {"unit": "CDD", "format": "xlsx"})
    assert unquote(response["Content-Disposition"]).endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("3.5 สรุปจำนวนผู้ต้องการพัฒนาคุณภาพชีวิต")
    assert sheet["A2"].value == f"รอบ 2561 · จังหวัดลำปาง · กรมการพัฒนาชุมชน · ณ วันที่ {today}"
    assert sheet["A1"].font.name == sheet["A2"].font.name == "TH SarabunPSK" and sheet["A1"].font.bold
    assert sheet["A3"].value == "อำเภอ"  # the table's header below the title rows
    rows = _csv_rows(client.get(URL_42, {"format": "csv"}))
    assert rows[0] == ["4.2 สรุปการติดตามผลการพัฒนา จำแนกจังหวัด/รายอำเภอที่ทำแบบประเมิน"]
    assert rows[1] == [f"รอบ 2561 · จังหวัดลำปาง · ณ วันที่ {today}"]
    assert rows[2][:2] == ["รหัสอำเภอ", "อำเภอ"]


def test_an_agency_accounts_summary_file_is_titled_with_its_agency(client, central, unit_user):
    _lampang(central)
    client.force_login(unit_user)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL_42, {"format": "xlsx"}).content)).active
    assert "กรมการพัฒนาชุมชน" in sheet["A2"].value and "ทุกหน่วยงาน" not in sheet["A2"].value


def test_the_1_2_search_list_keeps_its_header_first(client, province_user):
    applicant("CDD01")
    client.force_login(province_user)
    rows = _csv_rows(client.get(reverse("menu_page", args=["1.2"]), {"district": 5201, "format": "csv"}))
    assert rows[0][:3] == ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล"]


# ---- 3. 2.1: the totals row and the country's provinces drill down -----------------------------------------


def _interviewed_and_waiting():
    return {
        "done_mueang": applicant("CDD01"),
        "done_ngao": applicant("DSD01", subdistrict=SUBDISTRICT_NGAO),
        "waiting_ngao": make_cardholder(subdistrict=SUBDISTRICT_NGAO),
        "elsewhere": applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN),
    }


def _tfoot_links(response) -> list[str]:
    html = response.content.decode()
    tfoot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    return [unescape(link) for link in re.findall(r'<a href="\?([^"]+)"', tfoot)]


def test_2_1_totals_row_lists_the_provinces_people(client, province_user):
    people = _interviewed_and_waiting()
    client.force_login(province_user)
    everyone, done, waiting = _tfoot_links(client.get(URL_21, {"province": LAMPANG}))
    listing = client.get(URL_21 + "?" + everyone)
    names = sorted(person.full_name for _, person in listing.context["rows"])
    assert names == sorted(people[key].full_name for key in ("done_mueang", "done_ngao", "waiting_ngao"))
    assert listing.context["list_heading"].startswith("รายชื่อผู้มีบัตรสวัสดิการแห่งรัฐ จังหวัดลำปาง")
    assert {"อำเภอ", "จังหวัด"} <= set(listing.context["report"].columns)
    assert 'data-testid="back-link"' in listing.content.decode()
    waiting_list = client.get(URL_21 + "?" + waiting)
    assert [p.pk for _, p in waiting_list.context["rows"]] == [people["waiting_ngao"].pk]
    assert "รอทำแบบประเมิน" in waiting_list.context["list_heading"]
    assert len(client.get(URL_21 + "?" + done).context["rows"]) == 2


def test_2_1_country_table_opens_a_provinces_people_and_everyone(client, central):
    people = _interviewed_and_waiting()
    client.force_login(central)
    page = client.get(URL_21)
    table = page.context["table"]
    assert table.rows[0][1] != "" and all(len(links) == 3 for links in table.cell_links)
    lampang_row = next(i for i, row in enumerate(table.rows) if row[0] == LAMPANG)
    lampang = client.get(URL_21 + "?" + table.cell_links[lampang_row][0])
    assert len(lampang.context["rows"]) == 3 and people["elsewhere"] not in [p for _, p in lampang.context["rows"]]
    assert f'href="?{escape(table.cell_links[lampang_row][0])}"' in page.content.decode()
    everyone = client.get(URL_21 + "?" + _tfoot_links(page)[0])
    assert everyone.context["page"].count == 4 and "ทุกจังหวัด" in everyone.context["list_heading"]


def test_2_1_province_list_keeps_to_the_accounts_province(client, outsider):
    _interviewed_and_waiting()
    client.force_login(outsider)
    listing = client.get(URL_21, {"province": LAMPANG, "list": "1"})
    assert [p.subdistrict_id // 10000 for _, p in listing.context["rows"]] == [11]


# ---- 4. the delegation preview as a file -------------------------------------------------------------------


def test_a_kjj_downloads_who_a_delegation_would_hand_over(client, db):
    lampang = [applicant("CDD01"), applicant("CDD04", subdistrict=SUBDISTRICT_NGAO)]
    applicant("DSD01")  # another agency's
    applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)  # another province's
    kjj = make_user("kjj52", Role.KJJ, province_id=LAMPANG)
    cdd = DevelopmentUnit.objects.get(code="CDD")
    client.force_login(kjj)
    page = client.get(reverse("delegation_new"), {"unit": cdd.pk})
    assert 'data-testid="delegation-download"' in page.content.decode()
    response = client.get(reverse("delegation_new"), {"unit": cdd.pk, "format": "xlsx"})
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name.startswith("รายชื่อก่อนมอบหมาย-ลำปาง-กรมการพัฒนาชุมชน-25") and name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "รายชื่อที่จะมอบหมายให้กรมการพัฒนาชุมชนพิจารณารับเอง จังหวัดลำปาง"
    assert f"ณ วันที่ {date_short(datetime.date.today())}" in sheet["A2"].value
    assert sheet["A1"].font.name == "TH SarabunPSK"
    rows = list(sheet.values)
    assert rows[2][:3] == ("ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล")
    assert sorted(row[2] for row in rows[3:]) == sorted(p.full_name for p in lampang)
    assert {row[1] for row in rows[3:]} == {p.national_id_masked for p in lampang}  # masked, as on the page
    assert rows[3][-1].date() == lampang[0].interviews.get().interviewed_on  # a real date
    logs = AccessLog.objects.filter(user=kjj, action=AccessLog.Action.EXPORT_LIST, detail__endswith="(xlsx)")
    assert logs.count() == 1 and "กรมการพัฒนาชุมชน จังหวัดลำปาง" in logs.get().detail
    assert not DelegatedCase.objects.exists()  # a download delegates nobody


def test_the_delegation_preview_file_is_the_kjjs_own_province_only(client, province_user, unit_user):
    applicant("CDD01")
    cdd = DevelopmentUnit.objects.get(code="CDD")
    outsider_kjj = make_user("kjj11", Role.KJJ, province_id=11)
    client.force_login(outsider_kjj)
    response = client.get(reverse("delegation_new"), {"unit": cdd.pk, "province": LAMPANG, "format": "xlsx"})
    assert (
        response.status_code == 200
        and len(list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)) == 3
    )
    for user in (province_user, unit_user):
        client.force_login(user)
        assert client.get(reverse("delegation_new"), {"unit": cdd.pk, "format": "xlsx"}).status_code == 403


# ---- 5. what the walk found ---------------------------------------------------------------------------------


def test_a_development_not_started_shows_no_none_in_its_date_cells(client, central, province_user):
    _lampang(central)  # assigned, nothing recorded: no start or end date
    client.force_login(province_user)
    table = client.get(URL_42).context["table"]
    listing = client.get(URL_42 + "?" + table.total_links[-1])
    body = listing.content.decode()
    assert listing.context["rows"] and ">None<" not in body and "None" not in body


def test_an_agency_account_is_offered_only_what_opens_for_it_on_4_2(client, central, unit_user, province_user):
    _lampang(central)
    client.force_login(unit_user)
    page = client.get(URL_42)
    body = page.content.decode()
    assert 'data-testid="province-result"' not in body  # the provincial result is the province's
    units = re.findall(r"<option[^>]*>([^<]+)</option>", body[body.index('name="unit"') :].split("</select>")[0])
    assert units == ["ทุกหน่วยงาน", "กรมการพัฒนาชุมชน"]
    client.force_login(province_user)
    assert 'data-testid="province-result"' in client.get(URL_42).content.decode()


def test_the_4_1_lookup_is_titled_4_1(client, unit_user):
    client.force_login(unit_user)
    body = client.get(reverse("menu_page", args=["4.1"])).content.decode()
    assert re.search(r"<title>\s*4\.1 ", body)


def _filename(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])


def test_matching_and_delegated_files_have_thai_names_and_titles(client, central, unit_user):
    _lampang(central)
    kjj = make_user("kjj52", Role.KJJ, province_id=LAMPANG)
    client.force_login(kjj)
    run = MatchingRun.objects.get(province_id=LAMPANG)
    response = client.get(reverse("matching_run", args=[run.pk]), {"format": "xlsx"})
    assert _filename(response).startswith("ผลการจับคู่-ลำปาง-ครั้งที่1-25")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("ผลการจับคู่ครั้งที่ 1 จังหวัดลำปาง") and sheet["A1"].font.name == "TH SarabunPSK"
    assert "ณ วันที่" in sheet["A2"].value and sheet["A3"].value == "ลำดับ"
    delegation_create(province=Province.objects.get(code=LAMPANG), unit=unit_user.unit, user=None)
    client.force_login(unit_user)
    response = client.get(reverse("delegated_cases"), {"format": "xlsx"})
    assert _filename(response).startswith("รายชื่อที่ได้รับมอบหมาย-ลำปาง-กรมการพัฒนาชุมชน-25")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value == "เลขประจำตัวประชาชน"


def test_form_4_1_leads_back_to_the_person_and_the_lookup(client, central, unit_user):
    people = _lampang(central)
    client.force_login(unit_user)
    body = client.get(reverse("progress_form", args=[people["cdd"].pk])).content.decode()
    crumbs = body[body.index('data-testid="breadcrumbs"') :].split("</nav>")[0]
    assert f'href="/people/{people["cdd"].pk}/"' in crumbs and 'href="/menu/4.1/"' in crumbs


def test_the_delegated_list_names_the_agency_and_province(client, unit_user):
    client.force_login(unit_user)
    body = client.get(reverse("delegated_cases")).content.decode()
    assert "<h1>ผู้ที่เลือกโครงการของกรมการพัฒนาชุมชนเป็นอันดับ 1 จังหวัดลำปาง (รอหน่วยงานพิจารณารับ)</h1>" in body


def test_the_name_checks_rows_link_form_4_1_where_it_opens(client, central, unit_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from development.name_check_models import NameCheck

    settings.MEDIA_ROOT = tmp_path / "media"
    people = _lampang(central)
    text = "ลำดับ,ชื่อ-สกุล,เลขบัตรประชาชน\n1,ก,{}\n2,ข,{}\n".format(people["cdd"].national_id, people["dsd"].national_id)
    client.force_login(unit_user)
    client.post(reverse("name_check_home"), {"file": SimpleUploadedFile("cdd.csv", text.encode("utf-8-sig"))})
    check = NameCheck.objects.get()
    both = client.get(reverse("name_check_group", args=[check.pk, "both"]))
    assert "แบบ 4.1" in both.content.decode() and _progress_links(both) == {people["cdd"].pk}
    other = client.get(reverse("name_check_group", args=[check.pk, "other_agency"]))
    assert other.status_code == 200 and not _progress_links(other)  # another agency's person: no form
