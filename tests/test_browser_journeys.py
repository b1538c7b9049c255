"""Issue 12's journeys in Chromium, as each person walks them, at desktop and phone width: the AO from the
re-interview queue to a form with the person filled in; the คจจ. from a delegation preview and a proposal's
list of people to a confirmation step naming the count; the agency from a profile to form 4.1, and its
delegated list sent back with rows left blank. Every page these journeys change passes axe-core (no serious
or critical violation). With SCREENSHOTS_DIR set, a PNG of each step is kept there."""

import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cardholders.models import ImportJob, Interview
from matching.models import Assignment, Capacity, DelegatedCase, MatchingRun
from matching.services import delegation_create, matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import LAMPANG, PASSWORD, SUBDISTRICT_NGAO, make_user
from .matching_builders import applicant, project

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _open(browser, base, user, width):
    context = browser.new_context(viewport=WIDTHS[width], locale="th-TH", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))
    return page


def _look(page, name, width):
    """A screenshot when asked for, and axe-core on the page as it stands."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SHOTS) / f"journey-{name}-{width}.png", full_page=True)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    serious = [
        f"{name}: {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, serious


def _masked(person) -> str:
    return person.national_id_masked


@pytest.mark.parametrize("width", WIDTHS)
def test_an_ao_goes_from_the_reinterview_queue_to_a_form_with_the_person_filled_in(live_server, browser, width):
    Capacity.objects.create(province_id=LAMPANG, project=project("CDD01"), seats=0)
    person = applicant("CDD01", "CDD02")
    Capacity.objects.create(province_id=LAMPANG, project=project("CDD02"), seats=0)
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=LAMPANG), user=None), user=None)
    ao = make_user("ao52", Role.AO, province_id=LAMPANG)
    page = _open(browser, live_server.url, ao, width)

    page.goto(f"{live_server.url}/matching/reinterview/")
    row = page.get_by_test_id("reinterview").locator("tbody tr").first
    expect(row).to_contain_text(_masked(person))
    expect(row).not_to_contain_text(person.national_id_display)
    expect(row.get_by_test_id("reinterview-reason")).to_contain_text("ทั้ง 3 อันดับ")
    expect(row.get_by_test_id("reinterview-reason")).to_contain_text(project("CDD02").name_th)
    expect(row.get_by_test_id("reinterview-since")).to_contain_text("25")  # a Buddhist-era year
    _look(page, "ao-queue", width)

    row.get_by_role("link", name=re.compile("บันทึกแบบประเมินใหม่")).click()
    expect(page.get_by_test_id("interview-person")).to_contain_text(person.full_name)
    expect(page.get_by_test_id("interview-person")).to_contain_text(_masked(person))
    expect(page.get_by_label("เลขประจำตัวประชาชน")).to_have_count(0)
    _look(page, "ao-interview-form", width)
    page.get_by_label("วันที่สัมภาษณ์ (พ.ศ.)").fill("1/7/2561")
    page.get_by_label("กลุ่มที่ 1 สมัครใจ").check()
    page.get_by_label("ความต้องการอันดับ 1").select_option(str(project("DSD01").pk))
    page.get_by_role("button", name="บันทึกแบบประเมิน").click()

    expect(page.get_by_text(f"บันทึกแบบประเมินของ {person.full_name} เรียบร้อยแล้ว")).to_be_visible()
    expect(page.get_by_test_id("reinterview-status")).to_have_count(0)
    assert Interview.objects.get(cardholder=person, is_current=True).choice_1 == project("DSD01")
    page.goto(f"{live_server.url}/matching/reinterview/")
    expect(page.get_by_test_id("reinterview")).to_contain_text("ไม่มีรายชื่อที่ต้องสัมภาษณ์ใหม่")


def test_the_profile_says_a_person_waits_for_a_new_interview(live_server, browser):
    Capacity.objects.create(province_id=LAMPANG, project=project("CDD01"), seats=0)
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=LAMPANG), user=None), user=None)
    page = _open(browser, live_server.url, make_user("ao52", Role.AO, province_id=LAMPANG), "desktop")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.get_by_test_id("reinterview-status")).to_contain_text("รอสัมภาษณ์ใหม่")
    page.get_by_test_id("reinterview-status").get_by_role("link", name="บันทึกแบบประเมินใหม่").click()
    expect(page.get_by_test_id("interview-person")).to_contain_text(person.full_name)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_kjj_previews_a_delegation_then_reviews_and_confirms_a_proposal(live_server, browser, width):
    delegated = [applicant("CDD01") for _ in range(2)]
    matched = [applicant("DSD01", subdistrict=SUBDISTRICT_NGAO) for _ in range(52)]
    matching_run_create(province=Province.objects.get(code=10), user=None)  # another province's run first
    kjj = make_user("kjj52", Role.KJJ, province_id=LAMPANG)
    page = _open(browser, live_server.url, kjj, width)

    page.goto(f"{live_server.url}/matching/")
    page.get_by_label("หน่วยงานพัฒนา").select_option(label="กรมการพัฒนาชุมชน")
    page.get_by_role("button", name="ดูรายชื่อก่อนมอบหมาย").click()
    expect(page.get_by_test_id("delegation-count")).to_contain_text("2 คน")
    preview = page.get_by_test_id("delegation-preview")
    expect(preview).to_contain_text(delegated[0].full_name)
    expect(preview).to_contain_text(_masked(delegated[0]))
    expect(preview).not_to_contain_text(matched[0].full_name)
    assert not DelegatedCase.objects.exists()
    _look(page, "kjj-delegation-preview", width)
    with page.expect_download() as download:
        page.get_by_test_id("delegation-download").click()
    assert download.value.suggested_filename.startswith("รายชื่อก่อนมอบหมาย-ลำปาง-กรมการพัฒนาชุมชน-")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["A1"].value == "รายชื่อที่จะมอบหมายให้กรมการพัฒนาชุมชนพิจารณารับเอง จังหวัดลำปาง"
    assert sorted(row[2] for row in list(sheet.values)[3:]) == sorted(p.full_name for p in delegated)
    assert not DelegatedCase.objects.exists()
    page.get_by_role("button", name="ยืนยันมอบหมาย 2 คน").click()
    expect(page.get_by_text("มอบหมายให้กรมการพัฒนาชุมชนพิจารณารับเอง 2 คน")).to_be_visible()
    assert DelegatedCase.objects.count() == 2

    page.get_by_role("button", name="ประมวลผลข้อเสนอการจับคู่").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ผลการจับคู่ครั้งที่ 1 จังหวัดลำปาง")
    run = MatchingRun.objects.get(province_id=LAMPANG)
    people = page.get_by_test_id("run-people")
    expect(people.get_by_test_id("list-count")).to_contain_text(f"จาก {run.candidates} คน")
    expect(people).to_contain_text(_masked(matched[0]))
    _look(page, "kjj-proposal", width)
    people.get_by_role("link", name="ถัดไป ›").click()
    expect(page.get_by_test_id("run-people").get_by_test_id("list-count")).to_contain_text("แสดงลำดับที่ 51")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดรายชื่อ (.xlsx)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sum(1 for row in sheet.values if row[1] and "xxxxx" in str(row[1])) == run.candidates

    page.get_by_role("link", name="ยืนยันผลการจับคู่…").click()
    expect(page.get_by_test_id("confirm-count")).to_contain_text(f"{run.matched} คน")
    assert not Assignment.objects.exists()
    _look(page, "kjj-confirm-step", width)
    page.get_by_role("button", name=f"ยืนยันมอบหมาย {run.matched} คน").click()
    expect(page.get_by_test_id("run-status")).to_have_text("ยืนยันแล้ว")
    expect(page.get_by_test_id("run-people")).to_contain_text("ผลการจับคู่")
    assert Assignment.objects.count() == run.matched == 52

    # A new decision on one of them: no destination chosen for the คจจ., Lampang not offered, errors beside.
    page.goto(f"{live_server.url}/people/{matched[0].pk}/")
    page.get_by_role("link", name="บันทึกมติใหม่").click()
    destination = page.get_by_label("จังหวัดปลายทาง")
    expect(destination).to_have_value("")
    expect(destination.locator("option", has_text="ลำปาง")).to_have_count(0)
    page.get_by_test_id("decide-transfer").get_by_role("button", name="ส่งคำขอ").click()
    expect(page.get_by_test_id("decide-transfer").locator(".field-error")).to_have_text(
        ["กรุณาเลือกจังหวัดปลายทาง", "กรุณากรอกเหตุผล"]
    )
    expect(page.locator(".messages, .errors")).to_have_count(0)
    _look(page, "kjj-decision-errors", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_agency_goes_from_a_profile_to_form_4_1(live_server, browser, width):
    cdd = make_user("cdd52", Role.UNIT, province_id=LAMPANG, unit=DevelopmentUnit.objects.get(code="CDD"))
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=LAMPANG), user=None), user=None)
    page = _open(browser, live_server.url, cdd, width)

    page.goto(f"{live_server.url}/menu/4.1/")
    page.get_by_label("เลขประจำตัวประชาชน").fill("1-2345-67890-12-0")
    page.get_by_role("button", name="ค้นหา").click()
    expect(page.locator(".field-error")).to_be_visible()
    expect(page.get_by_label("เลขประจำตัวประชาชน")).to_have_value("1-2345-67890-12-0")
    _look(page, "agency-4.1-lookup-error", width)

    page.goto(f"{live_server.url}/people/{person.pk}/")
    _look(page, "agency-profile", width)
    page.get_by_test_id("progress-link").click()
    expect(page.get_by_test_id("assignment-info")).to_contain_text("กรมการพัฒนาชุมชน")
    expect(page.get_by_label("จังหวัดที่ดำเนินการพัฒนา")).to_have_value("52")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_agency_goes_from_a_4_2_list_row_to_form_4_1(live_server, browser, width):
    cdd = make_user("cdd52", Role.UNIT, province_id=LAMPANG, unit=DevelopmentUnit.objects.get(code="CDD"))
    person = applicant("CDD01", subdistrict=SUBDISTRICT_NGAO)
    applicant("DSD01")  # another agency's: not in this account's list
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=LAMPANG), user=None), user=None)
    page = _open(browser, live_server.url, cdd, width)

    page.goto(f"{live_server.url}/menu/4.2/")
    page.locator("tfoot").get_by_role("link").last.click()  # the totals row's รวม: every person of the agency
    expect(page.get_by_test_id("list-heading")).to_contain_text("รายชื่อผู้รับการพัฒนา")
    expect(page.get_by_role("columnheader", name="แบบ 4.1")).to_be_visible()
    _look(page, "agency-4.2-list", width)
    link = page.get_by_role("link", name=f"บันทึกผลการพัฒนา (แบบ 4.1) ของ {person.full_name}")
    link.scroll_into_view_if_needed()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
    expect(page.get_by_test_id("assignment-info")).to_contain_text("กรมการพัฒนาชุมชน")
    _look(page, "agency-4.1-from-list", width)
    page.get_by_test_id("breadcrumbs").get_by_role("link", name="ข้อมูลรายบุคคล (1.3)").click()
    expect(page.get_by_test_id("progress-link")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_agency_sends_its_delegated_list_again_with_rows_left_blank(live_server, browser, width, tmp_path):
    unit = DevelopmentUnit.objects.get(code="CDD")
    cdd = make_user("cdd52", Role.UNIT, province_id=LAMPANG, unit=unit)
    first, second, third = (applicant("CDD01", "DSD01", subdistrict=SUBDISTRICT_NGAO) for _ in range(3))
    delegation_create(province=Province.objects.get(code=LAMPANG), unit=unit, user=None)
    page = _open(browser, live_server.url, cdd, width)

    page.goto(f"{live_server.url}/matching/delegated/")
    table = page.get_by_test_id("delegated")
    expect(page.get_by_role("columnheader", name="เลขประจำตัวประชาชน").first).to_be_visible()
    expect(table).to_contain_text(first.national_id_display)  # agencies see full IDs
    expect(table).to_contain_text("งาว")
    _look(page, "agency-delegated", width)
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดรายชื่อ (.xlsx)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))

    # The first is accepted on the web; the file, downloaded before, comes back with only the third filled in.
    page.get_by_label(f"เลือก {first.full_name}").check()
    page.get_by_role("button", name="รับผู้ที่เลือก", exact=True).click()
    expect(page.get_by_test_id("delegated-decided")).to_contain_text(first.full_name)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "อำเภอ"]
    for row in sheet.iter_rows(min_row=2):
        if str(row[0].value).replace("-", "") == third.national_id:
            row[header.index("ผลการพิจารณา")].value = "ไม่รับ"
    path = tmp_path / "back.xlsx"
    workbook.save(path)
    page.get_by_label("ไฟล์ผลการพิจารณา (.xlsx, .xls, .ods, .csv)").set_input_files(str(path))
    page.get_by_role("button", name="อัปโหลดและตรวจสอบ").click()

    expect(page.get_by_test_id("import-status")).to_have_text(re.compile("ตรวจสอบแล้ว|รอยืนยัน"))
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_contain_text(third.national_id_display)
    expect(preview).to_contain_text("ไม่รับ")
    _look(page, "agency-import-preview", width)
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.get_by_test_id("import-status")).to_have_text(re.compile("นำเข้าเรียบร้อย|สำเร็จ"))
    decisions = dict(DelegatedCase.objects.values_list("cardholder_id", "decision"))
    assert decisions == {first.pk: "accepted", second.pk: "pending", third.pk: "declined"}
    assert ImportJob.objects.get().status == "done"
