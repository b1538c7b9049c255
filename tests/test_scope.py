from django.contrib.auth.models import AnonymousUser

from cardholders.models import Cardholder
from welfare_portal.models import Role, User

from .conftest import (
    NGAO,
    SUBDISTRICT_MUEANG_LAMPANG,
    SUBDISTRICT_NGAO,
    SUBDISTRICT_SAMUT_PRAKAN,
    make_cardholder,
    make_user,
)


def _people(db):
    return {
        "mueang": make_cardholder(SUBDISTRICT_MUEANG_LAMPANG),
        "ngao": make_cardholder(SUBDISTRICT_NGAO),
        "samut_prakan": make_cardholder(SUBDISTRICT_SAMUT_PRAKAN),
    }


def _visible(user):
    return set(Cardholder.objects.for_user(user).values_list("pk", flat=True))


def test_it_shows_central_every_province(db, central):
    people = _people(db)
    assert _visible(central) == {p.pk for p in people.values()}


def test_it_limits_province_ao_and_kjj_to_their_province(db, province_user):
    people = _people(db)
    lampang = {people["mueang"].pk, people["ngao"].pk}
    assert _visible(province_user) == lampang
    assert _visible(make_user("ao52", Role.AO, province_id=52)) == lampang
    assert _visible(make_user("kjj52", Role.KJJ, province_id=52)) == lampang


def test_it_limits_a_district_team_to_its_district(db):
    people = _people(db)
    team = make_user("team5205", Role.DISTRICT_TEAM, province_id=52, district_id=NGAO)
    assert _visible(team) == {people["ngao"].pk}


def test_it_hides_lampang_from_the_outsider_province(db, outsider):
    people = _people(db)
    assert _visible(outsider) == {people["samut_prakan"].pk}


def test_it_fails_closed(db, central):
    _people(db)
    # Accounts that validation would refuse, as a faulty import or a hand edit could still leave them.
    no_role = User.objects.create(username="nobody")
    province_without_province = User.objects.create(username="broken", role=Role.PROVINCE)
    inactive = User.objects.create(username="gone", role=Role.CENTRAL, is_active=False)
    for user in (no_role, province_without_province, inactive, AnonymousUser(), None):
        assert _visible(user) == set()


def test_it_shows_an_agency_user_nobody_before_any_assignment(db, unit_user):
    _people(db)
    assert _visible(unit_user) == set()
