from welfare_portal.roles import can

from .base import FileRejected, ImportResult, RowError
from .interviews import InterviewImporter
from .roster import RosterImporter

IMPORTERS = {"roster": RosterImporter, "interviews": InterviewImporter}


def kinds_for(user) -> list[str]:
    """The kinds of file this user may import (the matching app adds progress files at start-up)."""
    return [kind for kind, importer in IMPORTERS.items() if can(user, importer.capability)]


__all__ = ["IMPORTERS", "FileRejected", "ImportResult", "InterviewImporter", "RosterImporter", "RowError", "kinds_for"]
