from cardholders.importers.command import ImportCommand
from matching.importers import ProgressImporter


class Command(ImportCommand):
    help = "Import development progress (แบบแจ้งผลการพัฒนาตนเอง) from .xlsx/.csv, one row per person and project."
    importer_class = ProgressImporter
