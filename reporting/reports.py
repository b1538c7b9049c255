"""Menu pages declared as reports: each is a small class with an id, a title, its columns and the
selector it reads. One view renders them, one exporter writes them, and `manage.py report` prints them,
so the web page, the CSV, the XLSX and the command line cannot disagree."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode

from cardholders import selectors as people
from welfare_portal.models import DevelopmentUnit, District, Province, Role, Subdistrict
from welfare_portal.thai import date_short

from .menu import ITEMS

TOTAL = "รวม"


@dataclass
class Filters:
    """What the user asked for, after scope: a province user cannot ask for another province."""

    province: int | None = None
    district: int | None = None
    unit: str | None = None
    as_of: datetime.date = field(default_factory=datetime.date.today)
    by_group: bool = False
    q: str = ""
    status: str = ""

    def query(self, **changes) -> str:
        values = {
            "province": self.province,
            "district": self.district,
            "unit": self.unit,
            "q": self.q or None,
            "status": self.status or None,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def scoped_filters(user, *, province=None, district=None, **rest) -> Filters:
    """Clamp the requested area to what the user may see; a hand-edited query string changes nothing."""
    if user.role == Role.DISTRICT_TEAM:
        province, district = user.province_id, user.district_id
    elif user.role != Role.CENTRAL:
        province = user.province_id
        if district is not None and district // 100 != province:
            district = None
    elif district is not None:
        province = district // 100
    return Filters(province=province, district=district, **rest)


@dataclass
class Table:
    columns: list[str]
    rows: list[list]
    total: list | None = None
    links: list[str | None] = field(default_factory=list)  # per row, the drill-down query string
    heading: str = ""
    chart: list[tuple[str, int]] | None = None

    @property
    def linked_rows(self):
        """(cells, drill-down query or None) pairs for the template."""
        return zip(self.rows, self.links or [None] * len(self.rows), strict=True)


class Report:
    id = ""
    kind = "summary"  # or "list"

    @property
    def title(self) -> str:
        return ITEMS[self.id].label

    def url(self) -> str:
        return reverse("menu_page", args=[self.id])


class SummaryReport(Report):
    def table(self, user, filters: Filters) -> Table:
        raise NotImplementedError


class ListReport(Report):
    kind = "list"
    columns: list[str] = []

    def needs(self, filters: Filters) -> str | None:
        """A message when the filters are not enough to list anyone (e.g. no district chosen)."""
        return None if filters.district else "กรุณาเลือกอำเภอ"

    def queryset(self, user, filters: Filters):
        raise NotImplementedError

    def row(self, number: int, obj) -> list:
        raise NotImplementedError


# ---- areas: the rows of summary tables --------------------------------------------------------------


@dataclass
class Level:
    noun: str
    areas: list  # (code, name) pairs
    of: callable  # subdistrict code → area code


def area_level(filters: Filters, user) -> Level:
    if filters.district:
        subdistricts = Subdistrict.objects.filter(district_id=filters.district).values_list("code", "name_th")
        return Level("ตำบล", list(subdistricts), lambda code: code)
    if filters.province:
        districts = District.objects.filter(province_id=filters.province)
        return Level("อำเภอ", [(d.code, d.short_name) for d in districts], lambda code: code // 100)
    return Level("จังหวัด", list(Province.objects.values_list("code", "name_th")), lambda code: code // 10000)


def roll_up(level: Level, by_subdistrict: dict, zero):
    """Add subdistrict values up to the level's areas; every area appears, zeros included."""
    totals = {code: zero() for code, _ in level.areas}
    for subdistrict, value in by_subdistrict.items():
        area = level.of(subdistrict)
        if area in totals:
            totals[area] = _add(totals[area], value)
    return totals


def _add(a, b):
    if isinstance(a, tuple):
        return tuple(x + y for x, y in zip(a, b, strict=True))
    return a + b


def drill(filters: Filters, level: Level, code: int) -> str | None:
    if level.noun == "จังหวัด":
        return filters.query(province=code, district=None)
    if level.noun == "อำเภอ":
        return filters.query(district=code)
    return None


# ---- 1.1 ------------------------------------------------------------------------------------------------


class Report11(SummaryReport):
    id = "1.1"

    def table(self, user, filters):
        level = area_level(filters, user)
        counts = roll_up(level, people.cardholder_counts_by_subdistrict(user=user), int)
        rows = [[code, name, counts[code]] for code, name in level.areas]
        return Table(
            columns=["รหัส", level.noun, "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน)"],
            rows=rows,
            total=[TOTAL, "", sum(counts.values())],
            links=[drill(filters, level, code) for code, _ in level.areas],
            heading=f"จำแนกราย{level.noun}",
            chart=[(name, counts[code]) for code, name in level.areas],
        )


