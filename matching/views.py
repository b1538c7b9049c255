import itertools
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cardholders.importers import spreadsheets
from cardholders.importers.jobs import UploadRejected, import_job_create, import_job_start
from cardholders.models import ImportJob
from welfare_portal.audit import access_log
from welfare_portal.models import AccessLog, DevelopmentUnit, Province
from welfare_portal.pagination import keyset_page
from welfare_portal.roles import CLOSED_ROUND, Capability, can, requires
from welfare_portal.scope import sees_full_ids
from welfare_portal.thai import date_file_name, date_short

from .forms import ProjectChangeForm, TransferForm
from .models import Assignment, DelegatedCase, Delegation, MatchingRun, MatchingTask, ReinterviewRequest, Transfer
from .rules import TIE_RULE_DESCRIPTION
from .selectors import capacities_for, delegation_candidates, progress_openable, run_people, run_summary_by_project
from .services import (
    MatchingError,
    assignment_change,
    delegated_cases_decide,
    delegation_create,
    delegation_fingerprint,
    transfer_decide,
    transfer_request,
)
from .tasks import Busy, fail_lost_tasks, matching_task_start


def _get_province_for_kjj(request, code=None) -> Province:
    """The province whose matching this user may run (the views require Capability.MATCHING): any for
    central, which chooses one; its own for คจจ."""
    user = request.user
    if not can(user, Capability.MATCHING):
        raise PermissionDenied("เฉพาะ คจจ. และส่วนกลาง")
    if can(user, Capability.ALL_PROVINCES):
        code = code or request.GET.get("province") or request.POST.get("province")
        try:
            return Province.objects.get(code=int(code))
        except (TypeError, ValueError, Province.DoesNotExist):
            raise Http404("กรุณาเลือกจังหวัด") from None
    if not user.province_id:
        raise PermissionDenied("บัญชีนี้ไม่ได้ระบุจังหวัด")
    if code is not None and int(code) != user.province_id:
        raise Http404("ไม่พบจังหวัดนี้")
    return user.province


def _get_run_for_user(request, pk) -> MatchingRun:
    run = get_object_or_404(MatchingRun.objects.select_related("province", "created_by", "confirmed_by"), pk=pk)
    _get_province_for_kjj(request, run.province_id)
    return run


@requires(Capability.MATCHING)
def matching_home(request):
    if can(request.user, Capability.ALL_PROVINCES) and not request.GET.get("province"):
        return render(request, "matching/choose_province.html", {"provinces": Province.objects.all()})
    province = _get_province_for_kjj(request)
    task = _active_task(province)
    if (asked := _asked_task(request, province)) is not None and not asked.active:
        return _task_outcome(request, asked)
    context = {
        "province": province,
        "task": task,
        "tie_rule": TIE_RULE_DESCRIPTION,
        "runs": MatchingRun.objects.filter(province=province, round=request.round).select_related(
            "created_by", "confirmed_by"
        )[:10],
        "capacities": capacities_for(province=province, round=request.round),
        "incoming": Transfer.objects.filter(
            to_province=province, assignment__round=request.round, status=Transfer.Status.PENDING
        ).select_related("assignment__cardholder", "assignment__project", "from_province"),
        "delegations": Delegation.objects.filter(province=province, round=request.round).select_related("unit"),
        "units": DevelopmentUnit.objects.order_by("pk"),
    }
    return render(request, "matching/home.html", context)


def _home_url(province) -> str:
    return f"{reverse('matching_home')}?province={province.pk}"


def _active_task(province) -> MatchingTask | None:
    """The province's queued or running matching task, after giving up on one whose worker died."""
    fail_lost_tasks(MatchingTask.objects.filter(province=province))
    tasks = MatchingTask.objects.filter(province=province, status__in=MatchingTask.ACTIVE)
    return tasks.select_related("requested_by").first()


