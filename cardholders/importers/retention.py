"""Uploaded files do not stay for ever (issue #16, finding 11): a stored upload holds a province's names
and IDs, rejected files included. A job's file is deleted UPLOAD_RETENTION_DAYS after the job ended
(rejected, done or failed; 0 deletes it as the job ends) and its stored_path emptied; the job itself stays
with its file's name, counts and errors, which is what the import history needs. A preview nobody confirmed
ends the same way, after at least a day, as failed with a message. Files in the uploads folder that no job
names (an admin import previewed but never confirmed, a crash between storing and recording) go after the
same time, at least a day. The background worker runs uploads_expire() when it starts and then every
IMPORT_WORKER_TIMEOUT seconds (cardholders/management/commands/db_worker.py).
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from ..models import ImportJob

logger = logging.getLogger(__name__)

NOT_CONFIRMED = (
    "ไม่ได้ยืนยันนำเข้าภายในกำหนด ระบบลบไฟล์ตามกำหนดเวลาเก็บรักษาแล้ว ข้อมูลในระบบไม่เปลี่ยนแปลง หากยังต้องการนำเข้า กรุณาส่งไฟล์ใหม่"
)


def uploads_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _delete(path: str) -> None:
    if path:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:  # a folder, or no permission: logged, the next sweep tries again
            logger.warning("could not delete the upload %s", path, exc_info=True)


def upload_discard(job_id: int) -> None:
    """Delete the job's file and forget where it was."""
    path = ImportJob.objects.filter(pk=job_id).values_list("stored_path", flat=True).first()
    if path:
        _delete(path)
        # The preview's rows (names, IDs) go with the file they came from.
        ImportJob.objects.filter(pk=job_id, stored_path=path).update(stored_path="", preview=[])


def job_ended(job_id: int) -> None:
    """At the end of a job's run: with no retention, its file goes now (a preview keeps it for the
    confirmation)."""
    if settings.UPLOAD_RETENTION_DAYS <= 0 and ImportJob.objects.filter(pk=job_id, status__in=ImportJob.ENDED).exists():
        upload_discard(job_id)


def uploads_expire() -> int:
    """Delete what the retention allows; returns how many files went."""
    days, now = settings.UPLOAD_RETENTION_DAYS, timezone.now()
    ended_before = now - datetime.timedelta(days=max(days, 0))
    stale_before = now - datetime.timedelta(days=max(days, 1))
    when = Q(finished_at__lt=ended_before) | Q(finished_at__isnull=True, updated_at__lt=ended_before)
    deleted = 0
    # A preview waiting longer than that for its confirmation ends now; the UPDATE checks the status again,
    # so a confirmation at this moment keeps its file.
    stale = Q(finished_at__lt=stale_before) | Q(finished_at__isnull=True, updated_at__lt=stale_before)
    for pk in ImportJob.objects.filter(stale, status=ImportJob.Status.PREVIEWED).values_list("pk", flat=True):
        if ImportJob.objects.filter(pk=pk, status=ImportJob.Status.PREVIEWED).update(
            status=ImportJob.Status.FAILED, failure_message=NOT_CONFIRMED, finished_at=Now()
        ):
            upload_discard(pk)
            deleted += 1
    ended = ImportJob.objects.filter(when, status__in=ImportJob.ENDED).exclude(stored_path="")
    for pk, path in ended.values_list("pk", "stored_path"):
        _delete(path)
        ImportJob.objects.filter(pk=pk, stored_path=path).update(stored_path="", preview=[])
        deleted += 1
    deleted += _orphans_expire(stale_before)
    return deleted


def _orphans_expire(before: datetime.datetime) -> int:
    folder = uploads_folder()
    if not folder.is_dir():
        return 0
    named = set(ImportJob.objects.exclude(stored_path="").values_list("stored_path", flat=True))
    deleted = 0
    for path in folder.rglob("*"):
        try:
            old = path.is_file() and path.stat().st_mtime < before.timestamp()
        except OSError:
            continue
        if old and str(path) not in named:
            _delete(str(path))
            deleted += 1
    return deleted
