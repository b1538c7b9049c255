"""Who is behind (4.4 ติดตามความคืบหน้าตามกำหนดเวลา) and each role's open work on the home page (issue 15).

A round's steps each have a due date (`Round.STEPS`). For each step the page compares what had to be done with
what was done, per area (a province's districts, or the country's provinces) and per agency:

| step | to do (total) | done |
|---|---|---|
| interviews | people on the round's roster | of them, people with a current interview in the round |
| matching | people with a current interview in the round | people with an active assignment in the round |
| progress | active assignments of the round | those whose agency reported a start (`progress_status` neither not_started nor notified) |
| AO follow-ups Feb/Sep, ทีม ปรจ. December | active assignments of the round | people with a follow-up of that period in the round |

Counts come from the summary tables of the round (kept per subdistrict, district and province by triggers),
so a national page reads a few hundred rows; follow-ups, a few per person at most, from their own table. The
summaries hold every area and no scope: callers clamp the area to the user's (see `area_for`). People are
counted where they live, as the summaries and 4.2 count them. The names behind a count are read from the base
tables for one district (or one agency in one province), scoped with `.for_user`.
"""

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.http import urlencode

from cardholders.models import Cardholder, Interview, RosterEntry
from development.models import FollowUp, FollowUpPeriod
from matching.models import Assignment, DelegatedCase, ReinterviewRequest, Transfer
from matching.selectors import WAITING
from welfare_portal.models import DevelopmentUnit, District, Province, Role, Round
from welfare_portal.thai import date_short

from .reports import PERSON_COLUMNS, TOTAL, Filters, SummaryReport, Table, area_name, as_of_label, person_cells

DUE_LABELS = dict(Round.STEPS)


@dataclass(frozen=True)
class Step:
    key: str  # in URLs: ?step=progress
    due_field: str  # the Round field holding its due date
    short: str  # a column's name in the files
    behind: str  # what the people behind it have not had yet (a list's heading, a home page line)
    per_unit: bool  # counted per agency too (the steps after matching: an agency holds the people)

    @property
    def label(self) -> str:
        return DUE_LABELS[self.due_field]

    @property
    def assignment_based(self) -> bool:
        """Its people are those with an active assignment: their names are read from the assignments."""
        return self.per_unit


STEPS = (
    Step("interviews", "interviews_due", "สัมภาษณ์", "ยังไม่ได้บันทึกผลการสัมภาษณ์", per_unit=False),
    Step("matching", "matching_due", "จับคู่", "สัมภาษณ์แล้ว ยังไม่ได้จับคู่", per_unit=False),
    Step("progress", "progress_due", "แจ้งผลการพัฒนา", "ยังไม่แจ้งผลการพัฒนา", per_unit=True),
    Step(
        FollowUpPeriod.AO_FEBRUARY.value, "follow_up_feb_due", "AO ติดตาม ก.พ.", "AO ยังไม่ได้ติดตามผล รอบเดือนกุมภาพันธ์", True
    ),
    Step(
        FollowUpPeriod.AO_SEPTEMBER.value, "follow_up_sep_due", "AO ติดตาม ก.ย.", "AO ยังไม่ได้ติดตามผล รอบเดือนกันยายน", True
    ),
    Step(
        FollowUpPeriod.TEAM_DECEMBER.value,
        "team_records_due",
        "ทีม ปรจ. ธ.ค.",
        "ทีม ปรจ. ยังไม่ได้บันทึกผล รอบเดือนธันวาคม",
        True,
    ),
)
STEP_BY_KEY = {step.key: step for step in STEPS}
FOLLOW_UP_STEPS = tuple(step for step in STEPS if step.key in FollowUpPeriod.values)


