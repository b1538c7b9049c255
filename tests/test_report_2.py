import csv
import datetime
import io

from django.core.management import call_command
from django.urls import reverse

from cardholders.services import interview_record
from welfare_portal.models import Project, Skill

from .conftest import SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN, make_cardholder


def _interview(person, group=1, project="CDD01", needs=(), skill=None, day=datetime.date(2018, 6, 20)):
    return interview_record(
        cardholder=person,
        interviewed_on=day,
        group=group,
        choices=[Project.objects.get(code=project)],
        basic_needs=list(needs),
        skill=Skill.objects.get(code=skill) if skill else None,
        user=None,
    )


def _report(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_2_1_counts_interviewed_and_waiting_per_district(db):
    done = [make_cardholder() for _ in range(3)]
    make_cardholder()
    make_cardholder(SUBDISTRICT_NGAO)
    for person in done:
        _interview(person)
    _interview(done[0], day=datetime.date(2018, 9, 1))  # a second interview is still one person
    rows = _report("2.1", "--province", "52")
    assert rows[0] == ["รหัส", "อำเภอ", "จำนวนผู้มีบัตรฯ", "ทำแบบประเมินแล้ว", "รอทำแบบประเมิน"]
    assert rows[1] == ["5201", "เมืองลำปาง", "4", "3", "1"]
    assert rows[5] == ["5205", "งาว", "1", "0", "1"]
    assert rows[-1] == ["รวม", "", "5", "3", "2"]


def test_2_1_lists_who_waits_in_a_district(client, province_user):
    waiting = make_cardholder(first_name="ยังรอ")
    _interview(make_cardholder(first_name="ทำแล้ว"))
    client.force_login(province_user)
    url = reverse("menu_page", args=["2.1"])
    html = client.get(url, {"district": 5201}).content.decode()
    assert "ยังรอ" in html and "ทำแล้ว" in html and "รอทำแบบประเมิน" in html
    page = client.get(url, {"district": 5201, "status": "waiting"}).context["page"]
    assert [p.pk for p in page.objects] == [waiting.pk]
    rows = _report("2.1", "--district", "5201")
    assert rows[-1] == ["รวม", "2"]


def test_2_2_counts_interviews_by_need(db):
    a, b, c = make_cardholder(), make_cardholder(), make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    _interview(a, group=1, project="CDD01", needs=["WATER"], skill="COOK")
    _interview(b, group=2, project="DSD01")
    _interview(c, group=2, project="CDD02", needs=["LAND"])
    rows = _report("2.2")
    header = rows[0]
    lampang = next(row for row in rows if row[0] == "52")
    values = dict(zip(header, lampang, strict=True))
    assert values["ทำแบบประเมินแล้ว"] == "2"
    assert values["กลุ่มที่ 1 สมัครใจ"] == "1" and values["กลุ่มที่ 2 เป้าหมาย"] == "1"
    assert values["ต้องการพัฒนากับกรมการพัฒนาชุมชน (อันดับ 1)"] == "1"
    assert values["ต้องการพัฒนากับกรมพัฒนาฝีมือแรงงาน (อันดับ 1)"] == "1"
    assert values["ต้องการเข้าถึงสิ่งจำเป็นพื้นฐาน"] == "1" and values["ต้องการฝึกทักษะอาชีพ"] == "1"
    totals = dict(zip(header, rows[-1], strict=True))
    assert totals["ทำแบบประเมินแล้ว"] == "3" and totals["ต้องการพัฒนากับกรมการพัฒนาชุมชน (อันดับ 1)"] == "2"


def test_2_2_counts_only_the_current_interview(db):
    person = make_cardholder()
    _interview(person, project="CDD01", day=datetime.date(2018, 2, 1))
    _interview(person, project="DSD01", day=datetime.date(2018, 9, 1))
    rows = _report("2.2", "--province", "52")
    values = dict(zip(rows[0], rows[-1], strict=True))
    assert values["ทำแบบประเมินแล้ว"] == "1"
    assert values["ต้องการพัฒนากับกรมการพัฒนาชุมชน (อันดับ 1)"] == "0"


def test_2_2_shows_a_province_user_only_its_province(client, province_user):
    _interview(make_cardholder(SUBDISTRICT_SAMUT_PRAKAN))
    client.force_login(province_user)
    table = client.get(reverse("menu_page", args=["2.2"])).context["table"]
    assert table.total[2] == 0 and table.rows[0][1] == "เมืองลำปาง"
