"""Issue 16, findings 4, 5, 10 and 12 (DEBUG and error pages): where a login may send the browser, who the
client is behind the reverse proxy, which passwords are refused and in what language, and what an error
shows."""

import http.client
import os
import re
import subprocess
import sys
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django_otp.oath import TOTP

from welfare_portal.models import Role, User

from .conftest import PASSWORD, add_totp_device, make_user

THAI = re.compile(r"[\u0E00-\u0E7F]")


# --- Finding 4: no `next` the portal honours leads to another site -------------------------------------

HOSTILE_NEXT = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "https:evil.example",
    "https:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/%09/evil.example",
    "javascript:alert(1)",
    "https://testserver@evil.example/",
    "/menu/1.1/\r\nSet-Cookie: sessionid=attacker",
]


def _fresh_token(device):
    device.refresh_from_db()
    device.last_t = -1  # the same time step may be used again by the next test step
    device.throttle_reset(commit=False)
    device.save()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _lands_on_this_site(response):
    location = response["Location"]
    parts = urlsplit(location)
    return (
        response.status_code == 302
        and not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and not location.startswith("//")
        and "\\" not in location
    )


@pytest.fixture
def central_with_device(db):
    user = make_user("central9", Role.CENTRAL)
    return user, add_totp_device(user)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_it_never_redirects_off_site_after_the_second_factor(client, central_with_device, target):
    _, device = central_with_device
    client.post(reverse("login"), {"username": "central9", "password": PASSWORD})
    url = reverse("otp_verify") + "?" + urlencode({"next": target})
    response = client.post(url, {"token": _fresh_token(device)})
    assert _lands_on_this_site(response), response["Location"]
    assert client.get(reverse("home")).status_code == 200  # the second factor itself was accepted


def test_it_follows_the_attack_chain_from_the_login_page_to_the_home_page(client, central_with_device):
    """The reported chain: /login/?next=/otp/verify/?next=https://evil.example, password, then TOTP."""
    _, device = central_with_device
    chained = reverse("otp_verify") + "?next=" + quote("https://evil.example", safe="")
    login = client.post(
        reverse("login") + "?next=" + quote(chained, safe=""),
        {
            "username": "central9",
            "password": PASSWORD,
            "next": chained,
        },
    )
    assert login.status_code == 302 and login["Location"] == chained
    response = client.post(login["Location"], {"token": _fresh_token(device)})
    assert response["Location"] == reverse("home")


def test_it_still_follows_a_next_inside_the_portal_after_the_second_factor(client, central_with_device):
    _, device = central_with_device
    client.post(reverse("login"), {"username": "central9", "password": PASSWORD})
    target = reverse("menu_page", args=["1.1"]) + "?province=52"
    response = client.post(reverse("otp_verify") + "?" + urlencode({"next": target}), {"token": _fresh_token(device)})
    assert response["Location"] == target


def test_it_refuses_a_plain_http_next_to_its_own_host_over_https(client, central_with_device):
    _, device = central_with_device
    client.post(reverse("login"), {"username": "central9", "password": PASSWORD}, secure=True)
    url = reverse("otp_verify") + "?" + urlencode({"next": "http://testserver/menu/1.1/"})
    response = client.post(url, {"token": _fresh_token(device)}, secure=True)
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_it_never_redirects_off_site_after_the_password(client, db, target):
    make_user("P5200", Role.PROVINCE, province_id=52)
    response = client.post(
        reverse("login") + "?" + urlencode({"next": target}),
        {"username": "P5200", "password": PASSWORD, "next": target},
    )
    assert _lands_on_this_site(response), response["Location"]


@pytest.mark.parametrize("target", HOSTILE_NEXT[:6])
def test_it_never_redirects_off_site_from_the_other_pages_that_read_next(client, db, target):
    user, old = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    client.force_login(user)
    query = "?" + urlencode({"next": target})
    changed = client.post(
        reverse("password_change") + query,
        {
            "old_password": old,
            "new_password1": "Hornbill-Teak-Monsoon",
            "new_password2": "Hornbill-Teak-Monsoon",
            "next": target,
        },
    )
    assert changed["Location"] == reverse("password_change_done")
    setup = client.get(reverse("otp_setup") + query)  # not a central account: straight on, never off site
    assert setup.status_code in (200, 302, 403) and (setup.status_code != 302 or _lands_on_this_site(setup))
    logout = client.post(reverse("logout") + query, {"next": target})
    assert _lands_on_this_site(logout), logout["Location"]
    admin_login = client.post(reverse("admin:login") + query, {"username": "P5200", "password": "x", "next": target})
    assert admin_login.status_code == 200 or _lands_on_this_site(admin_login)


