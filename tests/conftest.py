"""Shared test users and builders: central, province P5200 (ลำปาง), P1100 (สมุทรปราการ) as the outsider,
and an agency user. Data is built in code, small and explicit."""

import os

import pytest
from stdnum.th import pin

from cardholders.models import Cardholder, RosterEntry
from welfare_portal.models import (
    BasicNeed,
    DevelopmentUnit,
    District,
    Project,
    Province,
    Role,
    Round,
    Skill,
    Subdistrict,
    User,
)
from welfare_portal.reference_data import load_catalogue, load_geography

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside one
# unless told this is deliberate. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Tested-Password-2561"
LAMPANG, SAMUT_PRAKAN = 52, 11
MUEANG_LAMPANG, NGAO = 5201, 5205
SUBDISTRICT_MUEANG_LAMPANG = 520101  # เวียงเหนือ
SUBDISTRICT_NGAO = 520501
SUBDISTRICT_SAMUT_PRAKAN = 110101


def make_user(username, role, **scope):
    user, _ = User.objects.create_account(username, role=role, password=PASSWORD, **scope)
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    return user


def valid_national_id(n: int, category: int = 3) -> str:
    base = f"{category}{n:011d}"
    return base + pin.calc_check_digit(base)


_person_counter = iter(range(1, 10**9))


def make_cardholder(subdistrict=SUBDISTRICT_MUEANG_LAMPANG, **fields):
    n = next(_person_counter)
    defaults = {
        "national_id": valid_national_id(10_000_000 + n),
        "title": "นาง",
        "first_name": f"ทดสอบ{n}",
        "last_name": "ใจดี",
        "subdistrict_id": subdistrict,
    }
    defaults.update(fields)
    person = Cardholder.objects.create(**defaults)
    RosterEntry.objects.create(cardholder=person)  # on the current round's roster, as an imported roster puts them
    return person


@pytest.fixture
def live_db(transactional_db):
    """A database for the live server. Transactional tests empty every table when they end, the
    migration-loaded reference data included; put it back the fast way when it is gone."""
    if not Province.objects.exists():
        load_geography(Province, District, Subdistrict)
        load_catalogue(DevelopmentUnit, Project, BasicNeed, Skill)
    if not Round.objects.exists():  # the migration's round 2561, current
        Round.objects.create(code="2561", name="ปี 2561", is_current=True)


@pytest.fixture
def fixed_window(monkeypatch):
    """One rate-limit window for the whole test, so a minute boundary cannot fall inside it (django-ratelimit's
    windows are fixed: five lookups straddling one are counted in two windows)."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: 4_000_000_000)


@pytest.fixture(autouse=True)
def imports_inline(settings):
    """Web imports run inside the request, as no worker runs; tests/test_import_queue.py starts workers."""
    settings.IMPORTS_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher costs about 0.3 s a password by design; tests create hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_totp_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


@pytest.fixture
def central(db):
    user = make_user("central1", Role.CENTRAL)
    add_totp_device(user)
    return user


@pytest.fixture
def client(client):
    """The test client, whose force_login also passes the second factor when the user has one, as a
    central user who typed their TOTP code would."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    force_login = client.force_login

    def login_with_device(user, backend=None):
        force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    client.force_login = login_with_device
    return client


@pytest.fixture
def province_user(db):
    return make_user("P5200", Role.PROVINCE, province_id=LAMPANG)


@pytest.fixture
def outsider(db):
    return make_user("P1100", Role.PROVINCE, province_id=SAMUT_PRAKAN)


@pytest.fixture
def unit_user(db):
    return make_user("CDD5200", Role.UNIT, province_id=LAMPANG, unit=DevelopmentUnit.objects.get(code="CDD"))


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }
