from cardholders.importers import InterviewImporter
from cardholders.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import interviews (ผลการสัมภาษณ์) from .xlsx/.csv; the people must already be in the roster."
    importer_class = InterviewImporter
