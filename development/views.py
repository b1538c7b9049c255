"""Form 4.1 (แบบแจ้งผลการพัฒนาตนเอง): an agency or province user records one person's development; the
follow-ups of AO and ทีม ปรจ.

Both work in the round chosen in the header (`request.round`, issue 15): form 4.1 opens for people with an
active assignment of that round and shows and writes that round's progress (a person's progress of an
earlier round stays as it was); a follow-up is recorded in it. A closed round refuses the writes
(`roles.requires`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from cardholders.lookups import find_person_by_id, limit_lookups
from cardholders.models import Cardholder
from matching.models import Assignment
from matching.selectors import progress_people
from matching.services import MatchingError
from welfare_portal.audit import access_log
from welfare_portal.menu import ITEMS
from welfare_portal.models import AccessLog, Role
from welfare_portal.roles import Capability, requires
from welfare_portal.scope import sees_full_ids

from .forms import FollowUpForm, ProgressForm
from .models import Progress
from .services import ProgressConflict, progress_record


def _active_assignments(user, round):
    return Assignment.objects.for_user(user).active().filter(round=round)


@requires(Capability.PROGRESS)
@limit_lookups
def progress_lookup(request):
    person, error = find_person_by_id(
        request,
        page="4.1",
        people=progress_people(request.user, request.round),
        not_found="ไม่พบผู้มีบัตรฯ รายนี้ในรายชื่อที่ได้รับมอบหมายหน่วยงานพัฒนาซึ่งท่านรับผิดชอบ",
    )
    if person is not None:
        return redirect("progress_form", pk=person.pk)
    return render(request, "reporting/person_lookup.html", {"item": ITEMS["4.1"], "error": error})


@requires(Capability.PROGRESS)
def progress_form(request, pk):
    person = progress_people(request.user, request.round).select_related("subdistrict__district").filter(pk=pk).first()
    if person is None:
        raise Http404("ไม่พบผู้มีบัตรฯ รายนี้")
    access_log(request, AccessLog.Action.VIEW_PROGRESS, cardholder_id=person.pk)
    assignment = (
        _active_assignments(request.user, request.round)
        .select_related("unit", "project", "development_province")
        .filter(cardholder=person)
        .first()
    )
    records = Progress.objects.filter(cardholder=person, round=request.round).select_related(
        "unit", "project", "development_province"
    )
    if request.user.role == Role.UNIT:
        records = records.filter(unit_id=request.user.unit_id)
    form = ProgressForm(
        request.POST or None,
        user=request.user,
        cardholder=person,
        assignment=assignment,
        initial=_initial(assignment, records),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress_record(
                cardholder=person,
                assignment=assignment,
                unit=data["unit"],
                project=data["project"],
                province=data["province"],
                status=data["status"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                user=request.user,
                expected_version=data["version"] or 0,
            )
        except ProgressConflict as conflict:
            # Keep what this user typed, show the other save below, and let them decide knowingly.
            messages.error(request, str(conflict))
            latest = Progress.objects.filter(cardholder=person, round=request.round, project=data["project"]).first()
            form.data = form.data.copy()
            form.data["version"] = latest.version if latest else 0
        except MatchingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"บันทึกผลการพัฒนาของ {person.full_name} เรียบร้อยแล้ว")
            return redirect("progress_form", pk=person.pk)
    context = {
        "item": ITEMS["4.1"],
        "person": person,
        "assignment": assignment,
        "records": records,
        "form": form,
        "national_id": person.national_id_for(reveal=sees_full_ids(request.user)),  # masked as on the profile
        "round": request.round,
    }
    return render(request, "development/progress_form.html", context)


def _initial(assignment, records):
    """Prefill from the progress already recorded for the assigned project, else from the assignment."""
    if assignment is None:
        return {"version": 0}
    existing = next((r for r in records if r.project_id == assignment.project_id), None)
    if existing is not None:
        return {
            "unit": existing.unit_id,
            "project": existing.project_id,
            "province": existing.development_province_id,
            "status": existing.status,
            "started_on": existing.started_on,
            "ended_on": existing.ended_on,
            "version": existing.version,
        }
    return {
        "unit": assignment.unit_id,
        "project": assignment.project_id,
        "province": assignment.development_province_id,
        "version": 0,
    }


@requires(Capability.FOLLOW_UP)
def follow_up_new(request, pk):
    """Steps 10-13: AO follow-ups (February, September) and the ทีม ปรจ. result (December), in the round
    chosen in the header."""
    person = Cardholder.objects.for_user(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404("ไม่พบผู้มีบัตรฯ รายนี้")
    form = FollowUpForm(request.POST or None, user=request.user, cardholder=person, round=request.round)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"บันทึกการติดตามผลของ {person.full_name} แล้ว")
        return redirect("profile", pk=person.pk)
    follow_ups = person.follow_ups.filter(round=request.round).select_related("recorded_by")
    return render(
        request,
        "development/follow_up_form.html",
        {"form": form, "person": person, "round": request.round, "follow_ups": follow_ups},
    )
