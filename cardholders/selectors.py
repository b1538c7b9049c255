"""Read-side queries over people and interviews, always through `.for_user(user)`."""

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q

from welfare_portal.models import BasicNeed

from .models import Cardholder, Interview, RosterEntry


def on_roster(people, round):
    """Those of `people` on the round's roster (who held a card in that round): one index probe each."""
    return people.filter(Exists(RosterEntry.objects.filter(cardholder=OuterRef("pk"), round=round)))


def cardholder_counts_by_subdistrict(*, user, round) -> Counter:
    rows = on_roster(Cardholder.objects.for_user(user), round).values_list("subdistrict_id").annotate(n=Count("id"))
    return Counter(dict(rows))


def interview_status_counts_by_subdistrict(*, user, round) -> dict[int, tuple[int, int]]:
    """subdistrict code → (card holders on the round's roster, of whom interviewed in the round)."""
    current = Interview.objects.filter(cardholder=OuterRef("pk"), round=round, is_current=True)
    rows = (
        on_roster(Cardholder.objects.for_user(user), round)
        .values_list("subdistrict_id")
        .annotate(total=Count("id"), interviewed=Count("id", filter=Q(Exists(current))))
    )
    return {code: (total, interviewed) for code, total, interviewed in rows}


def interview_needs_by_subdistrict(*, user, round) -> dict[int, Counter]:
    """subdistrict code → Counter of: interviews, group 1/2, rank-1 agency codes, needs, skills (the round's)."""
    result: dict[int, Counter] = {}
    rows = (
        Interview.objects.for_user(user)
        .current()
        .filter(round=round)
        .values_list("cardholder__subdistrict_id", "group", "choice_1__unit__code")
        .annotate(
            n=Count("id"),
            needs=Count("id", filter=~Q(basic_needs=[])),
            skills=Count("id", filter=Q(skill__isnull=False)),
        )
    )
    for subdistrict, group, unit_code, n, needs, skills in rows:
        counter = result.setdefault(subdistrict, Counter())
        counter["interviews"] += n
        counter[f"group:{group}"] += n
        counter[f"unit:{unit_code}"] += n
        counter["needs"] += needs
        counter["skills"] += skills
    return result


def people_in_district(*, user, district: int, round, q: str = ""):
    """The people of a district on the round's roster (1.2), optionally searched by ID prefix or name."""
    people = on_roster(Cardholder.objects.for_user(user).in_district(district), round)
    people = people.select_related("subdistrict__district")
    q = q.strip()
    if q:
        digits = q.replace("-", "").replace(" ", "")
        if digits.isdigit():
            people = people.filter(national_id__startswith=digits)
        else:
            parts = q.split()
            for part in parts:
                people = people.filter(Q(first_name__icontains=part) | Q(last_name__icontains=part))
    return people.order_by("subdistrict_id", "id")


def people_with_interview_status(
    *, user, round, district: int | None = None, province: int | None = None, status: str = ""
):
    """The people on the round's roster of a district (or a province, or everyone the user sees when
    neither), interviewed in the round or not."""
    current = Interview.objects.filter(cardholder=OuterRef("pk"), round=round, is_current=True)
    people = on_roster(Cardholder.objects.for_user(user), round)
    if district:
        people = people.in_district(district)
    elif province:
        people = people.in_province(province)
    people = people.select_related("subdistrict__district__province").annotate(interviewed=Exists(current))
    if status == "done":
        people = people.filter(interviewed=True)
    elif status == "waiting":
        people = people.filter(interviewed=False)
    return people.order_by("subdistrict_id", "id")


def cardholder_profile(*, user, pk: int):
    """The person with everything 1.3 shows, or None when the user may not see them."""
    person = Cardholder.objects.for_user(user).select_related("subdistrict__district__province").filter(pk=pk).first()
    if person is None:
        return None
    person.interview_history = list(
        person.interviews.select_related(
            "choice_1__unit", "choice_2__unit", "choice_3__unit", "skill", "recorded_by"
        ).order_by("-interviewed_on", "-id")
    )
    names = dict(BasicNeed.objects.values_list("code", "name_th"))
    for interview in person.interview_history:
        interview.need_names = [names.get(code, code) for code in interview.basic_needs]
    return person


def paper_form_summary(*, interviews) -> list[dict]:
    """Per district: interviews recorded, paper forms received, still missing."""
    from django.db.models.functions import Floor

    from welfare_portal.models import District

    rows = (
        interviews.annotate(district=Floor(F("cardholder__subdistrict_id") / 100))
        .values("district")
        .annotate(total=Count("id"), received=Count("id", filter=Q(paper_form_received_on__isnull=False)))
        .order_by("district")
    )
    names = {d.code: d.name_th for d in District.objects.filter(code__in=[int(r["district"]) for r in rows])}
    return [
        {
            "code": int(r["district"]),
            "name": names.get(int(r["district"]), ""),
            "total": r["total"],
            "received": r["received"],
            "missing": r["total"] - r["received"],
        }
        for r in rows
    ]


def interviews_as_of(*, user, as_of, round):
    """Each person's interview of the round that was current on `as_of`: their latest dated on or before it."""
    import datetime

    interviews = Interview.objects.for_user(user).filter(round=round)
    if as_of >= datetime.date.today():
        return interviews.current()
    latest = (
        Interview.objects.filter(round=round, interviewed_on__lte=as_of)
        .order_by("cardholder_id", "-interviewed_on", "-id")
        .distinct("cardholder_id")
        .values("pk")
    )
    return interviews.filter(pk__in=latest)


def count_by_subdistrict(queryset, *, subdistrict: str, key: str | None = None, **counts) -> dict[int, Counter]:
    """subdistrict code → Counter: per value of `key` (if given) and per named filtered count."""
    fields = [subdistrict] + ([key] if key else [])
    annotations = {"n": Count("id"), **{name: Count("id", filter=q) for name, q in counts.items()}}
    result: dict[int, Counter] = {}
    for row in queryset.values(*fields).annotate(**annotations).order_by():
        counter = result.setdefault(row[subdistrict], Counter())
        counter["total"] += row["n"]
        if key:
            counter[row[key]] += row["n"]
        for name in counts:
            counter[name] += row[name]
    return result
