"""The first visit of a province account, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from welfare_portal.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_it_forces_the_password_change_then_shows_the_menu(live_server, page):
    _, password = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("ชื่อผู้ใช้งาน").fill("P5200")
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page).to_have_url(re.compile(r"/password/change/"))
    expect(page.get_by_test_id("must-change")).to_be_visible()
    page.goto(live_server.url + "/menu/1.1/")
    expect(page).to_have_url(re.compile(r"/password/change/"))

    page.get_by_label("รหัสผ่านเดิม").fill(password)
    page.get_by_label("รหัสผ่านใหม่", exact=True).fill("Lampang-Portal-2569")
    page.get_by_label("ยืนยันรหัสผ่านใหม่").fill("Lampang-Portal-2569")
    page.get_by_role("button", name="บันทึกรหัสผ่านใหม่").click()
    page.get_by_role("link", name="ไปที่เมนูหลัก").click()

    expect(page.get_by_test_id("user-box")).to_have_text("ผู้ใช้งานระบบ : P5200 (ลำปาง)")
    expect(page.get_by_test_id("menu-section")).to_have_count(4)
    expect(page.get_by_test_id("menu-item")).to_have_count(14)  # 1.1 … 4.4
    expect(page.get_by_test_id("menu-item").first).to_contain_text("1.1 ข้อมูลสรุปจำนวนผู้มีบัตรสวัสดิการแห่งรัฐ")


def test_it_shows_a_thai_error_for_a_wrong_password(live_server, page):
    User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("P5200")
    page.get_by_label("รหัสผ่าน").fill("52001")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("alert")).to_contain_text("ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง")


def test_it_fits_a_phone_screen(live_server, page, province_user):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("P5200")
    page.get_by_label("รหัสผ่าน").fill("Tested-Password-2561")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_test_id("menu-item")).to_have_count(14)  # 1.1 … 4.4
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
