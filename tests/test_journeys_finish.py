"""The finishing points of issue 12, as the people who use them see them: form 4.1 linked from every list
row an agency sees (and only where it opens), title rows on summary exports, 2.1's totals and the
country's provinces drilling down to their people, and the delegation preview as a file."""

import re

from django.urls import reverse

from matching.models import DelegatedCase
from matching.services import delegated_cases_decide, delegation_create, matching_run_confirm, matching_run_create
from welfare_portal.models import Province, Role

from .conftest import LAMPANG, SUBDISTRICT_NGAO, make_user
from .matching_builders import applicant

URL_21 = reverse("menu_page", args=["2.1"])
URL_35 = reverse("menu_page", args=["3.5"])
URL_42 = reverse("menu_page", args=["4.2"])
PROGRESS_LINK = re.compile(r'<a href="/progress/(\d+)/" data-testid="row-progress-link"')


def _progress_links(response) -> set[int]:
    return {int(pk) for pk in PROGRESS_LINK.findall(response.content.decode())}


def _lampang(central):
    """Two people assigned (CDD, DSD) and one whose rank-1 project took nobody (RICE01)."""
    people = {"cdd": applicant("CDD01"), "dsd": applicant("DSD01", subdistrict=SUBDISTRICT_NGAO)}
    people["waiting"] = applicant("RICE01")
    run = matching_run_create(province=Province.objects.get(code=LAMPANG), user=central)
    run.entries.filter(project__code="RICE01").update(project=None, rank=None)
    matching_run_confirm(run=run, user=central)
    return people


# ---- 1. form 4.1 from every list row ---------------------------------------------------------------------


def test_an_agency_opens_form_4_1_from_its_4_2_and_3_5_list_rows(client, central, unit_user):
    people = _lampang(central)
    client.force_login(unit_user)
    table = client.get(URL_42).context["table"]
    listing = client.get(URL_42 + "?" + table.total_links[-1])
    assert "แบบ 4.1" in listing.content.decode()
    assert _progress_links(listing) == {people["cdd"].pk}  # its own person only: DSD's is not in its scope
    wanting = client.get(URL_42 + "?" + table.total_links[2])
    assert _progress_links(wanting) == {people["cdd"].pk}
    by_project = client.get(URL_35, {"list": "1", "province": LAMPANG})
    assert _progress_links(by_project) == {people["cdd"].pk}
    assert client.get(reverse("progress_form", args=[people["cdd"].pk])).status_code == 200


def test_a_row_links_form_4_1_only_where_it_opens(client, central, province_user):
    people = _lampang(central)
    client.force_login(province_user)
    listing = client.get(URL_35, {"list": "1", "province": LAMPANG})
    html = listing.content.decode()
    assert _progress_links(listing) == {people["cdd"].pk, people["dsd"].pk}  # "waiting" has no assignment
    assert people["waiting"].full_name in html
    assert client.get(reverse("progress_form", args=[people["waiting"].pk])).status_code == 404


def test_roles_that_record_no_progress_see_no_4_1_column(client, central):
    _lampang(central)
    kjj = make_user("kjj52", Role.KJJ, province_id=LAMPANG)
    client.force_login(kjj)
    listing = client.get(URL_35, {"list": "1", "province": LAMPANG})
    assert listing.context["rows"] and "แบบ 4.1" not in listing.content.decode()
    assert not _progress_links(listing)


def test_the_delegated_list_links_form_4_1_for_the_people_the_agency_took(client, unit_user):
    unit = unit_user.unit
    taken, declined, pending = (applicant("CDD01") for _ in range(3))
    delegation_create(province=Province.objects.get(code=LAMPANG), unit=unit, user=None)
    cases = DelegatedCase.objects.all()
    delegated_cases_decide(cases=cases.filter(cardholder=taken), accept=True, user=unit_user)
    delegated_cases_decide(cases=cases.filter(cardholder=declined), accept=False, user=unit_user)
    client.force_login(unit_user)
    page = client.get(reverse("delegated_cases"))
    html = page.content.decode()
    assert _progress_links(page) == {taken.pk}
    assert f'href="/people/{taken.pk}/"' in html
    assert f'href="/people/{declined.pk}/"' not in html and f'href="/people/{pending.pk}/"' not in html
