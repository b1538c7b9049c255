"""The name check re-attacked (issue 13 against issue 16's findings 3 and 8): a province that reads full IDs
by uploading every candidate of a masked ID, a list that tells who holds a card in another province, the
budget skipped by checking again or by choosing the column, cells long enough to blow up a page, and a CSV
cell past the reader's limit.

Province accounts see masked IDs: for them the IDs of a list that are not card holders of the check's area
(not on the register, or living and developed outside the province) count against an hourly budget,
inside the check and before anything is stored; card holders outside the area look exactly like people
who hold no card. Agency and central accounts see full IDs and have no such budget."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from development.name_check_models import NameCheck, NameCheckRow
from matching.models import Assignment
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import AccessLog, DevelopmentUnit, Province, Role

from .conftest import SUBDISTRICT_SAMUT_PRAKAN, make_cardholder, make_user, valid_national_id
from .matching_builders import applicant

HEADER = ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"]
SUB_STATUSES = ("ทำแบบประเมินแล้ว รอการจับคู่", "ยังไม่ได้ทำแบบประเมิน", "อยู่ในรายชื่อที่ต้องสัมภาษณ์ใหม่", "รอหน่วยงาน")


@pytest.fixture(autouse=True)
def inline_and_private_media(settings, tmp_path):
    settings.IMPORTS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _confirm(code):
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=code), user=None), user=None)


@pytest.fixture
def people(db):
    """Lampang's people and others, as a Lampang check sees them."""
    p = {
        "both": applicant("CDD01"),
        "developed_here": applicant("CDD02", subdistrict=SUBDISTRICT_SAMUT_PRAKAN),
    }
    _confirm(52)
    _confirm(11)
    # Lives in Samut Prakan, sent to be developed in Lampang: within Lampang's area.
    Assignment.objects.filter(cardholder=p["developed_here"]).update(development_province_id=52)
    p["elsewhere"] = applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)  # CDD's, in Samut Prakan
    _confirm(11)
    p["waiting_here"] = applicant("CDD01")  # interviewed in Lampang, waiting for matching
    p["waiting_there"] = applicant("CDD01", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)  # the same, in Samut Prakan
    p["not_interviewed_there"] = make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    p["stranger"] = valid_national_id(99_100_001)  # on no register
    return p


def _id(p, key):
    value = p[key]
    return value if isinstance(value, str) else value.national_id


OUTSIDE = ("elsewhere", "waiting_there", "not_interviewed_there", "stranger")  # not card holders of Lampang's area


def _csv(rows, header=HEADER, name="list.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"))


def _list(p, keys, name="list.csv"):
    return _csv([[n, f"คนที่ {n}", _id(p, key)] for n, key in enumerate(keys, start=1)], name=name)


def _candidates(n, start=99_200_000):
    """Valid IDs that no card holder has: what a file of every candidate of a masked ID is mostly made of."""
    return [[i, "", valid_national_id(start + i)] for i in range(n)]


@pytest.fixture
def cdd_unit(db):
    return DevelopmentUnit.objects.get(code="CDD")


@pytest.fixture
def cdd(db, cdd_unit):
    return make_user("CDD5200", Role.UNIT, province_id=52, unit=cdd_unit)


@pytest.fixture
def second_province_user(db):
    return make_user("P5200-2", Role.PROVINCE, province_id=52)


def _upload(client, upload, unit=None):
    fields = {"file": upload}
    if unit is not None:
        fields["unit"] = unit.pk
    return client.post(reverse("name_check_home"), fields)


def _search_logs(user):
    return list(AccessLog.objects.filter(user=user, action=AccessLog.Action.SEARCH_ID).values_list("detail", flat=True))


def _html(client, check, group):
    return client.get(reverse("name_check_group", args=[check.pk, group])).content.decode()


# ---- finding 1: a province reads full IDs in bulk ------------------------------------------------------


