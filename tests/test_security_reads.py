"""Reads an attacker with a real account would try (issue 16, findings 1, 3, 9 and the 1.2 part of 11):
full IDs on form 4.1, 4.1 for people without an active assignment, unlogged 4.1 views, ID prefixes
searched digit by digit on 1.2, unlimited ID lookups, names and ID digits in URLs, and a district team
reading other districts' counts on 2.2 and 3.5."""

import csv
import io
import re
from urllib.parse import parse_qsl, unquote, urlsplit

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from development.models import Progress
from matching.models import Assignment
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import AccessLog, DevelopmentUnit, Province, Role, Round

from .conftest import NGAO, SUBDISTRICT_NGAO, make_cardholder, make_user, valid_national_id
from .matching_builders import applicant, project

URL_1_2 = reverse("menu_page", args=["1.2"])
TOO_MANY = "บ่อยเกินไป"


@pytest.fixture
def assigned(db, central):
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    return person


@pytest.fixture
def cdd(db):
    return make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))


def _progress_post(client, person):
    data = {
        "unit": DevelopmentUnit.objects.get(code="CDD").pk,
        "project": project("CDD01").pk,
        "province": 52,
        "status": "notified",
        "started_on": "",
        "ended_on": "",
        "version": 0,
    }
    return client.post(reverse("progress_form", args=[person.pk]), data)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response))))


def _hrefs(html: str) -> list[str]:
    return [unquote(href) for href in re.findall(r'(?:href|action)="([^"]*)"', html)]


# ---- finding 1: form 4.1 ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["province", "agency", "central"])
def test_4_1_shows_the_national_id_exactly_as_the_profile_does(client, assigned, cdd, central, province_user, role):
    user = {"province": province_user, "agency": cdd, "central": central}[role]
    client.force_login(user)
    profile_id = client.get(reverse("profile", args=[assigned.pk])).context["national_id"]
    html = client.get(reverse("progress_form", args=[assigned.pk])).content.decode()
    assert profile_id in html
    if role == "province":
        assert profile_id == assigned.national_id_masked
        assert assigned.national_id_display not in html and assigned.national_id not in html


def test_a_province_cannot_read_full_ids_by_looping_over_4_1(client, assigned, province_user):
    others = [applicant("CDD01") for _ in range(3)]
    client.force_login(province_user)
    for person in [assigned, *others]:
        response = client.get(reverse("progress_form", args=[person.pk]))
        html = response.content.decode()
        assert response.status_code in (200, 404)
        assert person.national_id_display not in html and person.national_id not in html


def test_every_4_1_view_is_logged_like_a_profile_view(client, assigned, province_user):
    client.force_login(province_user)
    for _ in range(3):
        client.get(reverse("progress_form", args=[assigned.pk]))
    logs = AccessLog.objects.filter(action=AccessLog.Action.VIEW_PROGRESS)
    assert logs.count() == 3
    assert {(log.user_id, log.cardholder_id) for log in logs} == {(province_user.pk, assigned.pk)}


def test_4_1_does_not_open_or_save_for_a_person_without_an_active_assignment(client, province_user):
    unassigned = make_cardholder()
    client.force_login(province_user)
    assert client.get(reverse("progress_form", args=[unassigned.pk])).status_code == 404
    assert _progress_post(client, unassigned).status_code == 404
    assert Progress.objects.count() == 0


def test_4_1_closes_when_the_assignment_has_ended(client, assigned, province_user):
    Assignment.objects.filter(cardholder=assigned).update(ended_at=timezone.now())
    client.force_login(province_user)
    assert client.get(reverse("progress_form", args=[assigned.pk])).status_code == 404
    assert _progress_post(client, assigned).status_code == 404
    assert Progress.objects.count() == 0


def test_the_4_1_lookup_does_not_lead_to_a_person_without_an_active_assignment(client, assigned, province_user):
    unassigned = make_cardholder()
    client.force_login(province_user)
    response = client.post(reverse("menu_page", args=["4.1"]), {"national_id": unassigned.national_id})
    assert response.status_code == 200 and "ไม่พบผู้มีบัตรฯ รายนี้" in response.content.decode()
    found = client.post(reverse("menu_page", args=["4.1"]), {"national_id": assigned.national_id_display})
    assert found.status_code == 302 and found.url == reverse("progress_form", args=[assigned.pk])


# ---- finding 3: 1.2 searches by ID --------------------------------------------------------------------


def _search(client, q, **fields):
    """The 1.2 search as the page's form sends it, followed to the list it leads to."""
    return client.post(URL_1_2, {"district": 5201, "q": q, **fields}, follow=True)


def _found(response) -> list[int]:
    page = response.context["page"] if response.context and "page" in response.context else None
    assert page is not None, response.content.decode()[:2000]
    return [person.pk for person in page.objects]


