from django.contrib import admin

from matching.admin import ReadOnlyAdmin

from .models import NameCheck


@admin.register(NameCheck)
class NameCheckAdmin(ReadOnlyAdmin):
    """Who checked which agency's list, when, and the six counts; the lists themselves are on the portal's
    pages, where IDs are masked and views are logged."""

    list_display = [
        "pk",
        "unit",
        "province",
        "status",
        "rows_read",
        "both",
        "assigned_only",
        "other_agency",
        "not_assigned",
        "not_cardholder",
        "invalid",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "unit", "province"]
    list_select_related = ["unit", "province", "created_by"]
    fields = list_display[1:] + ["original_name", "message", "finished_at"]