def test_a_province_list_with_more_outside_ids_than_the_budget_is_refused_before_anything_is_listed(
    client, people, province_user, cdd_unit, settings
):
    settings.NAME_CHECK_PROBE_LIMIT = 3
    client.force_login(province_user)
    _upload(client, _list(people, ["both", "waiting_here", *OUTSIDE]), unit=cdd_unit)
    check = NameCheck.objects.get()
    assert check.status == "rejected"
    assert not NameCheckRow.objects.filter(name_check=check).exists()  # nothing classified, nothing listed
    assert (check.both, check.not_assigned, check.not_cardholder, check.other_agency) == (0, 0, 0, 0)
    # The message says how many IDs of the list are not card holders of the area, and the limit.
    assert "4 เลข" in check.message and "3 เลขต่อชั่วโมง" in check.message, check.message
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert check.message in page and people["both"].full_name not in page
    for group in ("both", "not_cardholder"):
        assert client.get(reverse("name_check_group", args=[check.pk, group])).status_code == 404
    # Counted and logged: the counts, no ID.
    [logged] = _search_logs(province_user)
    assert "4" in logged and not re.search(r"\d{13}", logged.replace(",", ""))
    assert all(_id(people, key) not in logged for key in OUTSIDE)


def test_a_province_list_within_the_budget_is_checked_and_logged(client, people, province_user, cdd_unit, settings):
    settings.NAME_CHECK_PROBE_LIMIT = 4
    client.force_login(province_user)
    _upload(client, _list(people, ["both", "waiting_here", *OUTSIDE]), unit=cdd_unit)
    check = NameCheck.objects.get()
    assert check.status == "done" and check.not_cardholder == 4
    [logged] = _search_logs(province_user)
    assert f"#{check.pk}" in logged and not re.search(r"\d{13}", logged.replace(",", ""))


def test_the_budget_is_five_thousand_an_hour_unless_set(client, province_user, cdd_unit, settings, db):
    from development.name_check import name_check_probe_limit

    if hasattr(settings, "NAME_CHECK_PROBE_LIMIT"):
        del settings.NAME_CHECK_PROBE_LIMIT
    assert name_check_probe_limit() == 5000
    client.force_login(province_user)
    _upload(client, _csv(_candidates(60)), unit=cdd_unit)
    assert NameCheck.objects.get().status == "done"


def test_the_budget_adds_up_over_the_hour_refusals_included(client, people, province_user, cdd_unit, settings):
    settings.NAME_CHECK_PROBE_LIMIT = 10
    client.force_login(province_user)
    _upload(client, _csv(_candidates(6)), unit=cdd_unit)  # 6 of 10
    _upload(client, _csv(_candidates(5, start=99_300_000)), unit=cdd_unit)  # 5 > 4 left: refused, counted
    first, second = NameCheck.objects.order_by("pk")
    assert (first.status, second.status) == ("done", "rejected")
    assert "5 เลข" in second.message
    # Spent: the next upload is refused at the door, whatever it holds, until the hour has passed.
    response = _upload(client, _list(people, ["both"]), unit=cdd_unit)
    assert NameCheck.objects.count() == 2
    assert "ตรวจสอบรายชื่อได้อีกครั้งหลัง" in response.content.decode()
    AccessLog.objects.update(at=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    _upload(client, _list(people, ["both"]), unit=cdd_unit)
    assert NameCheck.objects.order_by("pk").last().status == "done"


def test_a_refused_list_stays_counted_as_long_as_checking_it_would_take(
    client, people, province_user, cdd_unit, settings
):
    """Else halving a file of candidates hour by hour, each refusal saying how many are card holders here,
    would find an ID in twenty hours instead of the two hundred the budget allows for a million candidates."""
    settings.NAME_CHECK_PROBE_LIMIT = 10
    client.force_login(province_user)
    _upload(client, _csv(_candidates(25)), unit=cdd_unit)  # three hours' worth
    assert NameCheck.objects.get().status == "rejected"
    for hours, open_ in ((1, False), (2, False), (3, True)):
        AccessLog.objects.update(at=timezone.now() - datetime.timedelta(hours=hours, minutes=1))
        response = _upload(client, _list(people, ["both"]), unit=cdd_unit)
        assert (NameCheck.objects.count() == 2) is open_, hours
        assert ("ตรวจสอบรายชื่อได้อีกครั้งหลัง" in response.content.decode()) is not open_


def test_unmasked_roles_have_no_name_check_budget(client, people, cdd, central, settings):
    settings.NAME_CHECK_PROBE_LIMIT = 0
    client.force_login(cdd)
    _upload(client, _csv(_candidates(20)))
    client.force_login(central)
    upload = _csv(_candidates(20))
    client.post(
        reverse("name_check_home"), {"file": upload, "unit": DevelopmentUnit.objects.get(code="CDD").pk, "province": 52}
    )
    assert list(NameCheck.objects.values_list("status", flat=True)) == ["done", "done"]
    assert [check.not_cardholder for check in NameCheck.objects.all()] == [20, 20]
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH_ID).exists()


