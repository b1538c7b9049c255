"""Running an ImportJob outside the web request, with progress the page can poll."""

import threading
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection

from ..models import ImportJob
from . import IMPORTERS

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


def import_job_start(job: ImportJob, *, dry_run: bool) -> None:
    job.status = ImportJob.Status.CHECKING if dry_run else ImportJob.Status.IMPORTING
    job.stage, job.done_rows = "รอเริ่ม", 0
    job.save(update_fields=["status", "stage", "done_rows", "updated_at"])
    if settings.IMPORTS_IN_BACKGROUND:
        threading.Thread(target=_run_in_thread, args=(job.pk, dry_run), daemon=True).start()
    else:
        import_job_run(job, dry_run=dry_run)


def _run_in_thread(job_id: int, dry_run: bool) -> None:
    close_old_connections()
    try:
        import_job_run(ImportJob.objects.get(pk=job_id), dry_run=dry_run)
    finally:
        connection.close()


def import_job_run(job: ImportJob, *, dry_run: bool) -> None:
    def progress(stage, done, total):
        ImportJob.objects.filter(pk=job.pk).update(stage=stage, done_rows=done, total_rows=total)

    try:
        result = IMPORTERS[job.kind](user=job.uploaded_by, progress=progress).run(
            Path(job.stored_path), dry_run=dry_run
        )
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, stage="")
        raise
    if not result.ok:
        status = ImportJob.Status.REJECTED
    else:
        status = ImportJob.Status.PREVIEWED if dry_run else ImportJob.Status.DONE
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        stage="",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        errors=[[e.row, e.column, e.message] for e in result.errors],
    )
