import dataclasses
import secrets
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from cardholders import selectors as people
from cardholders.importers import spreadsheets
from cardholders.lookups import (
    find_person_by_id,
    id_digits,
    id_for_log,
    id_search_refusal,
    limit_lookups,
    log_id_search,
    lookup_wait,
    too_many_lookups,
)
from cardholders.models import Cardholder
from development.models import Progress
from development.province_result import province_result_xlsx
from development.views import progress_lookup
from matching.models import Assignment, Transfer
from matching.selectors import progress_openable, progress_people
from welfare_portal.audit import AuditChannel, access_log
from welfare_portal.menu import ITEMS
from welfare_portal.models import AccessLog, DevelopmentUnit, Province, Round
from welfare_portal.pagination import keyset_page
from welfare_portal.roles import Capability, can, requires
from welfare_portal.scope import sees_full_ids

from .exports import csv_response, xlsx_response
from .forms import ReportFilterForm
from .reports import REPORTS, ListReport, as_of_label, as_seen_by, file_stem, report_for, thai_cell


@login_required
def home(request):
    return render(request, "reporting/home.html")


@login_required
def menu_page(request, item_id):
    item = ITEMS.get(item_id)
    if item is None:
        raise Http404("ไม่พบเมนูนี้")
    if item_id == "1.3":
        return profile_search(request)
    if item_id == "4.1":
        return progress_lookup(request)
    if item.url_name:  # a page of its own (4.3, the name check)
        return redirect(item.url)
    if item_id not in REPORTS:
        return render(request, "reporting/not_ready.html", {"item": item}, status=501)
    if item_id == "1.2" and request.method == "POST":
        return search_people(request)
    form = ReportFilterForm(request.GET, user=request.user, round=request.round)
    filters = form.filters
    token = form.cleaned_data.get("search")
    if item_id == "1.2" and token:
        text = _search_text(request, token)
        if text is None:
            messages.info(request, "ผลการค้นหานี้หมดอายุแล้ว กรุณาค้นหาอีกครั้ง")
            return redirect(f"{request.path}?{filters.query()}")
        filters = dataclasses.replace(filters, q=text, search=token)
    report = report_for(item_id, filters)
    export = request.GET.get("format")
    # A file of something other than what was asked is worse than none: a refused value shows the page instead.
    if export in ("csv", "xlsx") and not form.errors and not (isinstance(report, ListReport) and report.needs(filters)):
        if isinstance(report, ListReport):
            access_log(request, AccessLog.Action.EXPORT_LIST, detail=f"{item.id} {filters.query()} ({export})")
        if export == "csv":
            return csv_response(report, request.user, filters)
        return xlsx_response(report, request.user, filters, title=f"{item.id} {report.title}")
    context = {
        "item": item,
        "report": report,
        "filters": filters,
        "form": form,
        "as_of_label": as_of_label(filters.as_of),
        "hidden_filters": report.hidden(filters),
        "may_download_province_result": can(request.user, Capability.PROVINCE_RESULT),
    }
    if isinstance(report, ListReport) and report.titled:
        context["list_heading"] = report.heading(as_seen_by(request.user, filters))
        context["back_query"] = report.back(filters)
    if item_id == "1.2":
        context["search_label"] = _search_label(request.user, filters.q)
        context["unsearched_query"] = filters.query(search=None)
    if isinstance(report, ListReport):
        context["missing"] = report.needs(filters)
        if not context["missing"]:
            page = keyset_page(
                report.queryset(request.user, filters),
                keys=report.keys,
                cursor=request.GET.get("cursor"),
                direction=request.GET.get("go", ""),
            )
            reveal = sees_full_ids(request.user)
            persons = [report.person_of(obj) for obj in page.objects]
            context["page"] = page
            context["rows"] = [
                ([thai_cell(cell) for cell in report.row(page.start + i, obj, reveal=reveal)], person)
                for i, (obj, person) in enumerate(zip(page.objects, persons, strict=True))
            ]
            # Form 4.1 is linked from a row only where it opens for this user (see progress_openable).
            context["progress_column"] = can(request.user, Capability.PROGRESS)
            context["progress_ids"] = progress_openable(request.user, [person.pk for person in persons], request.round)
    else:
        context["table"] = report.table(request.user, filters)
    return render(request, "reporting/report.html", context)


# ---- the 1.2 search: POSTed, kept in the session under a random id ---------------------------------------

SEARCHES = "reporting_searches"  # session key
SEARCH_SECONDS = 30 * 60  # a search id lives this long after its last use
SEARCHES_KEPT = 20


def _now() -> float:
    return time.time()


