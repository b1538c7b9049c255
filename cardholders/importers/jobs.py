"""Running an ImportJob outside the web request, on the task queue, with progress the page can poll."""

from pathlib import Path

from django.conf import settings
from django.db.models.functions import Now
from django_tasks import task
from stdnum.th import pin

from welfare_portal.scope import sees_full_ids

from ..models import ImportJob
from . import IMPORTERS
from .liveness import Heartbeat
from .probes import check_not_probing
from .retention import job_ended, uploads_folder
from .uploads import UploadRejected, check_upload_file, store_upload


def import_job_create(*, kind: str, upload, user, round=None) -> ImportJob:
    """Store an upload for importing into the round (the current one when None), after the quick checks
    (kind, size, content, zip bomb); the worker measures the table before it parses anything
    (uploads.check_upload_file)."""
    if kind not in IMPORTERS:
        raise UploadRejected("ประเภทข้อมูลไม่ถูกต้อง")
    check_not_probing(user)
    path = store_upload(upload, uploads_folder())
    in_round = {} if round is None else {"round": round}
    return ImportJob.objects.create(
        kind=kind, original_name=upload.name[:255], stored_path=str(path), uploaded_by=user, **in_round
    )


QUEUED, STARTING = "รอคิว", "กำลังอ่านไฟล์"
FILE_GONE = "ไม่พบไฟล์ของงานนี้แล้ว (ระบบลบไฟล์ตามกำหนดเวลาเก็บรักษา) ข้อมูลในระบบไม่เปลี่ยนแปลง กรุณาส่งไฟล์ใหม่"
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
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, stage="", failure_message=NOT_QUEUED, finished_at=Now()
        )
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

    def end(status, **fields):
        ImportJob.objects.filter(pk=job.pk).update(status=status, stage="", finished_at=Now(), **fields)
        job_ended(job.pk)

    path = Path(job.stored_path)
    if not job.stored_path or not path.is_file():
        end(ImportJob.Status.FAILED, failure_message=FILE_GONE)
        return
    try:
        check_not_probing(job.uploaded_by)  # files queued before the user's probes were counted
        # Before any reader builds the table: a 5 KB workbook can ask it for 512 GiB (uploads.py).
        check_upload_file(job.original_name, path, path.stat().st_size)
    except UploadRejected as rejected:
        end(ImportJob.Status.REJECTED, failure_message="", errors=[[0, "", str(rejected)]], error_count=1)
        return
    try:
        importer = IMPORTERS[job.kind](user=job.uploaded_by, progress=progress, round=job.round)
        result = importer.run(path, dry_run=dry_run)
    except Exception:
        end(ImportJob.Status.FAILED, failure_message=CRASHED)
        raise
    if not result.ok:
        status = ImportJob.Status.REJECTED
    else:
        status = ImportJob.Status.PREVIEWED if dry_run else ImportJob.Status.DONE
    end(
        status,
        failure_message="",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        errors=[[e.row, e.column, e.message] for e in result.errors],
        error_count=result.error_count,
        # Kept only while the user decides: the confirmed import drops the names and IDs it showed.
        preview=preview_table(importer, result.preview, user=job.uploaded_by) if dry_run else [],
    )


def preview_table(importer, rows, *, user) -> list[list]:
    """[header, row…] of a dry run's first rows: the row number, then every column the importer reads (as
    the file names it), national IDs as the uploader sees them elsewhere (masked unless its role sees them)."""
    if not rows:
        return []
    reveal = sees_full_ids(user)
    columns = [(name, key) for name, (key, _) in importer.columns.items() if any(values.get(key) for _, values in rows)]
    table = [["แถวที่", *(name for name, _ in columns)]]
    for number, values in rows:
        table.append([number, *(_shown(key, values.get(key, ""), reveal) for _, key in columns)])
    return table


def _shown(key, text, reveal) -> str:
    if key != "national_id" or not text:
        return text
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != 13:
        return text if reveal else "x" * len(text)
    return pin.format(digits) if reveal else f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"
