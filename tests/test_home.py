import re

import pytest
from django.urls import reverse

from matching.models import Assignment
from welfare_portal.menu import MENU
from welfare_portal.models import Role
from welfare_portal.thai import date_short

from .conftest import MUEANG_LAMPANG, make_user
from .test_behind import PAST, SOON, build_lampang

EXPECTED_LABELS = [
    "1.1 ข้อมูลสรุปจำนวนผู้มีบัตรสวัสดิการแห่งรัฐ จำแนกราย [จังหวัด] [อำเภอ] [ตำบล]",
    "1.2 ข้อมูลรายบุคคลผู้มีบัตรสวัสดิการแห่งรัฐ รายอำเภอ ตามที่อยู่ปัจจุบัน",
    "1.3 ข้อมูล Profile ของผู้มีบัตรสวัสดิการแห่งรัฐ รายบุคคล",
    "2.1 ข้อมูลรายบุคคลผู้ทำแบบประเมินแล้ว และรอทำแบบประเมิน รายอำเภอ (ข้อมูลเบื้องต้น)",
    "2.2 สรุปผลการทำแบบประเมิน จำแนกรายจังหวัด และความต้องการพัฒนา (ข้อมูลเบื้องต้น)",
    "3.1 สรุปจำนวนผู้เข้าร่วมมาตรการ จำแนกรายโครงการ/หน่วยงานพัฒนา (ณ วันที่ …)",
    "3.2 สรุปจำนวนผู้เข้าร่วมมาตรการ จำแนกจังหวัด/รายอำเภอ (ณ วันที่ …)",
    "3.3 สรุปจำนวนผู้มีความสนใจในการเข้าถึงสิ่งจำเป็นพื้นฐาน จำแนกรายจังหวัด (ณ วันที่ …)",
    "3.4 สรุปจำนวนผู้ร่วมฝึกทักษะของกรมพัฒนาฝีมือแรงงาน จำแนกรายทักษะอาชีพ (ณ วันที่ …)",
    "3.5 สรุปจำนวนผู้ต้องการพัฒนาคุณภาพชีวิต จำแนกรายโครงการ/หน่วยงานพัฒนา (ณ วันที่ …)",
    "4.1 แบบแจ้งผลการพัฒนาตนเอง โดยหน่วยงานพัฒนาผู้มีบัตรฯ",
    "4.2 สรุปการติดตามผลการพัฒนา จำแนกจังหวัด/รายอำเภอที่ทำแบบประเมิน",
    "4.3 ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน",
    "4.4 ติดตามความคืบหน้าตามกำหนดเวลา",
]


def test_it_declares_the_menu_of_the_spec():
    assert [f"{item.id} {item.label}" for section in MENU for item in section.items] == EXPECTED_LABELS
    assert [section.title for section in MENU] == [
        "ข้อมูลผู้มีบัตรสวัสดิการแห่งรัฐ",
        "การบันทึกแบบสัมภาษณ์และเมนูพัฒนารายบุคคลของ AO",
        "การมอบหมายหน่วยงานพัฒนา (เลือกความต้องการลำดับที่ 1)",
        "การแจ้งผลการพัฒนาของหน่วยงานพัฒนา / คจจ.",
    ]


def test_it_shows_every_menu_item_linked_to_its_page(client, province_user):
    client.force_login(province_user)
    html = client.get(reverse("home")).content.decode()
    for section in MENU:
        for item in section.items:
            assert item.label in html
            assert f'href="{item.url}"' in html
    assert f'href="{reverse("name_check_home")}"' in html  # 4.3 is a page of its own, not a report


def test_it_answers_404_for_an_unknown_menu_item(client, province_user):
    client.force_login(province_user)
    assert client.get(reverse("menu_page", args=["9.9"])).status_code == 404


def test_menu_4_3_at_its_menu_address_leads_to_the_name_check(client, province_user):
    client.force_login(province_user)
    assert client.get(reverse("menu_page", args=["4.3"])).url == reverse("name_check_home")


def test_a_report_page_says_its_real_date_not_the_2018_placeholder(client, province_user):
    client.force_login(province_user)
    html = client.get(reverse("menu_page", args=["3.5"]), {"as_of": "20/6/2561"}).content.decode()
    assert "(ณ วันที่ …)" not in html.split("<main", 1)[1]  # the menu keeps the 2018 label; the page does not
    assert "ณ วันที่ 20 มิ.ย. 2561" in html