def search_people(request):
    """The 1.2 search form (POST, CSRF): check the text, count and log an ID search, keep the text in the
    session and redirect to the list with a random search id, so no name or ID digit goes into a URL
    (browser history, proxy logs, Referer), pages and exports included."""
    post = request.POST
    form = ReportFilterForm(
        {name: post[name] for name in ("province", "district") if name in post}, user=request.user, round=request.round
    )
    filters = form.filters
    back = f"{request.path}?{filters.query()}"
    # A refused district is named, and the search goes on without it: an ID typed is still counted and logged.
    for problem in form.problems:
        messages.error(request, problem)
    text = " ".join(post.get("q", "").split())[:100]
    if not text:
        return redirect(back)
    if "\x00" in text:
        messages.error(request, "คำค้นหาไม่ถูกต้อง")
        return redirect(back)
    digits = id_digits(text)
    if digits is not None:
        wait = lookup_wait(request)
        if wait is not None:
            return too_many_lookups(request, wait)
        refusal = id_search_refusal(request.user, digits)
        found, person = 0, None
        if filters.district and not refusal:
            matches = REPORTS["1.2"].queryset(request.user, dataclasses.replace(filters, q=digits))
            found = matches.count()
            person = matches.first() if found == 1 else None
        log_id_search(request, page="1.2", digits=digits, found=found, person_id=getattr(person, "pk", None))
        if refusal:
            messages.error(request, refusal)
            return redirect(back)
    return redirect(f"{request.path}?{filters.query(search=_search_save(request, text))}")


def _search_save(request, text: str) -> str:
    now = _now()
    kept = {k: v for k, v in request.session.get(SEARCHES, {}).items() if now - v["at"] <= SEARCH_SECONDS}
    token = secrets.token_urlsafe(9)
    kept[token] = {"q": text, "at": now}
    request.session[SEARCHES] = dict(sorted(kept.items(), key=lambda kv: kv[1]["at"])[-SEARCHES_KEPT:])
    return token


def _search_text(request, token: str) -> str | None:
    """The text of this session's search `token`, or None when unknown or expired."""
    searches = request.session.get(SEARCHES, {})
    search = searches.get(token)
    if not isinstance(search, dict) or _now() - search.get("at", 0) > SEARCH_SECONDS:
        return None
    search["at"] = _now()
    request.session.modified = True
    return search["q"]


def _search_label(user, text: str) -> str:
    """The search as the page repeats it: a typed ID masked for roles that see masked IDs."""
    digits = id_digits(text) if text else None
    if digits is not None and not sees_full_ids(user):
        return id_for_log(digits)
    return text


@login_required
@limit_lookups
def profile_search(request):
    person, error = find_person_by_id(request, page="1.3", not_found="ไม่พบผู้มีบัตรฯ รายนี้ในขอบเขตที่ท่านเข้าถึงได้")
    if person is not None:
        return redirect("profile", pk=person.pk)
    return render(request, "reporting/person_lookup.html", {"item": ITEMS["1.3"], "error": error})


@login_required
def profile(request, pk):
    person = people.cardholder_profile(user=request.user, pk=pk)
    if person is None:
        raise Http404("ไม่พบผู้มีบัตรฯ รายนี้")
    reveal = sees_full_ids(request.user)
    if request.method == "POST" and request.POST.get("reveal") == "1":
        # A reveal unmasks an ID as a lookup does: the same allowance, or looping over pks reads them all.
        wait = lookup_wait(request)
        if wait is not None:
            return too_many_lookups(request, wait)
        access_log(request, AccessLog.Action.REVEAL_ID, cardholder_id=person.pk)
        reveal = True
    else:
        access_log(request, AccessLog.Action.VIEW_PROFILE, cardholder_id=person.pk)
    # Imported here, not at the top: this function's owner edits only this function (issue 12).
    from matching.models import ReinterviewRequest

    can_record_progress = (
        can(request.user, Capability.PROGRESS)
        and progress_people(request.user, request.round).filter(pk=person.pk).exists()
    )
    context = {
        "reinterview": ReinterviewRequest.objects.filter(cardholder=person, run__round=request.round)
        .open()
        .select_related("run")
        .first(),
        "can_record_progress": can_record_progress,
        "can_interview": can(request.user, Capability.INTERVIEW),
        "item": ITEMS["1.3"],
        "person": person,
        "rounds": _profile_rounds(person, request.round),
        "can_decide": can(request.user, Capability.MATCHING),
        "can_follow_up": can(request.user, Capability.FOLLOW_UP),
        "national_id": person.national_id_for(reveal=reveal),
        "revealed": reveal,
        "can_audit": can(request.user, Capability.AUDIT),
    }
    return render(request, "reporting/profile.html", context)


AUDITED = [  # (app, event model, how it points at the person, what it is)
    ("cardholders", "CardholderEvent", "pgh_obj_id", "ข้อมูลบุคคล"),
    ("cardholders", "InterviewEvent", "cardholder_id", "แบบประเมิน"),
    ("matching", "AssignmentEvent", "cardholder_id", "การมอบหมาย"),
    ("development", "ProgressEvent", "cardholder_id", "ผลการพัฒนา"),
    ("development", "FollowUpEvent", "cardholder_id", "การติดตามผล"),
]
EVENT_LABELS = {"insert": "เพิ่ม", "update": "แก้ไข", "delete": "ลบ"}
CHANNEL_LABELS = dict(AuditChannel.choices)


