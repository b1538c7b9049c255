import datetime

from cardholders.importers import InterviewImporter
from cardholders.models import Interview

from .builders import INTERVIEW_HEADER, write_csv, write_xlsx
from .conftest import SUBDISTRICT_SAMUT_PRAKAN, make_cardholder


def _row(person, date="20/6/2561", group=1, c1="CDD01", c2="DSD01", c3="", needs="WATER, land", skill="COOK"):
    return [person.national_id, date, group, c1, c2, c3, needs, skill]


def _run(tmp_path, rows, name="i.csv", **kwargs):
    writer = write_xlsx if name.endswith(".xlsx") else write_csv
    return InterviewImporter(**kwargs).run(writer(tmp_path / name, INTERVIEW_HEADER, rows))


def test_it_records_interviews_with_choices_needs_and_skill(db, tmp_path):
    person = make_cardholder()
    result = _run(tmp_path, [_row(person)])
    assert result.ok, result.errors
    interview = Interview.objects.get()
    assert interview.interviewed_on == datetime.date(2018, 6, 20)
    assert [p.code for p in interview.choices] == ["CDD01", "DSD01"]
    assert interview.basic_needs == ["LAND", "WATER"]
    assert interview.skill.code == "COOK" and interview.is_current and interview.channel == "import"


def test_it_reads_iso_and_excel_dates(db, tmp_path):
    a, b = make_cardholder(), make_cardholder()
    rows = [_row(a, date=datetime.date(2018, 9, 3)), _row(b, date="2018-09-04")]
    assert _run(tmp_path, rows, name="i.xlsx").created == 2
    assert sorted(Interview.objects.values_list("interviewed_on", flat=True)) == [
        datetime.date(2018, 9, 3),
        datetime.date(2018, 9, 4),
    ]


def test_it_makes_the_latest_interview_current_whatever_the_file_order(db, tmp_path):
    person = make_cardholder()
    _run(tmp_path, [_row(person, date="10/9/2561", c1="DSD01", c2=""), _row(person, date="20/2/2561")])
    current = Interview.objects.get(is_current=True)
    assert current.interviewed_on == datetime.date(2018, 9, 10) and current.choice_1.code == "DSD01"
    assert Interview.objects.filter(cardholder=person).count() == 2


def test_it_is_idempotent(db, tmp_path):
    person = make_cardholder()
    _run(tmp_path, [_row(person)])
    again = _run(tmp_path, [_row(person)])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = _run(tmp_path, [_row(person, c1="RICE01")])
    assert (changed.created, changed.updated) == (0, 1)
    assert Interview.objects.get().choice_1.code == "RICE01"


def test_it_names_every_bad_cell_and_writes_nothing(db, tmp_path):
    person = make_cardholder()
    rows = [
        _row(person),
        _row(person, date="20/6/2018"),
        _row(person, date="1/1/2562", group=3),
        _row(person, date="2/1/2562", c1="NOPE"),
        _row(person, date="3/1/2562", c2="CDD01", c1="CDD01"),
        _row(person, date="4/1/2562", c2="", c3="DSD01"),
        _row(person, date="5/1/2562", needs="WATER,SPACE"),
        _row(person, date="6/1/2562", skill="FLY"),
        _row(person, date="1/1/2700"),
    ]
    result = _run(tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "วันที่สัมภาษณ์"),
        (4, "กลุ่ม"),
        (5, "ความต้องการอันดับ 1"),
        (6, "ความต้องการอันดับ 2"),
        (7, "ความต้องการอันดับ 3"),
        (8, "สิ่งจำเป็นพื้นฐาน"),
        (9, "ทักษะอาชีพ"),
        (10, "วันที่สัมภาษณ์"),
    ]
    assert "พุทธศักราช" in result.errors[0].message
    assert "SPACE" in result.errors[5].message
    assert Interview.objects.count() == 0


def test_it_needs_the_person_in_the_roster(db, tmp_path):
    known = make_cardholder()
    unknown = make_cardholder()
    unknown.delete()
    result = _run(tmp_path, [_row(known), _row(unknown)])
    assert [(e.row, e.column) for e in result.errors] == [(3, "เลขประจำตัวประชาชน")]
    assert "ไม่พบผู้มีบัตรฯ" in result.errors[0].message
    assert Interview.objects.count() == 0


def test_it_keeps_a_province_user_to_its_people(db, tmp_path, province_user):
    outsider_person = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    result = _run(tmp_path, [_row(make_cardholder()), _row(outsider_person)], user=province_user)
    assert [e.row for e in result.errors] == [3]
    assert Interview.objects.count() == 0


def test_it_rejects_two_interviews_of_one_person_on_one_day_in_a_file(db, tmp_path):
    person = make_cardholder()
    result = _run(tmp_path, [_row(person), _row(person, c1="RICE01")])
    assert [(e.row, e.column) for e in result.errors] == [(3, "วันที่สัมภาษณ์")]


def test_a_file_of_guessed_ids_tells_a_province_no_more_than_its_budget(db, tmp_path, province_user):
    """A province sees masked IDs: a preview of 150 guessed IDs must not list which of them are card holders
    of the province (the rows without an error would be their full IDs)."""
    from cardholders.importers.probes import PROBE_LIMIT
    from welfare_portal.models import AccessLog

    from .conftest import valid_national_id

    person = make_cardholder()
    guesses = [[valid_national_id(70_000_000 + n), "20/6/2561", 1, "CDD01", "", "", "", ""] for n in range(150)]
    path = write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, [*guesses[:75], _row(person), *guesses[75:]])
    result = InterviewImporter(user=province_user).run(path, dry_run=True)
    rows = [e.row for e in result.errors if e.row]
    assert len(rows) == PROBE_LIMIT and rows == sorted(rows)  # named up to the budget, in file order
    assert any("อีก 50 แถว" in e.message for e in result.errors if not e.row)  # the rest only counted
    assert AccessLog.objects.get(user=province_user, action=AccessLog.Action.PROBE_OUTSIDE).detail == "150"
    # The budget is spent: the next file names no row outside the area at all.
    again = InterviewImporter(user=province_user).run(path, dry_run=True)
    assert [e.row for e in again.errors] == [0] and "อีก 150 แถว" in again.errors[0].message


def test_the_command_line_and_central_are_named_every_row(db, tmp_path):
    from .conftest import valid_national_id

    guesses = [[valid_national_id(71_000_000 + n), "20/6/2561", 1, "CDD01", "", "", "", ""] for n in range(150)]
    result = InterviewImporter().run(write_csv(tmp_path / "i.csv", INTERVIEW_HEADER, guesses), dry_run=True)
    assert len([e for e in result.errors if e.row]) == 150
