"""Signs of life of a background import, and telling a job whose worker died from one still at work.

A worker runs an import in one transaction (cardholders/importers/base.py): killed halfway, it writes
nothing. So a job whose worker died only has to be shown for what it is, failed with the data unchanged,
and the user sends the file again (imports are idempotent). A worker that runs a job writes its name and a
heartbeat on the job row every IMPORT_HEARTBEAT_SECONDS, from a thread of its own on its own connection
(the import's own connection is busy in its transaction); a running job whose heartbeat is older than
IMPORT_WORKER_TIMEOUT lost its worker. Times are the database's, so the clocks of the web and worker
machines do not matter.
"""

import logging

from django.db.models import Q
from django.db.models.functions import Now
from django_tasks import TaskResultStatus

from welfare_portal import background

from ..models import ImportJob

logger = logging.getLogger(__name__)

WORKER_LOST = "งานนำเข้าหยุดกลางคันเพราะกระบวนการทำงานเบื้องหลังหยุดทำงาน ข้อมูลในระบบไม่เปลี่ยนแปลง ส่งไฟล์เดิมอีกครั้งได้"
TASK_FAILED = "งานนำเข้าไม่ได้เริ่มทำงานเพราะกระบวนการทำงานเบื้องหลังขัดข้อง ข้อมูลในระบบไม่เปลี่ยนแปลง ส่งไฟล์เดิมอีกครั้งได้"


class Heartbeat(background.Heartbeat):
    """`with Heartbeat(job_id):` marks the job as run by this process and beats until the block ends."""

    def __init__(self, job_id: int, interval: float | None = None):
        self.job_id = job_id
        running = ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING)
        super().__init__(running, name=f"import job {job_id}", interval=interval)

    def __enter__(self):
        ImportJob.objects.filter(pk=self.job_id).update(worker=background.worker_name(), heartbeat_at=Now())
        return super().__enter__()


def _task_result(task_id: str):
    from .jobs import run_import_job

    return background.queue_record(run_import_job, task_id)


def fail_lost_jobs(jobs=None) -> list[int]:
    """Mark failed every running job (of `jobs`, default all) whose worker is gone; returns their ids.

    Gone means: its heartbeat stopped for IMPORT_WORKER_TIMEOUT; or it has no heartbeat yet and its task,
    in the queue's table, failed (or ended) without running it, or was claimed by a worker longer ago than
    IMPORT_WORKER_TIMEOUT (the worker died before its first beat). A job still waiting in the queue is not
    lost: it runs when a worker is there again."""
    jobs = (jobs if jobs is not None else ImportJob.objects.all()).filter(status__in=ImportJob.RUNNING)
    lost = [
        (pk, task_id, WORKER_LOST)
        for pk, task_id in jobs.filter(heartbeat_at__lt=background.stale_before()).values_list("pk", "task_id")
    ]
    for pk, task_id in jobs.filter(heartbeat_at__isnull=True).exclude(task_id="").values_list("pk", "task_id"):
        result = _task_result(task_id)
        if result is None:
            continue
        if result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            lost.append((pk, task_id, TASK_FAILED))
        elif background.claimed_long_ago(result):
            lost.append((pk, task_id, WORKER_LOST))
    failed = []
    for pk, task_id, message in lost:
        # Checked again in the UPDATE itself: a heartbeat that arrived meanwhile keeps the job running.
        marked = (
            ImportJob.objects.filter(pk=pk, status__in=ImportJob.RUNNING)
            .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=background.stale_before()))
            .update(status=ImportJob.Status.FAILED, stage="", failure_message=message, finished_at=Now())
        )
        if marked:
            logger.warning("import job %s lost its worker: marked failed", pk)
            background.fail_queue_record(task_id, kind="cardholders.importers.liveness")
            failed.append(pk)
    return failed


def checked(job: ImportJob) -> ImportJob:
    """The job as it stands, failed if its worker is gone."""
    if job.running and fail_lost_jobs(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job