@dataclass(frozen=True)
class Cell:
    """One step in one area (or agency): `total` to do by `due`, `done` of them."""

    step: Step
    due: datetime.date | None
    total: int
    done: int
    today: datetime.date
    link: str | None = None  # where the people behind it are listed (or the next level that lists them)

    @property
    def behind(self) -> int:
        return max(self.total - self.done, 0)

    @property
    def share(self) -> float | None:
        """Per cent done, one decimal; None when there was nothing to do."""
        if not self.total:
            return None
        return round(100 * min(self.done, self.total) / self.total, 1)

    @property
    def late(self) -> bool:
        return self.due is not None and self.due < self.today and self.behind > 0

    @property
    def status(self) -> str:
        if self.late:
            return "เลยกำหนด"
        if self.total and not self.behind:
            return "ครบแล้ว"
        if self.due is None:
            return "ยังไม่กำหนดวัน"
        return "ยังไม่ถึงกำหนด" if self.due >= self.today else "ไม่มีรายการค้าง"


@dataclass
class Row:
    code: int | str
    name: str
    cells: list[Cell | None]  # in the page's step order; None where the step is not counted (agencies)
    link: str | None = None  # the next level down (a province's districts)

    @property
    def late_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell is not None and cell.late]

    def sort_key(self):
        """Late first: the most late steps, then the lowest share done of them, then the code."""
        late = self.late_cells
        return (-len(late), min((cell.share or 0 for cell in late), default=100), str(self.code))


@dataclass
class Behind:
    round: Round
    today: datetime.date
    province: Province | None  # None: the whole country, by province
    noun: str  # อำเภอ or จังหวัด
    steps: list[Step]  # the page's order: late steps first
    overall: list[Cell]  # the whole area, per step, late first
    areas: list[Row]
    total: Row
    units: list[Row] = field(default_factory=list)


# ---- counting ------------------------------------------------------------------------------------------


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _summary_where(round_id: int, divisor: int, area_range) -> tuple[str, list]:
    if area_range is None:
        return "s.round = %s AND s.level = %s", [round_id, divisor]
    low, high = area_range
    return "s.round = %s AND s.level = %s AND s.area BETWEEN %s AND %s", [
        round_id,
        divisor,
        low // divisor,
        high // divisor,
    ]


