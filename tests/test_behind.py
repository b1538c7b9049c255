"""4.4 ติดตามความคืบหน้าตามกำหนดเวลา (issue 15): per district and per agency, the share done of each step of the
round against its due date, late steps first and marked, every count opening the people behind it, and the
page as an XLSX in the provincial result report's style."""

import datetime
import io
import re
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from development.models import FollowUp
from development.services import progress_record
from matching.models import Assignment, Capacity
from matching.services import matching_run_confirm, matching_run_create
from reporting.behind import STEP_BY_KEY, behind_table
from welfare_portal.models import Province, Role, Round

from .conftest import (
    MUEANG_LAMPANG,
    NGAO,
    SUBDISTRICT_NGAO,
    SUBDISTRICT_SAMUT_PRAKAN,
    make_cardholder,
    make_user,
)
from .matching_builders import applicant, project

TODAY = timezone.localdate()
PAST, SOON = TODAY - datetime.timedelta(days=30), TODAY + datetime.timedelta(days=30)


def _progress(person, status, ended=None):
    assignment = Assignment.objects.get(cardholder=person, ended_at__isnull=True)
    progress_record(
        cardholder=person,
        assignment=assignment,
        unit=assignment.unit,
        project=assignment.project,
        province=assignment.development_province,
        status=status,
        started_on=datetime.date(2018, 7, 1),
        ended_on=ended,
        user=None,
    )


def build_lampang(central):
    """Lampang in the current round, due dates around today:

    เมืองลำปาง: `waiting` on the roster, never interviewed; `started` and `idle` matched to CDD (idle reports
    nothing); `unmatched` interviewed after the run; `reask` matched on none of their choices (re-interview).
    งาว: `finished` matched to CDD, completed, followed up by the AO in February.
    Samut Prakan: `elsewhere`, interviewed, never matched."""
    round_ = Round.objects.current()
    Round.objects.filter(pk=round_.pk).update(
        interviews_due=PAST,
        matching_due=SOON,
        progress_due=PAST - datetime.timedelta(days=5),
        follow_up_feb_due=SOON,
        follow_up_sep_due=None,
        team_records_due=None,
    )
    Capacity.objects.create(province_id=52, project=project("DOE01"), seats=0)
    people = {
        "waiting": make_cardholder(),
        "started": applicant("CDD01"),
        "idle": applicant("CDD01"),
        "reask": applicant("DOE01"),
        "finished": applicant("CDD02", subdistrict=SUBDISTRICT_NGAO),
        "elsewhere": applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN),
    }
    lampang = Province.objects.get(code=52)
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    people["unmatched"] = applicant("CDD01")
    _progress(people["started"], "in_progress")
    _progress(people["finished"], "completed", ended=datetime.date(2018, 9, 30))
    FollowUp.objects.create(
        cardholder=people["finished"],
        period="ao_feb",
        year=2562,
        followed_on=datetime.date(2019, 2, 15),
        outcome="income",
    )
    return SimpleNamespace(round=Round.objects.current(), **people)


@pytest.fixture
def world(db, central):
    return build_lampang(central)


def _cells(row):
    return {cell.step.key: cell for cell in row.cells if cell is not None}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_counts_each_step_of_the_round_for_a_small_province(world, province_user):
    behind = behind_table(user=province_user, round=world.round, province=None, today=TODAY)
    total = _cells(behind.total)
    numbers = {key: (cell.total, cell.done, cell.behind) for key, cell in total.items()}
    assert numbers == {
        "interviews": (6, 5, 1),  # the roster of Lampang's round; `waiting` was never interviewed
        "matching": (5, 3, 2),  # `unmatched` and `reask`
        "progress": (3, 2, 1),  # `idle`
        "ao_feb": (3, 1, 2),
        "ao_sep": (3, 0, 3),
        "team_dec": (3, 0, 3),
    }
    by_district = {row.code: _cells(row) for row in behind.areas}
    assert by_district[NGAO]["progress"].share == 100.0
    assert by_district[MUEANG_LAMPANG]["interviews"].share == 80.0  # 4 of 5


