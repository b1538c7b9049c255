import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cardholders.importers import spreadsheets
from cardholders.importers.jobs import UploadRejected, import_job_create, import_job_start
from welfare_portal.audit import access_log
from welfare_portal.models import AccessLog, DevelopmentUnit, Project, Province, Role

from .models import Assignment, DelegatedCase, Delegation, MatchingRun, MatchingTask, ReinterviewRequest, Transfer
from .rules import TIE_RULE_DESCRIPTION
from .selectors import capacities_for, run_summary_by_project
from .services import (
    MatchingError,
    assignment_change,
    delegated_cases_decide,
    delegation_create,
    transfer_decide,
    transfer_request,
)
from .tasks import Busy, fail_lost_tasks, matching_task_start


def _get_province_for_kjj(request, code=None) -> Province:
    """The province whose matching this user may run: its own for คจจ.; any for central."""
    user = request.user
    if user.role == Role.KJJ and user.province_id:
        if code is not None and int(code) != user.province_id:
            raise Http404("ไม่พบจังหวัดนี้")
        return user.province
    if user.role == Role.CENTRAL:
        code = code or request.GET.get("province") or request.POST.get("province")
        try:
            return Province.objects.get(code=int(code))
        except (TypeError, ValueError, Province.DoesNotExist):
            raise Http404("กรุณาเลือกจังหวัด") from None
    raise PermissionDenied("เฉพาะ คจจ. และส่วนกลาง")


def _get_run_for_user(request, pk) -> MatchingRun:
    run = get_object_or_404(MatchingRun.objects.select_related("province", "created_by", "confirmed_by"), pk=pk)
    _get_province_for_kjj(request, run.province_id)
    return run