def area_counts(*, round: Round, divisor: int, area_range) -> dict[int, Counter]:
    """Per area of the level (`divisor`: 100 districts, 10000 provinces) within `area_range` (subdistrict codes,
    None for the country): roster, interviewed, assigned, reported, and per follow-up period the people followed
    up (keys are the period codes)."""
    where, params = _summary_where(round.pk, divisor, area_range)
    counts: dict[int, Counter] = {}
    queries = (
        ("roster", f"SELECT s.area, sum(s.n)::bigint, 0 FROM summary_cardholders s WHERE {where} GROUP BY 1"),
        ("interviewed", f"SELECT s.area, sum(s.n)::bigint, 0 FROM summary_interview_choice s WHERE {where} GROUP BY 1"),
        (
            "assigned",
            "SELECT s.area, sum(s.n)::bigint, coalesce(sum(s.n) FILTER (WHERE s.status <> ALL(%s)), 0)::bigint "
            f"FROM summary_assignment_status s WHERE {where} GROUP BY 1",
        ),
    )
    for key, sql in queries:
        extra = [list(WAITING)] if key == "assigned" else []
        for area, n, reported in _fetch(sql, extra + params):
            counter = counts.setdefault(area, Counter())
            counter[key] += n
            if key == "assigned":
                counter["reported"] += reported
    followed = _follow_ups(round=round, area_range=area_range).values_list("cardholder__subdistrict_id", "period")
    for subdistrict, period, n in followed.annotate(n=Count("cardholder_id", distinct=True)).order_by():
        counts.setdefault(subdistrict // divisor, Counter())[period] += n
    return counts


def unit_counts(*, round: Round, area_range) -> dict[int, Counter]:
    """Per agency (id), for the people living in the area (a province, or the country): assigned, reported, and
    per follow-up period the people followed up."""
    where, params = _summary_where(round.pk, 10000, area_range)
    counts: dict[int, Counter] = {}
    rows = _fetch(
        "SELECT s.unit, sum(s.n)::bigint, coalesce(sum(s.n) FILTER (WHERE s.status <> ALL(%s)), 0)::bigint "
        f"FROM summary_assignment_status s WHERE {where} GROUP BY 1",
        [list(WAITING), *params],
    )
    for unit, assigned, reported in rows:
        counts[unit] = Counter(assigned=assigned, reported=reported)
    unit_of = _active(round).filter(cardholder_id=OuterRef("cardholder_id")).values("unit_id")[:1]
    followed = _follow_ups(round=round, area_range=area_range).annotate(unit=Subquery(unit_of))
    for unit, period, n in (
        followed.values_list("unit", "period").annotate(n=Count("cardholder_id", distinct=True)).order_by()
    ):
        counts.setdefault(unit, Counter())[period] += n
    return counts


def _active(round: Round):
    return Assignment.objects.filter(round=round, ended_at__isnull=True)


def _follow_ups(*, round: Round, area_range):
    """The round's follow-ups of people with an active assignment in it (the people a follow-up is due for)."""
    follow_ups = FollowUp.objects.filter(round=round).filter(
        Exists(_active(round).filter(cardholder_id=OuterRef("cardholder_id")))
    )
    if area_range is not None:
        follow_ups = follow_ups.filter(cardholder__subdistrict__code__range=area_range)
    return follow_ups


def step_numbers(step: Step, counts: Counter) -> tuple[int, int]:
    """(to do, done) of one step from an area's or agency's counts."""
    if step.key == "interviews":
        return counts["roster"], counts["interviewed"]
    if step.key == "matching":
        return counts["interviewed"], counts["assigned"]
    if step.key == "progress":
        return counts["assigned"], counts["reported"]
    return counts["assigned"], counts[step.key]


# ---- the page ----------------------------------------------------------------------------------------------


def area_for(user, province: int | None) -> int | None:
    """The province the page shows: a province account's own whatever was asked; central any (None: every
    province). Any other account has no area here: refused rather than shown the country."""
    if user.role == Role.CENTRAL:
        return province if province and Province.objects.filter(code=province).exists() else None
    if user.role == Role.PROVINCE and user.province_id:
        return user.province_id
    raise PermissionDenied("บัญชีนี้ไม่ได้ระบุจังหวัด")


def people_link(step: Step, **area) -> str:
    return f"{reverse('behind_people')}?{urlencode({'step': step.key, **area})}"


def behind_table(*, user, round: Round, province: int | None, today: datetime.date) -> Behind:
    """4.4 for the user: `province`'s districts (a province account's own always), or for central without one,
    every province; then the agencies of that area. Late first, everywhere."""
    province = area_for(user, province)
    province_row = Province.objects.filter(code=province).first() if province else None
    if province_row is not None:
        divisor, area_range, noun = 100, Province.subdistrict_range(province_row.code), "อำเภอ"
        areas = [(d.code, d.short_name) for d in District.objects.filter(province=province_row)]
    else:
        divisor, area_range, noun = 10000, None, "จังหวัด"
        areas = list(Province.objects.values_list("code", "name_th"))
    counts = area_counts(round=round, divisor=divisor, area_range=area_range)
    whole = sum((counts.get(code, Counter()) for code, _ in areas), Counter())
    # The whole area's counts list its people for a province (a national list is opened province by province).
    overall = [
        _cell(step, round, whole, today, link=people_link(step, province=province_row.code) if province_row else None)
        for step in STEPS
    ]
    # The columns: late steps first (for the area as a whole), then the others in the guideline's order.
    order = sorted(range(len(STEPS)), key=lambda i: not overall[i].late)
    steps = [STEPS[i] for i in order]

    def area_cells(code):
        here = counts.get(code, Counter())
        if province_row is None:  # a province's counts open its districts, whose counts open the names
            return [_cell(step, round, here, today, link=f"?{urlencode({'province': code})}") for step in steps]
        return [_cell(step, round, here, today, link=people_link(step, district=code)) for step in steps]

    rows = [
        Row(code, name, area_cells(code), link=None if province_row else f"?{urlencode({'province': code})}")
        for code, name in areas
    ]
    rows.sort(key=Row.sort_key)
    total_cells = [overall[i] for i in order]
    units = _unit_rows(round=round, steps=steps, area_range=area_range, province=province_row, today=today)
    return Behind(
        round=round,
        today=today,
        province=province_row,
        noun=noun,
        steps=steps,
        overall=sorted(overall, key=lambda cell: not cell.late),
        areas=rows,
        total=Row(TOTAL, "", total_cells),
        units=units,
    )


def _cell(step: Step, round: Round, counts: Counter, today, link=None) -> Cell:
    total, done = step_numbers(step, counts)
    cell = Cell(step, getattr(round, step.due_field), total, done, today)
    return dataclasses.replace(cell, link=link) if cell.behind else cell


def _unit_rows(*, round, steps, area_range, province, today) -> list[Row]:
    counts = unit_counts(round=round, area_range=area_range)
    rows = []
    for unit in DevelopmentUnit.objects.filter(pk__in=[pk for pk, c in counts.items() if pk and c["assigned"]]):
        here = counts[unit.pk]
        cells = []
        for step in steps:
            if not step.per_unit:
                cells.append(None)
                continue
            link = people_link(step, province=province.code, unit=unit.pk) if province is not None else None
            cells.append(_cell(step, round, here, today, link=link))
        rows.append(Row(unit.code, unit.name_th, cells))
    rows.sort(key=Row.sort_key)
    return rows


class BehindReport(SummaryReport):
    """4.4 as a file: one row per area, the totals, then one per agency, each step as to do, done, behind and
    per cent, and last the steps that are late; then the round's due dates. Written by the report exporter."""

    id = "4.4"

    def __init__(self, *, round: Round, today: datetime.date):
        self.round, self.today = round, today

    def heading(self, filters: Filters, user=None) -> str:
        return f"{self.round.name} · {area_name(filters)} · {as_of_label(self.today)}"

    def table(self, user, filters: Filters) -> Table:
        behind = behind_table(user=user, round=self.round, province=filters.province, today=self.today)
        columns = ["รหัส", behind.noun]
        for step in behind.steps:
            columns += [f"{step.short} {part}" for part in ("ทั้งหมด", "ทำแล้ว", "ค้าง", "ร้อยละ")]
        columns.append("ขั้นตอนที่เลยกำหนด")
        rows = [self._row(row) for row in behind.areas]
        rows.append(self._row(behind.total))
        if behind.units:
            rows += [[], ["จำแนกตามหน่วยงานพัฒนา (ผู้รับการพัฒนาที่มีภูมิลำเนาในพื้นที่)"]]
            rows += [self._row(row) for row in behind.units]
        rows += [[], ["กำหนดเวลาของรอบ"], ["ขั้นตอน", "กำหนด", "สถานะ", "ค้าง (คน)", "ร้อยละที่ทำแล้ว"]]
        rows += [[cell.step.label, cell.due, cell.status, cell.behind, cell.share] for cell in behind.overall]
        return Table(columns=columns, rows=rows)

    @staticmethod
    def _row(row: Row) -> list:
        values = [row.code, row.name]
        for cell in row.cells:
            values += ["", "", "", ""] if cell is None else [cell.total, cell.done, cell.behind, cell.share]
        values.append(", ".join(cell.step.short for cell in row.late_cells))
        return values


# ---- the names behind a count -------------------------------------------------------------------------------


@dataclass
class PeopleList:
    """The people behind one step in one area (or for one agency): a queryset for the keyset pages."""

    step: Step
    queryset: object
    keys: tuple[str, str]
    columns: list[str]
    heading: str

    def person_of(self, obj):
        return obj.cardholder if self.step.assignment_based else obj

    def row(self, number: int, obj, *, reveal: bool) -> list:
        person = self.person_of(obj)
        cells = [*person_cells(number, person, reveal), person.subdistrict.district.name_th]
        if self.step.assignment_based:
            cells += [obj.unit.name_th, obj.project.name_th]
        return cells


def behind_people(
    *, user, round: Round, step: Step, district: int | None = None, province: int | None = None, unit=None
) -> PeopleList:
    """Who is behind `step` in the district (or the province), scoped with `.for_user(user)`; with `unit`, that
    agency's people only. No area: the user's whole scope (an agency's people)."""
    if step.assignment_based:
        queryset = Assignment.objects.for_user(user).filter(round=round, ended_at__isnull=True)
        if step.key == "progress":
            queryset = queryset.filter(progress_status__in=WAITING)
        else:
            done = FollowUp.objects.filter(cardholder_id=OuterRef("cardholder_id"), round=round, period=step.key)
            queryset = queryset.exclude(Exists(done))
        if unit is not None:
            queryset = queryset.filter(unit=unit)
        path, keys = "cardholder__subdistrict__code", ("cardholder__subdistrict_id", "cardholder_id")
        queryset = queryset.select_related("cardholder__subdistrict__district", "unit", "project")
    else:
        interviewed = Interview.objects.filter(cardholder_id=OuterRef("pk"), round=round, is_current=True)
        if step.key == "interviews":
            on_roster = RosterEntry.objects.filter(cardholder_id=OuterRef("pk"), round=round)
            queryset = Cardholder.objects.for_user(user).filter(Exists(on_roster)).exclude(Exists(interviewed))
        else:
            assigned = _active(round).filter(cardholder_id=OuterRef("pk"))
            queryset = Cardholder.objects.for_user(user).filter(Exists(interviewed)).exclude(Exists(assigned))
        path, keys = "subdistrict__code", ("subdistrict_id", "id")
        queryset = queryset.select_related("subdistrict__district")
    if district is not None:
        queryset = queryset.filter(**{f"{path}__range": District.subdistrict_range(district)})
    elif province is not None:
        queryset = queryset.filter(**{f"{path}__range": Province.subdistrict_range(province)})
    columns = [*PERSON_COLUMNS, "อำเภอ", *(["หน่วยงานพัฒนา", "โครงการ"] if step.assignment_based else [])]
    area = area_name(Filters(province=province, district=district)) if district or province else ""
    parts = [f"รายชื่อผู้ที่{step.behind}", area, getattr(unit, "name_th", ""), round.name]
    return PeopleList(step, queryset.order_by(*keys), keys, columns, " · ".join(p for p in parts if p))


# ---- each role's open work, for the home page -----------------------------------------------------------------


@dataclass(frozen=True)
class OpenWork:
    """One line of a home page: e.g. รอสัมภาษณ์ใหม่ 37 คน กำหนด 31 ก.ค. 2569, linked to where it is done."""

    label: str
    count: int
    url: str
    due: datetime.date | None = None
    today: datetime.date | None = None
    noun: str = "คน"

    @property
    def late(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today and self.count > 0

    @property
    def text(self) -> str:
        due = f" กำหนด {date_short(self.due)}" if self.due else ""
        return f"{self.label} {self.count:,} {self.noun}{due}"


def open_work(*, user, round: Round, today: datetime.date) -> list[OpenWork]:
    """What the user has still to do in the round, late first; lines with nothing to do are left out."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    work = OPEN_WORK_OF.get(user.role, lambda *args: [])(user, round, today)
    work = [line for line in work if line.count > 0]
    return sorted(work, key=lambda line: not line.late)


def _own_area(user) -> tuple[int, tuple[int, int] | None, int | None]:
    """(level divisor, subdistrict range, area code) of an account whose scope is an area."""
    if user.role == Role.DISTRICT_TEAM and user.district_id:
        return 100, District.subdistrict_range(user.district_id), user.district_id
    if user.role == Role.CENTRAL:
        return 10000, None, None
    if user.province_id:
        return 10000, Province.subdistrict_range(user.province_id), user.province_id
    return 10000, (0, -1), None  # nothing: a broken account counts no one


def _area_total(user, round) -> Counter:
    divisor, area_range, _ = _own_area(user)
    if area_range == (0, -1):
        return Counter()
    return sum(area_counts(round=round, divisor=divisor, area_range=area_range).values(), Counter())


def _line(step: Step, round, today, counts: Counter, url: str, label: str | None = None) -> OpenWork:
    total, done = step_numbers(step, counts)
    due = getattr(round, step.due_field)
    return OpenWork(label or step.behind, max(total - done, 0), url, due, today)


def _own_list(step: Step) -> str:
    return f"{reverse('behind_people')}?{urlencode({'step': step.key})}"


def _overseer_work(user, round, today):
    """Province and central: every step with people behind, in their area, opening 4.4."""
    counts = _area_total(user, round)
    url = reverse("behind")
    return [_line(step, round, today, counts, url, label=f"{step.label}: ค้าง") for step in STEPS]


def _ao_work(user, round, today):
    counts = _area_total(user, round)
    reinterviews = ReinterviewRequest.objects.for_user(user).open().filter(run__round=round).count()
    return [
        OpenWork("รอสัมภาษณ์ใหม่", reinterviews, reverse("reinterview_queue"), round.interviews_due, today),
        _line(STEP_BY_KEY["interviews"], round, today, counts, _own_list(STEP_BY_KEY["interviews"]), "รอสัมภาษณ์"),
        *(_line(step, round, today, counts, _own_list(step), label=AO_FOLLOW_UP_LINES[step.key]) for step in AO_STEPS),
    ]


AO_STEPS = FOLLOW_UP_STEPS[:2]
AO_FOLLOW_UP_LINES = {
    FollowUpPeriod.AO_FEBRUARY: "ยังไม่ได้ติดตามผล รอบเดือนกุมภาพันธ์",
    FollowUpPeriod.AO_SEPTEMBER: "ยังไม่ได้ติดตามผล รอบเดือนกันยายน",
}


def _kjj_work(user, round, today):
    counts = _area_total(user, round)
    matching = STEP_BY_KEY["matching"]
    transfers = Transfer.objects.filter(
        status=Transfer.Status.PENDING, to_province_id=user.province_id, assignment__round=round
    ).count()
    return [
        _line(matching, round, today, counts, reverse("matching_home"), label="สัมภาษณ์แล้ว ยังไม่ได้จับคู่"),
        OpenWork("รอพิจารณารับผู้ที่จังหวัดอื่นส่งมาพัฒนา", transfers, reverse("matching_home"), round.matching_due, today),
    ]


def _team_work(user, round, today):
    counts = _area_total(user, round)
    team = STEP_BY_KEY[FollowUpPeriod.TEAM_DECEMBER]
    _, area_range, _ = _own_area(user)
    paper = Interview.objects.for_user(user).filter(
        round=round,
        is_current=True,
        paper_form_received_on__isnull=True,
        cardholder__subdistrict__code__range=area_range,
    )
    return [
        _line(team, round, today, counts, _own_list(team), label="ยังไม่ได้บันทึกผล รอบเดือนธันวาคม"),
        OpenWork("ยังไม่ได้รับแบบฟอร์มกระดาษ", paper.count(), reverse("paper_forms"), round.interviews_due, today, "ฉบับ"),
    ]


def _unit_work(user, round, today):
    progress = STEP_BY_KEY["progress"]
    waiting = Assignment.objects.for_user(user).filter(round=round, ended_at__isnull=True, progress_status__in=WAITING)
    cases = DelegatedCase.objects.for_user(user).filter(
        decision=DelegatedCase.Decision.PENDING, delegation__round=round
    )
    return [
        OpenWork(progress.behind, waiting.count(), _own_list(progress), round.progress_due, today),
        OpenWork("รอพิจารณารายชื่อที่ได้รับมอบหมาย", cases.count(), reverse("delegated_cases"), round.matching_due, today),
    ]


OPEN_WORK_OF = {
    Role.CENTRAL: _overseer_work,
    Role.PROVINCE: _overseer_work,
    Role.AO: _ao_work,
    Role.KJJ: _kjj_work,
    Role.DISTRICT_TEAM: _team_work,
    Role.UNIT: _unit_work,
}
