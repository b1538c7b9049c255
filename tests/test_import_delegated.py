"""The agency's decisions on its delegated list, as a file through the import frame."""

import pytest

from matching.importers import DelegatedDecisionImporter
from matching.models import Assignment, DelegatedCase
from matching.services import delegation_create
from welfare_portal.models import DevelopmentUnit, Role

from .builders import write_csv
from .conftest import make_user, valid_national_id
from .matching_builders import applicant

HEADER = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "ผลการพิจารณา"]


@pytest.fixture
def agency(db):
    cdd = DevelopmentUnit.objects.get(code="CDD")
    kjj = make_user("kjj52", Role.KJJ, province_id=52)
    people = [applicant("CDD01", "DSD01") for _ in range(3)]
    delegation_create(province=kjj.province, unit=cdd, user=kjj)
    return make_user("cdd52", Role.UNIT, province_id=52, unit=cdd), people


def _run(user, tmp_path, rows, name="d.csv"):
    return DelegatedDecisionImporter(user=user).run(write_csv(tmp_path / name, HEADER, rows))


def test_it_accepts_declines_and_leaves_blank_rows_undecided(agency, tmp_path):
    user, (first, second, third) = agency
    rows = [[1, first.national_id, "ก", "รับ"], [2, second.national_id, "ข", "ไม่รับ"], [3, third.national_id, "ค", ""]]
    result = _run(user, tmp_path, rows)
    assert result.ok and result.updated == 2, result.errors
    decisions = dict(DelegatedCase.objects.values_list("cardholder_id", "decision"))
    assert decisions == {first.pk: "accepted", second.pk: "declined", third.pk: "pending"}
    assignment = Assignment.objects.get()
    assert (assignment.cardholder, assignment.source, assignment.rank) == (first, "delegation", 1)


def test_the_same_file_again_changes_nothing_and_a_changed_mind_is_refused(agency, tmp_path):
    user, (first, second, _) = agency
    rows = [[1, first.national_id, "ก", "รับ"], [2, second.national_id, "ข", "ไม่รับ"]]
    _run(user, tmp_path, rows)
    again = _run(user, tmp_path, rows, "again.csv")
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = _run(user, tmp_path, [[1, first.national_id, "ก", "ไม่รับ"]], "changed.csv")
    assert [(e.row, e.column) for e in changed.errors] == [(2, "ผลการพิจารณา")]
    assert "หน่วยงานรับ" in changed.errors[0].message
    assert DelegatedCase.objects.get(cardholder=first).decision == "accepted"


def test_a_person_not_delegated_to_the_agency_stops_the_whole_file(agency, tmp_path):
    user, (first, _, _) = agency
    rows = [[1, first.national_id, "ก", "รับ"], [2, valid_national_id(999), "ง", "รับ"]]
    result = _run(user, tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "เลขประจำตัวประชาชน")]
    assert DelegatedCase.objects.filter(decision="pending").count() == 3 and not Assignment.objects.exists()


def test_another_agency_cannot_decide_on_the_list(agency, tmp_path):
    _, (first, _, _) = agency
    dsd = make_user("dsd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD"))
    result = _run(dsd, tmp_path, [[1, first.national_id, "ก", "รับ"]])
    assert not result.ok and DelegatedCase.objects.get(cardholder=first).decision == "pending"


def test_a_list_sent_again_after_deciding_on_the_web_leaves_blank_rows_unchanged(agency, tmp_path):
    from matching.services import delegated_cases_decide

    user, (first, second, third) = agency
    delegated_cases_decide(cases=DelegatedCase.objects.filter(cardholder=first), accept=True, user=user)
    delegated_cases_decide(cases=DelegatedCase.objects.filter(cardholder=second), accept=False, user=user)
    rows = [[1, first.national_id, "ก", ""], [2, second.national_id, "ข", ""], [3, third.national_id, "ค", "รับ"]]
    result = _run(user, tmp_path, rows)
    assert result.ok and result.updated == 1, result.errors
    decisions = dict(DelegatedCase.objects.values_list("cardholder_id", "decision"))
    assert decisions == {first.pk: "accepted", second.pk: "declined", third.pk: "accepted"}


def test_a_list_of_blank_rows_only_changes_nothing(agency, tmp_path):
    user, (first, second, _) = agency
    result = _run(user, tmp_path, [[1, first.national_id, "ก", ""], [2, second.national_id, "ข", None]])
    assert result.ok and (result.created, result.updated) == (0, 0), result.errors
    assert set(DelegatedCase.objects.values_list("decision", flat=True)) == {"pending"}
