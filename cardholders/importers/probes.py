"""Out-of-scope IDs in a province's roster (issue #16, finding 8).

A roster row whose ID belongs to a card holder of another province cannot be imported by a province, and
the check says so: without care that turns the preview into an oracle (a file of arbitrary IDs, checked
and rolled back, answered which of them hold a card elsewhere). So such a row gets the same words as a row
outside the user's area for any other reason (roster.OUTSIDE_SCOPE), every file with such rows is an
AccessLog row (PROBE_OUTSIDE, the count only, no ID), and a user gets a budget of PROBE_LIMIT such rows in
any PROBE_WINDOW: a file names at most what is left of it (the rest only counted), and once it is spent the
import pages refuse that user's files until the window has passed. A province's real roster has a few
people who moved; a probe has hundreds.
"""

import datetime

from django.utils import timezone

from welfare_portal.models import AccessLog

from .uploads import UploadRejected

PROBE_LIMIT = 100  # out-of-scope rows a user may be told about in PROBE_WINDOW
PROBE_WINDOW = datetime.timedelta(hours=1)


def _recent(user):
    since = timezone.now() - PROBE_WINDOW
    return AccessLog.objects.filter(user=user, action=AccessLog.Action.PROBE_OUTSIDE, at__gte=since)


def probes_spent(user) -> int:
    """Out-of-scope rows found in this user's files within the window."""
    return sum(int(detail) for detail in _recent(user).values_list("detail", flat=True) if detail.isdigit())


def probes_left(user) -> int | None:
    """How many more out-of-scope rows this user's files may name; None without a limit (the command line)."""
    if user is None or not getattr(user, "pk", None):
        return None
    return max(PROBE_LIMIT - probes_spent(user), 0)


def probe_log(user, count: int) -> None:
    if count and user is not None and getattr(user, "pk", None):
        AccessLog.objects.create(user=user, action=AccessLog.Action.PROBE_OUTSIDE, detail=str(count))


def check_not_probing(user) -> None:
    """Refuse another upload from a user whose files named too many IDs outside their area lately."""
    if user is None or probes_spent(user) < PROBE_LIMIT:
        return
    # The time enough of the window's rows have aged out of it to bring the count under the limit.
    spent, until = probes_spent(user), timezone.now()
    for at, detail in _recent(user).order_by("at").values_list("at", "detail"):
        spent -= int(detail) if detail.isdigit() else 0
        until = at + PROBE_WINDOW
        if spent < PROBE_LIMIT:
            break
    until = timezone.localtime(until)
    raise UploadRejected(
        "ไฟล์ที่ท่านส่งในช่วงนี้มีเลขประจำตัวประชาชนนอกเขตที่ท่านรับผิดชอบจำนวนมาก "
        f"ระบบจึงงดรับไฟล์จากบัญชีนี้ชั่วคราว ส่งไฟล์ได้อีกครั้งหลังเวลา {until:%H:%M} น. "
        "หากต้องการย้ายผู้มีบัตรฯ ระหว่างจังหวัด กรุณาแจ้ง ศทส.สป.กค."
    )
