from django.urls import reverse

from welfare_portal.models import Role, User

from .conftest import PASSWORD, make_user


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_a_thai_error_for_a_wrong_password(client, province_user):
    response = client.post(reverse("login"), {"username": "P5200", "password": "wrong-password"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_it_forces_a_new_account_to_change_its_password_first(client, db):
    user, password = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    client.post(reverse("login"), {"username": "P5200", "password": password})
    for url in (reverse("home"), reverse("menu_page", args=["1.1"]), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change"), url
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Lampang-2569-ok", "new_password2": "Lampang-2569-ok"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_numeric_new_password(client, db):
    user, password = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "5200152001", "new_password2": "5200152001"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(password)


def test_it_lets_logout_through_before_the_change(client, db):
    user, _ = User.objects.create_account("P5200", role=Role.PROVINCE, province_id=52)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")


def test_it_shows_the_user_box_like_the_2018_site(client, province_user):
    client.force_login(province_user)
    assert "ผู้ใช้งานระบบ : P5200 (ลำปาง)" in client.get(reverse("home")).content.decode()


def test_it_logs_in_with_the_password_of_a_made_account(client, db):
    make_user("P5200", Role.PROVINCE, province_id=52)
    response = client.post(reverse("login"), {"username": "P5200", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
