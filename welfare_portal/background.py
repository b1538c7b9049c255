"""What every piece of background work shares (README, "Background work"): the worker's name, a heartbeat
written from a thread of its own, "too old to be alive", and the queue's own record of a task.

Imports (cardholders/importers/liveness.py), matching runs (matching/tasks.py) and name checks run on the task queue in
`manage.py db_worker`. A worker can die mid-task; its work is one transaction, so it wrote nothing, and the
page must say so instead of "running" for ever. Each kind of task keeps its own row and messages; these are
the parts that are the same for all of them.
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

logger = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


class Heartbeat:
    """`with Heartbeat(rows):` sets heartbeat_at = now() on `rows` (a queryset: the task's row while it runs)
    every IMPORT_HEARTBEAT_SECONDS until the block ends, from a thread with its own connection (the task's
    own connection is busy in its transaction)."""

    def __init__(self, rows, *, name: str, interval: float | None = None):
        self.rows, self.name = rows, name
        self.interval = interval or settings.IMPORT_HEARTBEAT_SECONDS
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{name}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    self.rows.update(heartbeat_at=Now())
                except Exception:  # the database restarting: keep beating, the next beat may get through
                    logger.warning("heartbeat of %s not written", self.name, exc_info=True)
                    connection.close()
        finally:
            connection.close()


def stale_before():
    """A heartbeat older than this (database time, so the machines' clocks do not matter) is a dead worker's."""
    return ExpressionWrapper(
        Now() - datetime.timedelta(seconds=settings.IMPORT_WORKER_TIMEOUT), output_field=DateTimeField()
    )


def claimed_long_ago(record) -> bool:
    """The queue's record says a worker took the task longer ago than a heartbeat could be missing."""
    limit = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_WORKER_TIMEOUT)
    return record.status == TaskResultStatus.RUNNING and record.started_at is not None and record.started_at < limit


def queue_record(task, task_id: str):
    """The queue's record of `task_id` (a run of `task`), or None when the backend keeps none (any more)."""
    backend = task.get_backend()
    if not task_id or not backend.supports_get_result:
        return None
    try:
        return backend.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError):
        return None


def fail_queue_record(task_id: str, *, kind: str) -> None:
    """A task whose worker died stays RUNNING in the queue's table for ever: record it as failed there too."""
    try:
        uuid.UUID(task_id)
    except ValueError:  # not the database backend's id (another backend queued it): nothing to fix
        return
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{kind}.WorkerLost",
        traceback=f"The worker running this task stopped; marked failed by {worker_name()}.",
    )


def fail_lost(rows, *, task, kind: str, worker_lost: str, not_started: str) -> list[int]:
    """Mark failed every queued or running row of `rows` (a model with Status QUEUED/RUNNING/FAILED, ACTIVE,
    task_id, heartbeat_at, message, finished_at: matching tasks, name checks) whose worker is gone; returns
    their ids. Gone means: running, and its heartbeat stopped for IMPORT_WORKER_TIMEOUT; or still queued while
    the queue records its `task` as ended (it never ran) or as claimed by a worker longer ago than
    IMPORT_WORKER_TIMEOUT (that worker died before it began). A row waiting for a worker is not lost."""
    model = rows.model
    status = model.Status
    rows = rows.filter(status__in=model.ACTIVE)
    silent = rows.filter(status=status.RUNNING, heartbeat_at__lt=stale_before())
    lost = [(pk, task_id, worker_lost) for pk, task_id in silent.values_list("pk", "task_id")]
    for pk, task_id in rows.filter(status=status.QUEUED).exclude(task_id="").values_list("pk", "task_id"):
        record = queue_record(task, task_id)
        if record is None:
            continue
        if record.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            lost.append((pk, task_id, not_started))
        elif claimed_long_ago(record):
            lost.append((pk, task_id, worker_lost))
    failed = []
    for pk, task_id, message in lost:
        # Checked again in the UPDATE itself: a worker that claimed it or beat meanwhile keeps it.
        marked = (
            model.objects.filter(pk=pk)
            .filter(Q(status=status.QUEUED) | Q(status=status.RUNNING, heartbeat_at__lt=stale_before()))
            .update(status=status.FAILED, message=message, finished_at=Now())
        )
        if marked:
            logger.warning("%s %s lost its worker: marked failed", model._meta.label, pk)
            fail_queue_record(task_id, kind=kind)
            failed.append(pk)
    return failed
