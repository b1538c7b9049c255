"""The name-check pages (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน, under section 4): upload an agency's list,
see the six groups, read and export each as a name list, record progress for the matched people, and see
what is now recorded. Agency, province and central accounts, each within its scope.

A check belongs to a round (issue 15): an upload is checked against the round chosen in the header
(`request.round`), the history lists that round's checks, and a check keeps its own round when it is opened,
checked again or recorded from. A closed round's checks are read-only.

The lists are written by the portal's one writer (cardholders/importers/spreadsheets.py, which escapes
formulas) and paged by the keyset pagination (welfare_portal/pagination.py), like every other name list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from cardholders.importers.spreadsheets import csv_response, xlsx_bytes, xlsx_response
from cardholders.importers.uploads import UploadRejected
from cardholders.models import ImportJob
from matching.selectors import progress_openable
from welfare_portal.audit import access_log
from welfare_portal.models import AccessLog
from welfare_portal.pagination import keyset_page
from welfare_portal.roles import CLOSED_ROUND, Capability, can, requires
from welfare_portal.scope import sees_full_ids

from .name_check import (
    FILE_GONE,
    GROUPS,
    PERSON_COLUMNS,
    RECORDED_STATUSES,
    duplicate_warning,
    fail_lost_checks,
    group_columns,
    group_labels,
    group_table,
    list_rows,
    mask_cell,
    may_check_again,
    name_check_choose_layout,
    name_check_create,
    name_check_record_progress,
    name_check_recorded_counts,
    name_check_rerun,
    name_check_rows,
    name_check_start,
    name_checks_for_user,
    name_checks_sweep,
)
from .name_check_forms import IdColumnForm, NameCheckForm, RecordProgressForm
from .name_check_models import NameCheck, NameCheckGroup

TITLE = "ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน"
PORTAL_NAME = PERSON_COLUMNS[1]  # the portal's name of the person: a link to the profile (1.3)
RECORDED_KEYS = {key for key, _ in RECORDED_STATUSES}


def _get_check_for_user(request, pk) -> NameCheck:
    """The check, if this user's scope holds it (its agency and province); otherwise 404."""
    check = name_checks_for_user(request.user).filter(pk=pk).first()
    if check is None:
        raise Http404("ไม่พบการตรวจสอบนี้")
    if check.active and fail_lost_checks(NameCheck.objects.filter(pk=check.pk)):
        check.refresh_from_db()
    return check


def _get_done_check(request, pk) -> NameCheck:
    check = _get_check_for_user(request, pk)
    if check.status != NameCheck.Status.DONE:
        raise Http404("การตรวจสอบนี้ยังไม่เสร็จ")
    return check


@requires(Capability.NAME_CHECK)
def name_check_home(request):
    form = NameCheckForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check = name_check_create(
                unit=form.cleaned_data["unit"],
                province=form.cleaned_data["province"],
                upload=upload,
                user=request.user,
                round=request.round,
            )
        except UploadRejected as rejected:
            form.add_error("file", f"ไม่รับไฟล์ {upload.name}: {rejected}")
        else:
            name_check_start(check)
            return redirect("name_check", pk=check.pk)
    name_checks_sweep()
    checks = name_checks_for_user(request.user).filter(round=request.round)
    history = Paginator(checks, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "development/name_check.html",
        {"title": TITLE, "form": form, "history": history, "round": request.round},
    )


@requires(Capability.NAME_CHECK)
def name_check_detail(request, pk, column_form=None):
    check = _get_check_for_user(request, pk)
    reveal = sees_full_ids(request.user)
    labels = group_labels(check)
    context = {
        "title": TITLE,
        "check": check,
        "groups": [(group, *labels[group], getattr(check, group)) for group in GROUPS],
        "may_check_again": may_check_again(check, request.user),
        "may_choose_column": check.created_by_id == request.user.pk,
        "duplicates": duplicate_warning(check),
        "jobs": _jobs_for(request.user, check),
        "id_column_name": check.columns[check.id_column] if (check.id_column or 0) < len(check.columns) else "",
    }
    if check.status == NameCheck.Status.NEEDS_COLUMN:
        context["column_form"] = column_form or IdColumnForm(check=check, reveal=reveal)
        rows = check.preview.get("rows", [])
        width = max((len(cells) for _, cells in rows), default=0)
        context["preview_width"] = range(1, width + 1)
        context["preview"] = [
            (number, [text if reveal else mask_cell(text) for text in cells] + [""] * (width - len(cells)))
            for number, cells in rows
        ]
    return render(request, "development/name_check_detail.html", context)


