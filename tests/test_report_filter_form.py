"""Report filters as a form (issue 14, point 4): ReportFilterForm reads the query string of every report page,
the 1.2 search and the `report` command into Filters, clamped to the user's scope; a bad value is named in
Thai on the page instead of being dropped without a word, and the modules no longer import each other."""

import ast
import dataclasses
import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reporting.forms import ReportFilterForm
from reporting.reports import PROGRESS_LIST_STATUSES, Filters
from welfare_portal.models import AccessLog, DevelopmentUnit, Project, Role, Round

from .conftest import NGAO, make_cardholder, make_user
from .matching_builders import applicant

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date.today()
URL_1_1 = reverse("menu_page", args=["1.1"])
URL_1_2 = reverse("menu_page", args=["1.2"])
ERRORS = 'data-testid="filter-errors"'


@pytest.fixture
def team(db):
    return make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO)


def _filters(user, data):
    """The filters the form makes, without the round (every form here is about the current round)."""
    form = ReportFilterForm(data, user=user, round=Round.objects.current())
    assert form.is_valid(), form.errors
    assert form.filters.round == Round.objects.current().pk
    return dataclasses.replace(form.filters, round=None)


# ---- valid input: the same Filters as the hand parsing gave ------------------------------------------------


def test_it_cleans_valid_input_to_the_same_filters_as_before(central, province_user, team):
    cdd = DevelopmentUnit.objects.get(code="CDD")
    project = Project.objects.get(code="CDD01")
    assert _filters(central, {}) == Filters()
    assert _filters(central, {"province": "52"}) == Filters(province=52)
    assert _filters(central, {"district": "5201"}) == Filters(province=52, district=5201)
    assert _filters(central, {"province": "52", "district": "5205"}) == Filters(province=52, district=5205)
    assert _filters(central, {"unit": "CDD", "by_group": "1"}) == Filters(unit="CDD", by_group=True)
    assert _filters(central, {"as_of": "20/6/2561"}) == Filters(as_of=datetime.date(2018, 6, 20))
    assert _filters(central, {"as_of": "2018-06-20"}) == Filters(as_of=datetime.date(2018, 6, 20))
    assert _filters(central, {"as_of": "1/1/2600"}) == Filters(as_of=TODAY)  # never after today
    assert _filters(central, {"district": "5201", "status": "waiting"}) == Filters(
        province=52, district=5201, status="waiting"
    )
    listing = {"province": "52", "unit": "CDD", "list": "1", "status": "developed", "project": str(project.pk)}
    assert _filters(central, listing) == Filters(
        province=52, unit="CDD", list=True, status="developed", project=project.pk
    )
    assert _filters(central, {"list": "1", "unit_id": str(cdd.pk)}) == Filters(list=True, unit_id=cdd.pk)
    assert _filters(central, {"by_group": "", "list": "0"}) == Filters()


def test_it_clamps_to_the_users_scope_as_scoped_filters_does(province_user, team):
    assert _filters(province_user, {}) == Filters(province=52)
    assert _filters(province_user, {"province": "11"}) == Filters(province=52)  # clamped without a word
    assert _filters(province_user, {"district": "5205"}) == Filters(province=52, district=5205)
    assert _filters(team, {}) == Filters(province=52, district=NGAO)
    assert _filters(team, {"province": "52", "district": "5201"}) == Filters(province=52, district=NGAO)


def test_it_takes_every_status_a_list_page_reads():
    taken = {value for value, _ in ReportFilterForm.base_fields["status"].choices if value}
    assert taken == {"done", "waiting"} | PROGRESS_LIST_STATUSES


def test_it_ignores_what_is_not_a_filter(central):
    # The 1.2 search text never comes from a URL; paging and the export format are the view's business.
    assert _filters(central, {"q": "สมชาย", "cursor": "x", "go": "last", "format": "csv"}) == Filters()


def test_the_page_keeps_its_links_and_exports(client, central):
    make_cardholder()
    client.force_login(central)
    response = client.get(URL_1_1, {"province": "52"})
    assert response.status_code == 200 and ERRORS not in response.content.decode()
    assert dataclasses.replace(response.context["filters"], round=None) == Filters(province=52)
    html = response.content.decode()
    assert 'href="?province=52&amp;district=5201"' in html and 'href="?province=52&amp;format=csv"' in html
    rows = b"".join(client.get(URL_1_1, {"province": "52", "format": "csv"}).streaming_content).decode("utf-8-sig")
    assert rows.splitlines()[-1] == "รวม,,1"