@pytest.fixture
def two_people(db):
    first = make_cardholder(national_id=valid_national_id(1_234_567_891))
    second = make_cardholder(national_id=valid_national_id(9_876_543_210))
    return first, second


def test_a_masked_role_learns_nothing_from_id_prefixes(client, province_user, two_people):
    first, second = two_people
    client.force_login(province_user)
    for n in (1, 2, 5, 9, 12):
        shown = _found(_search(client, first.national_id[:n]))
        other = _found(_search(client, second.national_id[:n]))
        nonsense = _found(_search(client, "0" * n))
        assert shown == other == nonsense, n
    wrong_check_digit = first.national_id[:12] + str((int(first.national_id[12]) + 1) % 10)
    assert _found(_search(client, wrong_check_digit)) == _found(_search(client, "0" * 13))


def test_a_masked_role_finds_a_person_by_the_complete_id_or_by_name(client, province_user, two_people):
    first, second = two_people
    client.force_login(province_user)
    assert _found(_search(client, first.national_id)) == [first.pk]
    assert _found(_search(client, second.national_id_display)) == [second.pk]
    assert _found(_search(client, first.first_name)) == [first.pk]


def test_the_search_is_not_taken_from_the_query_string(client, province_user, two_people):
    first, second = two_people
    client.force_login(province_user)
    everyone = _found(client.get(URL_1_2, {"district": 5201}))
    for n in (1, 5, 13):
        assert _found(client.get(URL_1_2, {"district": 5201, "q": first.national_id[:n]})) == everyone
    csv_rows = _csv(client.get(URL_1_2, {"district": 5201, "q": first.national_id[:5], "format": "csv"}))
    assert csv_rows[-1] == ["รวม", str(len(everyone))]


def test_unmasked_roles_keep_their_prefix_search(client, central, two_people):
    first, second = two_people
    client.force_login(central)
    assert _found(_search(client, first.national_id[:4], province=52)) == [first.pk]


def test_id_searches_are_logged_without_the_full_id(client, province_user, two_people):
    first, _ = two_people
    client.force_login(province_user)
    _search(client, first.national_id_display)
    _search(client, first.national_id[:6])
    _search(client, first.first_name)  # a name search is not an ID search
    logs = list(AccessLog.objects.filter(action=AccessLog.Action.SEARCH_ID).order_by("at", "pk"))
    assert len(logs) == 2 and {log.user_id for log in logs} == {province_user.pk}
    assert logs[0].cardholder_id == first.pk and first.national_id_masked in logs[0].detail
    for log in logs:
        digits = re.sub(r"\D", "", log.detail)
        assert first.national_id[5:12] not in digits and first.national_id_display not in log.detail


def test_an_id_search_in_another_provinces_district_finds_nobody(client, outsider, two_people):
    first, _ = two_people
    client.force_login(outsider)
    response = _search(client, first.national_id)
    assert response.status_code == 200 and first.first_name not in response.content.decode()
    assert AccessLog.objects.get(action=AccessLog.Action.SEARCH_ID).cardholder_id is None


def test_the_1_3_and_4_1_lookups_are_logged_without_the_full_id(client, assigned, province_user):
    client.force_login(province_user)
    client.post(reverse("menu_page", args=["1.3"]), {"national_id": assigned.national_id})
    client.post(reverse("menu_page", args=["4.1"]), {"national_id": assigned.national_id})
    logs = AccessLog.objects.filter(action=AccessLog.Action.SEARCH_ID)
    assert logs.count() == 2 and {log.cardholder_id for log in logs} == {assigned.pk}
    assert all(
        assigned.national_id_display not in log.detail and assigned.national_id not in log.detail for log in logs
    )


def test_id_lookups_are_rate_limited_per_user_with_a_thai_page(client, settings, province_user, two_people):
    settings.LOOKUP_RATE = "3/h"
    first, _ = two_people
    client.force_login(province_user)
    for _ in range(3):
        assert _search(client, first.national_id).status_code == 200
    limited = client.post(URL_1_2, {"district": 5201, "q": first.national_id})
    assert limited.status_code == 429 and TOO_MANY in limited.content.decode()
    assert first.national_id not in limited.content.decode()
    # 1.3 and 4.1 draw on the same allowance
    for item in ("1.3", "4.1"):
        response = client.post(reverse("menu_page", args=[item]), {"national_id": first.national_id})
        assert response.status_code == 429 and TOO_MANY in response.content.decode()
    # name searches and plain pages stay open; other users keep their own allowance
    assert _found(_search(client, first.first_name)) == [first.pk]
    other = Client()
    other.force_login(make_user("P5200-b", Role.PROVINCE, province_id=52))
    assert _found(_search(other, first.national_id)) == [first.pk]


