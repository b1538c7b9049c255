"""Every main page of every role, in Chromium at desktop width and at a phone's 390×844: axe-core finds no
serious or critical violation, and the frame works at both widths (the menu folds on a phone, wide tables
say they scroll and keep their first column in view, the footer shows the portal's version).

`make screenshots` runs the same tour with SCREENSHOTS_DIR set and keeps a PNG of each page at each width
there (a git-ignored folder), so anyone can look at the whole portal in a minute.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from matching.services import delegation_create, matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import LAMPANG, MUEANG_LAMPANG, PASSWORD, SUBDISTRICT_NGAO, add_totp_device, make_user
from .matching_builders import applicant

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]

WIDTHS = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}  # an office laptop, a phone
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _pages(people):
    """(role, name, path) of the pages each role works in."""
    person = people["assigned"].pk
    cdd = DevelopmentUnit.objects.get(code="CDD").pk
    return [
        ("province", "home", "/"),
        ("province", "1.1", "/menu/1.1/"),
        ("province", "1.2", f"/menu/1.2/?district={MUEANG_LAMPANG}"),
        ("province", "2.1", "/menu/2.1/"),
        ("province", "2.1-list", "/menu/2.1/?list=1"),
        ("province", "3.5-list", "/menu/3.5/?list=1"),
        ("province", "4.2-list", "/menu/4.2/?list=1&status=all"),
        ("province", "3.5", "/menu/3.5/"),
        ("province", "4.2", "/menu/4.2/"),
        ("province", "profile", f"/people/{person}/"),
        ("province", "imports", "/imports/"),
        ("province", "paper-forms", "/interviews/paper-forms/"),
        ("ao", "interview-new", "/interviews/new/"),
        ("ao", "reinterview", "/matching/reinterview/"),
        ("kjj", "matching", "/matching/"),
        ("kjj", "delegation-preview", f"/matching/delegations/new/?unit={cdd}"),
        ("unit", "4.2-list", "/menu/4.2/?list=1&status=all"),
        ("unit", "profile", f"/people/{person}/"),
        ("unit", "delegated", "/matching/delegated/"),
        ("unit", "4.1", "/menu/4.1/"),
        ("unit", "form-4.1", f"/progress/{person}/"),
        ("team", "3.5-team", "/menu/3.5/"),
        ("province", "not-found", "/no-such-page/"),
    ]


@pytest.fixture
def people(live_db):
    cdd = DevelopmentUnit.objects.get(code="CDD")
    users = {
        "province": make_user("P5200", Role.PROVINCE, province_id=LAMPANG),
        "ao": make_user("AO5200", Role.AO, province_id=LAMPANG),
        "kjj": make_user("KJJ5200", Role.KJJ, province_id=LAMPANG),
        "team": make_user("T5201", Role.DISTRICT_TEAM, province_id=LAMPANG, district_id=MUEANG_LAMPANG),
        "unit": make_user("CDD5200", Role.UNIT, province_id=LAMPANG, unit=cdd),
    }
    central = make_user("central1", Role.CENTRAL)
    add_totp_device(central)
    lampang = Province.objects.get(code=LAMPANG)
    assigned = applicant("CDD01")
    applicant("DSD01", subdistrict=SUBDISTRICT_NGAO)
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    applicant("CDD02")  # after the run: waiting, handed to the agency below
    delegation_create(province=lampang, unit=cdd, user=users["kjj"])
    return {"users": users, "assigned": assigned}


def _login(page, base, user):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))


@pytest.mark.parametrize("width", WIDTHS)
def test_every_main_page_passes_axe_at_desktop_and_phone_width(live_server, browser, people, width):
    failures = []
    for role in dict.fromkeys(role for role, _, _ in _pages(people)):
        context = browser.new_context(viewport=WIDTHS[width], locale="th-TH")
        page = context.new_page()
        _login(page, live_server.url, people["users"][role])
        for _, name, path in (p for p in _pages(people) if p[0] == role):
            page.goto(live_server.url + path)
            results = Axe().run(page, options={"resultTypes": ["violations"]})
            serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
            failures += [f"{role} {name} ({width}): {v['id']}: {v['help']}" for v in serious]
            if SHOTS:
                folder = Path(SHOTS)
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=folder / f"{role}-{name}-{width}.png", full_page=True)
        context.close()
    assert not failures, "\n".join(failures)


def test_on_a_phone_the_menu_folds_and_wide_tables_say_they_scroll(live_server, browser, people):
    context = browser.new_context(viewport=WIDTHS["phone"], locale="th-TH")
    page = context.new_page()
    _login(page, live_server.url, people["users"]["province"])
    page.goto(live_server.url + "/menu/3.5/")
    menu = page.get_by_role("navigation", name="เมนูหลัก")
    expect(menu).to_be_hidden()  # folded: the report is the first thing on the screen
    page.get_by_text("เมนู", exact=True).click()
    expect(menu).to_be_visible()
    expect(page.locator(".scroll-hint").first).to_be_visible()
    first_cell = page.locator("table.report td").first
    assert first_cell.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    expect(page.get_by_test_id("portal-version")).to_contain_text("รุ่น")
    context.close()


def test_on_a_desktop_the_menu_is_open_without_a_fold_button(live_server, browser, people):
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="th-TH")
    page = context.new_page()
    _login(page, live_server.url, people["users"]["province"])
    expect(page.get_by_role("navigation", name="เมนูหลัก")).to_be_visible()
    expect(page.locator("summary.nav-toggle")).to_be_hidden()
    expect(page.locator(".scroll-hint").first).to_be_hidden()
    context.close()


def test_on_a_phone_every_scrolling_table_says_it_scrolls(live_server, browser, people):
    context = browser.new_context(viewport=WIDTHS["phone"], locale="th-TH")
    page = context.new_page()
    _login(page, live_server.url, people["users"]["province"])
    page.goto(live_server.url + "/interviews/paper-forms/")  # its template writes no hint of its own
    box = page.locator(".table-wrap").first
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    hint = page.locator(".table-wrap").first.locator("xpath=preceding-sibling::*[1]")
    expect(hint).to_have_class("scroll-hint")
    expect(hint).to_be_visible()
    expect(hint).to_have_text("เลื่อนตารางไปทางซ้าย-ขวาเพื่อดูคอลัมน์อื่น")
    page.goto(live_server.url + "/menu/3.5/")  # a template hint is not doubled
    expect(page.locator(".scroll-hint")).to_have_count(1)
    context.close()
