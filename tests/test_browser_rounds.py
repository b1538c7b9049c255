"""Rounds in Chromium (issue 15), at desktop and phone width: a province officer opens the second year,
looks back at the first through the header's round picker, compares 1.1 with the year before, and finds the
first year's page read-only once it is closed. Every page passes axe-core (no serious or critical
violation); with SCREENSHOTS_DIR set, a PNG of each step is kept there."""

import pytest
from playwright.sync_api import expect

from cardholders.models import RosterEntry
from welfare_portal.models import Role, Round

from .conftest import LAMPANG, make_cardholder, make_user
from .test_browser_journeys import WIDTHS, _look, _open

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_province_officer_moves_between_rounds_and_compares_them(live_server, browser, width):
    first = Round.objects.get(is_current=True)
    for _ in range(3):
        make_cardholder()  # 2561's roster
    second = Round.objects.create_round("2562", name="ปี 2562", current=True)
    for person in [make_cardholder() for _ in range(2)]:
        RosterEntry.objects.create(round=first, cardholder=person)  # on both rosters
    officer = make_user("P5200", Role.PROVINCE, province_id=LAMPANG)

    page = _open(browser, live_server.url, officer, width)
    picker = page.get_by_label("รอบการดำเนินงาน")
    expect(picker).to_have_value("2562")
    page.goto(f"{live_server.url}/menu/1.1/?province={LAMPANG}")
    expect(page.locator("tr.total")).to_contain_text("2")
    _look(page, "rounds-1.1-2562", width)

    page.get_by_label("เทียบกับรอบก่อนหน้า").check()
    page.get_by_role("button", name="แสดงข้อมูล").click()
    expect(page.get_by_role("columnheader", name="เปลี่ยนแปลง")).to_be_visible()
    expect(page.locator("tr.total td").last).to_have_text("-3")  # 2 this year, 5 the year before
    _look(page, "rounds-1.1-compared", width)

    Round.objects.filter(pk=first.pk).update(is_closed=True)
    page.get_by_label("รอบการดำเนินงาน").select_option("2561")
    expect(page.get_by_test_id("round-notice")).to_contain_text("ปิดแล้ว ดูข้อมูลได้อย่างเดียว")
    expect(page.get_by_label("รอบการดำเนินงาน")).to_have_value("2561")
    page.goto(f"{live_server.url}/menu/1.1/?province={LAMPANG}")
    expect(page.locator("tr.total")).to_contain_text("5")
    page.goto(f"{live_server.url}/imports/")
    expect(page.get_by_test_id("import-round")).to_contain_text("รอบนี้ปิดแล้ว นำเข้าไม่ได้")
    _look(page, "rounds-imports-closed", width)
    assert second.is_current
