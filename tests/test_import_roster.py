import datetime

import pytest
from django.core.management import call_command

from cardholders.importers import RosterImporter
from cardholders.models import Cardholder

from .builders import ROSTER_HEADER, write_csv, write_xlsx
from .conftest import make_cardholder, valid_national_id

ID_1, ID_2 = valid_national_id(1), valid_national_id(2)
DASHED_1 = f"{ID_1[0]}-{ID_1[1:5]}-{ID_1[5:10]}-{ID_1[10:12]}-{ID_1[12]}"


def _row(national_id=ID_1, first="สมชาย", subdistrict=520101, **over):
    row = {
        "เลขประจำตัวประชาชน": national_id,
        "คำนำหน้า": "นาย",
        "ชื่อ": first,
        "นามสกุล": "ใจดี",
        "เบอร์โทรศัพท์": "0812345678",
        "บ้านเลขที่": "12/3",
        "หมู่ที่": 4,
        "หมู่บ้าน": "บ้านดอน",
        "รหัสตำบล": subdistrict,
    }
    row.update(over)
    return [row[name] for name in ROSTER_HEADER]


def test_it_creates_people_from_an_xlsx_with_numbers_typed_as_numbers(db, tmp_path):
    rows = [
        _row(int(ID_1)),
        _row(f"{ID_2[0]} {ID_2[1:5]} {ID_2[5:10]} {ID_2[10:12]} {ID_2[12]}", first="สมหญิง"),
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", ROSTER_HEADER, rows)
    result = RosterImporter().run(path)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    person = Cardholder.objects.get(national_id=ID_1)
    assert (person.first_name, person.moo, person.subdistrict_id) == ("สมชาย", "4", 520101)


def test_it_reads_columns_in_any_order_and_ignores_unknown_ones(db, tmp_path):
    header = ["หมายเหตุ", *reversed(ROSTER_HEADER)]
    path = write_csv(tmp_path / "roster.csv", header, [["ไม่ใช้", *reversed(_row(DASHED_1))]])
    assert RosterImporter().run(path).created == 1
    assert Cardholder.objects.get().national_id == ID_1


@pytest.mark.parametrize("bom", [True, False])
def test_it_reads_utf8_csv_with_or_without_bom(db, tmp_path, bom):
    path = write_csv(tmp_path / "roster.csv", ROSTER_HEADER, [_row()], bom=bom)
    assert RosterImporter().run(path).created == 1


def test_it_is_idempotent_and_counts_updates(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", ROSTER_HEADER, [_row(), _row(ID_2, first="สมหญิง")])
    RosterImporter().run(path)
    again = RosterImporter().run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = write_csv(tmp_path / "b.csv", ROSTER_HEADER, [_row(first="สมชายใหม่"), _row(ID_2, first="สมหญิง")])
    result = RosterImporter().run(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Cardholder.objects.get(national_id=ID_1).first_name == "สมชายใหม่"


def test_it_writes_nothing_when_any_row_is_bad_and_names_row_and_column(db, tmp_path):
    rows = [
        _row(),
        _row(ID_2, first=""),
        _row("1234567890123"),
        _row(valid_national_id(3), subdistrict=999999),
    ]
    result = RosterImporter().run(write_xlsx(tmp_path / "bad.xlsx", ROSTER_HEADER, rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "ชื่อ"),
        (4, "เลขประจำตัวประชาชน"),
        (5, "รหัสตำบล"),
    ]
    assert "เลขตรวจสอบไม่ตรง" in result.errors[1].message
    assert Cardholder.objects.count() == 0


def test_it_reports_a_duplicate_id_in_the_file(db, tmp_path):
    result = RosterImporter().run(write_csv(tmp_path / "d.csv", ROSTER_HEADER, [_row(), _row(DASHED_1)]))
    assert [str(e) for e in result.errors] == ['แถวที่ 3 คอลัมน์ "เลขประจำตัวประชาชน": ซ้ำกับแถวที่ 2']


def test_it_names_missing_required_columns(db, tmp_path):
    path = write_csv(tmp_path / "m.csv", ["เลขประจำตัวประชาชน", "ชื่อ"], [[ID_1, "สมชาย"]])
    result = RosterImporter().run(path)
    assert "นามสกุล" in result.errors[0].message and "รหัสตำบล" in result.errors[0].message


def test_it_refuses_other_file_types(db, tmp_path):
    path = tmp_path / "roster.txt"
    path.write_text("x")
    assert "xlsx" in RosterImporter().run(path).errors[0].message


def test_it_writes_nothing_on_dry_run_but_counts(db, tmp_path):
    make_cardholder(national_id=ID_2, first_name="เดิม")
    path = write_csv(tmp_path / "a.csv", ROSTER_HEADER, [_row(), _row(ID_2)])
    result = RosterImporter().run(path, dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert Cardholder.objects.count() == 1
    assert Cardholder.objects.get().first_name == "เดิม"


def test_a_dry_run_checks_what_the_commit_would_check(db, tmp_path, monkeypatch):
    """Django declares foreign keys deferred: PostgreSQL checks them at commit, which a dry run never reaches. A
    preview must refuse what the import would (and a benchmark's dry run must do the import's whole work), so
    it checks them before it rolls back. Here a merge leaves a roster entry of no one behind."""
    from django.db import IntegrityError

    merge = RosterImporter.merge_chunk

    def merge_leaving_a_dangling_entry(self, cursor):
        counts = merge(self, cursor)
        cursor.execute("INSERT INTO cardholders_rosterentry (cardholder_id, round_id) VALUES (-1, %s)", [self.round.pk])
        return counts

    monkeypatch.setattr(RosterImporter, "merge_chunk", merge_leaving_a_dangling_entry)
    with pytest.raises(IntegrityError, match="cardholder"):
        RosterImporter().run(write_csv(tmp_path / "a.csv", ROSTER_HEADER, [_row()]), dry_run=True)
    assert not Cardholder.objects.exists()


def test_it_keeps_a_province_user_to_its_province(db, tmp_path, province_user):
    make_cardholder(national_id=ID_2, subdistrict_id=110101)
    rows = [_row(subdistrict=110101), _row(ID_2)]  # a new Samut Prakan person; a Samut Prakan person moved
    result = RosterImporter(user=province_user).run(write_csv(tmp_path / "s.csv", ROSTER_HEADER, rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "รหัสตำบล")]
    result = RosterImporter(user=province_user).run(write_csv(tmp_path / "t.csv", ROSTER_HEADER, [_row(ID_2)]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "เลขประจำตัวประชาชน")]
    assert Cardholder.objects.get(national_id=ID_2).subdistrict_id == 110101


def test_the_command_prints_a_summary_and_exits_0(db, tmp_path, capsys):
    call_command("import_roster", str(write_csv(tmp_path / "a.csv", ROSTER_HEADER, [_row()])))
    assert "created=1 updated=0 unchanged=0" in capsys.readouterr().out


def test_the_command_exits_1_with_one_line_per_error(db, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", ROSTER_HEADER, [_row("1"), _row(ID_2, first="")])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_roster", str(path))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert 'แถวที่ 2 คอลัมน์ "เลขประจำตัวประชาชน"' in err and 'แถวที่ 3 คอลัมน์ "ชื่อ"' in err
    assert Cardholder.objects.count() == 0


def test_it_keeps_excel_row_numbers_past_blank_rows(db, tmp_path):
    path = write_xlsx(tmp_path / "gap.xlsx", ROSTER_HEADER, [_row(), [None] * 9, _row(ID_2, first="")])
    assert [e.row for e in RosterImporter().run(path).errors] == [4]


def test_it_does_not_touch_people_not_in_the_file(db, tmp_path):
    other = make_cardholder()
    RosterImporter().run(write_csv(tmp_path / "a.csv", ROSTER_HEADER, [_row()]))
    assert Cardholder.objects.filter(pk=other.pk).exists()
    assert Cardholder.objects.get(pk=other.pk).updated_at <= datetime.datetime.now(datetime.UTC)
