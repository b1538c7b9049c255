import datetime

import pytest
from django.core.management import call_command

from development.importers import ProgressImporter
from development.models import Progress
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role, Round

from .builders import PROGRESS_HEADER as HEADER
from .builders import write_csv, write_xlsx
from .conftest import make_user
from .matching_builders import applicant, project


@pytest.fixture
def people(db, central):
    a, b = applicant("CDD01"), applicant("CDD02")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    return a, b


def _row(person, status="อยู่ระหว่างการพัฒนา", start="1/7/2561", end="", unit="CDD", project="CDD01", province=52):
    return [person.national_id, unit, project, province, status, start, end]


def test_it_records_progress_rows(tmp_path, people):
    a, b = people
    rows = [_row(a), _row(b, project="CDD02", status="พัฒนาเสร็จแล้ว", start=datetime.date(2018, 7, 1), end="2018-09-30")]
    result = ProgressImporter().run(write_xlsx(tmp_path / "p.xlsx", HEADER, rows))
    assert result.ok, result.errors
    assert result.created == 2
    finished = Progress.objects.get(cardholder=b)
    assert finished.status == "completed" and finished.ended_on == datetime.date(2018, 9, 30)
    assert finished.assignment.cardholder == b


def test_it_is_idempotent_and_moves_status_forward(tmp_path, people):
    a, _ = people
    ProgressImporter().run(write_csv(tmp_path / "p.csv", HEADER, [_row(a)]))
    again = ProgressImporter().run(write_csv(tmp_path / "p.csv", HEADER, [_row(a)]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    done = ProgressImporter().run(
        write_csv(tmp_path / "q.csv", HEADER, [_row(a, status="พัฒนาเสร็จแล้ว", end="30/9/2561")])
    )
    assert done.updated == 1 and Progress.objects.get().status == "completed"
    back = ProgressImporter().run(write_csv(tmp_path / "r.csv", HEADER, [_row(a)]))
    assert not back.ok and "ย้อนสถานะกลับไม่ได้" in back.errors[0].message


def test_it_names_every_bad_cell_and_writes_nothing(tmp_path, people):
    a, b = people
    rows = [
        _row(a),
        _row(b, status="เสร็จ"),
        _row(b, unit="XXX"),
        _row(b, project="DSD01"),
        _row(b, province=99),
        _row(b, status="พัฒนาเสร็จแล้ว", start="", end="30/9/2561"),
        _row(b, status="พัฒนาเสร็จแล้ว", start="1/10/2561", end="30/9/2561"),
    ]
    result = ProgressImporter().run(write_csv(tmp_path / "p.csv", HEADER, rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "สถานะ"),
        (4, "หน่วยงานที่ดำเนินการพัฒนา"),
        (5, "โครงการ"),
        (6, "จังหวัดที่ดำเนินการพัฒนา"),
        (7, "วันที่เริ่ม"),
        (8, "วันที่เสร็จ"),
    ]
    assert Progress.objects.count() == 0


def test_it_needs_an_assigned_person_in_scope(tmp_path, people):
    a, _ = people
    unassigned = applicant("CDD01")
    cdd = make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    result = ProgressImporter(user=cdd).run(write_csv(tmp_path / "p.csv", HEADER, [_row(a), _row(unassigned)]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "เลขประจำตัวประชาชน")]
    dsd = make_user("dsd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD"))
    result = ProgressImporter(user=dsd).run(write_csv(tmp_path / "q.csv", HEADER, [_row(a)]))
    assert result.errors[0].column == "หน่วยงานที่ดำเนินการพัฒนา"
    assert Progress.objects.count() == 0


def test_the_command_follows_the_contract(tmp_path, people, capsys):
    a, _ = people
    call_command("import_progress", str(write_csv(tmp_path / "p.csv", HEADER, [_row(a)])), "--dry-run")
    assert "created=1" in capsys.readouterr().out and Progress.objects.count() == 0
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_progress", str(write_csv(tmp_path / "q.csv", HEADER, [_row(a, status="?")])))
    assert exit_info.value.code == 1 and 'คอลัมน์ "สถานะ"' in capsys.readouterr().err


def test_it_records_every_status_form_4_1_allows_and_takes_the_province_by_name(tmp_path, people):
    a, b = people
    rows = [
        _row(a, status="แจ้งผู้มีบัตรฯ แล้ว", start="", province="ลำปาง"),
        _row(b, project="CDD02", status="ยังไม่เริ่มพัฒนา", start="", province="จังหวัดลำปาง"),
    ]
    result = ProgressImporter().run(write_csv(tmp_path / "n.csv", HEADER, rows))
    assert result.ok and result.created == 2, result.errors
    assert set(Progress.objects.values_list("status", "development_province_id")) == {("notified", 52)}
    bad = ProgressImporter().run(write_csv(tmp_path / "x.csv", HEADER, [_row(a, province="ลำปางเหนือ")]))
    assert [(e.row, e.column) for e in bad.errors] == [(2, "จังหวัดที่ดำเนินการพัฒนา")]
    assert "ลำปางเหนือ" in bad.errors[0].message


def test_it_counts_every_refused_row_past_the_first_thousand(tmp_path, people, settings):
    settings.IMPORT_MAX_ERRORS = 10
    from .conftest import valid_national_id

    unknown = [
        [valid_national_id(80_000_000 + n), "CDD", "CDD01", 52, "อยู่ระหว่างการพัฒนา", "1/7/2561", ""] for n in range(1_500)
    ]
    result = ProgressImporter().run(write_csv(tmp_path / "p.csv", HEADER, [_row(people[0]), *unknown]))
    assert result.error_count == 1_500  # every unknown person counted, ten of them listed
    assert [e.row for e in result.errors] == list(range(3, 13))
    assert Progress.objects.count() == 0


def test_progress_belongs_to_the_assigned_agency_where_it_develops_the_person(tmp_path, people):
    a, b = people  # both assigned to CDD, developed in Lampang
    rows = [_row(a, unit="DSD", project="DSD01"), _row(b, province=50)]
    result = ProgressImporter().run(write_csv(tmp_path / "p.csv", HEADER, rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "หน่วยงานที่ดำเนินการพัฒนา"), (3, "หน่วยงานที่ดำเนินการพัฒนา")]
    assert "หน่วยงานที่ได้รับมอบหมาย" in result.errors[0].message
    assert Progress.objects.count() == 0


def test_a_province_learns_no_full_ids_from_a_progress_preview_of_guessed_ids(tmp_path, people):
    from cardholders.importers.probes import PROBE_LIMIT

    from .conftest import valid_national_id

    province = make_user("P5200p", Role.PROVINCE, province_id=52)
    guesses = [
        [valid_national_id(81_000_000 + n), "CDD", "CDD01", 52, "อยู่ระหว่างการพัฒนา", "1/7/2561", ""] for n in range(130)
    ]
    path = write_csv(tmp_path / "p.csv", HEADER, [*guesses, _row(people[0])])
    result = ProgressImporter(user=province).run(path, dry_run=True)
    assert len([e for e in result.errors if e.row]) == PROBE_LIMIT
    assert any("อีก 30 แถว" in e.message for e in result.errors if not e.row)


def test_an_account_without_its_scope_reaches_no_one_and_gets_no_server_error(tmp_path, people):
    broken = make_user("P5200broken", Role.PROVINCE, province_id=52)
    type(broken).objects.filter(pk=broken.pk).update(province=None)  # a province role without a province
    broken.refresh_from_db()
    result = ProgressImporter(user=broken).run(write_csv(tmp_path / "p.csv", HEADER, [_row(people[0])]))
    assert [e.message for e in result.errors] == ["ไม่พบผู้มีบัตรฯ รายนี้ในรายชื่อที่ท่านรับผิดชอบ"]
    assert Progress.objects.count() == 0


# ---- rounds (issue 15) ---------------------------------------------------------------------------------


@pytest.fixture
def second_round(people):
    """Round 2562 opened as the current one; person a matched to CDD01 again in it, b not (yet)."""
    from cardholders.services import interview_record

    a, _ = people
    Round.objects.create_round("2562", name="ปี 2562", current=True)
    interview_record(
        cardholder=a,
        interviewed_on=datetime.date(2019, 6, 20),
        group=1,
        choices=[project("CDD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=None), user=None)
    return Round.objects.get(code="2562")


def test_a_file_goes_into_the_current_round_and_an_earlier_rounds_progress_stays(tmp_path, people, second_round):
    a, b = people
    done = _row(a, status="พัฒนาเสร็จแล้ว", end="30/9/2561")
    first = ProgressImporter(round=Round.objects.get(code="2561")).run(write_csv(tmp_path / "p.csv", HEADER, [done]))
    assert first.ok and first.created == 1, first.errors
    # The same person and project in 2562: a new development, not a finished one going back.
    result = ProgressImporter().run(write_csv(tmp_path / "q.csv", HEADER, [_row(a, start="1/7/2562")]))
    assert result.ok and result.created == 1, result.errors
    assert sorted(Progress.objects.values_list("round__code", "status")) == [
        ("2561", "completed"),
        ("2562", "in_progress"),
    ]
    # Matched in 2561 only: nothing to report in 2562.
    refused = ProgressImporter().run(write_csv(tmp_path / "r.csv", HEADER, [_row(b, project="CDD02")]))
    assert [(e.row, e.column) for e in refused.errors] == [(2, "เลขประจำตัวประชาชน")]
    assert "ในรอบ 2562" in refused.errors[0].message


def test_the_command_takes_the_round(tmp_path, people, second_round, capsys):
    from django.core.management.base import CommandError

    _, b = people
    path = write_csv(tmp_path / "p.csv", HEADER, [_row(b, project="CDD02")])
    call_command("import_progress", str(path), "--round", "2561")
    assert "created=1" in capsys.readouterr().out
    assert list(Progress.objects.values_list("round__code", "cardholder_id")) == [("2561", b.pk)]
    with pytest.raises(CommandError, match="รอบที่มี: 2561, 2562"):
        call_command("import_progress", str(path), "--round", "2599")
