from django.contrib import admin

from .models import Assignment, Capacity, Delegation, MatchingRun, Transfer


@admin.register(Capacity)
class CapacityAdmin(admin.ModelAdmin):
    """Central users set, per province, how many people each project can take (no row: unlimited)."""

    list_display = ["round", "province", "project", "seats"]
    list_editable = ["seats"]
    list_filter = ["round", "province", "project__unit"]
    list_select_related = ["round", "province", "project"]
    autocomplete_fields = ["province"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Decisions are made on the portal's pages, where the rules are enforced; the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "province", "status", "candidates", "matched", "created_by", "created_at", "confirmed_at"]
    list_filter = ["status", "province"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = [
        "cardholder",
        "project",
        "rank",
        "home_province",
        "development_province",
        "source",
        "confirmed_at",
        "ended_at",
    ]
    list_filter = ["source", "development_province"]
    list_select_related = ["cardholder", "project", "home_province", "development_province"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "province", "created_by", "created_at"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "from_province", "to_province", "status", "requested_at", "decided_at"]