def _profile_rounds(person, chosen: Round) -> list[dict]:
    """The person's record as one section per round, newest first: the round chosen in the header always,
    the others where the person has anything in them (a person matched in 2561 and interviewed again in
    2562 keeps 2561's assignment and history)."""
    sections = {}

    def section(round_id):
        return sections.setdefault(
            round_id,
            {"interviews": [], "assignments": [], "transfers": [], "progress": [], "follow_ups": [], "roster": False},
        )

    section(chosen.pk)
    for interview in person.interview_history:
        section(interview.round_id)["interviews"].append(interview)
    assignments = (
        Assignment.objects.filter(cardholder=person)
        .select_related("project", "unit", "development_province", "decided_by")
        .order_by("-confirmed_at", "-id")
    )
    for assignment in assignments:
        section(assignment.round_id)["assignments"].append(assignment)
    transfers = Transfer.objects.filter(assignment__cardholder=person).select_related(
        "assignment", "to_province", "from_province"
    )
    for transfer in transfers:
        section(transfer.assignment.round_id)["transfers"].append(transfer)
    for record in Progress.objects.filter(cardholder=person).select_related("unit", "project", "development_province"):
        section(record.round_id)["progress"].append(record)
    for follow_up in person.follow_ups.select_related("recorded_by"):
        section(follow_up.round_id)["follow_ups"].append(follow_up)
    for round_id in person.roster_entries.values_list("round_id", flat=True):
        section(round_id)["roster"] = True
    rounds = Round.objects.in_bulk(list(sections))
    ordered = sorted(sections, key=lambda pk: rounds[pk].code, reverse=True)
    return [{"round": rounds[pk], "chosen": pk == chosen.pk, **sections[pk]} for pk in ordered]


@requires(Capability.AUDIT)
def person_audit(request, pk):
    """Central users read a person's whole trail: every change (who, when, through which channel, what)
    and every time someone opened, exported or revealed them."""
    from django.apps import apps

    person = Cardholder.objects.for_user(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404("ไม่พบผู้มีบัตรฯ รายนี้")
    from welfare_portal.models import User

    events = []
    for app, model_name, link, what in AUDITED:
        model = apps.get_model(app, model_name)
        for event in model.objects.filter(**{link: pk}).select_related("pgh_context"):
            metadata = event.pgh_context.metadata if event.pgh_context else {}
            events.append(
                {
                    "at": event.pgh_created_at,
                    "what": what,
                    "label": EVENT_LABELS.get(event.pgh_label, event.pgh_label),
                    "user_id": metadata.get("user"),
                    "channel": CHANNEL_LABELS.get(metadata.get("channel"), metadata.get("channel") or "-"),
                    "changes": _changes(event),
                }
            )
    names = dict(
        User.objects.filter(pk__in={e["user_id"] for e in events if e["user_id"]}).values_list("pk", "username")
    )
    for event in events:
        event["user"] = names.get(event["user_id"], "ระบบ")
    events.sort(key=lambda e: e["at"], reverse=True)
    reads = AccessLog.objects.filter(cardholder_id=pk).select_related("user")[:500]
    return render(request, "reporting/audit.html", {"person": person, "events": events, "reads": reads})


def _changes(event) -> str:
    skip = {"id", "pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context", "created_at", "updated_at"}
    values = []
    for field in event._meta.concrete_fields:
        if field.name in skip or field.name.startswith("pgh_"):
            continue
        value = getattr(event, field.attname)
        if value not in (None, "", []):
            values.append(f"{field.verbose_name}: {value}")
    return "; ".join(values)


@requires(Capability.PROVINCE_RESULT)
def province_result(request):
    """The formatted XLSX a province sends: its own for a province account, any for central."""
    form = ReportFilterForm(request.GET, user=request.user, round=request.round)
    filters = form.filters
    if form.errors:  # back to the page the link came from, which names the refused values
        return redirect(f"{reverse('menu_page', args=['4.2'])}?{request.GET.urlencode()}")
    province = Province.objects.filter(code=filters.province).first()
    if province is None:
        raise Http404("กรุณาเลือกจังหวัด")
    unit = DevelopmentUnit.objects.filter(code=filters.unit).first() if filters.unit else None
    content = province_result_xlsx(
        user=request.user, province=province, as_of=filters.as_of, unit=unit, round=request.round
    )
    name = file_stem("ผลการดำเนินงาน", dataclasses.replace(filters, district=None), listing=False)
    return spreadsheets.xlsx_response(content, f"{name}.xlsx")
