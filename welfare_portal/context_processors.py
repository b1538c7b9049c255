"""What every page's frame shows: the portal's version in the footer."""

from importlib import metadata

try:
    VERSION = metadata.version("welfare-portal")
except metadata.PackageNotFoundError:  # run from a checkout that was never installed
    VERSION = "dev"


def portal(request):
    return {"portal_version": VERSION}
