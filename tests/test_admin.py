from django.urls import reverse

from welfare_portal.models import Province


def test_it_lets_central_edit_reference_data(client, central):
    client.force_login(central)
    url = reverse("admin:welfare_portal_project_changelist")
    assert client.get(url).status_code == 200
    change = reverse("admin:welfare_portal_province_change", args=[38])
    response = client.get(change)
    assert response.status_code == 200
    response = client.post(change, {"code": 38, "name_th": "บึงกาฬ", "name_en": "Bueng Kan (edited)"})
    assert response.status_code == 302
    assert Province.objects.get(code=38).name_en == "Bueng Kan (edited)"


def test_it_keeps_province_users_out_of_the_admin(client, province_user):
    client.force_login(province_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url
    assert client.get(reverse("admin:welfare_portal_user_changelist")).status_code == 302


def test_central_reads_who_checked_which_list_in_the_admin_without_changing_it(client, central):
    from development.models import NameCheck
    from welfare_portal.models import DevelopmentUnit

    NameCheck.objects.create(
        unit=DevelopmentUnit.objects.get(code="CDD"),
        province=Province.objects.get(code=52),
        original_name="cdd.xlsx",
        stored_path="",
        status=NameCheck.Status.DONE,
        rows_read=10,
        both=7,
        created_by=central,
    )
    client.force_login(central)
    page = client.get(reverse("admin:development_namecheck_changelist"))
    assert page.status_code == 200 and "กรมการพัฒนาชุมชน" in page.content.decode()
    assert client.get(reverse("admin:development_namecheck_add")).status_code == 403


def test_a_staff_flag_on_a_province_account_opens_nothing_in_the_admin(client, province_user):
    province_user.is_staff = True
    province_user.save(update_fields=["is_staff"])
    client.force_login(province_user)
    for name in ("admin:index", "admin:cardholders_importjob_changelist", "admin:pghistory_events_changelist"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), name
