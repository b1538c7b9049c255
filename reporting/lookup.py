"""Finding one person by national ID, as pages 1.3 and 4.1 do."""

from stdnum.th import pin

from cardholders.models import Cardholder


def find_person_by_id(request, *, not_found: str):
    """The national-ID search of 1.3 and 4.1: POSTed (never in a URL), checked, within the user's scope.
    Returns (person, error message)."""
    if request.method != "POST":
        return None, ""
    text = request.POST.get("national_id", "")
    if not pin.is_valid(text):
        return None, "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบ 13 หลัก"
    person = Cardholder.objects.for_user(request.user).filter(national_id=pin.compact(text)).first()
    return person, "" if person else not_found
