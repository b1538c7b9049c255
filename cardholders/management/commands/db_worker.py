"""`manage.py db_worker`: the django-tasks-db worker, which also gives up on the import jobs of dead workers
and deletes uploaded files kept past UPLOAD_RETENTION_DAYS.

The library's worker runs the queued tasks. A worker killed in the middle of an import (kill -9, the machine
restarted, out of memory) leaves its job "running" and its task RUNNING in the queue's table; this command
marks such jobs failed when it starts and then every IMPORT_WORKER_TIMEOUT seconds, so nobody waits for
them (the job pages do the same whenever they are read). The same sweep deletes the files of jobs that
ended longer ago than the retention (cardholders/importers/retention.py). Same options as the library's
command.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as LibraryWorkerCommand

from cardholders.importers.liveness import fail_lost_jobs
from cardholders.importers.retention import uploads_expire

logger = logging.getLogger(__name__)


def sweep() -> list[int]:
    try:
        lost = fail_lost_jobs()
        uploads_expire()
    except Exception:  # the database away for a moment: the next sweep will do
        logger.exception("sweep of import jobs failed")
        return []
    finally:
        connection.close()
    for pk in lost:
        logger.warning("import job %s: its worker stopped, marked failed", pk)
    return lost


def sweep_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        sweep()


class Command(LibraryWorkerCommand):
    help = "Run the background worker: queued tasks (imports), and import jobs of dead workers marked failed"

    def handle(self, *args, **options):
        # With --reload the tasks run in a child process of this one; sweep there, not twice.
        reloading = options["reload"] and not options["batch"]
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            for pk in sweep():
                self.stdout.write(f"งานนำเข้า {pk}: กระบวนการทำงานเบื้องหลังเดิมหยุดทำงาน บันทึกว่าไม่สำเร็จ")
            if not options["batch"]:  # a batch ends when the queue is empty: the sweep at its start will do
                threading.Thread(
                    target=sweep_every, args=(settings.IMPORT_WORKER_TIMEOUT,), name="import-job-sweep", daemon=True
                ).start()
        super().handle(*args, **options)
