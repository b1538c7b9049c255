"""Programme rounds (issue 15): `create_round`, the rounds' admin, and the one current round."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests import test_docs
from welfare_portal.models import Round


def create_round(*args):
    out = StringIO()
    call_command("create_round", *args, stdout=out)
    return out.getvalue()


# ---- the command ------------------------------------------------------------------------------------------


def test_it_creates_a_round_that_is_not_current(db):
    out = create_round("2562", "--name", "ปี 2562", "--interviews-due", "31/7/2562")
    created = Round.objects.get(code="2562")
    assert created.name == "ปี 2562" and not created.is_current and not created.is_closed
    assert created.interviews_due == datetime.date(2019, 7, 31)
    assert Round.objects.current().code == "2561"
    assert out.strip() == (
        "สร้างรอบการดำเนินงาน 2562 ปี 2562 แล้ว ไม่ใช่รอบปัจจุบัน (รอบปัจจุบันยังเป็น 2561) กำหนด: บันทึกผลการสัมภาษณ์ 31 ก.ค. 2562"
    )


def test_it_makes_the_new_round_current_and_the_old_one_not(db):
    out = create_round("2562", "--name", "ปี 2562", "--current")
    assert Round.objects.current().code == "2562"
    assert list(Round.objects.filter(is_current=True).values_list("code", flat=True)) == ["2562"]
    assert "เป็นรอบปัจจุบัน" in out and "ไม่ใช่" not in out
    assert "ยังไม่กำหนด" in out


def test_it_reads_every_due_date_in_buddhist_era_and_iso(db):
    out = create_round(
        "2562",
        "--name",
        "ปี 2562",
        "--interviews-due",
        "31/7/2562",
        "--matching-due",
        "2019-08-15",
        "--progress-due",
        "31/12/2562",
        "--follow-up-feb-due",
        "2020-02-29",
        "--follow-up-sep-due",
        "30/9/2563",
        "--team-records-due",
        "2019-12-31",
    )
    created = Round.objects.get(code="2562")
    assert [day for _, _, day in created.due_dates()] == [
        datetime.date(2019, 7, 31),
        datetime.date(2019, 8, 15),
        datetime.date(2019, 12, 31),
        datetime.date(2020, 2, 29),
        datetime.date(2020, 9, 30),
        datetime.date(2019, 12, 31),
    ]
    assert "ยืนยันผลการจับคู่ 15 ส.ค. 2562" in out and "AO ติดตามผล รอบเดือนกุมภาพันธ์ 29 ก.พ. 2563" in out


def test_it_refuses_a_code_that_exists(db):
    with pytest.raises(CommandError, match="มีรอบการดำเนินงานรหัส 2561 อยู่แล้ว"):
        create_round("2561", "--name", "ซ้ำ")
    assert Round.objects.get(code="2561").name != "ซ้ำ"


@pytest.mark.parametrize("code", ["25 62", "รอบ2562", "2562/1", "12345678901"])
def test_it_refuses_a_bad_code(db, code):
    with pytest.raises(CommandError, match="สร้างรอบการดำเนินงานไม่ได้: รหัสรอบ"):
        create_round(code, "--name", "ปี 2562")
    assert not Round.objects.exclude(code="2561").exists()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/7/2019", "ปีต้องเป็นพุทธศักราช"),
        ("2562-07-31", "ต้องเป็นคริสต์ศักราช"),
        ("31/13/2562", "อ่านไม่ได้"),
        ("45000", "อ่านไม่ได้"),
        ("พรุ่งนี้", "อ่านไม่ได้"),
    ],
)
def test_it_refuses_a_bad_date_naming_the_option_and_the_formats(db, value, reason):
    with pytest.raises(CommandError) as refused:
        create_round("2562", "--name", "ปี 2562", "--current", "--matching-due", value)
    message = str(refused.value)
    assert message.startswith("--matching-due: ") and reason in message
    assert "31/7/2562" in message and "2019-07-31" in message
    assert not Round.objects.filter(code="2562").exists() and Round.objects.current().code == "2561"


def test_it_names_every_option_on_its_page(monkeypatch):
    monkeypatch.setitem(test_docs.COMMAND_PAGES, "create_round", "create_round.md")
    test_docs.test_a_commands_page_names_its_options("create_round")


# ---- the admin --------------------------------------------------------------------------------------------


def test_it_lets_central_add_a_round_and_make_it_current(client, central):
    client.force_login(central)
    response = client.post(
        reverse("admin:welfare_portal_round_add"),
        {"code": "2562", "name": "ปี 2562", "interviews_due": "2019-07-31", "is_current": "on"},
    )
    assert response.status_code == 302
    added = Round.objects.get(code="2562")
    assert not added.is_current  # the form cannot make a round current, only the action
    changelist = reverse("admin:welfare_portal_round_changelist")
    page = client.get(changelist).content.decode()
    assert "2562" in page and "บันทึกผลการสัมภาษณ์ 31 ก.ค. 2562" in page
    response = client.post(changelist, {"action": "make_current", "_selected_action": [added.pk]}, follow=True)
    assert "รอบ 2562 เป็นรอบปัจจุบันแล้ว" in response.content.decode()
    assert Round.objects.current() == added and Round.objects.filter(is_current=True).count() == 1


def test_it_makes_only_one_round_current_at_a_time(client, central):
    other = Round.objects.create_round("2562", name="ปี 2562")
    client.force_login(central)
    response = client.post(
        reverse("admin:welfare_portal_round_changelist"),
        {"action": "make_current", "_selected_action": [other.pk, Round.objects.current().pk]},
        follow=True,
    )
    assert "เลือกรอบที่จะเป็นรอบปัจจุบันเพียงรอบเดียว" in response.content.decode()
    assert Round.objects.current().code == "2561"


def test_it_shows_closing_the_current_round_as_a_form_error(client, central):
    current = Round.objects.current()
    client.force_login(central)
    response = client.post(
        reverse("admin:welfare_portal_round_change", args=[current.pk]),
        {"code": current.code, "name": current.name, "is_closed": "on"},
    )
    assert response.status_code == 200
    assert "รอบปัจจุบันปิดไม่ได้ ตั้งรอบอื่นเป็นรอบปัจจุบันก่อน" in response.content.decode()
    current.refresh_from_db()
    assert current.is_current and not current.is_closed


def test_it_lets_central_close_a_round_that_is_not_current(client, central):
    other = Round.objects.create_round("2560", name="ปี 2560")
    client.force_login(central)
    response = client.post(
        reverse("admin:welfare_portal_round_change", args=[other.pk]),
        {"code": "2560", "name": "ปี 2560", "is_closed": "on"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.is_closed


def test_it_never_deletes_a_round(client, central):
    current = Round.objects.current()
    client.force_login(central)
    assert client.get(reverse("admin:welfare_portal_round_delete", args=[current.pk])).status_code == 403
    page = client.get(reverse("admin:welfare_portal_round_changelist")).content.decode()
    assert "delete_selected" not in page
    assert Round.objects.filter(pk=current.pk).exists()


def test_it_keeps_province_users_out_of_the_rounds_admin(client, province_user):
    province_user.is_staff = True  # even with the staff flag given by mistake
    province_user.save(update_fields=["is_staff"])
    client.force_login(province_user)
    for url in (
        reverse("admin:welfare_portal_round_changelist"),
        reverse("admin:welfare_portal_round_add"),
        reverse("admin:welfare_portal_round_change", args=[Round.objects.current().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url


# ---- the model --------------------------------------------------------------------------------------------


def test_it_allows_one_current_round_in_the_database(db):
    Round.objects.create(code="2562", name="ปี 2562")
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(code="2562").update(is_current=True)
    assert Round.objects.filter(is_current=True).count() == 1


def test_it_refuses_to_close_the_current_round_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(is_current=True).update(is_closed=True)


def test_it_moves_the_current_round_and_reopens_it(db):
    closed = Round.objects.create(code="2560", name="ปี 2560", is_closed=True)
    closed.make_current()
    assert Round.objects.current() == closed and not Round.objects.get(code="2560").is_closed
    assert not Round.objects.get(code="2561").is_current
