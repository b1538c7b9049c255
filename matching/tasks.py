"""Matching runs asked for on the web (propose, confirm), run on the task queue by the background worker.

A run of a big province takes seconds; the request only queues a MatchingTask and the worker
(`manage.py db_worker`, the same as for imports) calls the unchanged services. The service's work and the
task's move to done commit together, so a task that did not finish changed nothing: a worker that dies
(kill -9, out of memory, the machine restarting) only has to be shown for what it is, and the คจจ. asks
again. The worker writes a heartbeat on the task from a thread of its own; an active task whose heartbeat
is older than IMPORT_WORKER_TIMEOUT, or whose queued task the queue records as ended before it started, is
marked failed whenever a matching page is read. `manage.py run_matching` does not use any of this.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Now
from django_tasks import task

from welfare_portal import background

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


def matching_task_start(*, kind: str, province, user, run=None, round=None) -> MatchingTask:
    """Queue a proposal (in `round`, default the current one) or a confirmation (of `run`, in its round) for
    the worker, or run it at once in this process when IMPORTS_IN_BACKGROUND is off (the tests). Raises Busy
    while the province has one queued or running."""
    in_round = {"round_id": run.round_id} if run is not None else ({"round": round} if round is not None else {})
    fail_lost_tasks(MatchingTask.objects.filter(province=province))
    with transaction.atomic():  # the row and its queued task commit together: a worker never sees one alone
        try:
            with transaction.atomic():
                job = MatchingTask.objects.create(kind=kind, province=province, run=run, requested_by=user, **in_round)
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
        status=MatchingTask.Status.RUNNING, worker=background.worker_name(), heartbeat_at=Now()
    )
    if not claimed:  # deleted, or given up on before it started: nothing to run
        return
    job = MatchingTask.objects.select_related("round", "province", "run", "requested_by").get(pk=job_id)
    with _heartbeat(job.pk):
        try:
            with transaction.atomic():
                if job.kind == MatchingTask.Kind.PROPOSE:
                    run = matching_run_create(province=job.province, user=job.requested_by, round=job.round)
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


def _heartbeat(job_id: int) -> background.Heartbeat:
    running = MatchingTask.objects.filter(pk=job_id, status=MatchingTask.Status.RUNNING)
    return background.Heartbeat(running, name=f"matching task {job_id}")


def fail_lost_tasks(tasks=None) -> list[int]:
    """Mark failed every queued or running task (of `tasks`, default all) whose worker is gone; returns
    their ids (welfare_portal.background.fail_lost says when a worker is gone)."""
    return background.fail_lost(
        tasks if tasks is not None else MatchingTask.objects.all(),
        task=run_matching_task,
        kind="matching.tasks",
        worker_lost=WORKER_LOST,
        not_started=NOT_STARTED,
    )