# ---- each role's open work in the round (issue 15) ----------------------------------------------------------


@pytest.fixture
def world(db, central):
    return build_lampang(central)


def _open_work(client, user) -> list[str]:
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    items = re.findall(r'<li data-testid="open-work-item"[^>]*>(.*?)</li>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_an_ao_sees_its_reinterviews_and_their_due_date(client, world):
    ao = make_user("ao52", Role.AO, province_id=52)
    lines = _open_work(client, ao)
    assert f"รอสัมภาษณ์ใหม่ 1 คน กำหนด {date_short(PAST)} เลยกำหนด" in lines  # `reask`, matched on no choice
    assert f"รอสัมภาษณ์ 1 คน กำหนด {date_short(PAST)} เลยกำหนด" in lines  # `waiting`, never interviewed
    assert f"ยังไม่ได้ติดตามผล รอบเดือนกุมภาพันธ์ 2 คน กำหนด {date_short(SOON)}" in lines
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reinterview_queue")}"' in html


def test_an_agency_sees_the_people_it_has_not_reported_on(client, world, unit_user):
    lines = _open_work(client, unit_user)
    assert any(line.startswith("ยังไม่แจ้งผลการพัฒนา 1 คน กำหนด") for line in lines)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("behind_people")}?step=progress"' in html


def test_an_agency_with_everyone_reported_has_no_open_work(client, world, unit_user):
    Assignment.objects.update(progress_status="in_progress")
    client.force_login(unit_user)
    html = client.get(reverse("home")).content.decode()
    assert "ไม่มีงานค้างในรอบนี้" in html


def test_a_province_sees_its_late_steps_first(client, world, province_user):
    lines = _open_work(client, province_user)
    assert lines[0].startswith("บันทึกผลการสัมภาษณ์: ค้าง 1 คน") and lines[0].endswith("เลยกำหนด")
    assert lines[1].startswith("รายงานผลการพัฒนา: ค้าง 1 คน") and lines[1].endswith("เลยกำหนด")
    assert "ยืนยันผลการจับคู่: ค้าง 2 คน กำหนด " + date_short(SOON) in lines  # not yet due: after the late ones
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("behind")}"' in html


def test_the_kjj_sees_the_interviewed_not_yet_matched(client, world):
    kjj = make_user("kjj52", Role.KJJ, province_id=52)
    assert f"สัมภาษณ์แล้ว ยังไม่ได้จับคู่ 2 คน กำหนด {date_short(SOON)}" in _open_work(client, kjj)


def test_the_district_team_sees_its_december_records_and_paper_forms(client, world):
    team = make_user("team5201", Role.DISTRICT_TEAM, province_id=52, district_id=MUEANG_LAMPANG)
    lines = _open_work(client, team)
    assert "ยังไม่ได้บันทึกผล รอบเดือนธันวาคม 2 คน" in lines  # `started` and `idle`; no due date set
    assert "ยังไม่ได้รับแบบฟอร์มกระดาษ 4 ฉบับ กำหนด " + date_short(PAST) + " เลยกำหนด" in lines
    response = client.get(reverse("behind_people"), {"step": "team_dec"})
    assert response.status_code == 200 and len(response.context["rows"]) == 2


def test_another_provinces_ao_sees_none_of_lampangs_work(client, world):
    ao = make_user("ao11", Role.AO, province_id=11)
    lines = _open_work(client, ao)
    assert not any("รอสัมภาษณ์ใหม่" in line for line in lines)
    assert not any(line.startswith("รอสัมภาษณ์ ") for line in lines)  # Samut Prakan's one person is interviewed


def test_a_closed_round_chosen_in_the_header_says_it_is_read_only(client, world, province_user):
    from welfare_portal.models import Round
    from welfare_portal.rounds import SESSION_KEY

    Round.objects.create(code="2560", name="ปี 2560", is_closed=True)
    client.force_login(province_user)
    session = client.session
    session[SESSION_KEY] = "2560"
    session.save()
    html = client.get(reverse("home")).content.decode()
    assert "งานที่ต้องดำเนินการ · ปี 2560" in html and "รอบนี้ปิดแล้ว" in html
    assert "ไม่มีงานค้างในรอบนี้" in html  # nothing of the current round's is counted in that one
