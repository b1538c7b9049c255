from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "การมอบหมายหน่วยงานพัฒนา"

    def ready(self):
        # The agency's decisions on its delegated list (รายชื่อที่ได้รับมอบหมาย) go through the same upload,
        # preview and progress pages as the registry's files: one guarded door for files.
        from cardholders.importers import IMPORTERS

        from .importers import DelegatedDecisionImporter

        IMPORTERS["delegated"] = DelegatedDecisionImporter
