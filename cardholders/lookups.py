"""The allowance of ID lookups a user may make, and their access-log rows (issue 16, finding 3): every door
that answers whether an ID is a card holder the user may see (the 1.2 ID search, the 1.3 and 4.1 lookups,
profile reveals, the interview form) counts against one allowance per user (django-ratelimit on the
PostgreSQL cache table, `LOOKUP_RATE`) and is logged without the full ID."""

import functools
import math

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from welfare_portal.audit import access_log
from welfare_portal.models import AccessLog

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
