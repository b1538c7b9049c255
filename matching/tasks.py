"""Matching runs asked for on the web (propose, confirm), run on the task queue by the background worker.

A run of a big province takes seconds; the request only queues a MatchingTask and the worker
(`manage.py db_worker`, the same as for imports) calls the unchanged services. The service's work and the
task's move to done commit together, so a task that did not finish changed nothing: a worker that dies
(kill -9, out of memory, the machine restarting) only has to be shown for what it is, and the คจจ. asks
again. The worker writes a heartbeat on the task from a thread of its own; an active task whose heartbeat
is older than IMPORT_WORKER_TIMEOUT, or whose queued task the queue records as ended before it started, is
marked failed whenever a matching page is read. `manage.py run_matching` does not use any of this.
"""

import datetime
import logging
import threading
import uuid

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.models import DBTaskResult

from cardholders.importers.liveness import worker_name

from .models import MatchingTask
from .services import MatchingError, matching_run_confirm, matching_run_create

logger = logging.getLogger(__name__)

BUSY = "จังหวัดนี้มีงานจับคู่ที่สั่งไว้และยังไม่เสร็จ กรุณารอให้เสร็จก่อนแล้วจึงสั่งใหม่"
CONFIRMED = "ยืนยันผลการจับคู่แล้ว มอบหมายหน่วยงานพัฒนา {count:,} คน"
WORKER_LOST = "งานจับคู่หยุดกลางคันเพราะกระบวนการทำงานเบื้องหลังหยุดทำงาน ข้อมูลในระบบไม่เปลี่ยนแปลง คจจ. สั่งงานนี้อีกครั้งได้"
NOT_STARTED = "งานจับคู่ไม่ได้เริ่มทำงานเพราะกระบวนการทำงานเบื้องหลังขัดข้อง ข้อมูลในระบบไม่เปลี่ยนแปลง คจจ. สั่งงานนี้อีกครั้งได้"
CRASHED = "ระบบขัดข้องระหว่างทำงานจับคู่ ข้อมูลในระบบไม่เปลี่ยนแปลง คจจ. สั่งงานนี้อีกครั้งได้ หากยังขัดข้องให้แจ้งผู้ดูแลระบบ"


class Busy(Exception):
    """The province already has a matching task queued or running; the message is for the user."""


class _GivenUp(Exception):
    """The task was marked failed (its worker thought dead) while it ran: undo its work."""


def matching_task_start(*, kind: str, province, user, run=None) -> MatchingTask:
    """Queue a proposal or confirmation for the worker, or run it at once in this process when
    IMPORTS_IN_BACKGROUND is off (the tests). Raises Busy while the province has one queued or running."""
    fail_lost_tasks(MatchingTask.objects.filter(province=province))
    with transaction.atomic():  # the row and its queued task commit together: a worker never sees one alone
        try:
            with transaction.atomic():
                job = MatchingTask.objects.create(kind=kind, province=province, run=run, requested_by=user)
        except IntegrityError:  # one_active_matching_task_per_province
            raise Busy(BUSY) from None
        if settings.IMPORTS_IN_BACKGROUND:
            job.task_id = str(run_matching_task.enqueue(job.pk).id)
            job.save(update_fields=["task_id"])
    if not settings.IMPORTS_IN_BACKGROUND:
        matching_task_run(job.pk)
        job.refresh_from_db()
    return job


# Django 6 has the same decorator as django.tasks.task; this is its backport.
@task()
def run_matching_task(job_id: int) -> str:
    """The task a worker runs."""
    matching_task_run(job_id)
    return MatchingTask.objects.values_list("status", flat=True).get(pk=job_id)


def matching_task_run(job_id: int) -> None:
    """Claim the queued task, run its service with a heartbeat, and record the outcome."""
    claimed = MatchingTask.objects.filter(pk=job_id, status=MatchingTask.Status.QUEUED).update(
        status=MatchingTask.Status.RUNNING, worker=worker_name(), heartbeat_at=Now()
    )
    if not claimed:  # deleted, or given up on before it started: nothing to run
        return
    job = MatchingTask.objects.select_related("province", "run", "requested_by").get(pk=job_id)
    with Heartbeat(job.pk):
        try:
            with transaction.atomic():
                if job.kind == MatchingTask.Kind.PROPOSE:
                    run = matching_run_create(province=job.province, user=job.requested_by)
                    message = ""
                else:
                    run = job.run
                    message = CONFIRMED.format(count=matching_run_confirm(run=run, user=job.requested_by))
                if not _finish(job.pk, MatchingTask.Status.DONE, message, run=run):
                    raise _GivenUp
        except _GivenUp:
            logger.warning("matching task %s was given up on while it ran: its work rolled back", job.pk)
        except MatchingError as error:  # a rule refused it (e.g. a stale proposal): the user reads why
            _finish(job.pk, MatchingTask.Status.FAILED, str(error))
        except Exception:
            _finish(job.pk, MatchingTask.Status.FAILED, CRASHED)
            raise


