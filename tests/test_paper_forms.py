import datetime

import pytest
from django.urls import reverse

from cardholders.models import Interview
from cardholders.services import interview_record
from welfare_portal.models import Project, Role

from .conftest import NGAO, SUBDISTRICT_MUEANG_LAMPANG, SUBDISTRICT_NGAO, make_cardholder, make_user

URL = reverse("paper_forms")


def _interview(subdistrict):
    return interview_record(
        cardholder=make_cardholder(subdistrict),
        interviewed_on=datetime.date(2018, 6, 20),
        group=1,
        choices=[Project.objects.get(code="CDD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )


@pytest.fixture
def team(db):
    return make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO)


def test_it_shows_which_interviews_lack_a_paper_form_in_the_district(client, team):
    first, second = _interview(SUBDISTRICT_NGAO), _interview(SUBDISTRICT_NGAO)
    _interview(SUBDISTRICT_MUEANG_LAMPANG)
    client.force_login(team)
    response = client.get(URL)
    assert response.context["summary"] == [{"code": 5205, "name": "งาว", "total": 2, "received": 0, "missing": 2}]
    assert {i.pk for i in response.context["missing"]} == {first.pk, second.pk}


def test_it_ticks_off_received_forms(client, team):
    first, second = _interview(SUBDISTRICT_NGAO), _interview(SUBDISTRICT_NGAO)
    other_district = _interview(SUBDISTRICT_MUEANG_LAMPANG)
    client.force_login(team)
    client.post(URL, {"received": [first.pk, other_district.pk]})
    first.refresh_from_db()
    assert first.paper_form_received_on == datetime.date.today() and first.paper_form_received_by == team
    assert not Interview.objects.get(pk=other_district.pk).paper_form_received_on  # not its district
    summary = client.get(URL).context["summary"]
    assert summary[0]["received"] == 1 and summary[0]["missing"] == 1
    assert [i.pk for i in client.get(URL).context["missing"]] == [second.pk]


def test_an_ao_cannot_use_the_register(client, db):
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    assert client.get(URL).status_code == 403
