"""A คจจ. proposes and confirms a matching run, in a real browser."""

import pytest
from playwright.sync_api import expect

from matching.models import Assignment, Capacity
from welfare_portal.models import Role

from .conftest import PASSWORD, make_user
from .matching_builders import applicant, project

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_a_kjj_confirms_a_matching_run(live_server, page):
    make_user("kjj52", Role.KJJ, province_id=52)
    Capacity.objects.create(province_id=52, project=project("CDD01"), seats=1)
    first = applicant("CDD01", "DSD01", national_n=1)
    second = applicant("CDD01", "DSD01", national_n=2)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("kjj52")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("link", name="การจับคู่ (คจจ.)").click()
    expect(page.get_by_test_id("tie-rule")).to_contain_text("สัมภาษณ์ก่อน")
    page.get_by_role("button", name="ประมวลผลข้อเสนอการจับคู่").click()

    expect(page.get_by_test_id("run-status")).to_have_text("ข้อเสนอ (ยังไม่ยืนยัน)")
    expect(page.get_by_test_id("run-matched")).to_have_text("2")
    expect(page.get_by_test_id("run-table")).to_contain_text("โครงการสร้างสัมมาชีพแก่ครัวเรือนยากจน (ทำงานมีนายจ้าง)")
    assert Assignment.objects.count() == 0
    page.get_by_role("link", name="ยืนยันผลการจับคู่…").click()
    expect(page.get_by_test_id("confirm-count")).to_contain_text("2 คน")
    assert Assignment.objects.count() == 0
    page.get_by_role("button", name="ยืนยันมอบหมาย 2 คน").click()
    expect(page.get_by_test_id("run-status")).to_have_text("ยืนยันแล้ว")
    expect(page.get_by_text("ยืนยันผลการจับคู่แล้ว มอบหมายหน่วยงานพัฒนา 2 คน")).to_be_visible()
    assert Assignment.objects.get(cardholder=first).project.code == "CDD01"
    assert Assignment.objects.get(cardholder=second).project.code == "DSD01"