def test_it_lists_late_steps_first_and_marks_them(client, world, province_user):
    client.force_login(province_user)
    html = client.get(reverse("behind")).content.decode()
    steps = html.split('data-testid="steps"', 1)[1].split("</table>", 1)[0]
    rows = steps.split('data-testid="step-row"')[1:]
    labels = [_text(row.split(">", 1)[1]).strip() for row in rows]
    assert labels[0].startswith("บันทึกผลการสัมภาษณ์") and labels[1].startswith("รายงานผลการพัฒนา")
    assert all(row.startswith(' data-late="1"') for row in rows[:2])
    assert not any(row.startswith(' data-late="1"') for row in rows[2:])
    assert "เลยกำหนด" in labels[0] and "เลยกำหนด" not in labels[2]
    assert f"บันทึกผลการสัมภาษณ์ {PAST.day} " in labels[0] and f"{PAST.year + 543}" in labels[0]  # Buddhist era


def test_the_district_that_is_late_comes_first(client, world, province_user):
    client.force_login(province_user)
    html = client.get(reverse("behind")).content.decode()
    areas = html.split('data-testid="behind-areas"', 1)[1].split("</tbody>", 1)[0]
    names = re.findall(r'data-testid="row"( data-late="1")?>\s*<td>([^<]+)</td>', areas)
    assert names[0] == (' data-late="1"', "เมืองลำปาง")
    assert ("", "งาว") in names  # งาว has nothing late: its interviews and progress are all done
    assert names.index(("", "งาว")) > 0


def test_the_agencies_are_counted_from_the_steps_they_hold(world, province_user):
    behind = behind_table(user=province_user, round=world.round, province=None, today=TODAY)
    [cdd] = [row for row in behind.units if row.code == "CDD"]
    cells = _cells(cdd)
    assert set(cells) == {"progress", "ao_feb", "ao_sep", "team_dec"}  # interviews and matching precede agencies
    assert (cells["progress"].total, cells["progress"].behind) == (3, 1)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("interviews", ["waiting"]),
        ("matching", ["reask", "unmatched"]),
        ("progress", ["idle"]),
        ("ao_feb", ["started", "idle"]),
    ],
)
def test_a_count_opens_exactly_the_people_behind_it(client, world, province_user, step, expected):
    client.force_login(province_user)
    html = client.get(reverse("behind")).content.decode()
    link = f"{reverse('behind_people')}?step={step}&amp;district={MUEANG_LAMPANG}"
    assert f'href="{link}"' in html
    response = client.get(reverse("behind_people"), {"step": step, "district": MUEANG_LAMPANG})
    listed = {person.pk for _, person in response.context["rows"]}
    assert listed == {getattr(world, name).pk for name in expected}
    assert f"จาก {len(expected)} คน" in response.content.decode() or len(expected) == 1


def test_the_list_masks_ids_for_a_province_and_names_what_it_lists(client, world, province_user):
    client.force_login(province_user)
    html = client.get(reverse("behind_people"), {"step": "interviews", "district": MUEANG_LAMPANG}).content.decode()
    assert world.waiting.national_id_masked in html and world.waiting.national_id_display not in html
    assert "รายชื่อผู้ที่ยังไม่ได้บันทึกผลการสัมภาษณ์" in html and "อำเภอเมืองลำปาง" in html


def test_an_agency_row_opens_the_agencys_people_behind_in_the_province(client, world, province_user):
    client.force_login(province_user)
    cdd = Assignment.objects.get(cardholder=world.idle).unit
    response = client.get(reverse("behind_people"), {"step": "progress", "province": 52, "unit": cdd.pk})
    assert [person.pk for _, person in response.context["rows"]] == [world.idle.pk]


