import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from welfare_portal.roles import Capability, can, requires
from welfare_portal.scope import sees_full_ids

from .forms import InterviewForm
from .importers import kinds_for, spreadsheets
from .importers.base import errors_note
from .importers.jobs import UploadRejected, import_job_create, import_job_start
from .importers.liveness import checked, fail_lost_jobs
from .importers.template_workbooks import TEMPLATES, template_filename, template_workbook
from .lookups import log_id_search, lookup_wait, too_many_lookups
from .models import Cardholder, ImportJob, Interview
from .selectors import paper_form_summary
from .services import interview_record


def _get_job_for_user(request, pk) -> ImportJob:
    """The job, if this user uploaded it (central sees every job); otherwise 404."""
    jobs = (
        ImportJob.objects.all()
        if can(request.user, Capability.ALL_PROVINCES)
        else ImportJob.objects.filter(uploaded_by=request.user)
    )
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404("ไม่พบงานนำเข้านี้")
    return job


@requires(Capability.IMPORT)
def import_upload(request):
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "กรุณาเลือกไฟล์ .xlsx, .xls, .ods หรือ .csv")
        else:
            try:
                kind = request.POST.get("kind", "")
                if kind not in kinds_for(request.user):
                    raise UploadRejected("บัญชีนี้นำเข้าข้อมูลประเภทนี้ไม่ได้")
                job = import_job_create(kind=kind, upload=upload, user=request.user, round=request.round)
            except UploadRejected as rejected:
                messages.error(request, f"ไม่รับไฟล์ {upload.name}: {rejected}")
            else:
                import_job_start(job, dry_run=True)
                return redirect("import_job", pk=job.pk)
    fail_lost_jobs(ImportJob.objects.filter(uploaded_by=request.user))
    recent = ImportJob.objects.filter(uploaded_by=request.user)[:10]
    kinds = {kind: ImportJob.Kind(kind).label for kind in kinds_for(request.user)}
    templates = {kind: label for kind, label in kinds.items() if kind in TEMPLATES}
    return render(request, "cardholders/import_upload.html", {"kinds": kinds, "templates": templates, "recent": recent})


@requires(Capability.IMPORT)
def import_template(request, kind):
    """The template workbook of a kind of import this user may make (its example row fits their scope)."""
    if kind not in TEMPLATES:
        raise Http404("ไม่มีแบบฟอร์มนี้")
    if kind not in kinds_for(request.user):
        raise PermissionDenied("บัญชีนี้นำเข้าข้อมูลประเภทนี้ไม่ได้")
    return spreadsheets.xlsx_response(template_workbook(kind, request.user), template_filename(kind))


ERRORS_ON_PAGE = 200


@requires(Capability.IMPORT)
def import_job(request, pk):
    job = checked(_get_job_for_user(request, pk))
    shown = job.errors[:ERRORS_ON_PAGE]
    context = {
        "job": job,
        "errors": shown,
        "errors_on_page_note": errors_note(len(shown), job.error_total),
        "errors_file_note": errors_note(len(job.errors), job.error_total),
        "preview_header": job.preview[0] if job.preview else [],
        "preview_rows": job.preview[1:],
    }
    return render(request, "cardholders/import_job.html", context)


@requires(Capability.IMPORT)
def import_job_status(request, pk):
    job = checked(_get_job_for_user(request, pk))
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "stage": job.stage,
            "done": job.done_rows,
            "total": job.total_rows,
            "percent": job.percent,
            "running": job.running,
            "message": job.failure_message,
        }
    )


@requires(Capability.IMPORT)
@require_POST
def import_job_confirm(request, pk):
    job = _get_job_for_user(request, pk)
    if job.status != ImportJob.Status.PREVIEWED:
        messages.error(request, "ยืนยันได้เฉพาะไฟล์ที่ตรวจสอบผ่านแล้ว")
    elif job.round.is_closed:  # the job's own round, whichever the header shows now
        messages.error(request, f"รอบ {job.round.code} ปิดแล้ว นำเข้าไฟล์นี้ไม่ได้ ข้อมูลในระบบไม่เปลี่ยนแปลง")
    else:
        import_job_start(job, dry_run=False)
    return redirect("import_job", pk=job.pk)


