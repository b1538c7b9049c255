"""Finding people by national ID (the lookups of 1.3 and 4.1, the ID search of 1.2): logged without the full
ID (the allowance that limits them is cardholders/lookups.py), and roles that see masked IDs may look up
complete, valid IDs only."""

import re

from stdnum.th import pin

from cardholders.lookups import log_id_search
from cardholders.models import Cardholder
from welfare_portal.scope import sees_full_ids

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
