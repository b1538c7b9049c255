from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = "ผลการพัฒนาและการติดตามผล"

    def ready(self):
        # Progress files go through the same upload, preview and progress pages as the registry's files.
        from cardholders.importers import IMPORTERS
        from cardholders.importers.template_workbooks import TEMPLATES

        from .import_templates import PROGRESS_TEMPLATE
        from .importers import ProgressImporter

        IMPORTERS["progress"] = ProgressImporter
        # The progress file's template workbook, beside the registry's (cardholders/importers/template_workbooks.py).
        TEMPLATES["progress"] = PROGRESS_TEMPLATE