@requires(Capability.IMPORT)
def import_job_errors(request, pk):
    """The job's errors as a workbook: the first IMPORT_MAX_ERRORS of them, and a last row saying how many
    there were when they were more."""
    job = _get_job_for_user(request, pk)
    rows = [["แถวที่", "คอลัมน์", "ข้อผิดพลาด"]] + [[row or "", column, message] for row, column, message in job.errors]
    if note := errors_note(len(job.errors), job.error_total):
        rows.append(["", "", note])
    content = spreadsheets.xlsx_bytes(rows, title=f"ข้อผิดพลาดของ {job.original_name}", sheet_title="ข้อผิดพลาด")
    return spreadsheets.xlsx_response(content, f"import-{job.pk}-errors.xlsx")


@requires(Capability.INTERVIEW)
def interview_new(request):
    person = _person_from_list(request)
    form = InterviewForm(request.POST or None, user=request.user, round=request.round, person=person)
    valid = request.method == "POST" and form.is_valid()
    if form.looked_up:  # a typed ID answers whether it is a card holder of the user's area: one lookup
        wait = lookup_wait(request)
        if wait is not None:
            return too_many_lookups(request, wait)  # the answer is not shown
        person = form.cardholder
        log_id_search(
            request,
            page="แบบประเมิน",
            digits=form.looked_up,
            found=int(person is not None),
            person_id=getattr(person, "pk", None),
        )
    if valid:
        interview = interview_record(
            cardholder=form.cardholder,
            interviewed_on=form.cleaned_data["interviewed_on"],
            group=form.cleaned_data["group"],
            choices=form.choices,
            basic_needs=[need.code for need in form.cleaned_data["basic_needs"]],
            skill=form.cleaned_data["skill"],
            user=request.user,
            round=request.round,
        )
        messages.success(request, f"บันทึกแบบประเมินของ {form.cardholder.full_name} เรียบร้อยแล้ว")
        return redirect("profile", pk=interview.cardholder_id)
    context = {"form": form, "person": person}
    if person is not None:
        context["national_id"] = person.national_id_for(reveal=sees_full_ids(request.user))
    return render(request, "cardholders/interview_form.html", context)


def _person_from_list(request):
    """The person a list linked to (?person=<pk>, e.g. from the re-interview queue), within the user's scope;
    a pk names no one outside it, so this answers nothing an ID search would."""
    pk = request.GET.get("person", "")
    if not pk:
        return None
    person = Cardholder.objects.for_user(request.user).filter(pk=pk).first() if pk.isdigit() else None
    if person is None:
        raise Http404("ไม่พบผู้มีบัตรฯ รายนี้")
    return person


@requires(Capability.PAPER_FORMS)
def paper_forms(request):
    """ทีม ปรจ. tick off the signed paper forms they keep (step 3) and see which are still missing, of the
    chosen round's interviews."""
    interviews = Interview.objects.for_user(request.user).filter(round=request.round)
    district = request.user.district_id or _int(request.GET.get("district") or request.POST.get("district"))
    if request.method == "POST" and district:
        ids = [pk for pk in map(_int, request.POST.getlist("received")) if pk]
        ticked = (
            interviews.in_district(district)
            .filter(pk__in=ids, paper_form_received_on__isnull=True)
            .update(paper_form_received_on=datetime.date.today(), paper_form_received_by=request.user)
        )
        messages.success(request, f"บันทึกการรับแบบฟอร์มกระดาษ {ticked} ฉบับแล้ว")
        return redirect(f"{request.path}?district={district}")
    context = {"summary": paper_form_summary(interviews=interviews), "district": district}
    if district:
        context["missing"] = (
            interviews.in_district(district)
            .filter(paper_form_received_on__isnull=True)
            .select_related("cardholder__subdistrict", "recorded_by")
            .order_by("interviewed_on", "id")[:500]
        )
    return render(request, "cardholders/paper_forms.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