def _asked_task(request, province) -> MatchingTask | None:
    """The task in the page's address (?task=…): the page waits for it, then shows its outcome."""
    pk = request.GET.get("task", "")
    return MatchingTask.objects.filter(pk=pk, province=province).first() if pk.isdigit() else None


def _task_outcome(request, task: MatchingTask):
    """A finished task's result, as the request that ran it at once showed it: the run, with its message."""
    if task.status == MatchingTask.Status.DONE:
        if task.message:
            messages.success(request, task.message)
    else:
        messages.error(request, task.message)
    if task.run_id is None:
        return redirect(_home_url(task.province))
    return redirect("matching_run", pk=task.run_id)


def _task_started(request, task: MatchingTask, waiting_url: str):
    """Straight to the outcome when the task already ran (IMPORTS_IN_BACKGROUND off), else to a page that
    waits for it."""
    if not task.active:
        return _task_outcome(request, task)
    return redirect(f"{waiting_url}{'&' if '?' in waiting_url else '?'}task={task.pk}")


@requires(Capability.MATCHING)
@require_POST
def run_create(request):
    province = _get_province_for_kjj(request)
    try:
        task = matching_task_start(
            kind=MatchingTask.Kind.PROPOSE, province=province, user=request.user, round=request.round
        )
    except Busy as busy:
        messages.error(request, str(busy))
        return redirect(_home_url(province))
    return _task_started(request, task, _home_url(province))


RUN_PEOPLE_HEADER = [
    "ลำดับ",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "อำเภอ",
    "ตำบล",
    "วันที่สัมภาษณ์",
    "หน่วยงานพัฒนา",
    "โครงการที่เสนอ",
    "อันดับ",
]


def _run_people_row(entry, n, *, reveal) -> list:
    person = entry.cardholder
    project = entry.project
    return [
        n,
        person.national_id_for(reveal=reveal),
        person.full_name,
        person.subdistrict.district.name_th,
        person.subdistrict.name_th,
        date_short(entry.interview.interviewed_on),
        project.unit.name_th if project else "-",
        project.name_th if project else "ไม่ได้ตามความต้องการทั้ง 3 อันดับ (ส่งให้ AO สัมภาษณ์ใหม่)",
        entry.rank or "-",
    ]


@requires(Capability.MATCHING)
def run_detail(request, pk):
    run = _get_run_for_user(request, pk)
    task = _active_task(run.province)
    if (asked := _asked_task(request, run.province)) is not None and not asked.active:
        return _task_outcome(request, asked)
    reveal = sees_full_ids(request.user)
    people = run_people(run=run)
    if (export := request.GET.get("format")) in ("csv", "xlsx"):
        return _run_people_export(request, run, people, export, reveal=reveal)
    page = keyset_page(people, keys=("id", "id"), cursor=request.GET.get("cursor"), direction=request.GET.get("go", ""))
    access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"ผลการจับคู่ {run} (หน้าเว็บ)")
    is_latest = not MatchingRun.objects.filter(
        province=run.province, round_id=run.round_id, created_at__gt=run.created_at
    ).exists()
    return render(
        request,
        "matching/run.html",
        {
            "run": run,
            "rows": run_summary_by_project(run=run),
            "page": page,
            "people": [
                (_run_people_row(e, page.start + i, reveal=reveal), e.cardholder_id) for i, e in enumerate(page.objects)
            ],
            "header": RUN_PEOPLE_HEADER,
            "is_latest": is_latest,
            "task": task,
        },
    )


