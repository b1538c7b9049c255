"""An agency user checks its list against the portal in a real browser, and the pages pass axe."""

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from development.models import Progress
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import PASSWORD, make_user, valid_national_id
from .matching_builders import applicant

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _agency_list(path, people):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["รายชื่อผู้เข้ารับการฝึกอบรม โครงการสร้างสัมมาชีพ"])
    sheet.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"])
    for n, person in enumerate(people, start=1):
        sheet.append([n, person.full_name, person.national_id_display])
    sheet.append([len(people) + 1, "ผู้ไม่มีบัตร", valid_national_id(96_000_001)])
    sheet.append([len(people) + 2, "ไม่ได้กรอก", ""])
    workbook.save(path)
    return path


def test_an_agency_checks_its_list_and_records_the_trained(live_server, page, tmp_path):
    make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    trained = [applicant("CDD01"), applicant("CDD02")]
    missing = applicant("CDD03")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=None), user=None)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("cdd52")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.goto(live_server.url + "/name-check/")
    expect(page.get_by_role("heading", name="ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน")).to_be_visible()
    expect(page.get_by_label("หน่วยงานพัฒนา")).to_be_disabled()  # an agency checks its own list only
    _no_violations(page)
    page.get_by_label("ไฟล์รายชื่อของหน่วยงาน").set_input_files(_agency_list(tmp_path / "อบรม.xlsx", trained))
    page.get_by_role("button", name="ตรวจสอบรายชื่อ").click()

    expect(page.get_by_test_id("name-check-status")).to_have_text("ตรวจสอบแล้ว")
    for group, count in (
        ("both", 2),
        ("assigned_only", 1),
        ("other_agency", 0),
        ("not_assigned", 0),
        ("not_cardholder", 1),
        ("invalid", 1),
    ):
        expect(page.get_by_test_id(f"count-{group}")).to_have_text(str(count))
    expect(page.get_by_test_id("id-column")).to_contain_text("เลขประจำตัวประชาชน (หัวตารางแถวที่ 2)")
    _no_violations(page)

    page.get_by_role("link", name="มีในระบบ แต่ไม่มีในรายชื่อ", exact=True).click()
    expect(page.get_by_test_id("name-list")).to_contain_text(missing.full_name)
    _no_violations(page)

    page.go_back()
    page.get_by_role("link", name="บันทึกผลการพัฒนาจากรายชื่อที่ตรงกัน").click()
    _no_violations(page)
    page.get_by_label("ทั้งกลุ่ม (2 คน)").check()
    page.get_by_label("สถานะ").select_option(label="พัฒนาเสร็จแล้ว")
    page.get_by_label("วันที่เริ่ม (พ.ศ.)").fill("1/7/2561")
    page.get_by_label("วันที่เสร็จ (พ.ศ.)").fill("30/9/2561")
    page.get_by_role("button", name="ตรวจสอบก่อนบันทึก").click()
    expect(page.get_by_test_id("import-status")).to_have_text("ตรวจสอบแล้ว รอยืนยัน")
    assert not Progress.objects.exists()
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.get_by_test_id("import-status")).to_have_text("นำเข้าเรียบร้อย")
    assert Progress.objects.filter(status="completed").count() == 2

    page.goto(live_server.url + "/name-check/")
    page.get_by_test_id("name-check-history").get_by_role("link").first.click()
    page.get_by_test_id("recorded-link").click()
    expect(page.get_by_test_id("recorded-completed")).to_have_text("2")
    _no_violations(page)


def test_a_check_belongs_to_the_round_chosen_in_the_header(live_server, page, tmp_path):
    """Trained in 2561: in a 2562 check the person is not assigned (2561's assignment is history); the
    2561 check is listed when 2561 is chosen in the header."""
    from welfare_portal.models import Round

    make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    trained = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=None), user=None)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("cdd52")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(live_server.url + "/name-check/")
    page.get_by_label("ไฟล์รายชื่อของหน่วยงาน").set_input_files(_agency_list(tmp_path / "อบรม-2561.xlsx", [trained]))
    page.get_by_role("button", name="ตรวจสอบรายชื่อ").click()
    expect(page.get_by_test_id("count-both")).to_have_text("1")

    Round.objects.create_round("2562", name="ปี 2562", current=True)
    page.goto(live_server.url + "/name-check/")
    page.get_by_label("รอบการดำเนินงาน").select_option("2562")
    expect(page.get_by_test_id("name-check-round")).to_contain_text("ปี 2562")
    expect(page.get_by_test_id("name-check-history")).to_have_count(0)
    page.get_by_label("ไฟล์รายชื่อของหน่วยงาน").set_input_files(_agency_list(tmp_path / "อบรม-2562.xlsx", [trained]))
    page.get_by_role("button", name="ตรวจสอบรายชื่อ").click()
    expect(page.get_by_test_id("name-check-round")).to_have_text("ปี 2562")
    expect(page.get_by_test_id("count-both")).to_have_text("0")
    expect(page.get_by_test_id("count-not_assigned")).to_have_text("1")
    _no_violations(page)

    page.goto(live_server.url + "/name-check/")
    page.get_by_label("รอบการดำเนินงาน").select_option("2561")
    expect(page.get_by_test_id("name-check-history")).to_contain_text("อบรม-2561.xlsx")
    expect(page.get_by_test_id("name-check-history")).not_to_contain_text("อบรม-2562.xlsx")