# ---- 1.2 ------------------------------------------------------------------------------------------------

PERSON_COLUMNS = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "เบอร์โทรศัพท์", "บ้านเลขที่", "หมู่ที่", "หมู่บ้าน", "ตำบล"]


def person_cells(number: int, person) -> list:
    return [
        number,
        person.national_id_display,
        person.full_name,
        person.phone,
        person.house_no,
        person.moo,
        person.village,
        person.subdistrict.name_th,
    ]


class Report12(ListReport):
    id = "1.2"
    columns = PERSON_COLUMNS

    def queryset(self, user, filters):
        return people.people_in_district(user=user, district=filters.district, q=filters.q)

    def row(self, number, person):
        return person_cells(number, person)


# ---- 2.1 ------------------------------------------------------------------------------------------------


class Report21(SummaryReport):
    id = "2.1"

    def table(self, user, filters):
        level = area_level(filters, user)
        counts = roll_up(level, people.interview_status_counts_by_subdistrict(user=user), lambda: (0, 0))
        rows = [
            [code, name, counts[code][0], counts[code][1], counts[code][0] - counts[code][1]]
            for code, name in level.areas
        ]
        total, done = sum(row[2] for row in rows), sum(row[3] for row in rows)
        return Table(
            columns=["รหัส", level.noun, "จำนวนผู้มีบัตรฯ", "ทำแบบประเมินแล้ว", "รอทำแบบประเมิน"],
            rows=rows,
            total=[TOTAL, "", total, done, total - done],
            links=[drill(filters, level, code) for code, _ in level.areas],
            heading=f"จำแนกราย{level.noun}",
        )


class Report21List(ListReport):
    """2.1 with a district chosen: the people, interviewed or waiting."""

    id = "2.1"
    columns = [*PERSON_COLUMNS[:3], "ตำบล", "สถานะ"]

    def queryset(self, user, filters):
        return people.people_with_interview_status(user=user, district=filters.district, status=filters.status)

    def row(self, number, person):
        status = "ทำแบบประเมินแล้ว" if person.interviewed else "รอทำแบบประเมิน"
        return [number, person.national_id_display, person.full_name, person.subdistrict.name_th, status]


# ---- 2.2 ------------------------------------------------------------------------------------------------


class Report22(SummaryReport):
    id = "2.2"

    def table(self, user, filters):
        level = area_level(filters, user)
        if level.noun == "ตำบล":  # 2.2 stops at districts
            filters.district = None
            level = area_level(filters, user)
        counts = roll_up(level, people.interview_needs_by_subdistrict(user=user), Counter)
        units = list(DevelopmentUnit.objects.order_by("pk"))
        keys = ["interviews", "group:1", "group:2", *(f"unit:{u.code}" for u in units), "needs", "skills"]
        columns = [
            "รหัส",
            level.noun,
            "ทำแบบประเมินแล้ว",
            "กลุ่มที่ 1 สมัครใจ",
            "กลุ่มที่ 2 เป้าหมาย",
            *(f"ต้องการพัฒนากับ{u.name_th} (อันดับ 1)" for u in units),
            "ต้องการเข้าถึงสิ่งจำเป็นพื้นฐาน",
            "ต้องการฝึกทักษะอาชีพ",
        ]
        rows = [[code, name, *(counts[code][key] for key in keys)] for code, name in level.areas]
        total = [TOTAL, "", *(sum(counts[code][key] for code, _ in level.areas) for key in keys)]
        links = [drill(filters, level, code) if level.noun == "จังหวัด" else None for code, _ in level.areas]
        return Table(columns=columns, rows=rows, total=total, links=links, heading=f"จำแนกราย{level.noun}")


REPORTS: dict[str, Report] = {report.id: report for report in (Report11(), Report12(), Report21(), Report22())}
LIST_VIEWS: dict[str, ListReport] = {"2.1": Report21List()}


def report_for(report_id: str, filters: Filters) -> Report | None:
    """The declaration that serves this menu id with these filters (2.1 lists people once a district is set)."""
    if report_id in LIST_VIEWS and filters.district:
        return LIST_VIEWS[report_id]
    return REPORTS.get(report_id)


def as_of_label(day: datetime.date) -> str:
    return f"ณ วันที่ {date_short(day)}"