@login_required
def matching_home(request):
    if request.user.role == Role.CENTRAL and not request.GET.get("province"):
        return render(request, "matching/choose_province.html", {"provinces": Province.objects.all()})
    province = _get_province_for_kjj(request)
    task = _active_task(province)
    if (asked := _asked_task(request, province)) is not None and not asked.active:
        return _task_outcome(request, asked)
    context = {
        "province": province,
        "task": task,
        "tie_rule": TIE_RULE_DESCRIPTION,
        "runs": MatchingRun.objects.filter(province=province).select_related("created_by", "confirmed_by")[:10],
        "capacities": capacities_for(province=province),
        "incoming": Transfer.objects.filter(to_province=province, status=Transfer.Status.PENDING).select_related(
            "assignment__cardholder", "assignment__project", "from_province"
        ),
        "delegations": Delegation.objects.filter(province=province).select_related("unit"),
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


@login_required
@require_POST
def run_create(request):
    province = _get_province_for_kjj(request)
    try:
        task = matching_task_start(kind=MatchingTask.Kind.PROPOSE, province=province, user=request.user)
    except Busy as busy:
        messages.error(request, str(busy))
        return redirect(_home_url(province))
    return _task_started(request, task, _home_url(province))


@login_required
def run_detail(request, pk):
    run = _get_run_for_user(request, pk)
    task = _active_task(run.province)
    if (asked := _asked_task(request, run.province)) is not None and not asked.active:
        return _task_outcome(request, asked)
    unmatched = run.entries.filter(project=None).select_related("cardholder__subdistrict", "interview")[:200]
    is_latest = not MatchingRun.objects.filter(province=run.province, created_at__gt=run.created_at).exists()
    return render(
        request,
        "matching/run.html",
        {
            "run": run,
            "rows": run_summary_by_project(run=run),
            "unmatched": unmatched,
            "is_latest": is_latest,
            "task": task,
        },
    )


@login_required
@require_POST
def run_confirm(request, pk):
    run = _get_run_for_user(request, pk)
    try:
        task = matching_task_start(kind=MatchingTask.Kind.CONFIRM, province=run.province, run=run, user=request.user)
    except Busy as busy:
        messages.error(request, str(busy))
        return redirect("matching_run", pk=run.pk)
    return _task_started(request, task, reverse("matching_run", args=[run.pk]))


def _get_assignment_for_kjj(request, pk) -> Assignment:
    assignment = get_object_or_404(Assignment.objects.select_related("cardholder", "project", "interview"), pk=pk)
    _get_province_for_kjj(request, assignment.development_province_id)
    return assignment


@login_required
def assignment_decide(request, pk):
    """A new decision of the คจจ. on a confirmed assignment: another project, or another province."""
    assignment = _get_assignment_for_kjj(request, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "transfer":
                province = get_object_or_404(Province, code=request.POST.get("to_province") or 0)
                transfer_request(
                    assignment=assignment,
                    to_province=province,
                    reason=request.POST.get("reason", ""),
                    user=request.user,
                )
                messages.success(request, f"ส่งคำขอไปยัง คจจ. จังหวัด{province.name_th} แล้ว")
            else:
                project = get_object_or_404(Project, pk=request.POST.get("project") or 0)
                assignment_change(
                    assignment=assignment, project=project, reason=request.POST.get("reason", ""), user=request.user
                )
                messages.success(request, "บันทึกมติใหม่แล้ว")
            return redirect("profile", pk=assignment.cardholder_id)
        except MatchingError as error:
            messages.error(request, str(error))
    return render(
        request,
        "matching/decide.html",
        {
            "assignment": assignment,
            "projects": Project.objects.select_related("unit"),
            "provinces": Province.objects.all(),
        },
    )


@login_required
@require_POST
def transfer_answer(request, pk):
    transfer = get_object_or_404(Transfer, pk=pk)
    _get_province_for_kjj(request, transfer.to_province_id)
    try:
        transfer_decide(transfer=transfer, accept=request.POST.get("accept") == "1", user=request.user)
        messages.success(request, "บันทึกผลการพิจารณาแล้ว")
    except MatchingError as error:
        messages.error(request, str(error))
    return redirect(f"/matching/?province={transfer.to_province_id}")


@login_required
@require_POST
def delegation_new(request):
    province = _get_province_for_kjj(request)
    unit = get_object_or_404(DevelopmentUnit, pk=request.POST.get("unit") or 0)
    _, count = delegation_create(province=province, unit=unit, user=request.user)
    messages.success(request, f"มอบหมายให้{unit.name_th}พิจารณารับเอง {count:,} คน")
    return redirect(f"/matching/?province={province.pk}")


@login_required
def reinterview_queue(request):
    if request.user.role not in (Role.AO, Role.PROVINCE, Role.KJJ, Role.CENTRAL):
        raise PermissionDenied("บัญชีนี้ไม่มีสิทธิ์ดูรายการนี้")
    queue = (
        ReinterviewRequest.objects.for_user(request.user)
        .open()
        .select_related("cardholder__subdistrict__district", "interview__choice_1")
        .order_by("cardholder__subdistrict_id", "cardholder__first_name")[:500]
    )
    return render(request, "matching/reinterview.html", {"queue": queue})


@login_required
def delegated_cases(request):
    """The agency's list of people delegated to it: accept or decline, on the web or by Excel."""
    if request.user.role != Role.UNIT:
        raise PermissionDenied("เฉพาะหน่วยงานพัฒนา")
    cases = DelegatedCase.objects.for_user(request.user).select_related("cardholder__subdistrict", "project")
    pending = cases.filter(decision=DelegatedCase.Decision.PENDING)
    if request.method == "POST":
        if "file" in request.FILES:
            return _delegated_upload(request)
        chosen = pending.filter(pk__in=[int(pk) for pk in request.POST.getlist("case") if pk.isdigit()])
        count = delegated_cases_decide(cases=chosen, accept=request.POST.get("accept") == "1", user=request.user)
        messages.success(request, f"บันทึกผลการพิจารณา {count:,} คนแล้ว")
        return redirect("delegated_cases")
    if request.GET.get("format") == "xlsx":
        return _delegated_download(request, pending)
    return render(
        request,
        "matching/delegated.html",
        {"pending": pending[:500], "decided": cases.exclude(decision="pending")[:200]},
    )


def _delegated_download(request, pending):
    """The pending list as a workbook to fill in (ผลการพิจารณา) and send back, written by the one writer that
    escapes formulas; a name list leaving the portal, so it is logged like every other."""
    access_log(request, AccessLog.Action.EXPORT_LIST, detail="รายชื่อที่ได้รับมอบหมาย (xlsx)")
    header = ["เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "ตำบล", "โครงการ", "ผลการพิจารณา"]
    rows = (
        [
            case.cardholder.national_id,
            case.cardholder.full_name,
            case.cardholder.subdistrict.name_th,
            case.project.name_th,
            "",
        ]
        for case in pending.iterator(chunk_size=2000)
    )
    content = spreadsheets.xlsx_bytes(itertools.chain([header], rows), title="รายชื่อที่ได้รับมอบหมาย", sheet_title="รายชื่อ")
    return spreadsheets.xlsx_response(content, "delegated.xlsx")


def _delegated_upload(request):
    """The downloaded list back, with ผลการพิจารณา filled in (รับ / ไม่รับ): the same guarded door, checked
    preview, progress and error workbook as every other import (cardholders.importers)."""
    try:
        job = import_job_create(kind="delegated", upload=request.FILES["file"], user=request.user)
    except UploadRejected as rejected:
        messages.error(request, str(rejected))
        return redirect("delegated_cases")
    import_job_start(job, dry_run=True)
    return redirect("import_job", pk=job.pk)
