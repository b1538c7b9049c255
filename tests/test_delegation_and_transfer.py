import pytest

from cardholders.models import Cardholder
from matching.models import Assignment, DelegatedCase, Transfer
from matching.services import (
    MatchingError,
    delegated_cases_decide,
    delegation_create,
    matching_run_confirm,
    matching_run_create,
    transfer_decide,
    transfer_request,
)
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import make_user
from .matching_builders import applicant


@pytest.fixture
def lampang(db):
    return Province.objects.get(code=52)


def test_delegation_hands_the_agency_its_rank_1_applicants(lampang, central):
    cdd_first = applicant("CDD01", "DSD01")
    cdd_second = applicant("CDD02")
    other = applicant("DSD01", "CDD01")
    delegation, count = delegation_create(province=lampang, unit=DevelopmentUnit.objects.get(code="CDD"), user=central)
    assert count == 2
    assert set(delegation.cases.values_list("cardholder_id", flat=True)) == {cdd_first.pk, cdd_second.pk}
    # Pending cases wait for the agency: the next run leaves them out.
    run = matching_run_create(province=lampang, user=central)
    assert set(run.entries.values_list("cardholder_id", flat=True)) == {other.pk}


def test_the_agency_accepts_some_and_the_rest_go_to_rank_2(lampang, central):
    taken = applicant("CDD01", "DSD01")
    declined = applicant("CDD01", "DSD01")
    delegation, _ = delegation_create(province=lampang, unit=DevelopmentUnit.objects.get(code="CDD"), user=central)
    agency = make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    cases = DelegatedCase.objects.for_user(agency)
    assert cases.count() == 2
    delegated_cases_decide(cases=cases.filter(cardholder=taken), accept=True, user=agency)
    delegated_cases_decide(cases=cases.filter(cardholder=declined), accept=False, user=agency)
    assignment = Assignment.objects.get(cardholder=taken)
    assert (assignment.project.code, assignment.source, assignment.rank) == ("CDD01", "delegation", 1)
    run = matching_run_create(province=lampang, user=central)
    assert [(e.cardholder_id, e.project.code, e.rank) for e in run.entries.all()] == [(declined.pk, "DSD01", 2)]


def test_another_agency_does_not_see_the_cases(lampang, central):
    applicant("CDD01")
    delegation_create(province=lampang, unit=DevelopmentUnit.objects.get(code="CDD"), user=central)
    dsd = make_user("dsd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD"))
    cdd_elsewhere = make_user("cdd11", Role.UNIT, province_id=11, unit=DevelopmentUnit.objects.get(code="CDD"))
    assert not DelegatedCase.objects.for_user(dsd).exists()
    assert not DelegatedCase.objects.for_user(cdd_elsewhere).exists()


def test_a_person_sent_to_another_province_appears_to_its_agency(lampang, central):
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    assignment = Assignment.objects.get()
    cdd_bangkok = make_user("cdd10", Role.UNIT, province_id=10, unit=DevelopmentUnit.objects.get(code="CDD"))
    bangkok_kjj = make_user("kjj10", Role.KJJ, province_id=10)
    assert not Cardholder.objects.for_user(cdd_bangkok).exists()

    transfer = transfer_request(
        assignment=assignment, to_province=Province.objects.get(code=10), reason="ย้ายไปทำงานที่กรุงเทพฯ", user=central
    )
    assert not Cardholder.objects.for_user(cdd_bangkok).exists()  # not before the receiving คจจ. accepts
    transfer_decide(transfer=transfer, accept=True, user=bangkok_kjj)

    moved = Assignment.objects.active().get(cardholder=person)
    assert moved.development_province_id == 10 and moved.home_province_id == 52
    assert "ย้ายไปทำงานที่กรุงเทพฯ" in moved.reason
    assert list(Cardholder.objects.for_user(cdd_bangkok)) == [person]
    assert Cardholder.objects.for_user(make_user("P1000", Role.PROVINCE, province_id=10)).filter(pk=person.pk).exists()
    cdd_lampang = make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    assert not Cardholder.objects.for_user(cdd_lampang).exists()


def test_a_declined_transfer_changes_nothing(lampang, central):
    applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    assignment = Assignment.objects.get()
    transfer = transfer_request(
        assignment=assignment, to_province=Province.objects.get(code=10), reason="ขอย้าย", user=central
    )
    transfer_decide(transfer=transfer, accept=False, user=central)
    assert Transfer.objects.get().status == "declined"
    assert Assignment.objects.active().get().development_province_id == 52
    with pytest.raises(MatchingError):
        transfer_decide(transfer=transfer, accept=True, user=central)


def test_a_transfer_needs_a_reason_and_another_province(lampang, central):
    applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    assignment = Assignment.objects.get()
    with pytest.raises(MatchingError, match="เหตุผล"):
        transfer_request(assignment=assignment, to_province=Province.objects.get(code=10), reason="", user=central)
    with pytest.raises(MatchingError, match="อยู่แล้ว"):
        transfer_request(assignment=assignment, to_province=lampang, reason="x", user=central)
