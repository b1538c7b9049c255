"""Read-side queries for the matching pages."""

from django.db.models import Count, Exists, OuterRef, Q

from cardholders.models import Cardholder, Interview
from welfare_portal.models import Project, Province
from welfare_portal.roles import Capability, can

from .models import Assignment, Capacity, DelegatedCase, MatchingRun


def run_summary_by_project(*, run: MatchingRun) -> list[dict]:
    """Per project chosen by anyone in the run: seats, matched at rank 1/2/3, and seats left."""
    matched = {
        row["project_id"]: row
        for row in run.entries.exclude(project=None)
        .values("project_id")
        .annotate(
            r1=Count("id", filter=Q(rank=1)),
            r2=Count("id", filter=Q(rank=2)),
            r3=Count("id", filter=Q(rank=3)),
        )
    }
    capacities = dict(
        Capacity.objects.filter(round_id=run.round_id, province=run.province).values_list("project_id", "seats")
    )
    used_before = dict(
        Assignment.objects.active()
        .filter(round_id=run.round_id, development_province=run.province, confirmed_at__lt=run.created_at)
        .values_list("project_id")
        .annotate(n=Count("id"))
    )
    wanted = set(matched) | set(
        run.entries.values_list("interview__choice_1_id", flat=True).distinct()
    )  # projects someone asked for first
    rows = []
    for project in (
        Project.objects.filter(pk__in=wanted | set(capacities)).select_related("unit").order_by("unit_id", "code")
    ):
        row = matched.get(project.pk, {"r1": 0, "r2": 0, "r3": 0})
        seats = capacities.get(project.pk)
        total = row["r1"] + row["r2"] + row["r3"]
        left = None if seats is None else seats - used_before.get(project.pk, 0) - total
        rows.append(
            {
                "project": project,
                "seats": seats,
                "r1": row["r1"],
                "r2": row["r2"],
                "r3": row["r3"],
                "total": total,
                "left": left,
            }
        )
    return rows


def capacities_for(*, province, round) -> list[dict]:
    used = dict(
        Assignment.objects.active()
        .filter(round=round, development_province=province)
        .values_list("project_id")
        .annotate(n=Count("id"))
    )
    capacities = dict(Capacity.objects.filter(round=round, province=province).values_list("project_id", "seats"))
    return [
        {"project": p, "seats": capacities.get(p.pk), "used": used.get(p.pk, 0)}
        for p in Project.objects.select_related("unit").order_by("unit_id", "code")
    ]


def assignments_as_of(*, user, as_of, round):
    """The round's confirmed assignments in force on `as_of` (Bangkok dates)."""
    return (
        Assignment.objects.for_user(user)
        .filter(round=round, confirmed_at__date__lte=as_of)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gt=as_of))
    )


NOT_STARTED = Assignment.DevelopmentStatus.NOT_STARTED
NOTIFIED = Assignment.DevelopmentStatus.NOTIFIED
# Development not started yet: nothing reported, or the agency has only told the person.
WAITING = (NOT_STARTED, NOTIFIED)


def assignments_with_progress_status(*, user, round):
    """The round's active assignments; `progress_status` is what the agency last reported (kept by a trigger)."""
    return Assignment.objects.for_user(user).active().filter(round=round)


def run_people(*, run: MatchingRun):
    """Everyone of a run, with the project proposed (none: to be interviewed again), for the list and its
    export; paged by id (the entries of a run are written together, so its ids are one range)."""
    return run.entries.select_related("cardholder__subdistrict__district", "project__unit", "interview")


def delegation_candidates(*, province, unit, round):
    """Who a delegation to `unit` would hand over now: the same people delegation_create inserts (current
    rank-1 choice in the round one of the agency's projects, no active assignment in it, not delegated already)."""
    low, high = Province.subdistrict_range(province.pk)
    active = Assignment.objects.filter(cardholder_id=OuterRef("cardholder_id"), round=round, ended_at__isnull=True)
    delegated = DelegatedCase.objects.filter(interview_id=OuterRef("pk"))
    return (
        Interview.objects.filter(
            round=round, is_current=True, choice_1__unit=unit, cardholder__subdistrict__code__range=(low, high)
        )
        .exclude(Exists(active))
        .exclude(Exists(delegated))
        .select_related("cardholder__subdistrict__district", "choice_1")
    )


# ---- whose development a user may record: the people assigned within the user's scope ------------------
# Form 4.1 (development/views.py) opens only for them and the progress import refuses everyone else; list
# pages link a row to the form only where it opens (the delegated list here, 4.2, 3.5, the name check).


def progress_people(user, round):
    """Who form 4.1 opens for in the round: people within the user's scope with an active assignment of the
    round that the user may see. The progress import refuses everyone else, and so does the form."""
    active = Assignment.objects.for_user(user).active().filter(round=round, cardholder_id=OuterRef("pk"))
    return Cardholder.objects.for_user(user).filter(Exists(active))


def progress_openable(user, person_ids, round) -> set[int]:
    """Of `person_ids`, those form 4.1 opens for this user in the round (as the profile decides): one query
    for a page of a list, and nobody for a role that records no progress."""
    ids = {pk for pk in person_ids if pk is not None}
    if not can(user, Capability.PROGRESS) or not ids:
        return set()
    return set(progress_people(user, round).filter(pk__in=ids).values_list("pk", flat=True))
