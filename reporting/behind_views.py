"""The home page with each role's open work, 4.4 ติดตามความคืบหน้าตามกำหนดเวลา (who is behind the round's due
dates) with its files, and the names behind each of its counts (issue 15). Reads are in reporting/behind.py."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from matching.selectors import progress_openable
from welfare_portal.menu import ITEMS
from welfare_portal.models import DevelopmentUnit, District, Province, Role
from welfare_portal.pagination import keyset_page
from welfare_portal.roles import Capability, can, requires
from welfare_portal.scope import sees_full_ids

from .behind import STEP_BY_KEY, BehindReport, area_for, behind_people, behind_table, open_work
from .exports import csv_response, xlsx_response
from .reports import Filters, thai_cell

OUTSIDE = "พื้นที่นี้อยู่นอกขอบเขตที่บัญชีนี้เข้าถึงได้"


def _code(value) -> int | None:
    """A code from the query string; anything but a short number is no code."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else None


@login_required
def home(request):
    """The menu, and above it what this user has still to do in the chosen round, with due dates."""
    work = open_work(user=request.user, round=request.round, today=timezone.localdate())
    return render(request, "reporting/home.html", {"open_work": work, "round": request.round})


@requires(Capability.BEHIND)
def behind(request):
    today = timezone.localdate()
    province = area_for(request.user, _code(request.GET.get("province")))
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        report = BehindReport(round=request.round, today=today)
        filters = Filters(province=province, as_of=today)
        if export == "csv":
            return csv_response(report, request.user, filters)
        return xlsx_response(report, request.user, filters, title=f"{report.id} {report.title}")
    data = behind_table(user=request.user, round=request.round, province=province, today=today)
    context = {
        "item": ITEMS["4.4"],
        "behind": data,
        "round": request.round,
        "provinces": Province.objects.all() if request.user.role == Role.CENTRAL else None,
        "query": urlencode({"province": province}) if province else "",
        "tables": [
            (f"จำแนกราย{data.noun}", data.areas, data.total, "behind-areas"),
            ("จำแนกตามหน่วยงานพัฒนา", data.units, None, "behind-units"),
        ],
    }
    return render(request, "reporting/behind.html", context)


@dataclass
class ListQuery:
    """What the name list's pages carry in their links (person_list.html calls `filters.query`)."""

    values: dict

    def query(self) -> str:
        return urlencode({k: v for k, v in self.values.items() if v is not None})


@requires(Capability.OPEN_WORK)
def behind_people_list(request):
    """The people behind one count of 4.4 or one line of the home page, within the user's scope: a district
    (or a province) for area accounts, an agency's own people for agencies."""
    step = STEP_BY_KEY.get(request.GET.get("step", ""))
    if step is None:
        raise Http404("ไม่พบขั้นตอนนี้")
    district, province, unit = _list_area(request, step)
    people = behind_people(
        user=request.user, round=request.round, step=step, district=district, province=province, unit=unit
    )
    page = keyset_page(
        people.queryset, keys=people.keys, cursor=request.GET.get("cursor"), direction=request.GET.get("go", "")
    )
    reveal = sees_full_ids(request.user)
    persons = [people.person_of(obj) for obj in page.objects]
    rows = [
        ([thai_cell(cell) for cell in people.row(page.start + i, obj, reveal=reveal)], person)
        for i, (obj, person) in enumerate(zip(page.objects, persons, strict=True))
    ]
    progress_column = step.key == "progress" and can(request.user, Capability.PROGRESS)
    ids = [person.pk for person in persons]
    context = {
        "item": ITEMS["4.4"],
        "people": people,
        "report": people,  # person_list.html reads the columns from `report`
        "page": page,
        "rows": rows,
        "filters": ListQuery(
            {"step": step.key, "district": district, "province": province, "unit": getattr(unit, "pk", None)}
        ),
        "progress_column": progress_column,
        "progress_ids": progress_openable(request.user, ids, request.round) if progress_column else set(),
        "may_see_behind": can(request.user, Capability.BEHIND),
        "back_province": (district // 100 if district else province) if request.user.role == Role.CENTRAL else None,
        "round": request.round,
    }
    return render(request, "reporting/behind.html", context)


def _list_area(request, step):
    """(district, province, agency) of a list, within the user's scope: a hand-edited code outside it is
    refused (403), an unknown one not found (404)."""
    user = request.user
    district, province, unit_id = (_code(request.GET.get(name)) for name in ("district", "province", "unit"))
    if district is not None and not District.objects.filter(code=district).exists():
        raise Http404("ไม่พบอำเภอนี้")
    if province is not None and not Province.objects.filter(code=province).exists():
        raise Http404("ไม่พบจังหวัดนี้")
    unit = DevelopmentUnit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise Http404("ไม่พบหน่วยงานนี้")
    if user.role == Role.UNIT:
        # An agency's scope is its own people developed in its province, wherever they live.
        if not step.assignment_based:
            raise Http404("ขั้นตอนนี้ไม่มีรายชื่อของหน่วยงาน")
        return None, None, None
    if user.role == Role.DISTRICT_TEAM:
        if district not in (None, user.district_id) or province not in (None, user.province_id):
            raise PermissionDenied(OUTSIDE)
        return user.district_id, None, unit
    if user.role != Role.CENTRAL:
        if (district is not None and district // 100 != user.province_id) or province not in (None, user.province_id):
            raise PermissionDenied(OUTSIDE)
        return district, None if district else user.province_id, unit
    if district is None and province is None:
        raise Http404("กรุณาเลือกจังหวัดหรืออำเภอ")
    return district, None if district else province, unit