# ---- bad values: a Thai message, not a silent drop or a 500 -------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"province": "5a"}, "province", "รหัสจังหวัดต้องเป็นตัวเลข"),
        ({"province": "99"}, "province", "ไม่พบจังหวัดรหัส 99"),
        ({"province": "9" * 40}, "province", "ไม่พบจังหวัดรหัส"),
        ({"district": "52O1"}, "district", "รหัสอำเภอต้องเป็นตัวเลข"),
        ({"district": "9999"}, "district", "ไม่พบอำเภอรหัส 9999"),
        ({"province": "52", "district": "1101"}, "district", "อำเภอนี้ไม่อยู่ในจังหวัดลำปาง"),
        ({"unit": "NOPE"}, "unit", "ไม่พบหน่วยงานรหัส NOPE"),
        ({"unit": "CDD\x00"}, "unit", "อักขระที่ระบบไม่รับ"),
        ({"status": "deleted"}, "status", "สถานะไม่ถูกต้อง"),
        ({"as_of": "20/6/2018"}, "as_of", "พุทธศักราช"),
        ({"as_of": "yesterday"}, "as_of", "จึงแสดงข้อมูล ณ วันนี้"),
        ({"as_of": "20/6/2561\x00"}, "as_of", "อักขระที่ระบบไม่รับ"),
        ({"by_group": "yes"}, "by_group", "ค่าไม่ถูกต้อง"),
        ({"list": "2"}, "list", "ค่าไม่ถูกต้อง"),
        ({"project": "CDD01"}, "project", "รหัสโครงการต้องเป็นตัวเลข"),
        ({"project": "999999"}, "project", "ไม่พบโครงการ"),
        ({"unit_id": "x"}, "unit_id", "รหัสหน่วยงานต้องเป็นตัวเลข"),
        ({"search": "a" * 65}, "search", "รหัสการค้นหาไม่ถูกต้อง"),
        ({"search": "ab\x00"}, "search", "รหัสการค้นหาไม่ถูกต้อง"),
    ],
)
def test_it_names_a_bad_value_in_thai_and_does_not_apply_it(central, data, field, message):
    form = ReportFilterForm(data, user=central, round=Round.objects.current())
    assert not form.is_valid()
    assert list(form.errors) == [field] and message in form.errors[field][0], form.errors
    assert form.problems == [f"{form.fields[field].label}: {form.errors[field][0]}"]
    assert dataclasses.replace(form.filters, round=None) == Filters(
        province=52 if data.get("province") == "52" else None
    )


def test_a_district_outside_the_users_province_is_named_then_dropped(province_user, team):
    form = ReportFilterForm({"district": "1101"}, user=province_user, round=Round.objects.current())
    assert form.errors == {"district": ["อำเภอนี้ไม่อยู่ในจังหวัดลำปาง"]}
    assert dataclasses.replace(form.filters, round=None) == Filters(province=52)
    form = ReportFilterForm({"district": "1101"}, user=team, round=Round.objects.current())
    assert form.errors == {"district": ["อำเภอนี้ไม่อยู่ในจังหวัดลำปาง"]}
    assert dataclasses.replace(form.filters, round=None) == Filters(
        province=52, district=NGAO
    )  # a team's district whatever is asked


def test_the_page_shows_the_message_and_what_it_could_apply(client, central):
    make_cardholder()
    client.force_login(central)
    response = client.get(URL_1_1, {"province": "52", "district": "1101"})
    html = response.content.decode()
    assert response.status_code == 200 and ERRORS in html
    assert "อำเภอ: อำเภอนี้ไม่อยู่ในจังหวัดลำปาง" in html
    assert dataclasses.replace(response.context["filters"], round=None) == Filters(
        province=52
    )  # the province still applies
    assert response.context["table"].total[-1] == 1
    response = client.get(reverse("menu_page", args=["3.5"]), {"unit": "NOPE", "as_of": "20/6/2018"})
    html = response.content.decode()
    assert "หน่วยงานพัฒนา: ไม่พบหน่วยงานรหัส NOPE" in html and "พุทธศักราช" in html
    assert 'value="20/6/2018"' in html  # the typed date stays in its box to be corrected


