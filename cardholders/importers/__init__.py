from .base import FileRejected, ImportResult, RowError
from .interviews import InterviewImporter
from .roster import RosterImporter

IMPORTERS = {"roster": RosterImporter, "interviews": InterviewImporter}

__all__ = ["IMPORTERS", "FileRejected", "ImportResult", "InterviewImporter", "RosterImporter", "RowError"]
