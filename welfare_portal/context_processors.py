"""What every page's frame shows: the portal's version in the footer, and what the user may do."""

from importlib import metadata

from .models import Round
from .roles import Capability, can

try:
    VERSION = metadata.version("welfare-portal")
except metadata.PackageNotFoundError:  # run from a checkout that was never installed
    VERSION = "dev"


def portal(request):
    return {"portal_version": VERSION}


def capabilities(request):
    """`can.<capability>` for templates, e.g. `{% if can.interview %}` (welfare_portal/roles.py)."""
    user = getattr(request, "user", None)
    return {"can": {capability.value: can(user, capability) for capability in Capability}}


def rounds(request):
    """The header's round picker: the rounds, and the one this request looks at."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "round"):
        return {}
    return {"rounds": Round.objects.all(), "selected_round": request.round}