# ---- finding 2: who holds a card elsewhere --------------------------------------------------------------


def test_card_holders_outside_the_area_look_like_people_without_a_card_to_a_province(
    client, people, province_user, cdd_unit
):
    client.force_login(province_user)
    _upload(client, _list(people, ["both", "developed_here", "waiting_here", *OUTSIDE]), unit=cdd_unit)
    check = NameCheck.objects.get()
    assert (check.both, check.other_agency, check.not_assigned, check.not_cardholder) == (2, 0, 1, 4)
    rows = {row.national_id: row for row in NameCheckRow.objects.filter(name_check=check)}
    seen = {
        (
            rows[_id(people, key)].group,
            rows[_id(people, key)].detail,
            rows[_id(people, key)].cardholder_id,
            rows[_id(people, key)].assignment_id,
        )
        for key in OUTSIDE
    }
    assert len(seen) == 1 and next(iter(seen))[0] == "not_cardholder" and next(iter(seen))[2:] == (None, None)
    html = _html(client, check, "not_cardholder")
    for words in (*SUB_STATUSES, "จังหวัดอื่น", "หน่วยงานอื่น", people["elsewhere"].full_name, "สมุทรปราการ"):
        assert words not in html, words
    lines = _export(client, check, "not_cardholder")
    assert lines[0][5:] == ["หมายเหตุ"] and len(lines) == 6
    assert {tuple(line[5:]) for line in lines[1:-1]} == {("ไม่พบเป็นผู้มีบัตรฯ ที่อยู่หรือได้รับการพัฒนาในจังหวัดนี้",)}


def test_an_agency_reads_only_the_group_word_for_people_of_other_provinces(client, people, cdd):
    client.force_login(cdd)
    _upload(client, _list(people, ["waiting_here", "waiting_there", "not_interviewed_there", "elsewhere"]))
    check = NameCheck.objects.get()
    assert (check.not_assigned, check.other_agency) == (3, 1)  # agencies see full IDs: groups as they were
    lines = {line[1]: line for line in _export(client, check, "not_assigned")[1:-1]}  # by row of the file
    assert lines["2"][-1] == "ทำแบบประเมินแล้ว รอการจับคู่"  # their province's person: where they stand
    assert lines["3"][-1] == lines["4"][-1] == ""  # another province's: the group only
    other = _export(client, check, "other_agency")[1]
    assert other[-1] == "ได้รับมอบหมายให้หน่วยงานนี้ในจังหวัดอื่น" and "สมุทรปราการ" not in ",".join(other)


def _export(client, check, group):
    response = client.get(reverse("name_check_group", args=[check.pk, group]), {"format": "csv"})
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# ---- finding 3: checking again, and choosing the column ------------------------------------------------


