"""Signs of life of a background import, and telling a job whose worker died from one still at work.

A worker runs an import in one transaction (cardholders/importers/base.py): killed halfway, it writes
nothing. So a job whose worker died only has to be shown for what it is, failed with the data unchanged,
and the user sends the file again (imports are idempotent). A worker that runs a job writes its name and a
heartbeat on the job row every IMPORT_HEARTBEAT_SECONDS, from a thread of its own on its own connection
(the import's own connection is busy in its transaction); a running job whose heartbeat is older than
IMPORT_WORKER_TIMEOUT lost its worker. Times are the database's, so the clocks of the web and worker
machines do not matter.
"""

import datetime
import logging
import os
import socket
import threading
import uuid

from django.conf import settings
from django.db import connection
from django.db.models import DateTimeField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.models import DBTaskResult

from ..models import ImportJob

logger = logging.getLogger(__name__)

WORKER_LOST = "งานนำเข้าหยุดกลางคันเพราะกระบวนการทำงานเบื้องหลังหยุดทำงาน ข้อมูลในระบบไม่เปลี่ยนแปลง ส่งไฟล์เดิมอีกครั้งได้"
TASK_FAILED = "งานนำเข้าไม่ได้เริ่มทำงานเพราะกระบวนการทำงานเบื้องหลังขัดข้อง ข้อมูลในระบบไม่เปลี่ยนแปลง ส่งไฟล์เดิมอีกครั้งได้"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


class Heartbeat:
    """`with Heartbeat(job_id):` marks the job as run by this process and beats until the block ends."""

    def __init__(self, job_id: int, interval: float | None = None):
        self.job_id = job_id
        self.interval = interval or settings.IMPORT_HEARTBEAT_SECONDS
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"import-heartbeat-{job_id}", daemon=True)

    def __enter__(self):
        ImportJob.objects.filter(pk=self.job_id).update(worker=worker_name(), heartbeat_at=Now())
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    ImportJob.objects.filter(pk=self.job_id, status__in=ImportJob.RUNNING).update(heartbeat_at=Now())
                except Exception:  # the database restarting: keep beating, the next beat may get through
                    logger.warning("heartbeat of import job %s not written", self.job_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()


def _stale_before():
    return ExpressionWrapper(
        Now() - datetime.timedelta(seconds=settings.IMPORT_WORKER_TIMEOUT), output_field=DateTimeField()
    )


def _task_result(task_id: str):
    """The queue's record of the job's task, or None when the backend keeps none (or no longer has it)."""
    from .jobs import run_import_job

    backend = run_import_job.get_backend()
    if not task_id or not backend.supports_get_result:
        return None
    try:
        return backend.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError):
        return None


def _fail_task_record(task_id: str) -> None:
    """A task whose worker died stays RUNNING in the queue's table for ever: record it as failed there too."""
    try:
        uuid.UUID(task_id)
    except ValueError:  # not the database backend's id (another backend queued it): nothing to fix
        return
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="cardholders.importers.liveness.WorkerLost",
        traceback=f"The worker running this task stopped; marked failed by {worker_name()}.",
    )


def fail_lost_jobs(jobs=None) -> list[int]:
    """Mark failed every running job (of `jobs`, default all) whose worker is gone; returns their ids.

    Gone means: its heartbeat stopped for IMPORT_WORKER_TIMEOUT; or it has no heartbeat yet and its task,
    in the queue's table, failed (or ended) without running it, or was claimed by a worker longer ago than
    IMPORT_WORKER_TIMEOUT (the worker died before its first beat). A job still waiting in the queue is not
    lost: it runs when a worker is there again."""
    jobs = (jobs if jobs is not None else ImportJob.objects.all()).filter(status__in=ImportJob.RUNNING)
    lost = [
        (pk, task_id, WORKER_LOST)
        for pk, task_id in jobs.filter(heartbeat_at__lt=_stale_before()).values_list("pk", "task_id")
    ]
    claimed_before = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_WORKER_TIMEOUT)
    for pk, task_id in jobs.filter(heartbeat_at__isnull=True).exclude(task_id="").values_list("pk", "task_id"):
        result = _task_result(task_id)
        if result is None:
            continue
        if result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            lost.append((pk, task_id, TASK_FAILED))
        elif result.status == TaskResultStatus.RUNNING and result.started_at and result.started_at < claimed_before:
            lost.append((pk, task_id, WORKER_LOST))
    failed = []
    for pk, task_id, message in lost:
        # Checked again in the UPDATE itself: a heartbeat that arrived meanwhile keeps the job running.
        marked = (
            ImportJob.objects.filter(pk=pk, status__in=ImportJob.RUNNING)
            .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stale_before()))
            .update(status=ImportJob.Status.FAILED, stage="", failure_message=message)
        )
        if marked:
            logger.warning("import job %s lost its worker: marked failed", pk)
            _fail_task_record(task_id)
            failed.append(pk)
    return failed


def checked(job: ImportJob) -> ImportJob:
    """The job as it stands, failed if its worker is gone."""
    if job.running and fail_lost_jobs(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job
