import re
from pathlib import Path

import tablib
from django import forms
from django.contrib import admin
from django.core.exceptions import SuspiciousOperation
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm
from import_export.tmp_storages import BaseStorage

from welfare_portal.audit import access_log
from welfare_portal.models import AccessLog

from .importers.base import FileRejected, cell_text, read_table
from .importers.retention import uploads_folder
from .importers.spreadsheets import SafeCSV, SafeXLSX
from .importers.uploads import UploadRejected, check_upload_file, store_upload
from .models import Cardholder, ImportJob, Interview
from .resources import CardholderResource, InterviewResource

# ---- the admin's import and export (django-import-export) through the portal's own doors ------------------
# An upload is stored by uploads.store_upload (kind, size, content, zip bomb) when the form is checked, and
# measured by uploads.check_upload_file (table extent, blank rows) before it is read, at the preview and again
# at the confirmation; it is read by the importers' own streamed reader (base.read_table), never by
# openpyxl/tablib, whose reader would fill every blank row and column a file declares. Exports are written by
# the portal's one writer, which escapes formulas (issue #16, findings 6 and 7).


def admin_uploads_folder() -> Path:
    return uploads_folder() / "admin"


class GuardedUploadStorage(BaseStorage):
    """The stored copy of an admin upload, named by store_upload(); the confirmation step names it again in
    a hidden field, so only such a name, of a file in the admin's uploads folder, is accepted."""

    NAME = re.compile(r"[0-9a-f]{32}\.(csv|xlsx)")

    def path(self) -> Path:
        if not self.name or not self.NAME.fullmatch(self.name):
            raise SuspiciousOperation("admin import: not a stored upload's name")
        path = admin_uploads_folder() / self.name
        if not path.is_file():
            raise SuspiciousOperation("admin import: the stored upload is gone")
        return path

    def save(self, data):
        raise NotImplementedError("admin uploads are stored by uploads.store_upload")

    def read(self):
        return self.path()  # the file itself: the formats below measure it, then stream it

    def remove(self):
        self.path().unlink(missing_ok=True)


class _GuardedReader:
    """Reads an admin upload as the portal's importers read theirs (the same guard, the same reader)."""

    extension = ""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        path = Path(in_stream)
        check_upload_file(path.name, path, path.stat().st_size)
        table = read_table(path)
        header = [name.replace("*", "").strip() for name in table.header]  # the templates mark required columns
        dataset = tablib.Dataset(headers=header)
        for _, cells in table.rows:
            row = [cell_text(value) for value in cells[: len(header)]]
            dataset.append(row + [""] * (len(header) - len(row)))
        return dataset


class GuardedCSV(_GuardedReader, SafeCSV):
    extension = ".csv"


class GuardedXLSX(_GuardedReader, SafeXLSX):
    extension = ".xlsx"


class GuardedImportForm(ImportForm):
    """The file is stored through the upload guard here, so a refused file is a message on the form."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        extension = Path(upload.name).suffix.lower()
        if extension != self.import_formats[int(chosen)].extension:
            names = " และ ".join(f.extension for f in self.import_formats)
            raise forms.ValidationError(
                f"รองรับเฉพาะไฟล์ {names} และรูปแบบที่เลือกต้องตรงกับนามสกุลของไฟล์ (ไฟล์นี้เป็น {extension or 'ไม่มีนามสกุล'})"
            )
        try:
            upload.stored_path = store_upload(upload, admin_uploads_folder())
        except UploadRejected as rejected:
            raise forms.ValidationError(f"ไม่รับไฟล์ {upload.name}: {rejected}") from None
        return cleaned


class GuardedImportExportAdmin(ImportExportModelAdmin):
    import_formats = [GuardedCSV, GuardedXLSX]
    export_formats = [SafeCSV, SafeXLSX]
    import_form_class = GuardedImportForm
    tmp_storage_class = GuardedUploadStorage
    skip_import_confirm = False

    def is_skip_import_confirm_enabled(self):
        return False  # the other path reads the upload whole into memory, unguarded

    def write_to_tmp_storage(self, import_file, input_format):
        return GuardedUploadStorage(name=import_file.stored_path.name, read_mode="rb")

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        # A preview that cannot be confirmed (refused, or rows with errors) needs its stored file no more.
        context = getattr(response, "context_data", None) or {}
        upload = getattr(context.get("form"), "cleaned_data", {}).get("import_file")
        stored = getattr(upload, "stored_path", None)
        if stored is not None and not context.get("confirm_form"):
            stored.unlink(missing_ok=True)
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UploadRejected | FileRejected):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        detail = f"ผู้ดูแลระบบ: {self.model._meta.verbose_name_plural} ({file_format.get_extension()})"
        access_log(request, AccessLog.Action.EXPORT_LIST, detail=detail)
        return data


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists go through the same scope as every page.

    Newest first, as the change list showed them anyway: the admin's autocomplete answers searches for these
    rows too (the person of an interview or an assignment), a page at a time, and without an order its next
    page could repeat or skip rows."""

    ordering = ["-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(Cardholder)
class CardholderAdmin(ScopedAdmin, GuardedImportExportAdmin):
    resource_classes = [CardholderResource]
    list_display = ["national_id", "first_name", "last_name", "subdistrict"]
    list_select_related = ["subdistrict"]
    search_fields = ["=national_id", "first_name", "last_name"]
    raw_id_fields = ["subdistrict"]
    show_full_result_count = False


@admin.register(Interview)
class InterviewAdmin(ScopedAdmin, GuardedImportExportAdmin):
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