def _run_people_export(request, run, people, export, *, reveal):
    """The run's whole list, as the page shows it, through the one writer that escapes formulas."""
    access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"ผลการจับคู่ {run} ({export})")
    rows = itertools.chain(
        [RUN_PEOPLE_HEADER],
        (_run_people_row(e, n, reveal=reveal) for n, e in enumerate(people.order_by("id").iterator(2000), 1)),
    )
    # A Thai name a person saving many files can tell apart, e.g. ผลการจับคู่-ลำปาง-ครั้งที่1-2569-11-27.
    name = f"ผลการจับคู่-{run.province.name_th}-ครั้งที่{run.number}-{date_file_name(timezone.localdate())}"
    if export == "csv":
        return spreadsheets.csv_response(rows, f"{name}.csv")
    title = f"ผลการจับคู่ครั้งที่ {run.number} จังหวัด{run.province.name_th} ({run.get_status_display()})"
    subtitle = (
        f"ผู้เข้ารับการจับคู่ {run.candidates:,} คน · จับคู่ได้ {run.matched:,} คน · ณ วันที่ {date_short(timezone.localdate())}"
    )
    content = spreadsheets.xlsx_bytes(
        rows, title=title, sheet_title="รายชื่อ", title_rows=[title, subtitle], font_name=spreadsheets.THAI_FONT
    )
    return spreadsheets.xlsx_response(content, f"{name}.xlsx")


@requires(Capability.MATCHING)
def run_confirm(request, pk):
    """A confirmation is final: the first step names what it will do (how many people, to whom), the second
    does it. The count travels with the form, so a proposal that changed in between is not confirmed blind."""
    run = _get_run_for_user(request, pk)
    if request.method == "POST" and request.POST.get("matched") == str(run.matched):
        try:
            task = matching_task_start(
                kind=MatchingTask.Kind.CONFIRM, province=run.province, run=run, user=request.user
            )
        except Busy as busy:
            messages.error(request, str(busy))
            return redirect("matching_run", pk=run.pk)
        return _task_started(request, task, reverse("matching_run", args=[run.pk]))
    if run.status != MatchingRun.Status.PROPOSED:
        messages.error(request, "ข้อเสนอนี้ไม่อยู่ในสถานะรอยืนยัน")
        return redirect("matching_run", pk=run.pk)
    return render(request, "matching/run_confirm.html", {"run": run, "rows": run_summary_by_project(run=run)})


def _get_assignment_for_kjj(request, pk) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("cardholder", "project", "interview", "round"), pk=pk
    )
    _get_province_for_kjj(request, assignment.development_province_id)
    if request.method == "POST" and assignment.round.is_closed:  # its own round, whichever the header shows
        raise PermissionDenied(CLOSED_ROUND)
    return assignment


@requires(Capability.MATCHING)
def assignment_decide(request, pk):
    """A new decision of the คจจ. on a confirmed assignment: another project, or another province."""
    assignment = _get_assignment_for_kjj(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    change = ProjectChangeForm(request.POST if action == "change" else None, assignment=assignment)
    transfer = TransferForm(request.POST if action == "transfer" else None, assignment=assignment)
    form = {"change": change, "transfer": transfer}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if form is transfer:
                transfer_request(
                    assignment=assignment, to_province=data["to_province"], reason=data["reason"], user=request.user
                )
                messages.success(request, f"ส่งคำขอไปยัง คจจ. จังหวัด{data['to_province'].name_th} แล้ว")
            else:
                assignment_change(
                    assignment=assignment, project=data["project"], reason=data["reason"], user=request.user
                )
                messages.success(request, "บันทึกมติใหม่แล้ว")
            return redirect("profile", pk=assignment.cardholder_id)
        except MatchingError as error:
            form.add_error(None, str(error))
    return render(request, "matching/decide.html", {"assignment": assignment, "change": change, "transfer": transfer})


@requires(Capability.MATCHING)
@require_POST
def transfer_answer(request, pk):
    transfer = get_object_or_404(Transfer.objects.select_related("assignment__round"), pk=pk)
    _get_province_for_kjj(request, transfer.to_province_id)
    if transfer.assignment.round.is_closed:
        raise PermissionDenied(CLOSED_ROUND)
    try:
        transfer_decide(transfer=transfer, accept=request.POST.get("accept") == "1", user=request.user)
        messages.success(request, "บันทึกผลการพิจารณาแล้ว")
    except MatchingError as error:
        messages.error(request, str(error))
    return redirect(f"/matching/?province={transfer.to_province_id}")


@requires(Capability.MATCHING)
def delegation_new(request):
    """First who would be delegated (GET: the count and the list, paged), then the delegation (POST)."""
    province = _get_province_for_kjj(request)
    unit = get_object_or_404(DevelopmentUnit, pk=request.GET.get("unit") or request.POST.get("unit") or 0)
    candidates = delegation_candidates(province=province, unit=unit, round=request.round)
    if request.method == "POST":
        # The list the คจจ. confirmed travels with the form (its fingerprint), checked under the province's
        # lock: a list that changed since, or a second click, is shown again and nothing is delegated.
        try:
            _, count = delegation_create(
                province=province,
                unit=unit,
                user=request.user,
                expected=request.POST.get("fingerprint", ""),
                round=request.round,
            )
        except MatchingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"มอบหมายให้{unit.name_th}พิจารณารับเอง {count:,} คน")
            return redirect(_home_url(province))
    if request.GET.get("format") == "xlsx":
        return _delegation_preview_download(request, province, unit, candidates)
    page = keyset_page(
        candidates, keys=("id", "id"), cursor=request.GET.get("cursor"), direction=request.GET.get("go", "")
    )
    access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"ตัวอย่างรายชื่อมอบหมาย {unit} จังหวัด{province}")
    reveal = sees_full_ids(request.user)
    context = {
        "province": province,
        "unit": unit,
        "fingerprint": delegation_fingerprint(province=province, unit=unit, round=request.round),
        "page": page,
        "people": [(i, i.cardholder.national_id_for(reveal=reveal)) for i in page.objects],
        "query": urlencode({"province": province.pk, "unit": unit.pk}),
    }
    return render(request, "matching/delegation_preview.html", context)


