from django.urls import reverse

from welfare_portal.menu import MENU

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