def test_the_person_lookup_allows_30_a_minute_by_default(client, settings, fixed_window, province_user):
    if hasattr(settings, "LOOKUP_RATE"):
        del settings.LOOKUP_RATE
    person = make_cardholder()
    client.force_login(province_user)
    lookup = reverse("menu_page", args=["1.3"])
    statuses = [client.post(lookup, {"national_id": person.national_id}).status_code for _ in range(31)]
    assert statuses == [302] * 30 + [429]


def test_the_4_1_lookup_is_rate_limited(client, settings, assigned, cdd):
    settings.LOOKUP_RATE = "2/h"
    client.force_login(cdd)
    lookup = reverse("menu_page", args=["4.1"])
    statuses = [client.post(lookup, {"national_id": assigned.national_id}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_revealing_ids_in_the_profile_draws_on_the_same_allowance(client, settings, province_user):
    settings.LOOKUP_RATE = "2/h"
    people = [make_cardholder() for _ in range(3)]
    client.force_login(province_user)
    pages = [client.post(reverse("profile", args=[person.pk]), {"reveal": "1"}) for person in people]
    assert [page.status_code for page in pages] == [200, 200, 429]
    assert people[2].national_id_display not in pages[2].content.decode() and TOO_MANY in pages[2].content.decode()
    assert client.get(reverse("profile", args=[people[2].pk])).status_code == 200  # masked view stays open


# ---- finding 11 (1.2): no name or ID digits in any URL --------------------------------------------------


def test_a_name_search_puts_no_name_in_any_url_and_pages_through_its_results(client, province_user):
    wanted = [make_cardholder(first_name="สมปอง", last_name=f"ลำดับ{n:03d}") for n in range(60)]
    make_cardholder(first_name="มาลี")
    client.force_login(province_user)
    redirect = client.post(URL_1_2, {"district": 5201, "q": "สมปอง"})
    assert redirect.status_code in (302, 303) and "สมปอง" not in unquote(redirect.url)
    first = client.get(redirect.url)
    html = first.content.decode()
    assert first.context["page"].count == 60
    links = _hrefs(html)
    assert links and not any("สมปอง" in link or "q=" in link for link in links)
    next_link = next(link for link in links if "go=next" in link).replace("&amp;", "&")
    second = client.get(URL_1_2 + next_link)
    assert [p.pk for p in second.context["page"].objects] == [p.pk for p in wanted[50:]]
    last_link = next(link for link in links if "go=last" in link).replace("&amp;", "&")
    assert client.get(URL_1_2 + last_link).context["page"].objects[-1].pk == wanted[-1].pk
    export = next(link for link in links if "format=csv" in link).replace("&amp;", "&")
    rows = _csv(client.get(URL_1_2 + export))
    assert len(rows) == 1 + 60 + 1 and all("สมปอง" in row[2] for row in rows[1:-1])
    xlsx = next(link for link in links if "format=xlsx" in link).replace("&amp;", "&")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL_1_2 + xlsx).content)).active
    assert sheet.max_row == 1 + 60 + 1


def test_an_id_search_puts_no_id_digits_in_any_url(client, province_user, two_people):
    first, _ = two_people
    client.force_login(province_user)
    redirect = client.post(URL_1_2, {"district": 5201, "q": first.national_id_display})
    html = client.get(redirect.url).content.decode()
    assert first.national_id not in html and first.national_id_display not in html
    for link in [redirect.url, *_hrefs(html)]:
        values = [v for _, v in parse_qsl(urlsplit(link.replace("&amp;", "&")).query)] + [urlsplit(link).path]
        for part in (first.national_id[:5], first.national_id[5:10], first.national_id[8:]):
            assert not any(part in re.sub(r"\D", "", value) for value in values), link


def test_the_search_form_is_posted_with_csrf_and_not_remembered_by_the_browser(client, province_user):
    make_cardholder()
    client.force_login(province_user)
    html = client.get(URL_1_2, {"district": 5201}).content.decode()
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S)
    search_forms = [form for form in forms if 'name="q"' in form]
    assert len(search_forms) == 1
    form = search_forms[0]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form
    q_input = re.search(r"<input\b[^>]*name=\"q\"[^>]*>", form).group(0)
    assert 'autocomplete="off"' in q_input or 'autocomplete="off"' in form.split(">")[0]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(province_user)
    assert strict.post(URL_1_2, {"district": 5201, "q": "ทดสอบ"}).status_code == 403


