"""Running an ImportJob outside the web request, on the task queue, with progress the page can poll."""

import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django_tasks import task

from ..models import ImportJob
from . import IMPORTERS
from .liveness import Heartbeat

XLSX_MAGIC = b"PK\x03\x04"
# An .xlsx is a zip: refuse one that would unpack to more than this, or with an absurd ratio (a zip bomb).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200


class UploadRejected(Exception):
    pass


def check_upload(name: str, head: bytes, size: int) -> str:
    """The file's extension once its content agrees with it; raises UploadRejected with the reason."""
    if size > settings.IMPORT_MAX_UPLOAD_BYTES:
        limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise UploadRejected(f"ไฟล์ใหญ่เกิน {limit} MB")
    extension = Path(name).suffix.lower()
    if extension == ".xlsx":
        if not head.startswith(XLSX_MAGIC):
            raise UploadRejected("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) จริง")
    elif extension == ".csv":
        if b"\x00" in head or head.startswith(XLSX_MAGIC):
            raise UploadRejected("ไฟล์นี้ไม่ใช่ไฟล์ CSV ที่เป็นข้อความ")
    else:
        raise UploadRejected("รองรับเฉพาะไฟล์ .xlsx และ .csv")
    return extension


def check_xlsx_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise UploadRejected("ไฟล์ Excel เสียหาย เปิดไม่ได้") from None
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise UploadRejected("ไฟล์ Excel นี้ขยายตัวผิดปกติ (อาจเป็นไฟล์อันตราย) จึงไม่รับ")


def import_job_create(*, kind: str, upload, user) -> ImportJob:
    if kind not in IMPORTERS:
        raise UploadRejected("ประเภทข้อมูลไม่ถูกต้อง")
    head = upload.read(8)
    upload.seek(0)
    extension = check_upload(upload.name, head, upload.size)
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{extension}"
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    if extension == ".xlsx":
        try:
            check_xlsx_archive(path)
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

    try:
        result = IMPORTERS[job.kind](user=job.uploaded_by, progress=progress).run(
            Path(job.stored_path), dry_run=dry_run
        )
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