DELEGATION_PREVIEW_HEADER = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "อำเภอ", "ตำบล", "โครงการอันดับ 1", "วันที่สัมภาษณ์"]


def _delegation_preview_download(request, province, unit, candidates):
    """The whole preview as the page lists it, for the คจจ. to check or send before confirming: written by the
    one writer (formulas escaped, TH Sarabun), titled with what it is and as of when, and logged."""
    access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"ตัวอย่างรายชื่อมอบหมาย {unit} จังหวัด{province} (xlsx)")
    reveal = sees_full_ids(request.user)
    today = timezone.localdate()
    title = f"รายชื่อที่จะมอบหมายให้{unit.name_th}พิจารณารับเอง จังหวัด{province.name_th}"
    rows = (
        [
            number,
            i.cardholder.national_id_for(reveal=reveal),
            i.cardholder.full_name,
            i.cardholder.subdistrict.district.name_th,
            i.cardholder.subdistrict.name_th,
            i.choice_1.name_th,
            i.interviewed_on,
        ]
        for number, i in enumerate(candidates.order_by("id").iterator(chunk_size=2000), start=1)
    )
    content = spreadsheets.xlsx_bytes(
        itertools.chain([DELEGATION_PREVIEW_HEADER], rows),
        title=title,
        sheet_title="รายชื่อ",
        title_rows=[
            title,
            f"ผู้ที่เลือกโครงการของ{unit.name_th}เป็นอันดับ 1 และยังไม่ได้รับมอบหมาย · ณ วันที่ {date_short(today)} (ยังไม่ได้ยืนยันมอบหมาย)",
        ],
        font_name=spreadsheets.THAI_FONT,
    )
    return spreadsheets.xlsx_response(
        content, f"รายชื่อก่อนมอบหมาย-{province.name_th}-{unit.name_th}-{date_file_name(today)}.xlsx"
    )


@requires(Capability.REINTERVIEW_QUEUE)
def reinterview_queue(request):
    queue = (
        ReinterviewRequest.objects.for_user(request.user)
        .filter(run__round=request.round)
        .open()
        .select_related(
            "cardholder__subdistrict__district",
            "interview__choice_1",
            "interview__choice_2",
            "interview__choice_3",
            "run",
        )
        .order_by("cardholder__subdistrict_id", "cardholder__first_name")[:500]
    )
    reveal = sees_full_ids(request.user)
    rows = [(r, r.cardholder.national_id_for(reveal=reveal)) for r in queue]
    return render(
        request, "matching/reinterview.html", {"rows": rows, "can_interview": can(request.user, Capability.INTERVIEW)}
    )