def test_checking_again_counts_against_the_budget_of_whoever_checks_again(
    client, people, province_user, second_province_user, cdd_unit, settings
):
    settings.NAME_CHECK_PROBE_LIMIT = 5
    client.force_login(province_user)
    _upload(client, _list(people, ["both", *OUTSIDE]), unit=cdd_unit)  # 4 of 5
    first = NameCheck.objects.get()
    response = client.post(reverse("name_check_again", args=[first.pk]), follow=True)  # 4 > 1 left
    again = NameCheck.objects.exclude(pk=first.pk).get()
    assert again.status == "rejected" and not NameCheckRow.objects.filter(name_check=again).exists()
    assert "4 เลข" in response.content.decode()
    client.post(reverse("name_check_again", args=[first.pk]), follow=True)  # spent: refused at the door
    assert NameCheck.objects.count() == 2

    client.force_login(second_province_user)  # another account of the province: its own budget
    client.post(reverse("name_check_again", args=[first.pk]))
    third = NameCheck.objects.order_by("pk").last()
    assert third.created_by == second_province_user and third.status == "done"
    assert len(_search_logs(second_province_user)) == 1 and len(_search_logs(province_user)) == 2
    client.post(reverse("name_check_again", args=[first.pk]))  # 4 more > 1 left
    assert NameCheck.objects.order_by("pk").last().status == "rejected"


def test_choosing_the_column_checks_the_budget_like_a_new_upload(client, people, province_user, cdd_unit, settings):
    settings.NAME_CHECK_PROBE_LIMIT = 3
    client.force_login(province_user)
    rows = [[f"คนที่ {n}", _id(people, key)] for n, key in enumerate(["both", *OUTSIDE])]
    _upload(client, _csv(rows, header=["ชื่อ", "เลข"]), unit=cdd_unit)
    check = NameCheck.objects.get()
    assert check.status == "needs_column"
    client.post(reverse("name_check_column", args=[check.pk]), {"header_index": 0, "id_column": 1})
    check.refresh_from_db()
    assert check.status == "rejected" and not NameCheckRow.objects.exists() and "4 เลข" in check.message

    _upload(client, _csv(rows, header=["ชื่อ", "เลข"]), unit=cdd_unit)  # spent: refused at the door
    assert NameCheck.objects.count() == 1
    AccessLog.objects.update(at=timezone.now() - datetime.timedelta(hours=2, minutes=1))  # 4 of 3 an hour
    _upload(client, _csv(rows[:2], header=["ชื่อ", "เลข"]), unit=cdd_unit)
    waiting = NameCheck.objects.order_by("pk").last()
    assert waiting.status == "needs_column"
    AccessLog.objects.create(user=province_user, action=AccessLog.Action.SEARCH_ID, detail=_spent_detail(3))
    response = client.post(
        reverse("name_check_column", args=[waiting.pk]), {"header_index": 0, "id_column": 1}, follow=True
    )
    waiting.refresh_from_db()
    assert waiting.status == "needs_column" and "ตรวจสอบรายชื่อได้อีกครั้งหลัง" in response.content.decode()


def _spent_detail(count):
    """What a check that named `count` IDs outside the area logs (development.name_check.budget_log_detail)."""
    from development.name_check import budget_log_detail

    return budget_log_detail(check_id=1, rows=count, valid=count, outside=count, refused=False)


def test_only_the_uploader_chooses_the_column(client, people, province_user, second_province_user, cdd_unit):
    client.force_login(province_user)
    _upload(client, _csv([["ก", _id(people, "stranger")]], header=["ชื่อ", "เลข"]), unit=cdd_unit)
    check = NameCheck.objects.get()
    client.force_login(second_province_user)
    client.post(reverse("name_check_column", args=[check.pk]), {"header_index": 0, "id_column": 1})
    check.refresh_from_db()
    assert check.status == "needs_column" and not _search_logs(second_province_user)


