import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welfare_portal.models import Role

from .conftest import PASSWORD, make_user

LOGIN = reverse("login")


def _try(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def p5200(db):
    return make_user("P5200", Role.PROVINCE, province_id=52)


def test_it_locks_a_username_at_one_address_after_five_failures(client, p5200):
    for _ in range(5):
        _try(client, "P5200", "wrong-password")
    response = _try(client, "P5200", PASSWORD)
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_does_not_spill_over_to_other_offices_or_accounts(client, p5200):
    make_user("P5000", Role.PROVINCE, province_id=50)
    for _ in range(5):
        _try(client, "P5200", "wrong-password")
    assert _try(client, "P5000", PASSWORD).status_code == 302  # another province behind the same address
    client.logout()
    assert _try(client, "P5200", PASSWORD, ip="10.0.0.2").status_code == 302  # the same account elsewhere


def test_an_administrator_can_unlock(client, p5200):
    for _ in range(5):
        _try(client, "P5200", "wrong-password")
    call_command("axes_reset_username", "P5200")
    assert _try(client, "P5200", PASSWORD).status_code == 302


def test_a_central_account_must_set_up_and_use_a_second_factor(client, db):
    user = make_user("central9", Role.CENTRAL)
    assert _try(client, "central9", PASSWORD).status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("otp_setup")
    assert client.get(reverse("admin:index")).url == reverse("otp_setup")
    page = client.get(reverse("otp_setup"))
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert "รหัส 6 หลักไม่ถูกต้อง" in client.post(reverse("otp_setup"), {"token": "000000"}).content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try down; the test does not wait
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    assert client.post(reverse("otp_setup"), {"token": f"{token:06d}"}).status_code == 302
    assert client.get(reverse("home")).status_code == 200

    client.logout()
    _try(client, "central9", PASSWORD)
    asked = reverse("menu_page", args=["1.1"])
    verify = client.get(asked).url
    assert verify == reverse("otp_verify") + "?next=%2Fmenu%2F1.1%2F"
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again for the test
    device.save()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    assert client.post(verify, {"token": f"{token:06d}"}).url == asked  # back to the page asked for
    assert client.get(reverse("admin:index")).status_code == 200


def test_other_roles_need_no_second_factor(client, p5200):
    _try(client, "P5200", PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_sessions_expire_after_thirty_idle_minutes(client, p5200):
    from django.contrib.sessions.models import Session

    _try(client, "P5200", PASSWORD)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    client.get(reverse("home"))  # within the minute: the session row is not written again
    assert Session.objects.get(pk=key).expire_date < timezone.now() + datetime.timedelta(minutes=6)
    session = client.session
    session["_refreshed_at"] -= 61  # a minute later, the next page pushes the end 30 minutes on
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    client.get(reverse("home"))
    assert Session.objects.get(pk=key).expire_date > timezone.now() + datetime.timedelta(minutes=29)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("home")).url.startswith(reverse("login"))  # idle too long: signed out


def test_every_page_sends_a_content_security_policy(client, p5200):
    response = client.get(LOGIN)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 30 + "-not-a-real-key-Tq9#mZ2!pL7@wR4$vN8",
        "DJANGO_ALLOWED_HOSTS": "welfare.example.go.th",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