def _finish(job_id: int, status: str, message: str, **fields) -> bool:
    """Record the outcome, unless the task is no longer running (given up on meanwhile)."""
    return bool(
        MatchingTask.objects.filter(pk=job_id, status=MatchingTask.Status.RUNNING).update(
            status=status, message=message, finished_at=Now(), **fields
        )
    )


class Heartbeat:
    """`with Heartbeat(job_id):` beats on the task every IMPORT_HEARTBEAT_SECONDS until the block ends, from
    a thread with its own connection (the task's connection is busy in its transaction)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"matching-heartbeat-{job_id}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        try:
            while not self.stopped.wait(settings.IMPORT_HEARTBEAT_SECONDS):
                try:
                    MatchingTask.objects.filter(pk=self.job_id, status=MatchingTask.Status.RUNNING).update(
                        heartbeat_at=Now()
                    )
                except Exception:  # the database restarting: keep beating, the next beat may get through
                    logger.warning("heartbeat of matching task %s not written", self.job_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()


def _stale_before():
    return ExpressionWrapper(
        Now() - datetime.timedelta(seconds=settings.IMPORT_WORKER_TIMEOUT), output_field=DateTimeField()
    )


def _queue_record(task_id: str):
    """The queue's record of the task, or None when the backend keeps none (or no longer has it)."""
    backend = run_matching_task.get_backend()
    if not task_id or not backend.supports_get_result:
        return None
    try:
        return backend.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError):
        return None


def _fail_queue_record(task_id: str) -> None:
    """A task whose worker died stays RUNNING in the queue's table for ever: record it as failed there too."""
    try:
        uuid.UUID(task_id)
    except ValueError:  # not the database backend's id: nothing to fix
        return
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="matching.tasks.WorkerLost",
        traceback=f"The worker running this task stopped; marked failed by {worker_name()}.",
    )


def fail_lost_tasks(tasks=None) -> list[int]:
    """Mark failed every queued or running task (of `tasks`, default all) whose worker is gone; returns
    their ids. Gone means: running, and its heartbeat stopped for IMPORT_WORKER_TIMEOUT; or still queued
    while the queue records its task as ended (it never ran) or as claimed by a worker longer ago than
    IMPORT_WORKER_TIMEOUT (that worker died before it began). A task waiting for a worker is not lost."""
    tasks = (tasks if tasks is not None else MatchingTask.objects.all()).filter(status__in=MatchingTask.ACTIVE)
    silent = tasks.filter(status=MatchingTask.Status.RUNNING, heartbeat_at__lt=_stale_before())
    lost = [(pk, task_id, WORKER_LOST) for pk, task_id in silent.values_list("pk", "task_id")]
    claimed_before = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_WORKER_TIMEOUT)
    queued = tasks.filter(status=MatchingTask.Status.QUEUED).exclude(task_id="")
    for pk, task_id in queued.values_list("pk", "task_id"):
        record = _queue_record(task_id)
        if record is None:
            continue
        if record.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            lost.append((pk, task_id, NOT_STARTED))
        elif record.status == TaskResultStatus.RUNNING and record.started_at and record.started_at < claimed_before:
            lost.append((pk, task_id, WORKER_LOST))
    failed = []
    for pk, task_id, message in lost:
        # Checked again in the UPDATE itself: a worker that claimed it or beat meanwhile keeps it.
        marked = (
            MatchingTask.objects.filter(pk=pk)
            .filter(
                Q(status=MatchingTask.Status.QUEUED)
                | Q(status=MatchingTask.Status.RUNNING, heartbeat_at__lt=_stale_before())
            )
            .update(status=MatchingTask.Status.FAILED, message=message, finished_at=Now())
        )
        if marked:
            logger.warning("matching task %s lost its worker: marked failed", pk)
            _fail_queue_record(task_id)
            failed.append(pk)
    return failed
