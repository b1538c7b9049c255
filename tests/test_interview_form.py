import datetime
import re

import pytest
from django.urls import reverse

from cardholders.models import Interview
from welfare_portal.models import Project, Role

from .conftest import SUBDISTRICT_SAMUT_PRAKAN, make_cardholder, make_user

URL = reverse("interview_new")


@pytest.fixture
def ao(db):
    return make_user("ao52", Role.AO, province_id=52)


def _data(person, **over):
    data = {
        "national_id": person.national_id_display,
        "interviewed_on": "20/6/2561",
        "group": "1",
        "choice_1": Project.objects.get(code="CDD01").pk,
        "choice_2": Project.objects.get(code="DSD01").pk,
        "choice_3": "",
        "basic_needs": ["WATER", "LAND"],
        "skill": "",
    }
    data.update(over)
    return data


def test_it_records_an_interview_and_shows_the_profile(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    response = client.post(URL, _data(person))
    assert response.status_code == 302 and response.url == reverse("profile", args=[person.pk])
    interview = Interview.objects.get()
    assert interview.interviewed_on == datetime.date(2018, 6, 20) and interview.is_current
    assert interview.recorded_by == ao and interview.channel == "form"
    assert sorted(interview.basic_needs) == ["LAND", "WATER"]


def test_a_later_interview_becomes_current_and_the_earlier_stays(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    client.post(URL, _data(person))
    client.post(URL, _data(person, interviewed_on="3/9/2561", choice_1=Project.objects.get(code="RICE01").pk))
    assert Interview.objects.filter(cardholder=person).count() == 2
    assert Interview.objects.get(is_current=True).interviewed_on == datetime.date(2018, 9, 3)


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"national_id": "1234567890123"}, "national_id", "เลขประจำตัวประชาชนไม่ถูกต้อง"),
        ({"interviewed_on": "20/6/2018"}, "interviewed_on", "พุทธศักราช"),
        ({"interviewed_on": "1/1/2700"}, "interviewed_on", "อนาคต"),
        ({"group": ""}, "group", "กรุณาเลือกกลุ่ม"),
        ({"choice_1": ""}, "choice_1", "กรุณาเลือกความต้องการอันดับ 1"),
        ({"choice_2": "CDD01"}, "choice_2", "ตัวเลือกไม่ถูกต้อง"),
        ({"choice_3": "__same__"}, "choice_3", "ซ้ำกับอันดับก่อนหน้า"),
        ({"choice_2": "", "choice_3": "__rice__"}, "choice_3", "ระบุอันดับ 3 ได้เมื่อระบุอันดับ 2"),
    ],
)
def test_it_explains_every_mistake_next_to_its_field(client, ao, over, field, message):
    person = make_cardholder()
    client.force_login(ao)
    resolved = {
        key: {"__same__": Project.objects.get(code="CDD01").pk, "__rice__": Project.objects.get(code="RICE01").pk}.get(
            value, value
        )
        for key, value in over.items()
    }
    response = client.post(URL, _data(person, **resolved))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert Interview.objects.count() == 0


def test_it_refuses_a_second_interview_on_the_same_day(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    client.post(URL, _data(person))
    response = client.post(URL, _data(person))
    assert "มีแบบประเมินวันที่นี้แล้ว" in response.context["form"].errors["interviewed_on"][0]


def test_an_ao_cannot_record_for_another_province(client, ao):
    stranger = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    client.force_login(ao)
    response = client.post(URL, _data(stranger))
    assert "ไม่พบผู้มีบัตรฯ รายนี้ในพื้นที่ของท่าน" in response.context["form"].errors["national_id"][0]
    assert Interview.objects.count() == 0


def test_a_unit_user_cannot_open_the_form(client, unit_user):
    client.force_login(unit_user)
    assert client.get(URL).status_code == 403


def test_its_selects_read_as_the_2018_form_did(client, db):
    client.force_login(make_user("AO5200t", Role.AO, province_id=52))
    html = client.get(reverse("interview_new")).content.decode()
    assert "- โปรดเลือก -" in html and "---------" not in html
    # projects grouped under their agency, agencies in name order
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert "กรมการพัฒนาชุมชน" in groups and groups[: len(groups) // 3] == sorted(groups[: len(groups) // 3])


def test_the_form_is_no_unlimited_id_lookup(client, db, settings, fixed_window):
    """The form says whether an ID is a card holder of the area: each try counts against the user's lookup
    allowance and is logged, as the 1.2 and 1.3 lookups are."""
    from welfare_portal.models import AccessLog

    from .conftest import valid_national_id

    settings.LOOKUP_RATE = "3/m"
    ao = make_user("AO5200r", Role.AO, province_id=52)
    client.force_login(ao)
    answers = [
        client.post(reverse("interview_new"), {"national_id": valid_national_id(90_000_000 + n)}).status_code
        for n in range(5)
    ]
    assert answers[:3] == [200, 200, 200] and answers[3:] == [429, 429]
    logged = AccessLog.objects.filter(user=ao, action=AccessLog.Action.SEARCH_ID)
    assert logged.count() == 3 and all("แบบประเมิน" in row.detail and "ไม่พบ" in row.detail for row in logged)
    assert not any(valid_national_id(90_000_000 + n) in row.detail for row in logged for n in range(5))


def test_a_person_from_the_queue_is_already_filled_in_and_their_id_stays_masked(client, ao):
    person = make_cardholder()
    client.force_login(ao)
    page = client.get(URL, {"person": person.pk})
    html = page.content.decode()
    assert person.full_name in html and person.national_id_masked in html
    assert person.national_id not in html and person.national_id_display not in html
    assert "national_id" not in page.context["form"].fields
    data = _data(person)
    del data["national_id"]
    response = client.post(f"{URL}?person={person.pk}", data)
    assert response.url == reverse("profile", args=[person.pk])
    assert Interview.objects.get().cardholder == person


def test_a_person_outside_the_area_cannot_be_filled_in(client, ao):
    person = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    client.force_login(ao)
    assert client.get(URL, {"person": person.pk}).status_code == 404
    assert client.get(URL, {"person": "x"}).status_code == 404
