import stat

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from welfare_portal.models import Role, User


def _run(*args, **kwargs):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def authenticate(*, username, password):
    """The account if the password is right (axes' backend needs a request, which a unit test has not)."""
    user = User.objects.filter(username=username).first()
    return user if user is not None and user.check_password(password) else None


def _lines(text):
    return dict(line.split(",") for line in text.strip().splitlines())


def test_it_creates_the_77_province_accounts_with_random_passwords(db):
    out, err = _run("create_province_accounts")
    passwords = _lines(out)
    assert len(passwords) == 77
    assert "P1000" in passwords and "P9600" in passwords and "P3800" in passwords
    assert len(set(passwords.values())) == 77
    user = User.objects.get(username="P5200")
    assert user.role == Role.PROVINCE and user.province_id == 52
    assert user.must_change_password
    assert user.display_name == "P5200 (ลำปาง)"
    assert authenticate(username="P5200", password=passwords["P5200"]) == user
    assert "77" in err


def test_it_leaves_existing_province_accounts_alone_unless_reset(db):
    first = _lines(_run("create_province_accounts")[0])
    again, _ = _run("create_province_accounts")
    assert again == ""
    assert authenticate(username="P5200", password=first["P5200"]) is not None

    reset = _lines(_run("create_province_accounts", "--reset")[0])
    assert len(reset) == 77
    assert authenticate(username="P5200", password=first["P5200"]) is None
    assert authenticate(username="P5200", password=reset["P5200"]) is not None
    assert User.objects.get(username="P5200").must_change_password


def test_it_writes_passwords_to_a_file_only_its_owner_can_read(db, tmp_path):
    target = tmp_path / "passwords.csv"
    out, _ = _run("create_province_accounts", "--output", str(target))
    assert out == ""
    assert len(target.read_text().splitlines()) == 77
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("leaked", ["52001", "12345", "00000", "P5200"])
def test_it_never_accepts_a_short_or_numeric_password_like_the_2018_letter(db, leaked):
    with pytest.raises(ValidationError):
        User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52, password=leaked)


def test_it_creates_one_account_of_any_role_and_prints_its_password(db):
    out, _ = _run("create_account", "ao5201", "--role", "ao", "--province", "52")
    user = User.objects.get(username="ao5201")
    assert user.role == Role.AO and user.province_id == 52 and user.must_change_password
    assert authenticate(username="ao5201", password=out.strip()) == user


def test_it_derives_the_province_of_a_district_team(db):
    _run("create_account", "team5205", "--role", "district_team", "--district", "5205")
    user = User.objects.get(username="team5205")
    assert (user.province_id, user.district_id) == (52, 5205)


def test_it_reads_a_password_from_a_file(db, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("Lampang-Unit-Password\n")
    out, _ = _run(
        "create_account", "cdd52", "--role", "unit", "--province", "52", "--unit", "CDD", "--password-file", str(secret)
    )
    assert out == ""
    assert authenticate(username="cdd52", password="Lampang-Unit-Password") is not None


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "province"], "ต้องระบุจังหวัด"),
        (["--role", "unit", "--province", "52"], "ต้องระบุหน่วยงานพัฒนา"),
        (["--role", "province", "--province", "99"], "ไม่พบจังหวัดรหัส 99"),
        (["--role", "unit", "--province", "52", "--unit", "NOPE"], "ไม่พบหน่วยงานรหัส NOPE"),
        (["--role", "central", "--province", "52"], "ไม่ต้องระบุจังหวัด"),
    ],
)
def test_it_refuses_an_account_without_the_scope_its_role_needs(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run("create_account", "someone", *args)
    assert not User.objects.filter(username="someone").exists()


def test_it_refuses_a_weak_password_file(db, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("52001")
    with pytest.raises(CommandError):
        _run(
            "create_account",
            "P5200",
            "--role",
            "province",
            "--province",
            "52",
            "--password-file",
            str(secret),
        )
