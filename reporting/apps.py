from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "รายงาน"

    def ready(self):
        # Bulk imports collect their summary changes and apply them once, before they commit.
        from welfare_portal.bulk import register_deferred_upkeep

        from .summary_sql import defer_sql, flush_sql

        register_deferred_upkeep(start_sql=defer_sql(), finish_sql=flush_sql())
