"""Running an ImportJob outside the web request, on the task queue, with progress the page can poll."""

import uuid
from pathlib import Path

from django.conf import settings
from django_tasks import task

from ..models import ImportJob
from . import IMPORTERS
from .liveness import Heartbeat
from .uploads import UploadRejected, check_name_and_size, check_upload_file, check_upload_quick


def import_job_create(*, kind: str, upload, user) -> ImportJob:
    """Store an upload for importing, after the quick checks (kind, size, content, zip bomb); the worker
    measures the table before it parses anything (uploads.check_upload_file)."""
    if kind not in IMPORTERS:
        raise UploadRejected("ประเภทข้อมูลไม่ถูกต้อง")
    extension = check_name_and_size(upload.name, upload.size)  # before a byte is stored
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{extension}"
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    try:
        check_upload_quick(upload.name, path, upload.size)
    except UploadRejected:
        path.unlink()
        raise
    return ImportJob.objects.create(kind=kind, original_name=upload.name[:255], stored_path=str(path), uploaded_by=user)


QUEUED, STARTING = "รอคิว", "กำลังอ่านไฟล์"
CRASHED = "ระบบขัดข้องระหว่างทำงาน ข้อมูลในระบบไม่เปลี่ยนแปลง ส่งไฟล์เดิมอีกครั้งได้ หากยังขัดข้องให้แจ้งผู้ดูแลระบบ"
NOT_QUEUED = "ส่งงานเข้าคิวไม่สำเร็จ ข้อมูลในระบบไม่เปลี่ยนแปลง ส่งไฟล์เดิมอีกครั้งได้"


def import_job_start(job: ImportJob, *, dry_run: bool) -> None:
    """Check (dry run) or import the job's file: queued for a worker (`manage.py db_worker`), or at once in
    this process when IMPORTS_IN_BACKGROUND is off."""
    job.status = ImportJob.Status.CHECKING if dry_run else ImportJob.Status.IMPORTING
    job.stage, job.done_rows, job.failure_message, job.heartbeat_at, job.worker = QUEUED, 0, "", None, ""
    job.save(update_fields=["status", "stage", "done_rows", "failure_message", "heartbeat_at", "worker", "updated_at"])
    if not settings.IMPORTS_IN_BACKGROUND:
        import_job_run(job, dry_run=dry_run)
        return
    try:
        result = run_import_job.enqueue(job.pk, dry_run)
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, stage="", failure_message=NOT_QUEUED)
        raise
    job.task_id = str(result.id)
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)


# Django 6 has the same decorator as django.tasks.task; this is its backport.
@task()
def run_import_job(job_id: int, dry_run: bool) -> str:
    """The task a worker runs: the import, with a heartbeat that tells the portal this worker is alive."""
    job = ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING).first()
    if job is None:  # deleted, or already given up on: nothing to run
        return "skipped"
    ImportJob.objects.filter(pk=job.pk).update(stage=STARTING)
    with Heartbeat(job.pk):
        import_job_run(job, dry_run=dry_run)
    return ImportJob.objects.values_list("status", flat=True).get(pk=job_id)


def import_job_run(job: ImportJob, *, dry_run: bool) -> None:
    def progress(stage, done, total):
        ImportJob.objects.filter(pk=job.pk).update(stage=stage, done_rows=done, total_rows=total)

    path = Path(job.stored_path)
    try:
        # Before any reader builds the table: a 5 KB workbook can ask it for 512 GiB (uploads.py).
        check_upload_file(job.original_name, path, path.stat().st_size)
    except UploadRejected as rejected:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.REJECTED, stage="", failure_message="", errors=[[0, "", str(rejected)]]
        )
        return
    try:
        result = IMPORTERS[job.kind](user=job.uploaded_by, progress=progress).run(path, dry_run=dry_run)
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, stage="", failure_message=CRASHED)
        raise
    if not result.ok:
        status = ImportJob.Status.REJECTED
    else:
        status = ImportJob.Status.PREVIEWED if dry_run else ImportJob.Status.DONE
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        stage="",
        failure_message="",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        errors=[[e.row, e.column, e.message] for e in result.errors],
    )
