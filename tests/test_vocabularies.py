"""Status and channel words are TextChoices, each declared once and matching what writes them."""

from cardholders.importers import IMPORTERS
from cardholders.models import Channel, ImportJob
from development.models import NameCheck, Progress, ProgressStatus
from matching.models import Assignment
from welfare_portal.audit import AuditChannel


def test_every_kind_of_import_has_an_importer_and_a_label():
    assert set(ImportJob.Kind.values) == set(IMPORTERS)
    assert ImportJob(kind="delegated").get_kind_display() == "ผลการพิจารณารายชื่อที่ได้รับมอบหมาย (หน่วยงานรับเอง)"


def test_an_assignments_development_status_is_a_reported_status_or_not_started():
    statuses = Assignment.DevelopmentStatus
    assert statuses.choices == [(statuses.NOT_STARTED, "ยังไม่เริ่มพัฒนา"), *ProgressStatus.choices]
    assert Assignment._meta.get_field("progress_status").db_default.value == statuses.NOT_STARTED


def test_the_channels_of_records_and_of_the_audit_trail():
    assert Progress._meta.get_field("channel").choices == Channel.choices
    assert NameCheck.Channel.values == ["web", "command"]
    # every way a record comes in is a channel the audit page names
    assert set(Channel.values) <= set(AuditChannel.values)
    assert dict(AuditChannel.choices)["delegation"] == "หน่วยงานรับเอง"
