from cardholders.importers import RosterImporter
from cardholders.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import a roster (ทะเบียนผู้มีบัตรฯ) .xlsx/.csv file: upsert card holders by national ID."
    importer_class = RosterImporter