# --- Finding 5: the client's address behind the reverse proxy --------------------------------------------
# Linux routes all of 127.0.0.0/8 to loopback, so every party of the test binds its own loopback address:
# the proxy reaches the live server from PROXY_ADDRESS, two offices reach the proxy from their own
# addresses, and an attacker talks to the live server directly from another.

PROXY_ADDRESS = "127.0.0.2"
OFFICE_A, OFFICE_B, DIRECT_ATTACKER = "127.0.0.3", "127.0.0.4", "127.0.0.5"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}


class _ReverseProxy(ThreadingHTTPServer):
    """The README's nginx in a few lines: passes Host, appends the peer's address to X-Forwarded-For
    ($proxy_add_x_forwarded_for) and reaches the upstream from its own address."""

    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        super().__init__(("127.0.0.1", 0), _ProxyHandler)


class _ProxyHandler(BaseHTTPRequestHandler):
    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        forwarded = self.headers.get("X-Forwarded-For")
        headers.pop("X-Forwarded-For", None)
        headers["X-Forwarded-For"] = f"{forwarded}, {self.client_address[0]}" if forwarded else self.client_address[0]
        host, port = self.server.upstream
        upstream = http.client.HTTPConnection(host, port, timeout=30, source_address=(PROXY_ADDRESS, 0))
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            content = response.read()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
        finally:
            upstream.close()

    do_GET = do_POST = _forward

    def log_message(self, *args):
        pass