def test_an_outsider_province_sees_only_its_own_districts(client, world, outsider):
    client.force_login(outsider)
    html = client.get(reverse("behind"), {"province": 52}).content.decode()  # asking for Lampang changes nothing
    assert "จังหวัดสมุทรปราการ" in html and "เมืองลำปาง" not in html and "งาว" not in html
    assert client.get(reverse("behind_people"), {"step": "interviews", "district": MUEANG_LAMPANG}).status_code == 403
    assert client.get(reverse("behind_people"), {"step": "progress", "province": 52}).status_code == 403


@pytest.mark.parametrize("role", [Role.AO, Role.KJJ, Role.UNIT, Role.DISTRICT_TEAM])
def test_other_roles_may_not_open_the_page(client, db, role, unit_user):
    scope = {"province_id": 52}
    if role == Role.DISTRICT_TEAM:
        scope["district_id"] = NGAO
    user = unit_user if role == Role.UNIT else make_user(f"user-{role}", role, **scope)
    client.force_login(user)
    assert client.get(reverse("behind")).status_code == 403


def test_an_agency_lists_only_its_own_people(client, world, unit_user):
    client.force_login(unit_user)  # CDD in Lampang
    response = client.get(reverse("behind_people"), {"step": "progress"})
    assert [person.pk for _, person in response.context["rows"]] == [world.idle.pk]
    assert 'data-testid="row-progress-link"' in response.content.decode()  # where the agency does the work
    assert client.get(reverse("behind_people"), {"step": "interviews"}).status_code == 404


def test_central_sees_provinces_and_drills_into_a_provinces_districts(client, world, central):
    client.force_login(central)
    html = client.get(reverse("behind")).content.decode()
    areas = html.split('data-testid="behind-areas"', 1)[1].split("</tbody>", 1)[0]
    first = re.search(r'data-testid="row"[^>]*>\s*<td><a href="\?province=(\d+)">([^<]+)</a>', areas)
    assert first.groups() == ("52", "ลำปาง")  # the one province with late steps
    html = client.get(reverse("behind"), {"province": 52}).content.decode()
    assert "เมืองลำปาง" in html and f"district={MUEANG_LAMPANG}" in html
    assert client.get(reverse("behind_people"), {"step": "interviews"}).status_code == 404  # a country-wide list


def test_the_xlsx_opens_with_its_title_rows(client, world, province_user):
    client.force_login(province_user)
    response = client.get(reverse("behind"), {"format": "xlsx"})
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "4.4 ติดตามความคืบหน้าตามกำหนดเวลา"
    assert world.round.name in rows[1][0] and "จังหวัดลำปาง" in rows[1][0]
    header = rows[2]
    assert header[:2] == ("รหัส", "อำเภอ") and header[2] == "สัมภาษณ์ ทั้งหมด" and header[-1] == "ขั้นตอนที่เลยกำหนด"
    mueang = next(row for row in rows if row[1] == "เมืองลำปาง")
    assert mueang[2:6] == (5, 4, 1, 80.0) and "สัมภาษณ์" in mueang[-1]
    assert sheet["A4"].font.name == "TH SarabunPSK"


def test_a_follow_up_done_leaves_the_list(client, world, province_user):
    client.force_login(province_user)
    FollowUp.objects.create(
        cardholder=world.idle, period="ao_feb", year=2562, followed_on=datetime.date(2019, 2, 16), outcome="unchanged"
    )
    response = client.get(reverse("behind_people"), {"step": "ao_feb", "district": MUEANG_LAMPANG})
    assert [person.pk for _, person in response.context["rows"]] == [world.started.pk]
    behind = behind_table(user=province_user, round=world.round, province=None, today=TODAY)
    assert _cells(behind.total)["ao_feb"].behind == 1 and STEP_BY_KEY["ao_feb"].per_unit


