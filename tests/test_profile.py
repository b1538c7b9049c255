import datetime

from django.urls import reverse

from cardholders.services import interview_record
from welfare_portal.models import BasicNeed, Project, Skill

from .conftest import SUBDISTRICT_SAMUT_PRAKAN, make_cardholder

SEARCH = reverse("menu_page", args=["1.3"])


def test_it_finds_a_person_by_national_id_without_putting_it_in_the_url(client, province_user):
    person = make_cardholder()
    client.force_login(province_user)
    response = client.post(SEARCH, {"national_id": person.national_id_display})
    assert response.status_code == 302
    assert response.url == reverse("profile", args=[person.pk]) and person.national_id not in response.url


def test_it_shows_identity_address_and_every_interview(client, province_user):
    person = make_cardholder(first_name="สมศรี", house_no="12", moo="4", village="บ้านดอน")
    for day, project in ((datetime.date(2018, 2, 10), "CDD01"), (datetime.date(2018, 9, 3), "DSD01")):
        interview_record(
            cardholder=person,
            interviewed_on=day,
            group=1,
            choices=[Project.objects.get(code=project)],
            basic_needs=["WATER"],
            skill=Skill.objects.get(code="COOK"),
            user=province_user,
        )
    client.force_login(province_user)
    html = client.get(reverse("profile", args=[person.pk])).content.decode()
    assert "สมศรี" in html and "บ้านเลขที่ 12" in html and "ลำปาง" in html
    assert "10 กุมภาพันธ์ 2561" in html and "3 กันยายน 2561" in html
    assert BasicNeed.objects.get(code="WATER").name_th in html
    assert html.index("3 กันยายน 2561") < html.index("10 กุมภาพันธ์ 2561")  # latest first
    assert html.count("ล่าสุด") == 1


def test_it_gives_a_clear_message_for_a_bad_or_unknown_id(client, province_user):
    client.force_login(province_user)
    assert "ไม่ถูกต้อง" in client.post(SEARCH, {"national_id": "1234"}).content.decode()
    stranger = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    html = client.post(SEARCH, {"national_id": stranger.national_id}).content.decode()
    assert "ไม่พบผู้มีบัตรฯ รายนี้" in html


def test_it_hides_another_provinces_person(client, outsider):
    person = make_cardholder()
    client.force_login(outsider)
    assert client.get(reverse("profile", args=[person.pk])).status_code == 404


def test_a_person_waiting_for_a_new_interview_says_so(client, province_user):
    from matching.models import Capacity
    from matching.services import matching_run_confirm, matching_run_create
    from welfare_portal.models import Province, Role

    from .conftest import make_user

    Capacity.objects.create(province_id=52, project=Project.objects.get(code="CDD01"), seats=0)
    person = make_cardholder()
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 6, 20),
        group=1,
        choices=[Project.objects.get(code="CDD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=None), user=None)
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    html = client.get(reverse("profile", args=[person.pk])).content.decode()
    assert "รอสัมภาษณ์ใหม่" in html and f"?person={person.pk}" in html
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 7, 1),
        group=1,
        choices=[Project.objects.get(code="DSD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    assert "รอสัมภาษณ์ใหม่" not in client.get(reverse("profile", args=[person.pk])).content.decode()
