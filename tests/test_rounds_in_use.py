"""Programme rounds in use (issue 15): a second year in the same portal. Each round has its own roster,
interviews, matching, progress and counts; the register of people is shared; every door takes the round
(the header's picker, `--round`), a closed round is read-only, and 1.1, 3.5 and 4.2 compare with the
round before."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cardholders.importers import InterviewImporter, RosterImporter
from cardholders.models import Interview, RosterEntry
from cardholders.services import interview_record
from development.models import Progress
from matching.models import Assignment, ReinterviewRequest
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import Province, Round

from .builders import INTERVIEW_HEADER, ROSTER_HEADER, write_csv
from .conftest import SUBDISTRICT_MUEANG_LAMPANG, make_cardholder
from .matching_builders import applicant, project

LAMPANG = 52


@pytest.fixture
def r2561(db):
    return Round.objects.get(code="2561")


@pytest.fixture
def r2562(r2561):
    """The second year, opened by central; 2561 stays open (not current)."""
    return Round.objects.create_round("2562", name="ปี 2562", current=True, interviews_due=datetime.date(2019, 7, 31))


def _choose(client, code):
    return client.post(reverse("choose_round"), {"round": code, "next": "/"})


def _match(province=LAMPANG, round=None):
    run = matching_run_create(province=Province.objects.get(pk=province), user=None, round=round)
    matching_run_confirm(run=run, user=None)
    return run


def _interview(person, code, *, round, day=datetime.date(2019, 6, 1)):
    return interview_record(
        cardholder=person,
        interviewed_on=day,
        group=1,
        choices=[project(code)],
        basic_needs=[],
        skill=None,
        user=None,
        round=round,
    )


def _report(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


# ---- the migration's round ---------------------------------------------------------------------------------


def test_it_starts_with_round_2561_current_and_writes_default_to_it(r2561):
    assert r2561.is_current and not r2561.is_closed
    person = applicant("CDD01")
    assert Interview.objects.get(cardholder=person).round == r2561
    assert RosterEntry.objects.get(cardholder=person).round == r2561


# ---- the roster of a round ----------------------------------------------------------------------------------


def test_a_roster_file_puts_the_same_people_on_the_next_rounds_roster(tmp_path, r2561, r2562):
    people = [make_cardholder() for _ in range(3)]  # on 2562's roster already (the current round)
    RosterEntry.objects.filter(round=r2562).delete()
    RosterEntry.objects.bulk_create(RosterEntry(round=r2561, cardholder=p) for p in people)
    rows = [
        [p.national_id, p.title, p.first_name, p.last_name, "", "", "", "", SUBDISTRICT_MUEANG_LAMPANG] for p in people
    ]
    path = write_csv(tmp_path / "roster.csv", ROSTER_HEADER, rows)

    result = RosterImporter(round=r2562).run(path)

    # Nobody new in the register; each person gained the round: counted as updated, then unchanged.
    assert (result.created, result.updated, result.unchanged) == (0, 3, 0)
    assert RosterEntry.objects.filter(round=r2562).count() == 3 == RosterEntry.objects.filter(round=r2561).count()
    again = RosterImporter(round=r2562).run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_1_1_counts_the_chosen_rounds_roster(client, central, r2561, r2562):
    for _ in range(4):
        make_cardholder()  # 2562's roster
    for _ in range(2):
        RosterEntry.objects.create(round=r2561, cardholder=make_cardholder())  # on both rosters
    client.force_login(central)
    assert client.get(reverse("menu_page", args=["1.1"])).context["table"].total[-1] == 6
    _choose(client, "2561")
    assert client.get(reverse("menu_page", args=["1.1"])).context["table"].total[-1] == 2
    assert _report("1.1", "--round", "2561")[-1] == ["รวม", "", "2"]
    assert _report("1.1")[-1] == ["รวม", "", "6"]


def test_check_summaries_checks_one_round_or_all(r2561, r2562):
    from reporting.models import SummaryCardholders

    applicant("CDD01")
    SummaryCardholders.objects.create(round=r2561.pk, level=10000, area=52, n=7)  # a wrong count in 2561
    out = io.StringIO()
    call_command("check_summaries", "--round", "2562", stdout=out)
    assert "รอบการดำเนินงาน 2562" in out.getvalue() and "ตารางสรุปทั้งหมดตรงกับข้อมูลรายบุคคล" in out.getvalue()
    with pytest.raises(CommandError, match="ไม่ตรงกับข้อมูลรายบุคคล 1 แถว"):
        call_command("check_summaries", "--round", "2561", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("check_summaries", stdout=io.StringIO())


# ---- interviews, matching and progress of a round -----------------------------------------------------------


def test_an_interview_file_goes_into_the_round_asked_and_needs_that_rounds_roster(tmp_path, r2561, r2562):
    both, only_2561 = make_cardholder(), make_cardholder()
    RosterEntry.objects.create(round=r2561, cardholder=both)
    RosterEntry.objects.filter(cardholder=only_2561).update(round=r2561)
    _interview(both, "CDD01", round=r2561, day=datetime.date(2018, 6, 20))
    rows = [[p.national_id, "1/6/2562", 1, "DSD01", "", "", "", ""] for p in (both, only_2561)]
    path = write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, rows)

    refused = InterviewImporter(round=r2562).run(path)

    assert refused.error_count == 1
    assert refused.errors[0].row == 3 and "ของรอบ 2562" in refused.errors[0].message
    write_csv(path, INTERVIEW_HEADER, rows[:1])
    assert InterviewImporter(round=r2562).run(path).created == 1
    # One current interview per round: 2561's stays current there, 2562's is current in 2562.
    current = dict(
        Interview.objects.filter(cardholder=both, is_current=True).values_list("round__code", "choice_1__code")
    )
    assert current == {"2561": "CDD01", "2562": "DSD01"}


def test_a_person_matched_in_2561_keeps_that_assignment_when_matched_again_in_2562(r2561, r2562):
    Round.objects.get(code="2561").make_current()
    person = applicant("CDD01")
    _match(round=r2561)
    RosterEntry.objects.create(round=r2562, cardholder=person)
    _interview(person, "DSD01", round=r2562)
    _match(round=r2562)

    active = dict(Assignment.objects.active().filter(cardholder=person).values_list("round__code", "project__code"))
    assert active == {"2561": "CDD01", "2562": "DSD01"}


def test_matching_in_one_round_leaves_the_others_interviews_alone(r2561, r2562):
    Round.objects.get(code="2561").make_current()
    waiting_2561 = applicant("CDD01")
    out = io.StringIO()
    call_command("run_matching", "--province", "52", "--confirm", "--round", "2562", stdout=out)
    assert "ผู้เข้ารับการจับคู่ 0 คน" in out.getvalue()
    assert not Assignment.objects.filter(cardholder=waiting_2561).exists()
    call_command("run_matching", "--province", "52", "--confirm", "--round", "2561", stdout=io.StringIO())
    assert Assignment.objects.get(cardholder=waiting_2561).round == r2561


def test_a_reinterview_request_belongs_to_its_runs_round(r2561, r2562):
    from matching.models import Capacity

    Round.objects.get(code="2561").make_current()
    person = applicant("CDD01")
    Capacity.objects.create(round=r2561, province_id=LAMPANG, project=project("CDD01"), seats=0)
    _match(round=r2561)
    request = ReinterviewRequest.objects.open().get(cardholder=person)
    assert request.run.round == r2561
    # Matched in 2562 does not close 2561's request: it is about 2561's interview.
    RosterEntry.objects.create(round=r2562, cardholder=person)
    _interview(person, "DSD01", round=r2562)
    _match(round=r2562)
    assert ReinterviewRequest.objects.open().filter(pk=request.pk).exists()


def test_the_commands_refuse_an_unknown_round_and_name_the_known_ones(r2562):
    with pytest.raises(CommandError, match="ไม่พบรอบการดำเนินงานรหัส 2599 \\(รอบที่มี: 2561, 2562\\)"):
        call_command("report", "1.1", "--round", "2599", stdout=io.StringIO())
    with pytest.raises(CommandError, match="2599"):
        call_command("run_matching", "--province", "52", "--round", "2599", stdout=io.StringIO())


# ---- the picker, the profile, closed rounds -----------------------------------------------------------------


def test_the_header_picker_changes_the_round_every_page_reads(client, province_user, r2561, r2562):
    client.force_login(province_user)
    home = client.get("/").content.decode()
    assert 'data-testid="round-picker"' in home and "2562 (ปัจจุบัน)" in home
    response = _choose(client, "2561")
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get(reverse("menu_page", args=["1.1"]))
    assert page.wsgi_request.round == r2561
    assert 'data-testid="round-notice"' in page.content.decode()  # not the current round: said so
    assert _choose(client, "2599").status_code == 400
    assert client.post(reverse("choose_round"), {"round": "2562", "next": "https://evil.example/"})["Location"] == "/"


def test_the_profile_shows_each_round_as_a_section(client, province_user, r2561, r2562):
    Round.objects.get(code="2561").make_current()
    person = applicant("CDD01")
    _match(round=r2561)
    Round.objects.get(code="2562").make_current()
    RosterEntry.objects.create(round=r2562, cardholder=person)
    _interview(person, "DSD01", round=r2562)
    client.force_login(province_user)
    response = client.get(reverse("profile", args=[person.pk]))
    sections = response.context["rounds"]
    assert [s["round"].code for s in sections] == ["2562", "2561"]
    assert [a.project.code for a in sections[1]["assignments"]] == ["CDD01"]
    assert sections[0]["assignments"] == [] and [i.choice_1.code for i in sections[0]["interviews"]] == ["DSD01"]
    html = response.content.decode()
    assert html.index("รอบปี 2562") < html.index("รอบปี 2561")


def test_a_closed_round_is_read_only_for_every_writing_door(client, province_user, r2561, r2562):
    Round.objects.filter(pk=r2561.pk).update(is_closed=True)
    person = make_cardholder()
    client.force_login(province_user)
    _choose(client, "2561")
    data = {
        "national_id": person.national_id,
        "interviewed_on": "1/6/2561",
        "group": 1,
        "choice_1": project("CDD01").pk,
    }
    response = client.post(reverse("interview_new"), data)
    assert response.status_code == 403 and "รอบนี้ปิดแล้ว" in response.content.decode()
    assert not Interview.objects.exists()
    # The pages still open, and say the round is closed.
    page = client.get(reverse("menu_page", args=["1.1"]))
    assert page.status_code == 200 and "ซึ่งปิดแล้ว ดูข้อมูลได้อย่างเดียว" in page.content.decode()
    with pytest.raises(CommandError, match="ปิดแล้ว"):
        call_command("run_matching", "--province", "52", "--round", "2561", stdout=io.StringIO())


def test_the_current_round_cannot_be_closed(r2562):
    from django.core.exceptions import ValidationError

    r2562.is_closed = True
    with pytest.raises(ValidationError):
        r2562.full_clean()


# ---- year over year ------------------------------------------------------------------------------------------


def test_1_1_compares_with_the_round_before_on_the_page_and_in_its_files(client, central, r2561, r2562):
    for _ in range(3):
        RosterEntry.objects.create(round=r2561, cardholder=make_cardholder())  # on both rosters
    make_cardholder()  # 2562 only
    rows = _report("1.1", "--province", "52", "--compare")
    assert rows[0] == [
        "รหัส",
        "อำเภอ",
        "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน) รอบ 2562",
        "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน) รอบ 2561",
        "เปลี่ยนแปลง",
    ]
    assert rows[1] == ["5201", "เมืองลำปาง", "4", "3", "1"]
    assert rows[-1] == ["รวม", "", "4", "3", "1"]
    client.force_login(central)
    page = client.get(reverse("menu_page", args=["1.1"]), {"province": 52, "compare": "1"})
    table = page.context["table"]
    assert table.rows[0][2:] == [4, 3, 1] and "เทียบกับรอบ 2561" in table.heading
    assert 'name="compare"' in page.content.decode()
    workbook = client.get(reverse("menu_page", args=["1.1"]), {"province": 52, "compare": "1", "format": "csv"})
    assert "เปลี่ยนแปลง" in b"".join(workbook.streaming_content).decode("utf-8-sig")


def test_3_5_and_4_2_compare_their_totals(r2561, r2562):
    Round.objects.get(code="2561").make_current()
    applicant("CDD01")
    applicant("CDD01")
    _match(round=r2561)
    Round.objects.get(code="2562").make_current()
    applicant("CDD01")
    _match(round=r2562)
    rows_35 = _report("3.5", "--province", "52", "--compare")
    assert rows_35[0][-3:] == ["รวม รอบ 2562", "รวม รอบ 2561", "เปลี่ยนแปลง"]
    assert rows_35[-1][-3:] == ["1", "2", "-1"]
    rows_42 = _report("4.2", "--province", "52", "--compare")
    assert rows_42[0][-3:] == ["รวม รอบ 2562", "รวม รอบ 2561", "เปลี่ยนแปลง"] and rows_42[-1][-3:] == ["1", "2", "-1"]


def test_the_first_round_has_nothing_to_compare_with(r2561):
    rows = _report("1.1", "--compare")
    assert rows[0] == ["รหัส", "จังหวัด", "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน)"]


def test_progress_of_one_round_leaves_the_other_rounds_progress(r2561, r2562, tmp_path):
    from development.importers import ProgressImporter

    Round.objects.get(code="2561").make_current()
    person = applicant("CDD01")
    _match(round=r2561)
    RosterEntry.objects.create(round=r2562, cardholder=person)
    _interview(person, "CDD01", round=r2562)
    _match(round=r2562)
    header = list(ProgressImporter.columns)  # the contract's columns, in its order
    done = [[person.national_id, "CDD", "CDD01", 52, "พัฒนาเสร็จแล้ว", "1/7/2561", "1/9/2561"]]
    assert ProgressImporter(round=r2561).run(write_csv(tmp_path / "a.csv", header, done)).created == 1
    started = [[person.national_id, "CDD", "CDD01", 52, "อยู่ระหว่างการพัฒนา", "1/7/2562", ""]]
    assert ProgressImporter(round=r2562).run(write_csv(tmp_path / "b.csv", header, started)).created == 1
    statuses = dict(Assignment.objects.active().filter(cardholder=person).values_list("round__code", "progress_status"))
    assert statuses == {"2561": "completed", "2562": "in_progress"}
    assert Progress.objects.filter(cardholder=person).count() == 2


def test_the_interview_form_records_into_the_chosen_round_and_needs_its_roster(client, province_user, r2561, r2562):
    not_on_2561 = make_cardholder()  # on 2562's roster only
    client.force_login(province_user)
    _choose(client, "2561")
    data = {"national_id": not_on_2561.national_id, "interviewed_on": "1/6/2561", "group": 1}
    data["choice_1"] = project("CDD01").pk
    response = client.post(reverse("interview_new"), data)
    assert response.status_code == 200 and "ไม่อยู่ในทะเบียนของรอบ 2561" in response.content.decode()
    RosterEntry.objects.create(round=r2561, cardholder=not_on_2561)
    assert client.post(reverse("interview_new"), data).status_code == 302
    assert Interview.objects.get(cardholder=not_on_2561).round == r2561


def test_a_decision_on_a_closed_rounds_assignment_is_refused_whichever_round_the_header_shows(client, r2561, r2562):
    from welfare_portal.models import Role

    from .conftest import make_user

    kjj = make_user("kjj52", Role.KJJ, province_id=LAMPANG)
    Round.objects.get(code="2561").make_current()
    person = applicant("CDD01")
    _match(round=r2561)
    Round.objects.get(code="2562").make_current()
    Round.objects.filter(pk=r2561.pk).update(is_closed=True)
    assignment = Assignment.objects.get(cardholder=person)
    client.force_login(kjj)  # the header shows 2562, open
    data = {"action": "change", "project": project("DSD01").pk, "reason": "ย้ายโครงการ"}
    response = client.post(reverse("assignment_decide", args=[assignment.pk]), data)
    assert response.status_code == 403 and "รอบนี้ปิดแล้ว" in response.content.decode()
    assert Assignment.objects.get(cardholder=person).project.code == "CDD01"


def test_no_index_of_a_table_kept_per_round_is_led_by_the_round(db):
    """While a new round is young its statistics say it has almost no rows, so an index led by the round
    looks cheap for any probe that names the round: "this person's assignment in the round" then read every
    assignment of the round, once per person (the second year's matching of the 14.5M country ran for hours
    instead of minutes). Indexes name the round after their own columns."""
    from django.db import connection

    tables = [
        "cardholders_rosterentry",
        "cardholders_interview",
        "matching_assignment",
        "matching_progress",
        "matching_capacity",
        "matching_matchingrun",
        "cardholders_followup",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, i.indexrelid::regclass::text, a.attname
               FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
               WHERE c.relname = ANY(%s)""",
            [tables],
        )
        first_columns = cursor.fetchall()
    assert {table for table, _, _ in first_columns} == set(tables)
    assert [(table, index) for table, index, column in first_columns if column == "round_id"] == []
