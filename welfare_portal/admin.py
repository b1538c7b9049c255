from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.html import format_html_join

from . import thai
from .models import BasicNeed, DevelopmentUnit, District, Project, Province, Round, Skill, Subdistrict, User


def central_only(request) -> bool:
    """The admin is central's (ศทส.สป.กค.): it sees every province, and several of its pages (the audit
    trail, import jobs, matching records, its imports) are not scoped to one. A staff flag given to any other
    account by mistake opens nothing: scope fails closed (issue 14, the scope matrix's staff intruder)."""
    user = request.user
    return user.is_active and user.is_staff and getattr(user, "is_central", False)


admin.site.has_permission = central_only


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["name_th", "name_en", "=code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name_th", "name_en", "=code"]
    autocomplete_fields = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postcode"]
    list_select_related = ["district"]
    search_fields = ["name_th", "name_en", "=code", "=postcode"]
    autocomplete_fields = ["district"]


@admin.register(DevelopmentUnit)
class DevelopmentUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "source"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "unit", "programme", "source"]
    list_filter = ["unit", "source"]
    list_select_related = ["unit"]
    search_fields = ["code", "name_th"]


@admin.register(BasicNeed)
class BasicNeedAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "source"]
    search_fields = ["code", "name_th"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "source"]
    search_fields = ["code", "name_th"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "role", "province", "district", "unit", "is_active", "must_change_password"]
    list_filter = ["role", "is_active", "must_change_password", "province"]
    list_select_related = ["province", "district", "unit"]
    autocomplete_fields = ["province", "district", "unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("บทบาทและขอบเขต", {"fields": ["role", "province", "district", "unit", "must_change_password"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("บทบาทและขอบเขต", {"fields": ["role", "province", "district", "unit"]}),
    ]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Rounds (issue 15). Which one is current is changed only by the action, which moves it in one
    transaction: a checkbox on the form could leave none current or collide with the one that is. Rounds
    are never deleted: their interviews, matching and progress point at them (PROTECT)."""

    list_display = ["code", "name", "is_current", "is_closed", "due"]
    readonly_fields = ["is_current", "created_at"]
    fields = ["code", "name", "is_current", "is_closed", *(field for field, _ in Round.STEPS), "created_at"]
    actions = ["make_current"]

    @admin.display(description="กำหนดส่ง")
    def due(self, round_):
        return format_html_join(
            "", "<div>{} {}</div>", ((label, thai.date_short(day)) for _, label, day in round_.due_dates())
        )

    @admin.action(description="ตั้งเป็นรอบปัจจุบัน", permissions=["change"])
    def make_current(self, request, queryset):
        if len(chosen := list(queryset[:2])) != 1:
            self.message_user(request, "เลือกรอบที่จะเป็นรอบปัจจุบันเพียงรอบเดียว", messages.ERROR)
            return
        round_ = chosen[0]
        reopened = " และเปิดรอบอีกครั้ง" if round_.is_closed else ""
        round_.make_current()
        self.message_user(request, f"รอบ {round_.code} เป็นรอบปัจจุบันแล้ว{reopened}", messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        return False
