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
