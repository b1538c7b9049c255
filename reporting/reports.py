"""Menu pages declared as reports: each is a small class with an id, a title, its columns and the
selector it reads. One view renders them, one exporter writes them, and `manage.py report` prints them,
so the web page, the CSV, the XLSX and the command line cannot disagree."""

import dataclasses
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode

from cardholders import selectors as people
from cardholders.lookups import id_digits, id_search_refusal
from cardholders.models import Group
from cardholders.selectors import count_by_subdistrict, interviews_as_of
from development.models import Progress, ProgressStatus
from matching.selectors import NOT_STARTED, NOTIFIED, WAITING, assignments_as_of, assignments_with_progress_status
from reporting import summary_selectors as summaries
from reporting.summary_sql import SKILL_TRAINING_UNIT
from welfare_portal.menu import ITEMS
from welfare_portal.models import (
    BasicNeed,
    DevelopmentUnit,
    District,
    Project,
    Province,
    Role,
    Round,
    Skill,
    Subdistrict,
)
from welfare_portal.scope import scope_is_an_area, sees_full_ids
from welfare_portal.thai import date_file_name, date_short

TOTAL = "รวม"


@dataclass
class Filters:
    """What the user asked for, after scope: a province user cannot ask for another province."""

    province: int | None = None
    district: int | None = None
    unit: str | None = None
    as_of: datetime.date = field(default_factory=datetime.date.today)
    by_group: bool = False
    compare: bool = False  # 1.1, 3.5, 4.2: the previous round's totals beside this round's, and the change
    q: str = ""  # the 1.2 search, from the session: never put in a URL
    search: str = ""  # the random id the session keeps `q` under (see views.search_people)
    status: str = ""
    list: bool = False  # a drill-down to the name list behind a count
    project: int | None = None
    unit_id: int | None = None
    group: int | None = None  # 3.5 by group: the group of the cell a list was opened from
    # The round (welfare_portal.Round id) the page is about: the one chosen in the header (request.round) or
    # `--round`; kept by the session, not in the URL. Every count and list reads that round only.
    round: int | None = None

    def values(self) -> dict:
        """The filters as the query string carries them (empty ones left out)."""
        values = {
            "province": self.province,
            "district": self.district,
            "unit": self.unit,
            "search": self.search or None,
            "status": self.status or None,
            "by_group": "1" if self.by_group else None,
            "compare": "1" if self.compare else None,
            "as_of": self.as_of.isoformat() if self.as_of != datetime.date.today() else None,
            "list": "1" if self.list else None,
            "project": self.project,
            "unit_id": self.unit_id,
            "group": self.group,
        }
        return {k: v for k, v in values.items() if v not in (None, "")}

    def query(self, **changes) -> str:
        values = {**self.values(), **changes}
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
    numeric_from: int = 2  # index of the first count column
    label_column: int = 1  # the cell that drills down to the next level
    cell_links: list[list[str | None]] | None = None  # per count cell, the name list behind it
    total_links: list[str | None] | None = None  # per cell of the totals row, the name list behind it
    groups: list[tuple[str, int]] | None = None  # a header row above the columns: (title, columns spanned)

    @property
    def is_empty(self) -> bool:
        """No count anywhere (e.g. an as-of date before any data): the page says so instead of zeros."""
        counts = [cell for row in self.rows for cell in row[self.numeric_from :] if isinstance(cell, int)]
        return not any(counts)

    @property
    def linked_total(self):
        """The totals row as (cell, name-list query or None, is a count) for the template."""
        links = list(self.total_links or [])
        total = self.total or []
        links += [None] * (len(total) - len(links))
        return [
            (cell, link, index >= self.numeric_from and isinstance(cell, int))
            for index, (cell, link) in enumerate(zip(total, links, strict=True))
        ]

    @property
    def linked_rows(self):
        """Per row: (label cells, count cells with their name-list query, drill-down query) for the template."""
        links = self.links or [None] * len(self.rows)
        cell_links = self.cell_links or [[] for _ in self.rows]
        for row, link, cells in zip(self.rows, links, cell_links, strict=True):
            counts = row[self.numeric_from :]
            padded = list(cells) + [None] * (len(counts) - len(cells))
            cells = [
                (count, cell_link, isinstance(count, int)) for count, cell_link in zip(counts, padded, strict=True)
            ]
            yield row[: self.numeric_from], cells, link


STATUS_LABELS = {
    "done": "ทำแบบประเมินแล้ว",
    "waiting": "รอทำแบบประเมิน",
    "not_started": "ยังไม่เริ่มพัฒนา",
    "not_notified": "ยังไม่ได้แจ้งผู้มีบัตรฯ",
    "started": "เริ่มพัฒนาแล้ว",
    "notified": "แจ้งผู้มีบัตรฯ แล้ว (ยังไม่เริ่มพัฒนา)",
    "in_progress": "อยู่ระหว่างการพัฒนา",
    "completed": "พัฒนาเสร็จแล้ว",
    "not_completed": "พัฒนาไม่เสร็จสิ้น",
    "developed": "พัฒนาแล้วหรืออยู่ระหว่างพัฒนา",
    "wanting": "ผู้ต้องการพัฒนา (รวมทุกหน่วยงานพัฒนา)",
}