def test_a_search_id_is_private_to_its_session_and_short_lived(client, province_user, two_people, monkeypatch):
    first, second = two_people
    client.force_login(province_user)
    url = client.post(URL_1_2, {"district": 5201, "q": first.national_id}).url
    assert _found(client.get(url)) == [first.pk]
    thief = Client()
    thief.force_login(province_user)  # the same account in another browser
    assert sorted(_found(thief.get(url, follow=True))) == sorted([first.pk, second.pk])
    from reporting import views

    real_now = views._now()
    monkeypatch.setattr(views, "_now", lambda: real_now + views.SEARCH_SECONDS + 1)
    expired = client.get(url, follow=True)
    assert sorted(_found(expired)) == sorted([first.pk, second.pk])
    assert "ค้นหาอีกครั้ง" in expired.content.decode()


# ---- finding 9: a district team's counts ---------------------------------------------------------------


@pytest.fixture
def team(db):
    return make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO)


@pytest.fixture
def two_districts(db):
    for _ in range(2):
        applicant("CDD01")  # เมืองลำปาง
    applicant("CDD01", subdistrict=SUBDISTRICT_NGAO)
    applicant("DSD01", subdistrict=SUBDISTRICT_NGAO, group=2)


@pytest.mark.parametrize("item", ["2.2", "3.5"])
@pytest.mark.parametrize("query", [{}, {"province": 52}, {"district": 5201}, {"unit": "CDD", "by_group": "1"}])
def test_a_district_team_sees_only_its_district_in_every_format(client, team, two_districts, item, query):
    client.force_login(team)
    url = reverse("menu_page", args=[item])
    table = client.get(url, query).context["table"]
    labels = [row[table.label_column] for row in table.rows]
    assert labels == ["งาว"], labels
    # Both files start with two title rows (the report, then what is shown), the header below them.
    rows = _csv(client.get(url, {**query, "format": "csv"}))
    assert rows[2] == table.columns
    assert [row[table.label_column] for row in rows[3:-1]] == ["งาว"]
    assert "เมืองลำปาง" not in str(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[2] == table.columns
    assert [row[table.label_column] for row in values[3:-1]] == ["งาว"]
    assert values[-1][-1] == int(rows[-1][-1]) == table.total[-1]


def test_a_district_teams_counts_are_its_own(client, team, two_districts):
    client.force_login(team)
    table = client.get(reverse("menu_page", args=["3.5"])).context["table"]
    assert table.rows[0][-1] == 2 and table.total[-1] == 2
    table = client.get(reverse("menu_page", args=["2.2"])).context["table"]
    assert table.rows[0][2] == 2 and table.total[2] == 2


def test_summary_and_base_tables_agree_for_a_district_team(team, two_districts, monkeypatch):
    from reporting import reports
    from reporting.reports import REPORTS, scoped_filters

    cases = [{}, {"province": 52}, {"district": 5201}, {"unit": "CDD"}, {"unit": "DSD", "by_group": True}]
    round_id = Round.objects.current().pk
    filters = [scoped_filters(team, **case, round=round_id) for case in cases]
    assert reports.use_summaries(team, filters[0])
    fast = {
        (rid, i): REPORTS[rid].table(team, f)
        for rid in REPORTS
        if REPORTS[rid].kind == "summary"
        for i, f in enumerate(filters)
    }
    monkeypatch.setattr(reports, "use_summaries", lambda user, filters: False)
    for (rid, i), table in fast.items():
        slow = REPORTS[rid].table(team, filters[i])
        assert (table.columns, table.rows, table.total) == (slow.columns, slow.rows, slow.total), (rid, cases[i])
    assert fast[("3.5", 0)].total[-1] == 2


@pytest.mark.browser
@pytest.mark.usefixtures("live_db")
def test_in_a_browser_the_1_2_search_keeps_names_out_of_the_address_bar(live_server, page):
    from playwright.sync_api import expect

    from .conftest import PASSWORD

    make_user("P5200", Role.PROVINCE, province_id=52)
    for n in range(55):
        make_cardholder(first_name="บุญส่ง", last_name=f"ลำดับ{n:03d}")
    make_cardholder(first_name="มาลี")
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("P5200")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(live_server.url + URL_1_2 + "?district=5201")
    page.get_by_label("ค้นหาชื่อ นามสกุล หรือเลขประจำตัวประชาชน (13 หลัก)").fill("บุญส่ง")
    page.get_by_role("button", name="ค้นหา").click()
    expect(page.get_by_test_id("list-count")).to_contain_text("จาก 55 คน")
    assert "บุญส่ง" not in unquote(page.url) and "search=" in page.url
    page.get_by_role("link", name="ถัดไป ›").click()
    expect(page.get_by_test_id("list-count")).to_contain_text("แสดงลำดับที่ 51–55 จาก 55 คน")
    assert "บุญส่ง" not in unquote(page.url)
    history = page.evaluate("() => performance.getEntriesByType('navigation').map(e => e.name)")
    assert not any("บุญส่ง" in unquote(url) for url in history)
