"""An AO records an interview, and a province user sees an import error, in a real browser."""

import pytest
from playwright.sync_api import expect

from cardholders.models import Cardholder, Interview
from welfare_portal.models import Project, Role

from .builders import ROSTER_HEADER, write_xlsx
from .conftest import PASSWORD, make_cardholder, make_user, valid_national_id

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def _label(code):
    project = Project.objects.get(code=code)
    return f"{project.code} {project.name_th}"  # listed under its agency's group


def _login(page, live_server, username):
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_test_id("user-box")).to_contain_text(username)


def test_an_ao_records_an_interview(live_server, page):
    make_user("ao52", Role.AO, province_id=52)
    person = make_cardholder(first_name="บุญมี")
    _login(page, live_server, "ao52")
    page.get_by_role("link", name="บันทึกแบบประเมิน").click()
    page.get_by_label("เลขประจำตัวประชาชน").fill(person.national_id_display)
    page.get_by_label("วันที่สัมภาษณ์ (พ.ศ.)").fill("20/6/2561")
    page.get_by_label("กลุ่มที่ 2 เป้าหมาย").check()
    page.get_by_label("ความต้องการอันดับ 1").select_option(label=_label("CDD01"))
    page.get_by_label("ความต้องการอันดับ 2").select_option(label=_label("CDD01"))
    page.get_by_role("button", name="บันทึกแบบประเมิน").click()
    expect(page.get_by_text("โครงการนี้ซ้ำกับอันดับก่อนหน้า")).to_be_visible()

    page.get_by_label("ความต้องการอันดับ 2").select_option(label=_label("DSD01"))
    page.get_by_label("น้ำสะอาดเพื่ออุปโภคบริโภค").check()
    page.get_by_role("button", name="บันทึกแบบประเมิน").click()
    expect(page.get_by_text("บันทึกแบบประเมินของ นางบุญมี ใจดี เรียบร้อยแล้ว")).to_be_visible()
    expect(page.get_by_test_id("interviews")).to_contain_text("20 มิถุนายน 2561")
    interview = Interview.objects.get()
    assert interview.group == 2 and interview.basic_needs == ["WATER"]


def test_a_province_user_sees_import_errors_then_imports(live_server, page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    make_user("P5200", Role.PROVINCE, province_id=52)
    good = [valid_national_id(1), "นาย", "สมชาย", "ใจดี", "", "", "", "", 520101]
    bad = [valid_national_id(2), "นาง", "", "ใจดี", "", "", "", "", 520101]
    _login(page, live_server, "P5200")
    page.get_by_role("link", name="นำเข้าข้อมูล").click()
    page.get_by_label("ไฟล์ (.xlsx, .xls, .ods หรือ .csv)").set_input_files(
        str(write_xlsx(tmp_path / "bad.xlsx", ROSTER_HEADER, [good, bad]))
    )
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_test_id("import-errors-summary")).to_contain_text("พบข้อผิดพลาด 1 รายการ")
    expect(page.get_by_test_id("import-errors")).to_contain_text("ต้องระบุชื่อ")
    assert Cardholder.objects.count() == 0

    page.get_by_role("link", name="นำเข้าไฟล์อื่น").click()
    bad[2] = "สมหญิง"
    page.get_by_label("ไฟล์ (.xlsx, .xls, .ods หรือ .csv)").set_input_files(
        str(write_xlsx(tmp_path / "good.xlsx", ROSTER_HEADER, [good, bad]))
    )
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text("2")
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.get_by_test_id("import-status")).to_have_text("นำเข้าเรียบร้อย")
    assert Cardholder.objects.count() == 2