def area_name(filters: Filters) -> str:
    if filters.district:
        district = District.objects.select_related("province").filter(code=filters.district).first()
        if district is not None:
            name = district.name_th if district.name_th.startswith(("อำเภอ", "เขต")) else f"อำเภอ{district.name_th}"
            return f"{name} จังหวัด{district.province.name_th}"
    if filters.province:
        province = Province.objects.filter(code=filters.province).first()
        if province is not None:
            return f"จังหวัด{province.name_th}"
    return "ทุกจังหวัด"


def selection(filters: Filters) -> list[str]:
    """What the filters select, in Thai words: area, agency, project, group, status (not the date)."""
    parts = [area_name(filters)]
    unit = None
    if filters.unit_id:
        unit = DevelopmentUnit.objects.filter(pk=filters.unit_id).first()
    elif filters.unit:
        unit = DevelopmentUnit.objects.filter(code=filters.unit).first()
    project = Project.objects.select_related("unit").filter(pk=filters.project).first() if filters.project else None
    if project is not None:
        parts += [project.unit.name_th, f"โครงการ{project.name_th.removeprefix('โครงการ')}"]
    elif unit is not None:
        parts.append(unit.name_th)
    if filters.group in (1, 2):
        parts.append(Group(filters.group).label)
    if filters.status in STATUS_LABELS:
        parts.append(STATUS_LABELS[filters.status])
    return parts


def file_stem(report_id: str, filters: Filters, *, listing: bool) -> str:
    """e.g. 3.5-ลำปาง-กรมการพัฒนาชุมชน-2569-11-27: what a person saving many files can tell apart."""
    names = []
    if filters.district:
        district = District.objects.select_related("province").filter(code=filters.district).first()
        names += [district.province.name_th, district.short_name] if district else []
    elif filters.province:
        province = Province.objects.filter(code=filters.province).first()
        names += [province.name_th] if province else []
    names += selection(dataclasses.replace(filters, province=None, district=None))[1:]
    if listing:
        names.insert(0, "รายชื่อ")
    parts = [report_id, *names, date_file_name(filters.as_of)]
    return "-".join(re.sub(r"[\\/:*?\"<>|\s]+", "_", part).strip("_") for part in parts if part)


def as_seen_by(user, filters: Filters) -> Filters:
    """The filters as a heading names them: an agency account sees only its own agency's people, so a
    list or table of "every agency" is its agency's, and says so."""
    if user is not None and user.role == Role.UNIT and user.unit_id and not (filters.unit or filters.unit_id):
        return dataclasses.replace(filters, unit_id=user.unit_id)
    return filters


class Report:
    id = ""
    kind = "summary"  # or "list"
    uses: tuple[str, ...] = ()  # extra filters the page offers: "unit", "as_of", "by_group", "compare"
    titled = False  # a name list opened from a count: its file starts with title rows saying what it lists

    def hidden(self, filters: Filters) -> list[tuple[str, str]]:
        """The filters the form keeps without showing a box for them, so "แสดงข้อมูล" changes only what
        the user changed (the list behind a count stays that list)."""
        shown = {"province", "district", "search", *self.uses}
        return [(name, str(value)) for name, value in filters.values().items() if name not in shown]

    @property
    def title(self) -> str:
        # The menu keeps the 2018 label's "(ณ วันที่ …)"; the page and its files say the real date beneath.
        return ITEMS[self.id].label.replace(" (ณ วันที่ …)", "")

    def url(self) -> str:
        return reverse("menu_page", args=[self.id])


class SummaryReport(Report):
    def table(self, user, filters: Filters) -> Table:
        raise NotImplementedError

    def heading(self, filters: Filters, user=None) -> str:
        """What the table shows, as its file's title row: the selection (an agency account's own agency
        when none is chosen, as it sees only that agency's people) and the as-of date."""
        parts = selection(as_seen_by(user, filters))
        if filters.by_group:
            parts.append("แยกตามกลุ่ม")
        if filters.round is not None and (round_ := Round.objects.filter(pk=filters.round).first()):
            parts.insert(0, f"รอบ {round_.code}")
            if filters.compare and "compare" in self.uses and (previous := round_.previous):
                parts.append(f"เทียบกับรอบ {previous.code}")
        return f"{' · '.join(parts)} · {as_of_label(filters.as_of)}"

    def compared(self, user, filters: Filters, table: Table) -> Table:
        """Year over year: with `compare`, the previous round's figure of the table's last column (its total)
        beside this round's, and the change, for every row and the totals; the page and its files alike."""
        if not (filters.compare and "compare" in self.uses):
            return table
        current = Round.objects.filter(pk=filters.round).first()
        previous = current.previous if current is not None else None
        if previous is None:
            table.heading += " (ไม่มีรอบก่อนหน้าให้เทียบ)"
            return table
        before = self.table(user, dataclasses.replace(filters, round=previous.pk, compare=False))
        title = table.columns[-1]
        table.columns = [
            *table.columns[:-1],
            f"{title} รอบ {current.code}",
            f"{title} รอบ {previous.code}",
            "เปลี่ยนแปลง",
        ]
        for row, old in zip(table.rows, before.rows, strict=True):
            row += [old[-1], row[-1] - old[-1]]
        if table.total is not None and before.total is not None:
            table.total += [before.total[-1], table.total[-1] - before.total[-1]]
        if table.cell_links is not None:
            table.cell_links = [[*links, None, None] for links in table.cell_links]
        if table.total_links is not None:
            table.total_links = [*table.total_links, None, None]
        if table.groups is not None:
            table.groups = [*table.groups, (f"เทียบกับรอบ {previous.code}", 2)]
        table.heading += f" เทียบกับรอบ {previous.code}"
        return table


