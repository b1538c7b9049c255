"""The allowance of ID lookups a user may make, and their access-log rows (issue 16, finding 3): every door
that answers whether an ID is a card holder the user may see (the 1.2 ID search, the 1.3 and 4.1 lookups,
profile reveals, the interview form) counts against one allowance per user (django-ratelimit on the
PostgreSQL cache table, `LOOKUP_RATE`) and is logged without the full ID."""

import functools
import math
import re

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage
from stdnum.th import pin

from welfare_portal.audit import access_log
from welfare_portal.models import AccessLog
from welfare_portal.scope import sees_full_ids

from .models import Cardholder

LOOKUP_GROUP = "person-lookup"  # one allowance per user, shared by every door that looks up an ID


def lookup_wait(request) -> int | None:
    """Count one ID lookup by this user. None while within `LOOKUP_RATE` (30 a minute unless set), else the
    seconds until the allowance comes back."""
    rate = getattr(settings, "LOOKUP_RATE", "30/m")
    usage = get_usage(request, group=LOOKUP_GROUP, key="user", rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def too_many_lookups(request, wait: int):
    """A Thai page with 429, not the 403 django-ratelimit would raise."""
    minutes = max(math.ceil(wait / 60), 1)
    response = render(request, "too_many_lookups.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def limit_lookups(view):
    """Refuse a POSTed lookup once the user's allowance is used up."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            wait = lookup_wait(request)
            if wait is not None:
                return too_many_lookups(request, wait)
        return view(request, *args, **kwargs)

    return wrapped


def id_for_log(digits: str) -> str:
    """What an access-log row keeps of a typed ID: the masked form of a complete ID, else its length."""
    if len(digits) == 13:
        return Cardholder(national_id=digits).national_id_masked
    return f"เลข {len(digits)} หลัก"


def log_id_search(request, *, page: str, digits: str, found: int, person_id: int | None = None) -> None:
    outcome = f"พบ {found} คน" if found else "ไม่พบ"
    access_log(
        request, AccessLog.Action.SEARCH_ID, cardholder_id=person_id, detail=f"{page} {id_for_log(digits)} {outcome}"
    )


# ---- finding people by national ID (the lookups of 1.3 and 4.1, the ID search of 1.2) ------------------
# Logged without the full ID; roles that see masked IDs may look up complete, valid IDs only.

ID_SEARCH_REFUSED = "ค้นหาด้วยเลขประจำตัวประชาชนได้เฉพาะเลขครบ 13 หลักที่ถูกต้อง หรือค้นหาด้วยชื่อ-นามสกุล"


def id_digits(text: str) -> str | None:
    """The digits of a search that is a national ID (ASCII digits with dashes or spaces), else None."""
    digits = re.sub(r"[\s-]", "", text)
    return digits if re.fullmatch(r"[0-9]+", digits) else None


def id_search_refusal(user, digits: str) -> str:
    """Why `user` may not search by these digits ('' if they may). Roles that see masked IDs search by a
    complete, valid ID only: a prefix extended digit by digit would reveal every ID of a district."""
    if sees_full_ids(user) or pin.is_valid(digits):
        return ""
    return ID_SEARCH_REFUSED


def find_person_by_id(request, *, page: str, not_found: str, people=None):
    """The national-ID lookup of 1.3 and 4.1: POSTed (never in a URL), checked, within `people` (by default
    everyone the user may see), logged. Returns (person, error message)."""
    if request.method != "POST":
        return None, ""
    text = request.POST.get("national_id", "")
    if not pin.is_valid(text):
        return None, "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบ 13 หลัก"
    digits = pin.compact(text)
    if people is None:
        people = Cardholder.objects.for_user(request.user)
    person = people.filter(national_id=digits).first()
    log_id_search(
        request, page=page, digits=digits, found=int(person is not None), person_id=getattr(person, "pk", None)
    )
    return person, "" if person else not_found
