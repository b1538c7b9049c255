"""What every page's frame shows: the portal's version in the footer, and what the user may do."""

from importlib import metadata

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