class ListReport(Report):
    kind = "list"
    columns: list[str] = []
    # The two ordering paths (area, id) of the keyset pagination: the person's subdistrict, then the person.
    keys = ("subdistrict_id", "id")

    noun = "รายชื่อผู้มีบัตรสวัสดิการแห่งรัฐ"

    def needs(self, filters: Filters) -> str | None:
        """A message when the filters are not enough to list anyone (e.g. no district chosen)."""
        return None if filters.district else "กรุณาเลือกอำเภอ"

    def heading(self, filters: Filters) -> str:
        """What the list lists, as its heading and its file's title row."""
        return f"{self.noun} {' · '.join(selection(filters))} · {as_of_label(filters.as_of)}"

    def back(self, filters: Filters) -> str:
        """The query of the table this list was opened from."""
        return filters.query(list=None, project=None, unit_id=None, group=None, status=None, district=None)

    def queryset(self, user, filters: Filters):
        raise NotImplementedError

    def row(self, number: int, obj, *, reveal: bool) -> list:
        """The row's cells; national IDs in full only when `reveal` (see welfare_portal.scope.sees_full_ids)."""
        raise NotImplementedError

    def person_of(self, obj):
        """The card holder a row is about, for the link to the profile (1.3)."""
        return obj


# ---- areas: the rows of summary tables --------------------------------------------------------------


@dataclass
class Level:
    noun: str
    areas: list  # (code, name) pairs
    divisor: int  # subdistrict code // divisor = area code

    def of(self, subdistrict: int) -> int:
        return subdistrict // self.divisor


def area_level(filters: Filters, user) -> Level:
    """The rows of a summary table: only areas within the user's scope, so a page that widens the level
    (2.2 and 3.5 stop at districts) cannot show a district team its neighbours' counts from the summary
    tables, which hold every area."""
    if filters.district:
        subdistricts = Subdistrict.objects.filter(district_id=filters.district).values_list("code", "name_th")
        return Level("ตำบล", list(subdistricts), 1)
    if filters.province:
        districts = District.objects.filter(province_id=filters.province)
        if user is not None and user.role == Role.DISTRICT_TEAM:
            districts = districts.filter(code=user.district_id)
        return Level("อำเภอ", [(d.code, d.short_name) for d in districts], 100)
    return Level("จังหวัด", list(Province.objects.values_list("code", "name_th")), 10000)


def area_range(filters: Filters) -> tuple[int, int] | None:
    if filters.district:
        return District.subdistrict_range(filters.district)
    if filters.province:
        return Province.subdistrict_range(filters.province)
    return None


def summary_range(user, filters: Filters) -> tuple[int, int] | None:
    """The subdistrict-code range the summary tables are read over: the filters' area, and never more than
    a district team's own district (the summary tables hold every area; scope is not in them)."""
    if user is not None and user.role == Role.DISTRICT_TEAM and user.district_id:
        return District.subdistrict_range(user.district_id)
    return area_range(filters)


def use_summaries(user, filters: Filters) -> bool:
    """Summary tables hold today's counts per area: they answer when the user's scope is an area and the
    page asks about today. Agencies, and dates in the past, are counted from the base tables."""
    return filters.as_of >= datetime.date.today() and scope_is_an_area(user)


def area_counts(user, filters: Filters, level: Level, *, summary, base) -> dict[int, Counter]:
    """Per area of the level, a Counter: from the summary tables (`summary(divisor=, area_range=)`) or
    from the base tables (`base()`, per subdistrict, added up here)."""
    if use_summaries(user, filters):
        found = summary(divisor=level.divisor, area_range=summary_range(user, filters), round_id=filters.round)
        return {code: found.get(code, Counter()) for code, _ in level.areas}
    return roll_up(level, base())


def roll_up(level: Level, by_subdistrict: dict[int, Counter]) -> dict[int, Counter]:
    """Add subdistrict counts up to the level's areas; every area appears, zeros included."""
    totals = {code: Counter() for code, _ in level.areas}
    for subdistrict, counts in by_subdistrict.items():
        area = level.of(subdistrict)
        if area in totals:
            totals[area].update(counts)
    return totals


def drill(filters: Filters, level: Level, code: int) -> str | None:
    if level.noun == "จังหวัด":
        return filters.query(province=code, district=None)
    if level.noun == "อำเภอ":
        return filters.query(district=code)
    return None


# ---- 1.1 ------------------------------------------------------------------------------------------------


class Report11(SummaryReport):
    id = "1.1"
    uses = ("compare",)

    def table(self, user, filters):
        level = area_level(filters, user)
        counts = area_counts(
            user,
            filters,
            level,
            summary=summaries.cardholders,
            base=lambda: {
                s: Counter(total=n)
                for s, n in people.cardholder_counts_by_subdistrict(user=user, round=filters.round).items()
            },
        )
        rows = [[code, name, counts[code]["total"]] for code, name in level.areas]
        table = Table(
            columns=["รหัส", level.noun, "จำนวนผู้มีบัตรสวัสดิการแห่งรัฐ (คน)"],
            rows=rows,
            total=[TOTAL, "", sum(row[2] for row in rows)],
            links=[drill(filters, level, code) for code, _ in level.areas],
            heading=f"จำแนกราย{level.noun}",
            chart=[(name, count) for _, name, count in rows],
        )
        return self.compared(user, filters, table)


