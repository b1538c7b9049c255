"""Which round a request looks at (issue 15): the one the user chose in the header's round picker, kept in
the session, or the current round. Views read `request.round` (set by RoundMiddleware); commands take
`--round CODE` through `round_from_option`. A closed round is read-only: `roles.requires()` refuses its writes."""

from django.core.management.base import CommandError
from django.utils.functional import SimpleLazyObject

from .models import Round

SESSION_KEY = "round_code"


def round_for(request) -> Round:
    """The round chosen in this session if it still exists, else the current one."""
    code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if code:
        chosen = Round.objects.filter(code=code).first()
        if chosen is not None:
            return chosen
    return Round.objects.current()


class RoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.round = SimpleLazyObject(lambda: round_for(request))
        return self.get_response(request)


def round_from_option(code: str | None) -> Round:
    """`--round CODE` of a command: that round, or the current one when not given."""
    if not code:
        return Round.objects.current()
    try:
        return Round.objects.get(code=code)
    except Round.DoesNotExist:
        known = ", ".join(Round.objects.values_list("code", flat=True)) or "-"
        raise CommandError(f"ไม่พบรอบการดำเนินงานรหัส {code} (รอบที่มี: {known})") from None


def add_round_argument(parser) -> None:
    parser.add_argument("--round", dest="round", metavar="CODE", help="รอบการดำเนินงาน เช่น 2561 (ไม่ระบุ: รอบปัจจุบัน)")
