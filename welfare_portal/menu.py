"""The portal's menu, with the labels the users know from the 2018 site (SPEC, "Menu")."""

from dataclasses import dataclass, replace

from django.urls import reverse

from welfare_portal.roles import Capability, can


@dataclass(frozen=True)
class MenuItem:
    id: str
    label: str
    url_name: str = ""  # a page of its own; otherwise the item is a report at /menu/<id>/
    capability: Capability | None = None  # who may open it (welfare_portal/roles.py); None: everyone, within scope

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
            MenuItem("4.1", "แบบแจ้งผลการพัฒนาตนเอง โดยหน่วยงานพัฒนาผู้มีบัตรฯ", capability=Capability.PROGRESS),
            MenuItem("4.2", "สรุปการติดตามผลการพัฒนา จำแนกจังหวัด/รายอำเภอที่ทำแบบประเมิน"),
            MenuItem(
                "4.3", "ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน", url_name="name_check_home", capability=Capability.NAME_CHECK
            ),
            # Issue 15: each step of the round against its due date, per area and agency, late ones first.
            MenuItem("4.4", "ติดตามความคืบหน้าตามกำหนดเวลา", url_name="behind", capability=Capability.BEHIND),
        ),
    ),
)

ITEMS = {item.id: item for section in MENU for item in section.items}

# The pages of the menu bar beside the numbered menu, each shown to the roles that may open it.
PAGES = (
    MenuItem("interview", "บันทึกแบบประเมิน", "interview_new", Capability.INTERVIEW),
    MenuItem("paper_forms", "ทะเบียนแบบฟอร์มกระดาษ", "paper_forms", Capability.PAPER_FORMS),
    MenuItem("import", "นำเข้าข้อมูล", "import_upload", Capability.IMPORT),
    MenuItem("matching", "การจับคู่ (คจจ.)", "matching_home", Capability.MATCHING),
    MenuItem("reinterview", "รายชื่อที่ต้องสัมภาษณ์ใหม่", "reinterview_queue", Capability.REINTERVIEW_QUEUE),
    MenuItem("delegated", "รายชื่อที่ได้รับมอบหมาย", "delegated_cases", Capability.DELEGATED_CASES),
)


def may_open(user, item: MenuItem) -> bool:
    return item.capability is None or can(user, item.capability)


def menu_for(user) -> tuple[MenuSection, ...]:
    """The numbered menu with only the entries this user may open (a section left empty is dropped)."""
    sections = (replace(section, items=tuple(i for i in section.items if may_open(user, i))) for section in MENU)
    return tuple(section for section in sections if section.items)


def pages_for(user) -> tuple[MenuItem, ...]:
    return tuple(item for item in PAGES if may_open(user, item))