# ---- 1.2 ------------------------------------------------------------------------------------------------

PERSON_COLUMNS = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "เบอร์โทรศัพท์", "บ้านเลขที่", "หมู่ที่", "หมู่บ้าน", "ตำบล"]


def person_cells(number: int, person, reveal: bool) -> list:
    return [
        number,
        person.national_id_for(reveal=reveal),
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
        digits = id_digits(filters.q)
        if digits is None or sees_full_ids(user):
            return people.people_in_district(user=user, district=filters.district, round=filters.round, q=filters.q)
        # Masked roles: a complete, valid ID matched exactly, never a prefix (see lookup.id_search_refusal).
        everyone = people.people_in_district(user=user, district=filters.district, round=filters.round)
        return everyone.none() if id_search_refusal(user, digits) else everyone.filter(national_id=digits)

    def row(self, number, person, *, reveal):
        return person_cells(number, person, reveal)


# ---- 2.1 ------------------------------------------------------------------------------------------------


def _report21_summary(*, divisor, area_range, round_id):
    people_by_area = summaries.cardholders(divisor=divisor, area_range=area_range, round_id=round_id)
    done = summaries.interviews(divisor=divisor, area_range=area_range, round_id=round_id)
    return {
        area: Counter(
            total=people_by_area.get(area, Counter())["total"], interviewed=done.get(area, Counter())["total"]
        )
        for area in set(people_by_area) | set(done)
    }


def _report21_base(user, round):
    by_subdistrict = people.interview_status_counts_by_subdistrict(user=user, round=round)
    return {s: Counter(total=total, interviewed=done) for s, (total, done) in by_subdistrict.items()}


class Report21(SummaryReport):
    id = "2.1"

    def table(self, user, filters):
        level = area_level(filters, user)
        counts = area_counts(
            user, filters, level, summary=_report21_summary, base=lambda: _report21_base(user, filters.round)
        )
        rows = []
        for code, name in level.areas:
            total, done = counts[code]["total"], counts[code]["interviewed"]
            rows.append([code, name, total, done, total - done])
        total, done = sum(row[2] for row in rows), sum(row[3] for row in rows)
        return Table(
            columns=["รหัส", level.noun, "จำนวนผู้มีบัตรฯ", "ทำแบบประเมินแล้ว", "รอทำแบบประเมิน"],
            rows=rows,
            total=[TOTAL, "", total, done, total - done],
            links=[drill(filters, level, code) for code, _ in level.areas],
            heading=f"จำแนกราย{level.noun}",
            # Every count opens its people: a district's list, a province's, and the totals row the table's
            # whole area (a province, or for central the whole country, paged).
            cell_links=[
                [self.list_query(filters, level, code, status) for status in STATUSES_21] for code, _ in level.areas
            ],
            total_links=[None, None, *(self.list_query(filters, level, None, status) for status in STATUSES_21)],
        )

    @staticmethod
    def list_query(filters, level, area_code, status):
        if level.noun == "อำเภอ" and area_code is not None:
            return filters.query(district=area_code, status=status)
        if area_code is not None:
            return filters.query(province=area_code, district=None, list="1", status=status)
        return filters.query(district=None, list="1", status=status)


STATUSES_21 = (None, "done", "waiting")  # the columns' lists: everyone, interviewed, waiting


class Report21List(ListReport):
    """2.1 with a district chosen: the people, interviewed or waiting. Opened from a province's count or
    the totals row: the province's (or the whole country's) people, with their district and province."""

    id = "2.1"
    titled = True
    noun = "รายชื่อผู้มีบัตรสวัสดิการแห่งรัฐ"

    def __init__(self, *, wide: bool = False):
        self.wide = wide
        self.columns = [*PERSON_COLUMNS[:3], "ตำบล", *(["อำเภอ", "จังหวัด"] if wide else []), "สถานะ"]

    def needs(self, filters):
        return None if filters.district or filters.list else "กรุณาเลือกอำเภอ"

    def hidden(self, filters):
        return [(name, value) for name, value in super().hidden(filters) if name != "status"]

    def queryset(self, user, filters):
        return people.people_with_interview_status(
            round=filters.round, user=user, district=filters.district, province=filters.province, status=filters.status
        )

    def row(self, number, person, *, reveal):
        status = "ทำแบบประเมินแล้ว" if person.interviewed else "รอทำแบบประเมิน"
        area = []
        if self.wide:
            district = person.subdistrict.district
            area = [district.name_th, district.province.name_th]
        return [
            number,
            person.national_id_for(reveal=reveal),
            person.full_name,
            person.subdistrict.name_th,
            *area,
            status,
        ]


# ---- 2.2 ------------------------------------------------------------------------------------------------


class Report22(SummaryReport):
    id = "2.2"

    def table(self, user, filters):
        level = area_level(filters, user)
        if level.noun == "ตำบล":  # 2.2 stops at districts
            filters = dataclasses.replace(filters, district=None)
            level = area_level(filters, user)
        counts = area_counts(
            user,
            filters,
            level,
            summary=summaries.interviews,
            base=lambda: people.interview_needs_by_subdistrict(user=user, round=filters.round),
        )
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


# ---- section 3: as-of date; rank-1 choices unless said otherwise --------------------------------------


def in_area(queryset, filters: Filters, path: str):
    """Restrict to the chosen district or province, by the person's current address."""
    bounds = area_range(filters)
    return queryset if bounds is None else queryset.filter(**{f"{path}__code__range": bounds})


def _units(filters: Filters):
    units = DevelopmentUnit.objects.order_by("pk")
    return units.filter(code=filters.unit) if filters.unit else units


class Report31(SummaryReport):
    id = "3.1"
    uses = ("unit", "as_of")

    def table(self, user, filters):
        if use_summaries(user, filters):
            counts = summaries.assignments_by_project(area_range=summary_range(user, filters), round_id=filters.round)
        else:
            assignments = in_area(
                assignments_as_of(user=user, as_of=filters.as_of, round=filters.round),
                filters,
                "cardholder__subdistrict",
            )
            counts = Counter(dict(assignments.values_list("project_id").annotate(n=Count("id")).order_by()))
        projects = Project.objects.filter(unit__in=_units(filters)).select_related("unit").order_by("unit_id", "code")
        rows = [[p.code, p.unit.name_th, p.name_th, counts[p.pk]] for p in projects]
        return Table(
            columns=["รหัสโครงการ", "หน่วยงานพัฒนา", "โครงการ", "จำนวนผู้เข้าร่วมมาตรการ (คน)"],
            rows=rows,
            total=[TOTAL, "", "", sum(row[3] for row in rows)],
            heading=as_of_label(filters.as_of),
            chart=[(row[2], row[3]) for row in rows],
            numeric_from=3,
        )


class Report32(SummaryReport):
    id = "3.2"
    uses = ("unit", "as_of")

    def table(self, user, filters):
        level = area_level(filters, user)
        counts = area_counts(
            user,
            filters,
            level,
            summary=summaries.assignments_by_unit,
            base=lambda: count_by_subdistrict(
                assignments_as_of(user=user, as_of=filters.as_of, round=filters.round),
                subdistrict="cardholder__subdistrict_id",
                key="unit__code",
            ),
        )
        units = list(_units(filters))
        rows = [[code, name, *(counts[code][u.code] for u in units)] for code, name in level.areas]
        for row in rows:
            row.append(sum(row[2:]))
        return Table(
            columns=["รหัส", level.noun, *(u.name_th for u in units), "รวม"],
            rows=rows,
            total=[TOTAL, "", *(sum(col) for col in zip(*(r[2:] for r in rows), strict=True))] if rows else None,
            links=[drill(filters, level, code) for code, _ in level.areas],
            heading=f"{as_of_label(filters.as_of)} จำแนกราย{level.noun}",
            chart=[(row[1], row[-1]) for row in rows],
        )


class Report33(SummaryReport):
    id = "3.3"
    uses = ("as_of",)

    def table(self, user, filters):
        level = area_level(filters, user)
        needs = list(BasicNeed.objects.order_by("pk"))
        counts = area_counts(
            user,
            filters,
            level,
            summary=summaries.needs,
            base=lambda: count_by_subdistrict(
                interviews_as_of(user=user, as_of=filters.as_of, round=filters.round),
                subdistrict="cardholder__subdistrict_id",
                any=~Q(basic_needs=[]),
                **{f"need:{n.code}": Q(basic_needs__contains=[n.code]) for n in needs},
            ),
        )
        keys = [f"need:{n.code}" for n in needs] + ["any"]
        rows = [[code, name, *(counts[code][k] for k in keys)] for code, name in level.areas]
        return Table(
            columns=["รหัส", level.noun, *(n.name_th for n in needs), "ผู้สนใจอย่างน้อย 1 รายการ (คน)"],
            rows=rows,
            total=[TOTAL, "", *(sum(counts[code][k] for code, _ in level.areas) for k in keys)],
            links=[drill(filters, level, code) for code, _ in level.areas],
            heading=f"{as_of_label(filters.as_of)} จำแนกราย{level.noun}",
        )


class Report34(SummaryReport):
    id = "3.4"
    uses = ("as_of",)

    def table(self, user, filters):
        if use_summaries(user, filters):
            counts = summaries.training(area_range=summary_range(user, filters), round_id=filters.round)
        else:
            interviews = in_area(
                interviews_as_of(user=user, as_of=filters.as_of, round=filters.round).filter(
                    choice_1__unit__code=SKILL_TRAINING_UNIT
                ),
                filters,
                "cardholder__subdistrict",
            )
            counts = Counter(dict(interviews.values_list("skill__code").annotate(n=Count("id")).order_by()))
        rows = [[skill.code, skill.name_th, counts[skill.code]] for skill in Skill.objects.order_by("pk")]
        rows.append(["", "ไม่ระบุทักษะ", counts[None]])
        return Table(
            columns=["รหัส", "ทักษะอาชีพ", "จำนวนผู้ร่วมฝึกทักษะ (คน)"],
            rows=rows,
            total=[TOTAL, "", sum(row[2] for row in rows)],
            heading=f"{as_of_label(filters.as_of)} (ผู้เลือกโครงการของกรมพัฒนาฝีมือแรงงานเป็นอันดับ 1)",
            chart=[(row[1], row[2]) for row in rows],
        )


class Report35(SummaryReport):
    """The contract (docs/report.md): rank-1 choices of current interviews; with a unit, one column per project of that
    agency (headed by its name), otherwise one per agency; then the total. Rows are districts when a
    province is given (every district, zeros included, named without prefix), otherwise provinces."""

    id = "3.5"
    uses = ("unit", "as_of", "by_group", "compare")

    def columns(self, filters):
        if filters.unit:
            return [(p.pk, p.name_th) for p in Project.objects.filter(unit__code=filters.unit).order_by("pk")]
        return [(u.pk, u.name_th) for u in DevelopmentUnit.objects.order_by("pk")]

    def table(self, user, filters):
        if filters.district:
            filters = Filters(**{**filters.__dict__, "district": None})
        level = area_level(filters, user)
        kind = "project" if filters.unit else "unit_id"
        columns = self.columns(filters)
        groups = (1, 2) if filters.by_group else (None,)
        counts = area_counts(
            user, filters, level, summary=summaries.interviews, base=lambda: self._base(user, filters, kind)
        )
        header = [level.noun]
        for _, name in columns:
            header += [f"{name} / {Group(g).label}" for g in groups] if filters.by_group else [name]
        header.append("รวม")
        rows, links = [], []
        for code, name in level.areas:
            cells = [counts[code][(kind, pk, g)] for pk, _ in columns for g in groups]
            rows.append([name, *cells, sum(cells)])
            links.append(filters.query(province=code) if level.noun == "จังหวัด" else None)
        total = [TOTAL, *(sum(col) for col in zip(*(r[1:] for r in rows), strict=True))]
        table = Table(
            columns=header,
            rows=rows,
            total=total,
            links=links,
            heading=f"{as_of_label(filters.as_of)} จำแนกราย{level.noun} (ความต้องการอันดับ 1)",
            chart=[(row[0], row[-1]) for row in rows],
            numeric_from=1,
            label_column=0,
            cell_links=[
                [
                    *(self.list_query(filters, level, code, pk, group) for pk, _ in columns for group in groups),
                    self.list_query(filters, level, code, None),
                ]
                for code, _ in level.areas
            ],
            total_links=[
                None,
                *(self.list_query(filters, level, None, pk, group) for pk, _ in columns for group in groups),
                self.list_query(filters, level, None, None),
            ],
        )
        return self.compared(user, filters, table)

    @staticmethod
    def _base(user, filters, kind):
        """Per subdistrict, the same keys as the summary path: (kind, project or agency id, group or None)."""
        key = "choice_1_id" if kind == "project" else "choice_1__unit_id"
        interviews = interviews_as_of(user=user, as_of=filters.as_of, round=filters.round)
        by_subdistrict: dict[int, Counter] = {}
        for row in interviews.values("cardholder__subdistrict_id", key, "group").annotate(n=Count("id")).order_by():
            counter = by_subdistrict.setdefault(row["cardholder__subdistrict_id"], Counter())
            counter[(kind, row[key], row["group"])] += row["n"]
            counter[(kind, row[key], None)] += row["n"]
        return by_subdistrict

    @staticmethod
    def list_query(filters, level, area_code, column_pk, group=None):
        """The list behind a cell; `area_code` None is the totals row (the table's whole area), `column_pk`
        None the รวม column (the agency chosen, or every agency)."""
        if area_code is None:
            area = {}
        else:
            area = {"province": area_code} if level.noun == "จังหวัด" else {"district": area_code}
        if column_pk is None:
            unit = DevelopmentUnit.objects.filter(code=filters.unit).first() if filters.unit else None
            target = {"unit_id": unit.pk} if unit else {}
        else:
            target = {"project": column_pk} if filters.unit else {"unit_id": column_pk}
        return filters.query(**area, list="1", **target, group=group, as_of=filters.as_of.isoformat())


class Report35List(ListReport):
    """The people counted in one cell of 3.5, which agencies check against their own rosters."""

    id = "3.5"
    keys = ("cardholder__subdistrict_id", "cardholder_id")
    uses = ("as_of",)
    titled = True
    noun = "รายชื่อผู้ต้องการพัฒนา (ความต้องการอันดับ 1)"

    def __init__(self, *, with_project: bool = False):
        # A list of one project needs no project column; an agency's or everyone's list says whose it is.
        self.with_project = with_project
        self.columns = [*PERSON_COLUMNS, "อำเภอ", "จังหวัด", *(["หน่วยงานพัฒนา", "โครงการ"] if with_project else [])]

    def needs(self, filters):
        return None  # the totals list every rank-1 choice of the table's area

    def queryset(self, user, filters):
        interviews = in_area(
            interviews_as_of(user=user, as_of=filters.as_of, round=filters.round), filters, "cardholder__subdistrict"
        )
        if filters.project:
            interviews = interviews.filter(choice_1_id=filters.project)
        if filters.unit_id:
            interviews = interviews.filter(choice_1__unit_id=filters.unit_id)
        if filters.group in (1, 2):
            interviews = interviews.filter(group=filters.group)
        related = ["cardholder__subdistrict__district__province"]
        if self.with_project:
            related.append("choice_1__unit")
        return interviews.select_related(*related).order_by(*self.keys)

    def person_of(self, interview):
        return interview.cardholder

    def row(self, number, interview, *, reveal):
        person = interview.cardholder
        district = person.subdistrict.district
        cells = [*person_cells(number, person, reveal), district.name_th, district.province.name_th]
        if self.with_project:
            project = interview.choice_1
            cells += [project.unit.name_th, project.name_th] if project else ["", ""]
        return cells


class Report42Wanting(Report35List):
    """4.2's "wanting development" count: every current interview of the area, whichever agency."""

    id = "4.2"
    uses = ()
    noun = "รายชื่อผู้ต้องการพัฒนา (รวมทุกหน่วยงานพัฒนา)"

    def __init__(self):
        super().__init__(with_project=True)

    def heading(self, filters):
        return f"{self.noun} {area_name(filters)} · {as_of_label(filters.as_of)}"


# ---- 4.2 ------------------------------------------------------------------------------------------------

PROGRESS_COLUMNS = [  # (status key, column title): the 2018 page's statuses, each group with its subtotal
    ("not_notified", "ยังไม่ได้แจ้งผู้มีบัตรฯ"),  # in lists' URLs: not_started is the group's subtotal
    (NOTIFIED, "แจ้งผู้มีบัตรฯ แล้ว"),
    (NOT_STARTED, "รวมยังไม่เริ่มพัฒนา"),
    (ProgressStatus.IN_PROGRESS, "อยู่ระหว่างการพัฒนา"),
    (ProgressStatus.COMPLETED, "พัฒนาเสร็จแล้ว"),
    (ProgressStatus.NOT_COMPLETED, "พัฒนาไม่เสร็จสิ้น"),
    ("started", "รวมเริ่มพัฒนาแล้ว"),
]
PROGRESS_GROUPS = [("ยังไม่เริ่มพัฒนา", 3), ("เริ่มพัฒนาแล้ว", 4)]  # over PROGRESS_COLUMNS, in order
STARTED = (ProgressStatus.IN_PROGRESS, ProgressStatus.COMPLETED, ProgressStatus.NOT_COMPLETED)
PROGRESS_LIST_STATUSES = {key for key, _ in PROGRESS_COLUMNS} | {"developed", "all", "wanting"}


class Report42(SummaryReport):
    """Per district (or province): people wanting development across all agencies, then the agency's
    people by development status, grouped as on the 2018 page with subtotals. With a district code, that
    district alone. Central users see the province's code and name beside each district."""

    id = "4.2"
    uses = ("unit", "compare")

    def table(self, user, filters):
        province = filters.province or (filters.district // 100 if filters.district else None)
        level = area_level(Filters(province=province), user)
        areas = [(c, n) for c, n in level.areas if not filters.district or c == filters.district]
        area_filters = Filters(province=province, round=filters.round)
        wanting = area_counts(
            user,
            area_filters,
            level,
            summary=summaries.interviews,
            base=lambda: count_by_subdistrict(
                interviews_as_of(user=user, as_of=filters.as_of, round=filters.round),
                subdistrict="cardholder__subdistrict_id",
            ),
        )
        unit = DevelopmentUnit.objects.filter(code=filters.unit).first() if filters.unit else None
        # An agency account sees only its own agency's people: say so, not "ทุกหน่วยงาน".
        label_unit = unit or (user.unit if user.role == Role.UNIT and user.unit_id else None)
        assignments = assignments_with_progress_status(user=user, round=filters.round)
        if unit is not None:
            assignments = assignments.filter(unit=unit)
        statuses = area_counts(
            user,
            area_filters,
            level,
            summary=lambda **area: summaries.assignment_statuses(**area, unit_id=unit.pk if unit else None),
            base=lambda: count_by_subdistrict(
                assignments, subdistrict="cardholder__subdistrict_id", key="progress_status"
            ),
        )
        unit_name = label_unit.name_th if label_unit else "ทุกหน่วยงาน"
        province_row = None
        if level.noun == "อำเภอ" and user is not None and user.role == Role.CENTRAL:
            province_row = Province.objects.filter(code=province).first()
        if level.noun == "จังหวัด":
            labels = ["รหัสจังหวัด", "จังหวัด"]
        elif province_row is not None:
            labels = ["รหัสจังหวัด", "จังหวัด", "รหัสอำเภอ", "อำเภอ"]
        else:
            labels = ["รหัสอำเภอ", "อำเภอ"]
        rows, cell_links, links = [], [], []
        for code, name in areas:
            counts = self.counts(statuses[code])
            prefix = [province_row.code, province_row.name_th] if province_row is not None else []
            rows.append([*prefix, code, name, wanting[code]["total"], unit_name, *counts, counts[2] + counts[6]])
            area = {"province": code} if level.noun == "จังหวัด" else {"district": code}
            cell_links.append(
                [
                    self.list_query(filters, area, "wanting"),
                    None,
                    *(self.list_query(filters, area, key) for key, _ in PROGRESS_COLUMNS),
                    self.list_query(filters, area, "all"),
                ]
            )
            links.append(drill(filters, level, code) if level.noun == "จังหวัด" else None)
        first = len(labels)
        total = [TOTAL, *[""] * (first - 1), sum(r[first] for r in rows), unit_name]
        total += [sum(r[i] for r in rows) for i in range(first + 2, first + 2 + len(PROGRESS_COLUMNS) + 1)]
        whole = {"district": filters.district} if filters.district else {"province": province}
        total_links = [*[None] * first, self.list_query(filters, whole, "wanting"), None]
        total_links += [self.list_query(filters, whole, key) for key, _ in PROGRESS_COLUMNS]
        total_links.append(self.list_query(filters, whole, "all"))
        table = Table(
            columns=[
                *labels,
                "จำนวนผู้ต้องการพัฒนา (รวมทุกหน่วยงานพัฒนา)",
                "หน่วยงานพัฒนา",
                *(title for _, title in PROGRESS_COLUMNS),
                "รวม",
            ],
            rows=rows,
            total=total,
            links=links,
            cell_links=cell_links,
            total_links=total_links,
            heading=f"จำแนกราย{level.noun}",
            numeric_from=first,
            label_column=first - 1,
            groups=[("", first + 2), *PROGRESS_GROUPS, ("", 1)],
        )
        return self.compared(user, filters, table)

    @staticmethod
    def counts(statuses: Counter) -> list[int]:
        """The PROGRESS_COLUMNS of one area."""
        waiting = [statuses[key] for key in WAITING]
        started = [statuses[key] for key in STARTED]
        return [*waiting, sum(waiting), *started, sum(started)]

    @staticmethod
    def list_query(filters, area, status):
        return filters.query(**{"province": None, "district": None, **area}, list="1", status=status)


class Report42List(ListReport):
    """The people behind a 4.2 count; with status "developed", the list district offices send in."""

    id = "4.2"
    keys = ("cardholder__subdistrict_id", "cardholder_id")
    columns = [*PERSON_COLUMNS, "อำเภอ", "หน่วยงานพัฒนา", "โครงการ", "สถานะ", "วันที่เริ่ม", "วันที่เสร็จ"]
    uses = ("unit",)
    titled = True
    noun = "รายชื่อผู้รับการพัฒนา"

    def needs(self, filters):
        return None  # a central user's totals row lists the whole country, paged

    def queryset(self, user, filters):
        assignments = in_area(
            assignments_with_progress_status(user=user, round=filters.round), filters, "cardholder__subdistrict"
        )
        if filters.unit:
            assignments = assignments.filter(unit__code=filters.unit)
        if filters.status == "developed":
            assignments = assignments.filter(progress_status__in=[ProgressStatus.IN_PROGRESS, ProgressStatus.COMPLETED])
        elif filters.status == "started":
            assignments = assignments.filter(progress_status__in=STARTED)
        elif filters.status == NOT_STARTED:
            assignments = assignments.filter(progress_status__in=WAITING)
        elif filters.status == "not_notified":
            assignments = assignments.filter(progress_status=NOT_STARTED)
        elif filters.status in PROGRESS_LIST_STATUSES - {"all", "wanting"}:
            assignments = assignments.filter(progress_status=filters.status)
        latest = Progress.objects.filter(
            cardholder_id=OuterRef("cardholder_id"), round_id=OuterRef("round_id"), unit_id=OuterRef("unit_id")
        )
        latest = latest.order_by("-updated_at")
        return (
            assignments.annotate(
                started_on=Subquery(latest.values("started_on")[:1]), ended_on=Subquery(latest.values("ended_on")[:1])
            )
            .select_related("cardholder__subdistrict__district", "unit", "project")
            .order_by(*self.keys)
        )

    def person_of(self, assignment):
        return assignment.cardholder

    def row(self, number, assignment, *, reveal):
        person = assignment.cardholder
        return [
            *person_cells(number, person, reveal),
            person.subdistrict.district.name_th,
            assignment.unit.name_th,
            assignment.project.name_th,
            assignment.get_progress_status_display(),  # the labels of Assignment.DevelopmentStatus
            assignment.started_on,  # dates: Thai text on the page and in CSV, real dates in XLSX
            assignment.ended_on,
        ]


REPORTS: dict[str, Report] = {
    report.id: report
    for report in (
        Report11(),
        Report12(),
        Report21(),
        Report22(),
        Report31(),
        Report32(),
        Report33(),
        Report34(),
        Report35(),
        Report42(),
    )
}


def report_for(report_id: str, filters: Filters) -> Report | None:
    """The declaration that serves this menu id with these filters: 2.1 lists people once a district is
    set or a province's (or the totals row's) count asks for its list; 3.5 and 4.2 list the people of one
    cell when asked for its list."""
    if report_id == "2.1" and (filters.district or filters.list):
        return Report21List(wide=not filters.district)
    if report_id == "3.5" and filters.list:
        return Report35List(with_project=not filters.project)
    if report_id == "4.2" and filters.list:
        return Report42Wanting() if filters.status == "wanting" else Report42List()
    return REPORTS.get(report_id)


def thai_cell(value):
    """A cell as a person reads it on the page or in a CSV: dates in Thai with a Buddhist year, nothing
    (not "None") where there is no value yet (a development not started has no start date)."""
    if value is None:
        return ""
    return date_short(value) if isinstance(value, datetime.date) else value


def as_of_label(day: datetime.date) -> str:
    return f"ณ วันที่ {date_short(day)}"
