from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "การมอบหมายหน่วยงานพัฒนาและผลการพัฒนา"

    def ready(self):
        # Progress files go through the same upload, preview and progress pages as the registry's files.
        from cardholders.importers import IMPORTERS

        from .importers import DelegatedDecisionImporter, ProgressImporter

        IMPORTERS["progress"] = ProgressImporter
        # The agency's decisions on its delegated list (รายชื่อที่ได้รับมอบหมาย) too: one guarded door for files.
        IMPORTERS["delegated"] = DelegatedDecisionImporter
        # The progress file's template workbook, beside the registry's (cardholders/importers/template_workbooks.py).
        from cardholders.importers.template_workbooks import TEMPLATES

        from .import_templates import PROGRESS_TEMPLATE

        TEMPLATES["progress"] = PROGRESS_TEMPLATE
