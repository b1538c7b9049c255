from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "การมอบหมายหน่วยงานพัฒนาและผลการพัฒนา"

    def ready(self):
        # Progress files go through the same upload, preview and progress pages as the registry's files.
        from cardholders.importers import IMPORTERS

        from .importers import ProgressImporter

        IMPORTERS["progress"] = ProgressImporter