@requires(Capability.DELEGATED_CASES)
def delegated_cases(request):
    """The agency's list of people delegated to it: accept or decline, on the web or by Excel."""
    cases = (
        DelegatedCase.objects.for_user(request.user)
        .filter(delegation__round=request.round)
        .select_related("cardholder__subdistrict__district", "project")
    )
    pending = cases.filter(decision=DelegatedCase.Decision.PENDING)
    if request.method == "POST":
        if "file" in request.FILES:
            return _delegated_upload(request)
        chosen = pending.filter(pk__in=[int(pk) for pk in request.POST.getlist("case") if pk.isdecimal()])
        count = delegated_cases_decide(cases=chosen, accept=request.POST.get("accept") == "1", user=request.user)
        messages.success(request, f"บันทึกผลการพิจารณา {count:,} คนแล้ว")
        return redirect("delegated_cases")
    if request.GET.get("format") == "xlsx":
        return _delegated_download(request, pending)
    reveal = sees_full_ids(request.user)  # agencies see full IDs

    def with_ids(rows):
        return [(case, case.cardholder.national_id_for(reveal=reveal)) for case in rows]

    pending_count = pending.count()
    decided = with_ids(cases.exclude(decision="pending").order_by("-id")[:200])
    context = {
        "pending": with_ids(pending.order_by("cardholder__subdistrict_id", "id")[:500]),
        "pending_count": pending_count,
        "decided": decided,
        # An accepted person is the agency's: their profile and form 4.1 open (pending ones are not yet).
        "openable": progress_openable(request.user, [case.cardholder_id for case, _ in decided], request.round),
    }
    return render(request, "matching/delegated.html", context)


def _delegated_download(request, pending):
    """The pending list as a workbook to fill in (ผลการพิจารณา) and send back, written by the one writer that
    escapes formulas; a name list leaving the portal, so it is logged like every other."""
    access_log(request, AccessLog.Action.EXPORT_LIST, detail="รายชื่อที่ได้รับมอบหมาย (xlsx)")
    header = ["เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "อำเภอ", "ตำบล", "โครงการ", "ผลการพิจารณา"]
    reveal = sees_full_ids(request.user)
    rows = (
        [
            case.cardholder.national_id_for(reveal=reveal),
            case.cardholder.full_name,
            case.cardholder.subdistrict.district.name_th,
            case.cardholder.subdistrict.name_th,
            case.project.name_th,
            "",
        ]
        for case in pending.order_by("cardholder__subdistrict_id", "id").iterator(chunk_size=2000)
    )
    content = spreadsheets.xlsx_bytes(itertools.chain([header], rows), title="รายชื่อที่ได้รับมอบหมาย", sheet_title="รายชื่อ")
    # The header stays the first row (the file comes back through the import); the name says whose list it is.
    user = request.user
    whose = [getattr(user.province, "name_th", ""), getattr(user.unit, "name_th", "")]
    name = "-".join(part for part in ["รายชื่อที่ได้รับมอบหมาย", *whose, date_file_name(timezone.localdate())] if part)
    return spreadsheets.xlsx_response(content, f"{name}.xlsx")


def _delegated_upload(request):
    """The downloaded list back, with ผลการพิจารณา filled in (รับ / ไม่รับ): the same guarded door, checked
    preview, progress and error workbook as every other import (cardholders.importers)."""
    try:
        job = import_job_create(
            kind=ImportJob.Kind.DELEGATED, upload=request.FILES["file"], user=request.user, round=request.round
        )
    except UploadRejected as rejected:
        messages.error(request, str(rejected))
        return redirect("delegated_cases")
    import_job_start(job, dry_run=True)
    return redirect("import_job", pk=job.pk)
