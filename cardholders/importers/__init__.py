from welfare_portal.roles import can

from .base import FileRejected, ImportResult, RowError
from .interviews import InterviewImporter
from .roster import RosterImporter

IMPORTERS = {"roster": RosterImporter, "interviews": InterviewImporter}


def kinds_for(user) -> list[str]:
    """The kinds of file this user may import (the development app adds progress files at start-up, the matching
    app the agency's delegated list), in ImportJob.Kind's order whichever app registered first."""
    from ..models import ImportJob

    order = list(ImportJob.Kind.values)
    kinds = [kind for kind, importer in IMPORTERS.items() if can(user, importer.capability)]
    return sorted(kinds, key=lambda kind: order.index(kind) if kind in order else len(order))


__all__ = ["IMPORTERS", "FileRejected", "ImportResult", "InterviewImporter", "RosterImporter", "RowError", "kinds_for"]
