"""The portal's menu, with the labels the users know from the 2018 site (SPEC, "Menu")."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    id: str
    label: str
    url_name: str = ""  # a page of its own; otherwise the item is a report at /menu/<id>/

    @property
    def url(self) -> str:
        return reverse(self.url_name) if self.url_name else reverse("menu_page", args=[self.id])


@dataclass(frozen=True)
class MenuSection:
    number: str
    title: str
    items: tuple[MenuItem, ...]


MENU = (
    MenuSection(
        "1",
        "ข้อมูลผู้มีบัตรสวัสดิการแห่งรัฐ",
        (
            MenuItem("1.1", "ข้อมูลสรุปจำนวนผู้มีบัตรสวัสดิการแห่งรัฐ จำแนกราย [จังหวัด] [อำเภอ] [ตำบล]"),
            MenuItem("1.2", "ข้อมูลรายบุคคลผู้มีบัตรสวัสดิการแห่งรัฐ รายอำเภอ ตามที่อยู่ปัจจุบัน"),
            MenuItem("1.3", "ข้อมูล Profile ของผู้มีบัตรสวัสดิการแห่งรัฐ รายบุคคล"),
        ),
    ),
    MenuSection(
        "2",
        "การบันทึกแบบสัมภาษณ์และเมนูพัฒนารายบุคคลของ AO",
        (
            MenuItem(
                "2.1",
                "ข้อมูลรายบุคคลผู้ทำแบบประเมินแล้ว และรอทำแบบประเมิน รายอำเภอ (ข้อมูลเบื้องต้น)",
            ),
            MenuItem("2.2", "สรุปผลการทำแบบประเมิน จำแนกรายจังหวัด และความต้องการพัฒนา (ข้อมูลเบื้องต้น)"),
        ),
    ),
    MenuSection(
        "3",
        "การมอบหมายหน่วยงานพัฒนา (เลือกความต้องการลำดับที่ 1)",
        (
            MenuItem("3.1", "สรุปจำนวนผู้เข้าร่วมมาตรการ จำแนกรายโครงการ/หน่วยงานพัฒนา (ณ วันที่ …)"),
            MenuItem("3.2", "สรุปจำนวนผู้เข้าร่วมมาตรการ จำแนกจังหวัด/รายอำเภอ (ณ วันที่ …)"),
            MenuItem(
                "3.3",
                "สรุปจำนวนผู้มีความสนใจในการเข้าถึงสิ่งจำเป็นพื้นฐาน จำแนกรายจังหวัด (ณ วันที่ …)",
            ),
            MenuItem(
                "3.4",
                "สรุปจำนวนผู้ร่วมฝึกทักษะของกรมพัฒนาฝีมือแรงงาน จำแนกรายทักษะอาชีพ (ณ วันที่ …)",
            ),
            MenuItem("3.5", "สรุปจำนวนผู้ต้องการพัฒนาคุณภาพชีวิต จำแนกรายโครงการ/หน่วยงานพัฒนา (ณ วันที่ …)"),
        ),
    ),
    MenuSection(
        "4",
        "การแจ้งผลการพัฒนาของหน่วยงานพัฒนา / คจจ.",
        (
            MenuItem("4.1", "แบบแจ้งผลการพัฒนาตนเอง โดยหน่วยงานพัฒนาผู้มีบัตรฯ"),
            MenuItem("4.2", "สรุปการติดตามผลการพัฒนา จำแนกจังหวัด/รายอำเภอที่ทำแบบประเมิน"),
            MenuItem("4.3", "ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน", url_name="name_check_home"),
        ),
    ),
)

ITEMS = {item.id: item for section in MENU for item in section.items}
