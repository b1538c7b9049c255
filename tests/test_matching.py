import datetime
import io

import pytest
from django.core.management import call_command

from cardholders.models import Interview
from cardholders.services import interview_record
from matching.models import Assignment, Capacity, MatchingRun, ReinterviewRequest
from matching.services import MatchingError, assignment_change, matching_run_confirm, matching_run_create
from welfare_portal.models import Province

from .conftest import SUBDISTRICT_SAMUT_PRAKAN
from .matching_builders import applicant, project

LAMPANG = 52


@pytest.fixture
def lampang(db):
    return Province.objects.get(code=LAMPANG)


def seats(code, n, province=LAMPANG):
    Capacity.objects.create(province_id=province, project=project(code), seats=n)


def proposal(run):
    return {
        e.cardholder_id: (e.project.code if e.project else None, e.rank) for e in run.entries.select_related("project")
    }


def test_it_matches_rank_1_first_then_2_then_3(lampang, central):
    seats("CDD01", 1)
    seats("DSD01", 0)
    first = applicant("CDD01", "DSD01", "RICE01", day=datetime.date(2018, 2, 1))
    second = applicant("CDD01", "DSD01", "RICE01", day=datetime.date(2018, 2, 2))
    third = applicant("CDD01", "DSD01", day=datetime.date(2018, 2, 3))
    run = matching_run_create(province=lampang, user=central)
    assert proposal(run) == {first.pk: ("CDD01", 1), second.pk: ("RICE01", 3), third.pk: (None, None)}
    assert (run.candidates, run.matched, run.unmatched) == (3, 2, 1)


def test_it_treats_a_project_without_capacity_as_unlimited(lampang, central):
    people = [applicant("GSB01") for _ in range(5)]
    run = matching_run_create(province=lampang, user=central)
    assert all(value == ("GSB01", 1) for value in proposal(run).values()) and len(people) == 5


def test_the_tie_rule_is_interview_date_then_national_id(lampang, central):
    seats("CDD01", 2)
    late = applicant("CDD01", day=datetime.date(2018, 9, 1), national_n=1)
    same_day_high = applicant("CDD01", day=datetime.date(2018, 2, 1), national_n=900)
    same_day_low = applicant("CDD01", day=datetime.date(2018, 2, 1), national_n=5)
    run = matching_run_create(province=lampang, user=central)
    result = proposal(run)
    assert result[same_day_low.pk] == ("CDD01", 1) and result[same_day_high.pk] == ("CDD01", 1)
    assert result[late.pk] == (None, None)
    assert "สัมภาษณ์ก่อน" in run.tie_rule


def test_nothing_is_final_until_confirmed(lampang, central):
    applicant("CDD01")
    run = matching_run_create(province=lampang, user=central)
    assert Assignment.objects.count() == 0
    assert matching_run_confirm(run=run, user=central) == 1
    assignment = Assignment.objects.get()
    assert (assignment.project.code, assignment.rank, assignment.source) == ("CDD01", 1, "matching")
    assert assignment.decided_by == central and assignment.development_province_id == LAMPANG
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.CONFIRMED


def test_confirmed_people_are_not_matched_again_and_use_up_seats(lampang, central):
    seats("CDD01", 1)
    applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    newcomer = applicant("CDD01", "RICE01")
    run = matching_run_create(province=lampang, user=central)
    assert proposal(run) == {newcomer.pk: ("RICE01", 2)}


def test_a_confirmed_assignment_changes_only_by_a_recorded_decision(lampang, central):
    person = applicant("CDD01", "DSD01")
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    first = Assignment.objects.get()
    with pytest.raises(MatchingError, match="เหตุผล"):
        assignment_change(assignment=first, project=project("DSD01"), reason=" ", user=central)
    second = assignment_change(
        assignment=first, project=project("DSD01"), reason="ที่นั่งเต็ม ตามมติ คจจ. 2/2561", user=central
    )
    first.refresh_from_db()
    assert first.ended_at is not None and first.replaced_by == second
    assert (second.project.code, second.rank, second.source, second.reason) == (
        "DSD01",
        2,
        "decision",
        "ที่นั่งเต็ม ตามมติ คจจ. 2/2561",
    )
    assert Assignment.objects.filter(cardholder=person).count() == 2
    assert Assignment.objects.active().get(cardholder=person) == second
    with pytest.raises(MatchingError):
        assignment_change(assignment=first, project=project("RICE01"), reason="อีกครั้ง", user=central)


def test_the_unmatched_go_to_the_reinterview_queue_and_come_back(lampang, central):
    seats("CDD01", 0)
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=lampang, user=central), user=central)
    assert list(ReinterviewRequest.objects.open().values_list("cardholder_id", flat=True)) == [person.pk]
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 9, 10),
        group=1,
        choices=[project("GSB01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    assert not ReinterviewRequest.objects.open().exists()
    run = matching_run_create(province=lampang, user=central)
    assert proposal(run) == {person.pk: ("GSB01", 1)}


def test_a_stale_proposal_cannot_be_confirmed(lampang, central):
    person = applicant("CDD01")
    old = matching_run_create(province=lampang, user=central)
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 9, 10),
        group=1,
        choices=[project("DSD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    with pytest.raises(MatchingError, match="ประมวลผลใหม่"):
        matching_run_confirm(run=old, user=central)
    assert Assignment.objects.count() == 0


def test_a_newer_proposal_replaces_the_older(lampang, central):
    applicant("CDD01")
    old = matching_run_create(province=lampang, user=central)
    matching_run_create(province=lampang, user=central)
    old.refresh_from_db()
    assert old.status == MatchingRun.Status.SUPERSEDED
    with pytest.raises(MatchingError):
        matching_run_confirm(run=old, user=central)


def test_a_lowered_capacity_makes_the_proposal_stale(lampang, central):
    seats("CDD01", 2)
    applicant("CDD01")
    applicant("CDD01")
    run = matching_run_create(province=lampang, user=central)
    Capacity.objects.filter(project__code="CDD01").update(seats=1)
    with pytest.raises(MatchingError, match="จำนวนที่รับได้"):
        matching_run_confirm(run=run, user=central)
    assert Assignment.objects.count() == 0


def test_it_matches_only_the_province_asked(lampang, central):
    applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)
    assert matching_run_create(province=lampang, user=central).candidates == 0


def test_it_uses_only_the_current_interview(lampang, central):
    person = applicant("CDD01", day=datetime.date(2018, 2, 1))
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 9, 1),
        group=1,
        choices=[project("RICE01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    assert proposal(matching_run_create(province=lampang, user=central)) == {person.pk: ("RICE01", 1)}
    assert Interview.objects.filter(cardholder=person).count() == 2


def test_the_command_proposes_and_confirms(lampang, capsys):
    applicant("CDD01")
    call_command("run_matching", "--province", "52")
    assert Assignment.objects.count() == 0 and "ข้อเสนอการจับคู่ครั้งที่ 1 จังหวัดลำปาง" in capsys.readouterr().out
    call_command("run_matching", "--province", "52", "--confirm")
    assert Assignment.objects.count() == 1


def test_the_command_refuses_an_unknown_province(db):
    err = io.StringIO()
    with pytest.raises(Exception, match="99"):
        call_command("run_matching", "--province", "99", stderr=err)