class _Office:
    """A browser at one address: keeps its cookies, logs in through the login form (CSRF token included)."""

    def __init__(self, host, port, source, forged_forwarded_for=None):
        self.host, self.port, self.source = host, port, source
        self.forged = forged_forwarded_for
        self.cookies = SimpleCookie()

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=(self.source, 0))
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        if self.forged:
            headers["X-Forwarded-For"] = self.forged() if callable(self.forged) else self.forged
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    self.cookies.load(value)
            return response.status, content
        finally:
            connection.close()

    def log_in(self, username, password):
        self.cookies = SimpleCookie()
        _, page = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, content = self.request(
            "POST", "/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        if "ระงับการเข้าสู่ระบบชั่วคราว" in content:
            return "locked"
        return "in" if status == 302 else "refused"


@pytest.fixture
def behind_proxy(live_server, live_db, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_PROXY_TRUSTED_IPS = [PROXY_ADDRESS]
    upstream = urlsplit(live_server.url)
    proxy = _ReverseProxy((upstream.hostname, upstream.port))
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    make_user("P5200", Role.PROVINCE, province_id=52)
    yield proxy.server_address[1], upstream.port
    proxy.shutdown()
    proxy.server_close()


def test_two_offices_behind_the_proxy_are_locked_out_separately(behind_proxy):
    proxy_port, _ = behind_proxy
    office_a, office_b = _Office("127.0.0.1", proxy_port, OFFICE_A), _Office("127.0.0.1", proxy_port, OFFICE_B)
    assert office_a.log_in("P5200", "wrong-password") == "refused"
    for _ in range(4):  # the fifth failure locks
        office_a.log_in("P5200", "wrong-password")
    assert office_a.log_in("P5200", PASSWORD) == "locked"
    assert office_b.log_in("P5200", PASSWORD) == "in"


def test_a_client_behind_the_proxy_cannot_choose_its_address(behind_proxy):
    """Whatever it writes in X-Forwarded-For, the proxy appends its real address, and that is the one used:
    it cannot spread its failures over made-up addresses, nor lock out another office."""
    proxy_port, _ = behind_proxy
    forged = iter(f"10.1.{n}.{n}, {OFFICE_B}" for n in range(1, 100))
    attacker = _Office("127.0.0.1", proxy_port, OFFICE_A, forged_forwarded_for=lambda: next(forged))
    for _ in range(5):
        attacker.log_in("P5200", "wrong-password")
    assert attacker.log_in("P5200", PASSWORD) == "locked"
    assert _Office("127.0.0.1", proxy_port, OFFICE_B).log_in("P5200", PASSWORD) == "in"


def test_a_direct_client_cannot_choose_its_address_with_a_forged_header(behind_proxy):
    proxy_port, server_port = behind_proxy
    forged = iter(f"10.2.{n}.{n}" for n in range(1, 100))
    direct = _Office("127.0.0.1", server_port, DIRECT_ATTACKER, forged_forwarded_for=lambda: next(forged))
    for _ in range(5):
        direct.log_in("P5200", "wrong-password")
    assert direct.log_in("P5200", PASSWORD) == "locked"
    # Forging an office's address from outside the proxy does not lock that office out either.
    framer = _Office("127.0.0.1", server_port, "127.0.0.6", forged_forwarded_for=OFFICE_A)
    for _ in range(6):
        framer.log_in("P5200", "wrong-password")
    assert _Office("127.0.0.1", proxy_port, OFFICE_A).log_in("P5200", PASSWORD) == "in"


@pytest.mark.parametrize(
    "meta, expected",
    [
        ({"REMOTE_ADDR": PROXY_ADDRESS, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        ({"REMOTE_ADDR": PROXY_ADDRESS, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9"}, "203.0.113.9"),
        ({"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "198.51.100.7"),
        ({"REMOTE_ADDR": PROXY_ADDRESS}, PROXY_ADDRESS),
        ({"REMOTE_ADDR": PROXY_ADDRESS, "HTTP_X_FORWARDED_FOR": "not-an-address"}, PROXY_ADDRESS),
    ],
)
def test_rate_limits_and_lockout_share_one_reading_of_the_address(rf, settings, meta, expected):
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _SIMPLE_KEYS as _RATELIMIT_KEYS

    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_PROXY_TRUSTED_IPS = [PROXY_ADDRESS]
    request = rf.get("/", **meta)
    assert get_client_ip_address(request) == expected
    # django-ratelimit's "ip" key reads the same function (RATELIMIT_IP_META_KEY).
    assert _RATELIMIT_KEYS["ip"](request) == expected


def test_it_refuses_a_malformed_trusted_proxy_setting():
    result = subprocess.run(
        [sys.executable, "-c", "import welfare_portal.settings"],
        env={**os.environ, "AXES_IPWARE_PROXY_COUNT": "1", "TRUSTED_PROXIES": "127.0.0.1,not-an-address"},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


# --- Finding 10: guessable passwords are refused, in Thai ------------------------------------------------

GUESSABLE = [
    "P5200P5200",
    "12149P5200",
    "lampang2561",
    "welfare2561",
    "p5200-Sunrise-x",
    "LAMPANG-2561!",
    "ลำปาง2561ลำปาง",
    "Welfare-MOF-2018",
    "Chiang-Mai-2561",
    "P1100P1100x",
    "L4mp4ng-2561",
    "W3lf@re!2561",
    "Ch1angM4i-P5000",
    "P@ssw0rd-2561",
]


@pytest.mark.parametrize("password", GUESSABLE)
def test_it_refuses_passwords_made_of_the_letter_and_the_province(db, password):
    user = User(username="P5200", role=Role.PROVINCE, province_id=52)
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert all(THAI.search(message) for message in refused.value.messages), refused.value.messages


@pytest.mark.parametrize("password", ["P5200P5200", "12149P5200", "lampang2561", "welfare2561"])
def test_the_reported_passwords_are_refused_on_the_change_page(client, db, password):
    user, old = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    client.force_login(user)
    response = client.post(
        reverse("password_change"), {"old_password": old, "new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(old) and user.must_change_password
    errors = re.findall(r'<p class="field-error" role="alert">([^<]+)</p>', response.content.decode())
    assert errors and all(THAI.search(e) for e in errors), errors


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("Ab1-x", "อย่างน้อย 10"),  # too short
        ("1234567890", "ตัวเลขล้วน"),  # numeric
        ("qwertyuiop", "ง่ายเกินไป"),  # common
        ("somchai.kd!", "คล้าย"),  # like the username
        ("xSOMCHAI.KDx-Ridge", "ชื่อผู้ใช้งาน"),  # contains the username
    ],
)
def test_every_refusal_is_in_thai(db, password, fragment):
    user = User(username="somchai.kd", role=Role.CENTRAL)
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    messages = refused.value.messages
    assert any(fragment in message for message in messages), messages
    assert not any(re.search(r"\b(password|This|Your)\b", message) for message in messages), messages


@pytest.mark.parametrize(
    "password",
    ["Tested-Password-2561", "Hornbill-Teak-Monsoon", "Lampang-Portal-2569", "ช้างเผือก-ริมน้ำ-58", "nan-Xq7#vT2!kL"],
)
def test_it_accepts_passwords_that_are_not_guessable(db, password):
    validate_password(password, User(username="P5500", role=Role.PROVINCE, province_id=55))


def test_the_forced_change_page_explains_the_rules_in_thai(client, db):
    user, _ = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    client.force_login(user)
    page = client.get(reverse("password_change")).content.decode()
    help_block = re.search(r'<small class="help">(.*?)</small>', page, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", help_block, re.S)
    assert len(items) == len(django_settings.AUTH_PASSWORD_VALIDATORS)
    assert all(THAI.search(item) for item in items), items
    assert "Your password" not in page
    assert "ชื่อจังหวัด" in help_block and "2561" in help_block
    assert str(password_validators_help_text_html()) in page


# --- Finding 12 (part): DEBUG off unless asked, and Thai error pages in the portal's layout ---------------


def _debug_of_development(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "DJANGO_ENV"}}
    result = subprocess.run(
        [sys.executable, "-c", "from welfare_portal import settings as s; print(s.DEBUG)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_development_serves_without_debug_unless_asked():
    assert _debug_of_development() == "False"
    assert _debug_of_development(DJANGO_DEBUG="1") == "True"


def test_static_files_are_served_without_debug_in_development(client, db):
    assert not django_settings.DEBUG
    response = client.get("/static/welfare_portal/portal.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def _layout(page):
    return 'class="site-header"' in page and "MOF Welfare" in page and 'class="site-footer"' in page


def test_a_missing_page_is_a_thai_page_in_the_portal_layout(client, province_user):
    client.force_login(province_user)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert _layout(page) and "ไม่พบหน้าที่ต้องการ" in page
    assert "ผู้ใช้งานระบบ : P5200 (ลำปาง)" in page and 'class="main-nav"' in page
    assert f'href="{reverse("home")}"' in page
    assert "Page not found" not in page and "urlpatterns" not in page


def test_a_refused_page_is_a_thai_page_in_the_portal_layout(client, province_user):
    client.force_login(province_user)
    response = client.get(reverse("otp_verify"))  # a second factor is for central accounts only
    page = response.content.decode()
    assert response.status_code == 403
    assert _layout(page) and "ไม่มีสิทธิ์" in page and "ผู้ใช้งานระบบ : P5200 (ลำปาง)" in page
    assert "403 Forbidden" not in page


def test_a_bad_request_is_a_thai_page_in_the_portal_layout(client, province_user):
    client.force_login(province_user)
    response = client.get(reverse("home"), HTTP_HOST="evil.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert _layout(page) and "คำขอไม่ถูกต้อง" in page
    assert "Bad Request" not in page and "ALLOWED_HOSTS" not in page


def test_a_server_error_is_a_thai_page_even_with_the_database_down(client, province_user):
    client.force_login(province_user)
    client.raise_request_exception = False
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("down")):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 500
    assert _layout(page) and "เกิดข้อผิดพลาดในระบบ" in page and f'href="{reverse("home")}"' in page
    assert "OperationalError" not in page and "Traceback" not in page and "SECRET_KEY" not in page


def test_a_form_sent_without_its_csrf_token_gets_a_thai_page_that_says_nothing_was_saved(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "P5200", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 403
    assert "แบบฟอร์มนี้หมดอายุแล้ว" in html and "ยังไม่ถูกบันทึก" in html and "CSRF verification failed" not in html
