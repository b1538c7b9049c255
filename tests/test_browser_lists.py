"""A Lampang provincial officer in Chromium: 3.5 → a count → the list of its people → back to the table,
then the list's file. The list page passes axe-core (no serious or critical violation) at desktop and phone
width. With SCREENSHOTS_DIR set, a PNG of each step is kept there."""

import io
import os
import re
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from welfare_portal.models import Role

from .conftest import LAMPANG, PASSWORD, SUBDISTRICT_NGAO, make_user
from .matching_builders import applicant

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = os.environ.get("SCREENSHOTS_DIR")


@pytest.fixture
def officer(live_db):
    applicant("CDD01")
    applicant("CDD01")
    applicant("CDD04", subdistrict=SUBDISTRICT_NGAO)
    applicant("DSD01")
    return make_user("P5200", Role.PROVINCE, province_id=LAMPANG)


def _login(page, base, user):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SHOTS) / f"lists-{name}.png", full_page=True)


def _serious(page) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']}" for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officer_goes_from_3_5_to_a_list_and_back_and_exports_it(live_server, browser, officer, width):
    context = browser.new_context(viewport=WIDTHS[width], locale="th-TH", accept_downloads=True)
    page = context.new_page()
    _login(page, live_server.url, officer)
    page.goto(f"{live_server.url}/menu/3.5/")
    page.get_by_label("หน่วยงานพัฒนา").select_option("CDD")
    page.get_by_role("button", name="แสดงข้อมูล").click()
    table = page.get_by_test_id("report-table")
    _shot(page, f"3.5-table-{width}")
    # The province's รวม in the totals row: every CDD applicant of Lampang.
    table.locator("tfoot td a").last.click()
    heading = page.get_by_test_id("list-heading")
    expect(heading).to_contain_text("จังหวัดลำปาง")
    expect(heading).to_contain_text("กรมการพัฒนาชุมชน")
    expect(heading).to_contain_text("ณ วันที่")
    expect(page.get_by_test_id("list-count")).to_contain_text("จาก 3 คน")
    expect(page.get_by_role("columnheader", name="โครงการ")).to_be_visible()
    _shot(page, f"3.5-list-{width}")
    assert not _serious(page), _serious(page)

    # "แสดงข้อมูล" on the list keeps the list (and its agency): the same three people.
    page.get_by_role("button", name="แสดงข้อมูล").click()
    expect(page.get_by_test_id("list-count")).to_contain_text("จาก 3 คน")
    expect(page.get_by_test_id("list-heading")).to_contain_text("กรมการพัฒนาชุมชน")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert unquote(download.suggested_filename).startswith("3.5-รายชื่อ-ลำปาง-กรมการพัฒนาชุมชน-25")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert "กรมการพัฒนาชุมชน" in sheet["A2"].value and sheet["A3"].value == "ลำดับ"

    page.get_by_test_id("back-link").click()
    expect(page.get_by_test_id("report-table")).to_be_visible()
    expect(page.get_by_label("หน่วยงานพัฒนา")).to_have_value("CDD")
    context.close()


def test_a_date_before_any_data_says_so_in_thai(live_server, browser, officer):
    context = browser.new_context(viewport=WIDTHS["phone"], locale="th-TH")
    page = context.new_page()
    _login(page, live_server.url, officer)
    page.goto(f"{live_server.url}/menu/3.5/?as_of=2018-01-01")
    expect(page.get_by_test_id("empty-state")).to_contain_text("ไม่พบข้อมูล")
    expect(page.get_by_test_id("report-table")).to_have_count(0)
    _shot(page, "3.5-empty-phone")
    assert not _serious(page), _serious(page)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officer_reads_4_2_and_opens_the_people_of_a_total(live_server, browser, officer, width):
    from matching.services import matching_run_confirm, matching_run_create
    from welfare_portal.models import Province, User

    central = User.objects.create_account("central-run", role=Role.CENTRAL, password=PASSWORD)[0]
    lampang = Province.objects.get(code=LAMPANG)
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    context = browser.new_context(viewport=WIDTHS[width], locale="th-TH")
    page = context.new_page()
    _login(page, live_server.url, officer)
    page.goto(f"{live_server.url}/menu/4.2/")
    expect(page.get_by_role("columnheader", name="เริ่มพัฒนาแล้ว", exact=True)).to_be_visible()
    page.get_by_label("หน่วยงานพัฒนา").select_option("CDD")
    page.get_by_role("button", name="แสดงข้อมูล").click()
    _shot(page, f"4.2-table-{width}")
    assert not _serious(page), _serious(page)
    page.get_by_test_id("report-table").locator("tfoot td a").last.click()
    expect(page.get_by_test_id("list-heading")).to_contain_text("กรมการพัฒนาชุมชน")
    expect(page.get_by_test_id("list-count")).to_contain_text("จาก 3 คน")
    _shot(page, f"4.2-list-{width}")
    assert not _serious(page), _serious(page)
    page.get_by_test_id("back-link").click()
    page.get_by_test_id("reset").click()
    expect(page.get_by_label("หน่วยงานพัฒนา")).to_have_value("")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officer_opens_every_person_of_2_1_from_its_totals_row(live_server, browser, officer, width):
    context = browser.new_context(viewport=WIDTHS[width], locale="th-TH")
    page = context.new_page()
    _login(page, live_server.url, officer)
    page.goto(f"{live_server.url}/menu/2.1/")
    totals = page.get_by_test_id("report-table").locator("tfoot td a")
    expect(totals).to_have_count(2)  # every person, interviewed (nobody waits: a zero is no link)
    totals.first.click()
    expect(page.get_by_test_id("list-heading")).to_contain_text("รายชื่อผู้มีบัตรสวัสดิการแห่งรัฐ จังหวัดลำปาง")
    expect(page.get_by_test_id("list-count")).to_contain_text("จาก 4 คน")
    expect(page.get_by_role("columnheader", name="อำเภอ", exact=True)).to_have_count(1)
    _shot(page, f"2.1-province-list-{width}")
    assert not _serious(page), _serious(page)
    page.get_by_test_id("back-link").click()
    expect(page.get_by_test_id("report-table").locator("tfoot td a")).to_have_count(2)
    context.close()