def test_an_agency_does_not_check_again_a_list_a_province_uploaded(client, people, province_user, cdd, cdd_unit):
    """An agency has no budget: its check of the province's file would list, for the province to read,
    every person the budget kept from it."""
    client.force_login(province_user)
    _upload(client, _list(people, ["both", "stranger"]), unit=cdd_unit)
    check = NameCheck.objects.get()
    client.force_login(cdd)
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert reverse("name_check_again", args=[check.pk]) not in page
    response = client.post(reverse("name_check_again", args=[check.pk]), follow=True)
    assert NameCheck.objects.count() == 1 and "ตรวจสอบอีกครั้ง" in response.content.decode()


# ---- finding 4: long cells -----------------------------------------------------------------------------


def test_stored_cells_are_cut_to_a_thousand_characters_and_rows_to_a_sane_total(client, people, cdd):
    from development.name_check import MAX_KEPT_CELL, MAX_KEPT_ROW

    assert MAX_KEPT_CELL == 1000 and MAX_KEPT_ROW <= 20_000
    client.force_login(cdd)
    wide = ["ก" * 5000 for _ in range(30)]
    header = ["ห" * 5000, "เลขประจำตัวประชาชน", *[f"คอลัมน์ {n}" for n in range(30)]]
    _upload(client, _csv([["ข" * 100_000, _id(people, "stranger"), *wide]], header=header))
    check = NameCheck.objects.get()
    assert check.status == "done" and check.not_cardholder == 1
    row = NameCheckRow.objects.get(name_check=check, group="not_cardholder")
    assert max(len(cell) for cell in row.cells) <= 1000 and sum(len(cell) for cell in row.cells) <= MAX_KEPT_ROW
    assert row.cells[0].startswith("ข" * 900) and row.cells[1] == _id(people, "stranger")
    assert max(len(name) for name in check.columns) <= 1000
    html = _html(client, check, "not_cardholder")
    assert len(html) < 200_000
    assert (
        len(
            b"".join(
                client.get(
                    reverse("name_check_group", args=[check.pk, "not_cardholder"]), {"format": "csv"}
                ).streaming_content
            )
        )
        < 100_000
    )


def test_the_column_chooser_shows_cut_cells_too(client, people, cdd):
    client.force_login(cdd)
    _upload(client, _csv([["ค" * 50_000, _id(people, "stranger")]], header=["ชื่อ", "เลข"]))
    check = NameCheck.objects.get()
    assert check.status == "needs_column"
    assert max(len(cell) for _, cells in check.preview["rows"] for cell in cells) <= 1000


# ---- finding 5: a CSV cell past the reader's limit ----------------------------------------------------


def test_a_csv_cell_past_the_readers_limit_is_a_refusal_not_a_crash(client, people, cdd, province_user):
    client.force_login(cdd)
    content = "ชื่อ,เลขประจำตัวประชาชน\nก," + _id(people, "stranger") + "\n" + "x" * 200_000 + ",1\n"
    _upload(client, SimpleUploadedFile("long.csv", content.encode("utf-8")))
    check = NameCheck.objects.get()
    assert check.status == "rejected" and "ยาวผิดปกติ" in check.message and "แถวที่ 3" in check.message
    page = client.get(reverse("name_check", args=[check.pk])).content.decode()
    assert "ยาวผิดปกติ" in page and "ระบบขัดข้อง" not in page
    assert not NameCheckRow.objects.exists()
    # Past the rows read to find the header: met while the list streams into the table, by a province too.
    rows = "".join(f"{n},{valid_national_id(99_400_000 + n)}\n" for n in range(40))
    content = "ชื่อ,เลขประจำตัวประชาชน\n" + rows + "x" * 200_000 + ",1\n"
    client.force_login(province_user)
    upload = SimpleUploadedFile("long.csv", content.encode("utf-8"))
    _upload(client, upload, unit=DevelopmentUnit.objects.get(code="CDD"))
    check = NameCheck.objects.order_by("pk").last()
    assert check.status == "rejected" and "แถวที่ 42" in check.message, check.message
    assert not NameCheckRow.objects.exists() and not _search_logs(province_user)
