import csv
import datetime
import io

from django.core.management import call_command
from django.urls import reverse

from cardholders.services import interview_record
from matching.models import Assignment
from matching.services import assignment_change, matching_run_confirm, matching_run_create
from welfare_portal.models import District, Project, Province, Skill

from .conftest import SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN
from .matching_builders import applicant, project


def _report(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _cdd_names():
    return list(Project.objects.filter(unit__code="CDD").order_by("pk").values_list("name_th", flat=True))


def test_3_5_with_a_unit_has_one_column_per_project_then_the_total(db):
    applicant("CDD01")
    applicant("CDD01", subdistrict=SUBDISTRICT_NGAO)
    applicant("CDD04", subdistrict=SUBDISTRICT_NGAO)
    applicant("DSD01")  # another agency: not a column
    applicant("CDD02", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)  # another province
    rows = _report("3.5", "--province", "52", "--unit", "CDD")
    assert rows[0] == ["อำเภอ", *_cdd_names(), "รวม"]
    names = [row[0] for row in rows[1:-1]]
    expected = [d.short_name for d in District.objects.filter(province_id=52).order_by("code")]
    assert names == expected and names[0] == "เมืองลำปาง" and len(names) == 13
    assert rows[1] == ["เมืองลำปาง", "1", "0", "0", "0", "0", "1"]
    assert rows[5] == ["งาว", "1", "0", "0", "1", "0", "2"]
    assert rows[2][1:] == ["0"] * 6  # zeros included
    assert rows[-1] == ["รวม", "2", "0", "0", "1", "0", "3"]


def test_3_5_without_a_province_has_a_row_per_province(db):
    applicant("CDD01")
    applicant("CDD02", subdistrict=SUBDISTRICT_SAMUT_PRAKAN)
    rows = _report("3.5", "--unit", "CDD")
    assert rows[0][0] == "จังหวัด" and len(rows) == 1 + 77 + 1
    by_name = {row[0]: row for row in rows[1:-1]}
    assert by_name["ลำปาง"][-1] == "1" and by_name["สมุทรปราการ"][-1] == "1"
    assert rows[-1][-1] == "2"


def test_3_5_by_group_splits_each_project_column(db):
    applicant("CDD01", group=1)
    applicant("CDD01", group=2)
    applicant("CDD01", group=2)
    rows = _report("3.5", "--province", "52", "--unit", "CDD", "--by-group")
    first = _cdd_names()[0]
    assert rows[0][:3] == ["อำเภอ", f"{first} / กลุ่มที่ 1 สมัครใจ", f"{first} / กลุ่มที่ 2 เป้าหมาย"]
    assert len(rows[0]) == 1 + 2 * 5 + 1 and rows[0][-1] == "รวม"
    assert rows[1][1:3] == ["1", "2"] and rows[1][-1] == "3"
    assert rows[-1][:3] == ["รวม", "1", "2"]


def test_3_5_counts_only_the_current_rank_1_choice(db):
    person = applicant("DSD01", "CDD01", day=datetime.date(2018, 2, 1))
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 9, 1),
        group=1,
        choices=[project("CDD02")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    rows = _report("3.5", "--province", "52", "--unit", "CDD")
    assert rows[-1] == ["รวม", "0", "1", "0", "0", "0", "1"]
    # As of before the second interview, the first one (DSD rank 1) counted and CDD had nobody.
    earlier = _report("3.5", "--province", "52", "--unit", "CDD", "--as-of", "2018-06-30")
    assert earlier[-1][-1] == "0"
    per_agency = _report("3.5", "--province", "52", "--as-of", "2018-06-30")
    assert per_agency[0][2] == "กรมพัฒนาฝีมือแรงงาน" and per_agency[-1][2] == "1"


def test_3_5_drills_down_to_the_name_list(client, province_user):
    somchai = applicant("CDD01")
    applicant("CDD02")
    client.force_login(province_user)
    url = reverse("menu_page", args=["3.5"])
    page = client.get(url, {"unit": "CDD"})
    link = page.context["table"].cell_links[0][0]
    assert "list=1" in link and f"project={project('CDD01').pk}" in link
    listing = client.get(url + "?" + link)
    assert [p.pk for _, p in listing.context["rows"]] == [somchai.pk]
    assert listing.context["report"].columns[-2:] == ["อำเภอ", "จังหวัด"]
    export = client.get(url + "?" + link + "&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "ลำดับ",
        "เลขประจำตัวประชาชน",
        "ชื่อ-นามสกุล",
        "เบอร์โทรศัพท์",
        "บ้านเลขที่",
        "หมู่ที่",
        "หมู่บ้าน",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
    ]
    assert rows[1][2] == somchai.full_name and rows[1][-1] == "ลำปาง" and rows[-1] == ["รวม", "1"]


def test_3_1_and_3_2_count_confirmed_participants_as_of_a_date(db, central):
    applicant("CDD01")
    applicant("CDD01", subdistrict=SUBDISTRICT_NGAO)
    applicant("DSD01")
    lampang = Province.objects.get(code=52)
    applicant("RICE01")  # proposed but never confirmed: not a participant
    run = matching_run_create(province=lampang, user=central)
    assert _report("3.1", "--province", "52")[-1][-1] == "0"
    matching_run_confirm(run=run, user=central)
    rows = _report("3.1", "--province", "52")
    by_code = {row[0]: row for row in rows[1:-1]}
    assert by_code["CDD01"][-1] == "2" and by_code["DSD01"][-1] == "1" and rows[-1][-1] == "4"
    assert _report("3.1", "--province", "52", "--unit", "CDD")[-1][-1] == "2"
    assert _report("3.1", "--as-of", "2018-01-01")[-1][-1] == "0"

    by_area = _report("3.2", "--province", "52")
    header = by_area[0]
    assert header[:3] == ["รหัส", "อำเภอ", "กรมการพัฒนาชุมชน"] and header[-1] == "รวม"
    assert by_area[1][2] == "1" and by_area[5][2] == "1" and by_area[-1][-1] == "4"


def test_3_2_follows_decisions(db, central):
    applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    assignment_change(assignment=Assignment.objects.get(), project=project("DSD01"), reason="มติ", user=central)
    totals = dict(zip(*(_report("3.2", "--province", "52")[i] for i in (0, -1)), strict=True))
    assert totals["กรมการพัฒนาชุมชน"] == "0" and totals["กรมพัฒนาฝีมือแรงงาน"] == "1"


def test_3_3_counts_interest_in_basic_needs(db):
    person = applicant("CDD01")
    person.interviews.update(basic_needs=["WATER", "LAND"])
    other = applicant("CDD01", subdistrict=SUBDISTRICT_NGAO)
    other.interviews.update(basic_needs=["WATER"])
    applicant("CDD01")
    rows = _report("3.3", "--province", "52")
    totals = dict(zip(rows[0], rows[-1], strict=True))
    assert totals["น้ำสะอาดเพื่ออุปโภคบริโภค"] == "2" and totals["ที่ดินทำกิน"] == "1"
    assert totals["ผู้สนใจอย่างน้อย 1 รายการ (คน)"] == "2"


def test_3_4_counts_dsd_trainees_by_skill(db):
    for skill in ("COOK", "COOK", "SEW", None):
        person = applicant("DSD01")
        person.interviews.update(skill=Skill.objects.get(code=skill) if skill else None)
    cdd = applicant("CDD01")
    cdd.interviews.update(skill=Skill.objects.get(code="COOK"))  # not a DSD rank-1 choice
    rows = _report("3.4")
    by_code = {row[1]: row[2] for row in rows[1:-1]}
    assert by_code["การประกอบอาหารและขนม"] == "2" and by_code["การตัดเย็บเสื้อผ้า"] == "1"
    assert by_code["ไม่ระบุทักษะ"] == "1" and rows[-1][-1] == "4"


def test_section_3_pages_show_the_as_of_date_in_thai(client, province_user):
    client.force_login(province_user)
    html = client.get(reverse("menu_page", args=["3.5"]), {"as_of": "20/6/2561"}).content.decode()
    assert "ณ วันที่ 20 มิ.ย. 2561" in html
    html = client.get(reverse("menu_page", args=["3.1"]), {"as_of": "20/6/2018"}).content.decode()
    assert "พุทธศักราช" in html


def test_section_3_keeps_the_outsider_out(client, outsider):
    applicant("CDD01")
    client.force_login(outsider)
    table = client.get(reverse("menu_page", args=["3.5"]), {"province": 52, "unit": "CDD"}).context["table"]
    assert table.total[-1] == 0 and table.rows[0][0] != "เมืองลำปาง"