def _jobs_for(user, check):
    """The progress recorded from this check that this user may open (import pages are the uploader's)."""
    jobs = ImportJob.objects.filter(pk__in=check.import_jobs)
    return jobs if can(user, Capability.ALL_PROVINCES) else jobs.filter(uploaded_by=user)


@requires(Capability.NAME_CHECK)
@require_POST
def name_check_column(request, pk):
    check = _get_check_for_user(request, pk)
    if check.status != NameCheck.Status.NEEDS_COLUMN:
        messages.error(request, "การตรวจสอบนี้ไม่ได้รอเลือกคอลัมน์แล้ว")
        return redirect("name_check", pk=check.pk)
    form = IdColumnForm(request.POST, check=check, reveal=sees_full_ids(request.user))
    if not form.is_valid():
        return name_check_detail(request, pk, column_form=form)
    try:
        name_check_choose_layout(
            check=check,
            header_index=form.cleaned_data["header_index"],
            id_column=form.cleaned_data["id_column"],
            user=request.user,
        )
    except UploadRejected as rejected:
        messages.error(request, str(rejected))
    return redirect("name_check", pk=check.pk)


@requires(Capability.NAME_CHECK)
@require_POST
def name_check_again(request, pk):
    """ตรวจสอบอีกครั้ง: the same file against today's assignments, kept as a new check."""
    check = _get_check_for_user(request, pk)
    if check.active:
        messages.error(request, "การตรวจสอบนี้ยังทำงานอยู่")
        return redirect("name_check", pk=check.pk)
    if not check.stored_path:
        messages.error(request, FILE_GONE)
        return redirect("name_check", pk=check.pk)
    try:
        again = name_check_rerun(check=check, user=request.user)
    except UploadRejected as rejected:
        messages.error(request, str(rejected))
        return redirect("name_check", pk=check.pk)
    return redirect("name_check", pk=again.pk)


@requires(Capability.NAME_CHECK)
def name_check_group(request, pk, group):
    check = _get_done_check(request, pk)
    if group not in GROUPS:
        raise Http404("ไม่พบกลุ่มนี้")
    recorded = request.GET.get("recorded", "") if group == NameCheckGroup.BOTH else ""
    recorded = recorded if recorded in RECORDED_KEYS else ""
    export = request.GET.get("format")
    what = f"ตรวจสอบรายชื่อ #{check.pk} {group}{f' {recorded}' if recorded else ''}"
    if export in ("csv", "xlsx"):
        access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"{what} ({export})")
        rows = group_table(check=check, group=group, user=request.user, recorded=recorded)
        name = f"name-check-{check.pk}-{group}{f'-{recorded}' if recorded else ''}"
        if export == "csv":
            return csv_response(rows, f"{name}.csv")
        label = group_labels(check)[group][0]
        content = xlsx_bytes(
            rows,
            title=f"{TITLE} {label}",
            sheet_title="รายชื่อ",
            bold=lambda row: row[:1] == ["รวม"],
            title_rows=[TITLE, label],
        )
        return xlsx_response(content, f"{name}.xlsx")
    return _group_page(
        request, check, group, recorded=recorded, cursor=request.GET.get("cursor"), go=request.GET.get("go", "")
    )


def name_index_has_people(lines) -> bool:
    """A group whose rows name the portal's people (not the agency-only rows)."""
    return any(line.person for line in lines)