@pytest.mark.parametrize(
    ("intruder", "query", "refused"),
    [
        ("team5205", {"step": "team_dec", "district": MUEANG_LAMPANG}, True),  # another district's team
        ("dsd52", {"step": "progress"}, False),  # another agency in Lampang: its own (no) people
        ("cdd11", {"step": "progress"}, False),  # the same agency elsewhere
        ("ao11", {"step": "ao_feb", "province": 52}, True),
        ("noscope", {"step": "interviews", "district": MUEANG_LAMPANG}, True),
        ("broken", {"step": "interviews"}, False),  # a province role without a province sees no one
    ],
)
def test_no_intruder_sees_lampangs_people_behind(client, world, intruder, query, refused):
    from welfare_portal.models import DevelopmentUnit, User

    users = {
        "team5205": lambda: make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO),
        "dsd52": lambda: make_user("dsd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD")),
        "cdd11": lambda: make_user("cdd11", Role.UNIT, province_id=11, unit=DevelopmentUnit.objects.get(code="CDD")),
        "ao11": lambda: make_user("ao11", Role.AO, province_id=11),
        "noscope": lambda: User.objects.create(username="noscope", must_change_password=False),
        "broken": lambda: User.objects.create(username="broken", role=Role.PROVINCE, must_change_password=False),
    }
    client.force_login(users[intruder]())
    response = client.get(reverse("behind_people"), query)
    if refused:
        assert response.status_code == 403
    else:
        assert response.status_code == 200 and response.context["rows"] == []
    assert "ทดสอบ" not in response.content.decode()  # no Lampang name (every made-up name starts so)


def test_a_province_account_without_a_province_is_refused_the_page(client, world):
    from welfare_portal.models import User

    client.force_login(User.objects.create(username="broken", role=Role.PROVINCE, must_change_password=False))
    assert client.get(reverse("behind")).status_code == 403


def test_the_aos_waiting_line_opens_the_provinces_people_not_interviewed(client, world):
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    response = client.get(reverse("behind_people"), {"step": "interviews"})
    assert [person.pk for _, person in response.context["rows"]] == [world.waiting.pk]


def test_the_csv_has_the_same_rows_as_the_xlsx(client, world, province_user):
    client.force_login(province_user)
    text = b"".join(client.get(reverse("behind"), {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("4.4 ติดตามความคืบหน้าตามกำหนดเวลา")
    assert "เมืองลำปาง,5,4,1,80.0" in text


# ---- in the browser: the page, a list and the home page pass axe at both widths ------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("width", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_the_pages_pass_axe_in_the_browser(live_db, live_server, browser, width):
    import os
    from pathlib import Path

    from axe_playwright_python.sync_playwright import Axe

    from .conftest import PASSWORD, add_totp_device

    central = make_user("central-b", Role.CENTRAL)
    add_totp_device(central)
    build_lampang(central)
    users = {
        "province": make_user("P5200", Role.PROVINCE, province_id=52),
        "ao": make_user("AO5200", Role.AO, province_id=52),
    }
    pages = [
        ("province", "behind", "/behind/"),
        ("province", "behind-list", f"/behind/people/?step=interviews&district={MUEANG_LAMPANG}"),
        ("province", "home-open-work", "/"),
        ("ao", "home-open-work", "/"),
    ]
    failures, shots = [], os.environ.get("SCREENSHOTS_DIR")
    for role, user in users.items():
        context = browser.new_context(viewport=width, locale="th-TH")
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))
        for _, name, path in (p for p in pages if p[0] == role):
            page.goto(live_server.url + path)
            results = Axe().run(page, options={"resultTypes": ["violations"]})
            serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
            failures += [f"{role} {name} {width['width']}: {v['id']}: {v['help']}" for v in serious]
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=Path(shots) / f"{role}-{name}-{width['width']}.png", full_page=True)
        context.close()
    assert not failures, "\n".join(failures)
