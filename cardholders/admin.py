from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Cardholder, ImportJob, Interview
from .resources import CardholderResource, InterviewResource


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists go through the same scope as every page."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(Cardholder)
class CardholderAdmin(ScopedAdmin, ImportExportModelAdmin):
    resource_classes = [CardholderResource]
    list_display = ["national_id", "first_name", "last_name", "subdistrict"]
    list_select_related = ["subdistrict"]
    search_fields = ["=national_id", "first_name", "last_name"]
    raw_id_fields = ["subdistrict"]
    show_full_result_count = False


@admin.register(Interview)
class InterviewAdmin(ScopedAdmin, ImportExportModelAdmin):
    resource_classes = [InterviewResource]
    list_display = ["cardholder", "interviewed_on", "group", "choice_1", "is_current", "channel"]
    list_filter = ["group", "is_current", "channel"]
    list_select_related = ["cardholder", "choice_1"]
    raw_id_fields = ["cardholder", "recorded_by", "paper_form_received_by"]
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "uploaded_by", "created", "updated", "unchanged", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]