def _group_page(request, check, group, *, recorded="", cursor=None, go="", form=None):
    access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"ตรวจสอบรายชื่อ #{check.pk} {group} (หน้าเว็บ)")
    rows = name_check_rows(check=check, group=group, recorded=recorded)
    page = keyset_page(rows, keys=("row_no", "id"), cursor=cursor, direction=go)
    recordable = group == NameCheckGroup.BOTH and not check.round.is_closed
    columns = group_columns(check, group)
    short_label, group_label = group_labels(check)[group]
    lines = list_rows(check=check, group=group, rows=page.objects, user=request.user, start=page.start)
    # Form 4.1 opens in the round chosen in the header: linked only when that is the check's round.
    in_round = check.round_id == request.round.pk
    people = [line.person.pk for line in lines if line.person] if in_round else []
    context = {
        "title": TITLE,
        "check": check,
        "group": group,
        "group_label": group_label,
        "short_label": short_label,
        "columns": columns,
        "name_index": columns.index(PORTAL_NAME) if PORTAL_NAME in columns else -1,
        "page": page,
        "rows": lines,
        # Form 4.1 is linked from a row only where it opens for this user (see progress_openable).
        "progress_column": in_round and can(request.user, Capability.PROGRESS) and name_index_has_people(lines),
        "progress_ids": progress_openable(request.user, people, check.round),
        "other_round": not in_round,
        "query": urlencode({"recorded": recorded}) if recorded else "",
        "recorded": recorded,
        "recorded_label": dict(RECORDED_STATUSES).get(recorded, ""),
        "cursor": cursor or "",
        "go": go,
        "record_form": (form or RecordProgressForm(group_size=check.both)) if recordable else None,
    }
    return render(request, "development/name_check_group.html", context)


@requires(Capability.NAME_CHECK)
@require_POST
def name_check_record(request, pk):
    """From `both` to record: one status and its dates for the group or those ticked, as a progress file
    that is previewed first (the import page), then applied once the user confirms."""
    check = _get_done_check(request, pk)
    if check.round.is_closed:  # progress goes into the check's round, whichever round the header shows
        messages.error(request, CLOSED_ROUND)
        return redirect("name_check_group", pk=check.pk, group=NameCheckGroup.BOTH)
    form = RecordProgressForm(request.POST, group_size=check.both)
    form.is_valid()
    row_ids = None
    if form.cleaned_data.get("scope") != "all":
        row_ids = [int(pk) for pk in request.POST.getlist("row") if pk.isdecimal()]
        if not row_ids:
            form.add_error(None, "กรุณาเลือกรายชื่ออย่างน้อย 1 คน หรือเลือกบันทึกให้ทั้งกลุ่ม")
    if form.errors:
        cursor, go = request.POST.get("cursor") or None, request.POST.get("go", "")
        return _group_page(request, check, NameCheckGroup.BOTH, cursor=cursor, go=go, form=form)
    try:
        job, count, left_out = name_check_record_progress(
            check=check,
            row_ids=row_ids,
            status=form.cleaned_data["status"],
            started_on=form.cleaned_data["started_on"],
            ended_on=form.cleaned_data["ended_on"],
            user=request.user,
        )
    except UploadRejected as rejected:
        messages.error(request, str(rejected))
        return redirect("name_check_group", pk=check.pk, group=NameCheckGroup.BOTH)
    if job is None:
        messages.error(request, "ไม่มีรายชื่อที่บันทึกได้: ผู้ที่เลือกไม่ได้รับมอบหมายให้หน่วยงานนี้ในจังหวัดนี้แล้ว")
        return redirect("name_check_group", pk=check.pk, group=NameCheckGroup.BOTH)
    note = f" (ไม่รวม {left_out:,} คนที่ไม่ได้รับมอบหมายให้หน่วยงานนี้ในจังหวัดนี้แล้ว)" if left_out else ""
    messages.success(
        request,
        f"ตรวจสอบการบันทึกผลการพัฒนา {count:,} คนจากรายชื่อที่ตรงกัน{note} ยังไม่ได้บันทึกจนกว่าท่านจะกดยืนยัน "
        f"หากมีข้อผิดพลาด เลขแถวตรงกับแถวในไฟล์รายชื่อของหน่วยงาน",
    )
    return redirect("import_job", pk=job.pk)


@requires(Capability.NAME_CHECK)
def name_check_recorded(request, pk):
    """ตรวจสอบการบันทึก: for the same list, what is recorded now."""
    check = _get_done_check(request, pk)
    counts = name_check_recorded_counts(check=check)
    return render(
        request,
        "development/name_check_recorded.html",
        {
            "title": TITLE,
            "check": check,
            "counts": counts,
            "jobs": _jobs_for(request.user, check),
            "may_check_again": may_check_again(check, request.user),
        },
    )