def test_an_export_with_a_bad_value_shows_the_page_with_the_message_instead(client, central):
    # As an export that lacks a district always did: the page, not a file of something else than was asked.
    client.force_login(central)
    response = client.get(URL_1_1, {"province": "abc", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "รหัสจังหวัดต้องเป็นตัวเลข" in response.content.decode()


def test_a_name_list_with_a_bad_value_is_not_exported_or_logged(client, central):
    client.force_login(central)
    response = client.get(URL_1_2, {"district": "5201", "status": "x", "format": "xlsx"})
    assert response["Content-Type"].startswith("text/html") and "สถานะไม่ถูกต้อง" in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT_LIST).exists()


def test_the_1_2_search_names_a_bad_district_and_still_counts_the_id_typed(client, province_user):
    somchai = make_cardholder(first_name="สมชาย")
    client.force_login(province_user)
    response = client.post(URL_1_2, {"district": "52x1", "q": somchai.national_id})
    assert response.status_code == 302 and response.url.startswith(URL_1_2 + "?province=52&search=")
    assert AccessLog.objects.get(action=AccessLog.Action.SEARCH_ID).detail.endswith("ไม่พบ")
    page = client.get(response.url)
    assert "อำเภอ: รหัสอำเภอต้องเป็นตัวเลข" in page.content.decode()
    assert page.context["missing"] == "กรุณาเลือกอำเภอ"


def test_the_1_2_search_still_goes_through_the_session(client, province_user):
    somchai = make_cardholder(first_name="สมชาย")
    make_cardholder(first_name="มาลี")
    client.force_login(province_user)
    response = client.post(URL_1_2, {"province": "52", "district": "5201", "q": "สมชาย"})
    assert response.url.startswith(URL_1_2 + "?province=52&district=5201&search=")
    page = client.get(response.url)
    assert [p.pk for p in page.context["page"].objects] == [somchai.pk]
    assert page.context["filters"].q == "สมชาย" and "สมชาย" not in response.url


def test_the_province_result_with_a_bad_value_goes_back_to_4_2_with_the_message(client, central):
    client.force_login(central)
    response = client.get(reverse("province_result"), {"province": "lampang"})
    assert response.status_code == 302 and response.url == reverse("menu_page", args=["4.2"]) + "?province=lampang"
    assert "รหัสจังหวัดต้องเป็นตัวเลข" in client.get(response.url).content.decode()


def test_the_filter_selects_offer_the_users_areas_and_say_all_when_empty(client, province_user, team):
    client.force_login(province_user)
    html = client.get(URL_1_1).content.decode()
    assert '<option value="" selected>ทุกอำเภอ</option>' in html  # empty is every district, and says so
    assert 'name="district"' in html and 'value="5201"' in html and 'name="province"' not in html
    html = client.get(URL_1_1, {"district": "5205"}).content.decode()
    assert '<option value="5205" selected>' in html
    client.force_login(team)
    html = client.get(URL_1_1).content.decode()
    assert '<option value="5205" selected>' in html and 'value="5201"' not in html


# ---- the report command reads its options through the same form ---------------------------------------------


def _command(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_command_takes_its_options_through_the_form(db):
    applicant("CDD01")
    assert _command("3.1", "--as-of", "20/6/2561") == _command("3.1", "--as-of", "2018-06-20")  # argparse took ISO only
    with pytest.raises(CommandError, match="รหัสจังหวัดต้องเป็นตัวเลข"):
        _command("1.1", "--province", "lampang")
    with pytest.raises(CommandError, match="อำเภอนี้ไม่อยู่ในจังหวัดลำปาง"):
        _command("1.1", "--province", "52", "--district", "1101")
    with pytest.raises(CommandError, match="พุทธศักราช"):
        _command("3.5", "--as-of", "20/6/2018")
    with pytest.raises(CommandError, match="ไม่พบหน่วยงานรหัส NOPE"):
        _command("3.5", "--unit", "NOPE")


# ---- no circles ---------------------------------------------------------------------------------------------


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, deferred imports inside functions included, as absolute names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_progress_views_does_not_import_the_views():
    assert "reporting.views" not in _imported_modules(ROOT / "development" / "views.py")
    script = "import django, sys; django.setup(); import development.views; print('reporting.views' in sys.modules)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "welfare_portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_user_manager_does_not_import_the_models():
    imported = _imported_modules(ROOT / "welfare_portal" / "managers.py")
    assert not any(name.startswith("welfare_portal.models") for name in imported), imported
