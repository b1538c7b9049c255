import datetime

import pytest
from django.urls import reverse

from development.models import FollowUp
from welfare_portal.models import Role

from .conftest import NGAO, SUBDISTRICT_MUEANG_LAMPANG, SUBDISTRICT_NGAO, make_cardholder, make_user


@pytest.fixture
def ao(db):
    return make_user("ao52", Role.AO, province_id=52)


def test_an_ao_records_a_follow_up_seen_in_the_profile(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    response = client.post(
        reverse("follow_up_new", args=[person.pk]),
        {"period": "ao_feb", "followed_on": "15/2/2562", "outcome": "income", "notes": "ขายของได้มากขึ้น"},
    )
    assert response.url == reverse("profile", args=[person.pk])
    follow_up = FollowUp.objects.get()
    assert (follow_up.year, follow_up.followed_on, follow_up.recorded_by) == (2562, datetime.date(2019, 2, 15), ao)
    html = client.get(response.url).content.decode()
    assert "AO รอบเดือนกุมภาพันธ์" in html and "ขายของได้มากขึ้น" in html and "15 กุมภาพันธ์ 2562" in html


def test_one_follow_up_per_round_and_year(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    data = {"period": "ao_sep", "followed_on": "15/9/2561", "outcome": "unchanged", "notes": ""}
    client.post(reverse("follow_up_new", args=[person.pk]), data)
    response = client.post(reverse("follow_up_new", args=[person.pk]), data)
    assert "บันทึกการติดตามรอบนี้ของปี 2561 ไว้แล้ว" in response.context["form"].errors["period"][0]


def test_rounds_follow_the_role(client, ao):
    person = make_cardholder(SUBDISTRICT_NGAO)
    client.force_login(ao)
    response = client.post(
        reverse("follow_up_new", args=[person.pk]),
        {"period": "team_dec", "followed_on": "1/12/2561", "outcome": "employed"},
    )
    assert "period" in response.context["form"].errors
    team = make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO)
    client.force_login(team)
    response = client.post(
        reverse("follow_up_new", args=[person.pk]),
        {"period": "team_dec", "followed_on": "1/12/2561", "outcome": "employed"},
    )
    assert response.status_code == 302 and FollowUp.objects.get().period == "team_dec"


def test_other_needs_a_note_and_future_dates_are_refused(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    response = client.post(
        reverse("follow_up_new", args=[person.pk]), {"period": "ao_feb", "followed_on": "1/2/2700", "outcome": "other"}
    )
    errors = response.context["form"].errors
    assert "อนาคต" in errors["followed_on"][0] and "หมายเหตุ" in errors["notes"][0]


def test_scope_and_roles(client, ao):
    team = make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO)
    outside_district = make_cardholder(SUBDISTRICT_MUEANG_LAMPANG)
    client.force_login(team)
    assert client.get(reverse("follow_up_new", args=[outside_district.pk])).status_code == 404
    client.force_login(make_user("P5200", Role.PROVINCE, province_id=52))
    assert client.get(reverse("follow_up_new", args=[outside_district.pk])).status_code == 403


# ---- rounds (issue 15) ---------------------------------------------------------------------------------


def _choose_round(client, code):
    from welfare_portal.rounds import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = code
    session.save()


FEBRUARY = {"period": "ao_feb", "followed_on": "15/2/2562", "outcome": "income", "notes": "ขายของได้มากขึ้น"}


def test_a_follow_up_is_recorded_in_the_chosen_round_and_listed_there(client, ao):
    from welfare_portal.models import Round

    person = make_cardholder()
    client.force_login(ao)
    client.post(reverse("follow_up_new", args=[person.pk]), FEBRUARY)
    Round.objects.create_round("2562", name="ปี 2562", current=True)
    page = client.get(reverse("follow_up_new", args=[person.pk])).content.decode()
    assert "ปี 2562" in page and "ขายของได้มากขึ้น" not in page  # 2561's follow-up is not 2562's
    response = client.post(reverse("follow_up_new", args=[person.pk]), {**FEBRUARY, "notes": "ได้งานที่โรงงาน"})
    assert response.status_code == 302  # the same period and year, in another round
    assert sorted(FollowUp.objects.values_list("round__code", "notes")) == [
        ("2561", "ขายของได้มากขึ้น"),
        ("2562", "ได้งานที่โรงงาน"),
    ]
    _choose_round(client, "2561")
    page = client.get(reverse("follow_up_new", args=[person.pk])).content.decode()
    assert "ขายของได้มากขึ้น" in page and "ได้งานที่โรงงาน" not in page


def test_a_closed_round_takes_no_follow_up(client, ao):
    from welfare_portal.models import Round

    person = make_cardholder()
    Round.objects.create_round("2562", name="ปี 2562", current=True)
    Round.objects.filter(code="2561").update(is_closed=True)
    client.force_login(ao)
    _choose_round(client, "2561")
    page = client.get(reverse("follow_up_new", args=[person.pk])).content.decode()
    assert "ปิดรอบแล้ว" in page and 'data-testid="follow-up-form"' not in page
    assert client.post(reverse("follow_up_new", args=[person.pk]), FEBRUARY).status_code == 403
    assert not FollowUp.objects.exists()
