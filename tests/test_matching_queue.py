"""Matching runs asked for on the web (propose, confirm) run on the task queue, like web imports (README,
"Background work"): the request queues a MatchingTask, a worker runs it, the page waits and then shows the
run. Most tests run the queued task in this process the way `manage.py db_worker` does (inside the test's
transaction); the last one runs a real worker process against the test database."""

import datetime
import os
import signal
import subprocess
import sys
import time

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from cardholders.services import interview_record
from matching.models import Assignment, MatchingRun, MatchingTask, RunEntry
from matching.services import matching_run_create
from matching.tasks import BUSY, NOT_STARTED, WORKER_LOST
from welfare_portal.models import Role

from .conftest import make_user
from .matching_builders import applicant, project
from .pg import connection_url

HEARTBEAT, TIMEOUT = 1, 3  # seconds


@pytest.fixture
def queued(settings):
    """Matching tasks go to the queue, as in production."""
    settings.IMPORTS_IN_BACKGROUND = True
    settings.IMPORT_HEARTBEAT_SECONDS, settings.IMPORT_WORKER_TIMEOUT = HEARTBEAT, TIMEOUT
    return settings


@pytest.fixture
def kjj(db):
    return make_user("kjj52", Role.KJJ, province_id=52)


def run_worker() -> int:
    """What `manage.py db_worker` does with each ready task (claim it, run it, record the result), here in
    this process: its loop would close the test's connection between tasks."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (record := DBTaskResult.objects.ready().get_locked()) is not None:
        record.claim(worker.worker_id)
        worker.run_task(record)
        ran += 1
    return ran


def home_url(province=52):
    return f"{reverse('matching_home')}?province={province}"


def test_it_queues_a_proposal_and_writes_nothing_until_a_worker_runs_it(client, kjj, queued):
    applicant("CDD01", "DSD01")
    client.force_login(kjj)
    response = client.post(reverse("matching_run_create"))
    task = MatchingTask.objects.get()
    assert response.status_code == 302 and response.url == f"{home_url()}&task={task.pk}"
    assert (task.kind, task.status, task.requested_by, task.run) == ("propose", "queued", kjj, None)
    record = DBTaskResult.objects.get(id=task.task_id)
    assert record.status == TaskResultStatus.READY and record.task_path == "matching.tasks.run_matching_task"
    assert record.args_kwargs["args"] == [task.pk]
    assert MatchingRun.objects.count() == 0 and RunEntry.objects.count() == 0

    waiting = client.get(response.url)
    page = waiting.content.decode()
    assert waiting.status_code == 200 and "กำลังประมวลผลการจับคู่…" in page and "รอคิว" in page
    assert '<meta http-equiv="refresh"' in page and 'data-testid="matching-task"' in page
    assert reverse("matching_run_create") not in page  # no second click while it waits

    assert run_worker() == 1
    task.refresh_from_db()
    run = MatchingRun.objects.get()
    assert (task.status, task.run, task.message, task.worker != "") == ("done", run, "", True)
    assert DBTaskResult.objects.get(id=task.task_id).status == TaskResultStatus.SUCCESSFUL
    assert run.created_by == kjj and run.matched == 1 and Assignment.objects.count() == 0

    finished = client.get(response.url)  # the waiting page's next reload
    assert finished.url == reverse("matching_run", args=[run.pk])
    shown = client.get(finished.url)
    assert shown.context["rows"][0]["r1"] == 1 and "ยืนยันผลการจับคู่" in shown.content.decode()
    assert "http-equiv" not in shown.content.decode()


def test_it_queues_a_confirmation_and_assigns_nobody_until_a_worker_runs_it(client, kjj, queued):
    applicant("CDD01")
    run = matching_run_create(province=kjj.province, user=kjj)
    client.force_login(kjj)
    response = client.post(reverse("matching_run_confirm", args=[run.pk]), {"matched": run.matched})
    task = MatchingTask.objects.get()
    run_url = reverse("matching_run", args=[run.pk])
    assert response.url == f"{run_url}?task={task.pk}" and (task.kind, task.run) == ("confirm", run)
    assert Assignment.objects.count() == 0

    page = client.get(response.url).content.decode()
    assert "กำลังประมวลผลการจับคู่…" in page and f"ยืนยันผลการจับคู่ ครั้งที่ {run.number}" in page
    assert reverse("matching_run_confirm", args=[run.pk]) not in page and '<meta http-equiv="refresh"' in page

    run_worker()
    assert Assignment.objects.count() == 1
    finished = client.get(response.url)
    assert finished.url == run_url
    page = client.get(run_url).content.decode()
    assert "ยืนยันผลการจับคู่แล้ว มอบหมายหน่วยงานพัฒนา 1 คน" in page and "ยืนยันแล้ว" in page
    assert Assignment.objects.get().decided_by == kjj


def test_it_refuses_a_second_task_of_the_province_while_one_is_queued(client, kjj, queued):
    applicant("CDD01")
    applicant("CDD01", subdistrict=110101)
    proposal = matching_run_create(province=kjj.province, user=kjj)
    client.force_login(kjj)
    client.post(reverse("matching_run_create"))
    again = client.post(reverse("matching_run_create"))
    assert again.url == home_url() and BUSY in client.get(again.url).content.decode()
    confirm = client.post(reverse("matching_run_confirm", args=[proposal.pk]), {"matched": proposal.matched})
    assert confirm.url == reverse("matching_run", args=[proposal.pk])
    assert BUSY in client.get(confirm.url).content.decode()
    assert MatchingTask.objects.count() == 1 and DBTaskResult.objects.count() == 1

    client.force_login(make_user("kjj11", Role.KJJ, province_id=11))  # another province is not held up
    client.post(reverse("matching_run_create"))
    assert MatchingTask.objects.filter(status="queued").count() == 2

    run_worker()  # once it has run, the province may ask again
    client.force_login(kjj)
    client.post(reverse("matching_run_create"))
    assert MatchingTask.objects.filter(province_id=52, status="queued").count() == 1


def test_it_tells_the_kjj_why_a_queued_confirmation_was_refused(client, kjj, queued):
    person = applicant("CDD01")
    run = matching_run_create(province=kjj.province, user=kjj)
    client.force_login(kjj)
    response = client.post(reverse("matching_run_confirm", args=[run.pk]), {"matched": run.matched})
    # A new interview while the confirmation waits: the proposal is stale by the time the worker runs it.
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 7, 1),
        group=1,
        choices=[project("DSD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    run_worker()
    task = MatchingTask.objects.get()
    assert task.status == "failed" and "ข้อมูลเปลี่ยนไปหลังจากประมวลผลข้อเสนอนี้" in task.message
    finished = client.get(response.url)
    assert finished.url == reverse("matching_run", args=[run.pk])
    page = client.get(finished.url).content.decode()
    assert "ข้อมูลเปลี่ยนไปหลังจากประมวลผลข้อเสนอนี้ กรุณาประมวลผลใหม่ก่อนยืนยัน" in page
    assert Assignment.objects.count() == 0 and MatchingRun.objects.get().status == "proposed"


def test_it_shows_a_task_whose_worker_died_as_failed_and_lets_the_kjj_ask_again(client, kjj, queued):
    applicant("CDD01")
    client.force_login(kjj)
    response = client.post(reverse("matching_run_create"))
    task = MatchingTask.objects.get()
    # A worker took the task and died long ago: the queue still says RUNNING, the heartbeat stopped.
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(id=task.task_id).update(status=TaskResultStatus.RUNNING, started_at=long_ago)
    MatchingTask.objects.filter(pk=task.pk).update(status="running", heartbeat_at=long_ago, worker="gone:1")

    finished = client.get(response.url)
    assert finished.url == home_url()
    page = client.get(finished.url).content.decode()
    assert WORKER_LOST in page and "ข้อมูลในระบบไม่เปลี่ยนแปลง" in page
    assert reverse("matching_run_create") in page and "http-equiv" not in page
    task.refresh_from_db()
    assert task.status == "failed" and task.message == WORKER_LOST
    assert DBTaskResult.objects.get(id=task.task_id).status == TaskResultStatus.FAILED
    assert MatchingRun.objects.count() == 0

    client.post(reverse("matching_run_create"))  # asked again, it runs
    run_worker()
    assert MatchingRun.objects.get().matched == 1


def test_it_keeps_a_task_whose_worker_beats(client, kjj, queued):
    client.force_login(kjj)
    response = client.post(reverse("matching_run_create"))
    MatchingTask.objects.update(status="running", heartbeat_at=timezone.now(), worker="busy:1")
    page = client.get(response.url).content.decode()
    assert "กำลังประมวลผล" in page and MatchingTask.objects.get().status == "running"


@pytest.mark.parametrize(
    ("queue_status", "message"),
    [(TaskResultStatus.FAILED, NOT_STARTED), (TaskResultStatus.RUNNING, WORKER_LOST)],
    ids=["the queue recorded its task as failed", "its worker died before it began"],
)
def test_it_shows_a_queued_task_that_never_started_as_failed(client, kjj, queued, queue_status, message):
    client.force_login(kjj)
    response = client.post(reverse("matching_run_create"))
    task = MatchingTask.objects.get()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(id=task.task_id).update(status=queue_status, started_at=long_ago)
    page = client.get(client.get(response.url).url).content.decode()
    assert message in page
    task.refresh_from_db()
    assert task.status == "failed" and task.message == message


def test_it_runs_the_task_at_once_when_background_work_is_off(client, kjj):
    applicant("CDD01")
    client.force_login(kjj)
    response = client.post(reverse("matching_run_create"))  # the autouse fixture: IMPORTS_IN_BACKGROUND off
    run = MatchingRun.objects.get()
    assert response.url == reverse("matching_run", args=[run.pk])
    assert MatchingTask.objects.get().status == "done" and DBTaskResult.objects.count() == 0


def test_the_command_still_matches_at_once_without_the_queue(kjj, queued):
    applicant("CDD01")
    call_command("run_matching", "--province", "52", "--confirm")
    assert MatchingRun.objects.get().status == "confirmed" and Assignment.objects.count() == 1
    assert MatchingTask.objects.count() == 0 and DBTaskResult.objects.count() == 0


def worker_env(tmp_path):
    """A worker subprocess on the test database, with the short heartbeat and timeout."""
    env = {**os.environ, "DATABASE_URL": connection_url(), "DATABASE_CONN_MAX_AGE": "0"}
    env.update(IMPORTS_IN_BACKGROUND="true", IMPORT_HEARTBEAT_SECONDS=str(HEARTBEAT))
    env.update(IMPORT_WORKER_TIMEOUT=str(TIMEOUT), MEDIA_ROOT=str(tmp_path))
    return env


WORKER = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]


def run_worker_process(tmp_path) -> int:
    """`manage.py db_worker --batch`: runs what is queued, then ends. Returns its process id."""
    process = subprocess.Popen(
        [*WORKER, "--batch"],
        cwd=django_settings.BASE_DIR,
        env=worker_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, output.decode()[-3000:]
    return process.pid


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.1)
    return value


@pytest.mark.usefixtures("live_db")
def test_it_runs_in_a_real_worker_which_killed_leaves_nothing_and_a_failed_task(client, queued, tmp_path):
    kjj = make_user("kjj52", Role.KJJ, province_id=52)
    applicant("CDD01", "DSD01")
    client.force_login(kjj)
    proposed = client.post(reverse("matching_run_create"))
    task = MatchingTask.objects.get()

    # Another transaction holds the province (as a long run would): the worker waits inside its run.
    holder = psycopg2.connect(connection_url())
    holder.cursor().execute("SELECT 1 FROM welfare_portal_province WHERE code = 52 FOR UPDATE")
    log = open(tmp_path / "worker.log", "wb")
    worker = subprocess.Popen(
        WORKER,
        cwd=django_settings.BASE_DIR,
        env=worker_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: MatchingTask.objects.get().status == "running", "the worker taking the task")
        first_beat = MatchingTask.objects.get().heartbeat_at
        time.sleep(TIMEOUT + 1.5)  # longer than the timeout: its heartbeat keeps it running
        assert "กำลังประมวลผล" in client.get(proposed.url).content.decode()
        task.refresh_from_db()
        assert task.status == "running" and task.heartbeat_at > first_beat
        assert task.worker.endswith(f":{worker.pid}")
        os.killpg(worker.pid, signal.SIGKILL)  # killed mid-run, as the OOM killer would
        worker.wait()
    finally:
        holder.close()
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        log.close()

    finished = wait_for(lambda: (r := client.get(proposed.url)).status_code == 302 and r, "failed shown", TIMEOUT + 10)
    assert finished.url == home_url() and WORKER_LOST in client.get(finished.url).content.decode()
    assert MatchingRun.objects.count() == 0 and RunEntry.objects.count() == 0  # its transaction rolled back
    assert DBTaskResult.objects.get(id=task.task_id).status == TaskResultStatus.FAILED

    proposed = client.post(reverse("matching_run_create"))  # the คจจ. asks again
    pid = run_worker_process(tmp_path)
    run = MatchingRun.objects.get()
    assert client.get(proposed.url).url == reverse("matching_run", args=[run.pk])
    assert MatchingTask.objects.get(status="done").worker.endswith(f":{pid}")

    confirmed = client.post(reverse("matching_run_confirm", args=[run.pk]), {"matched": run.matched})
    assert Assignment.objects.count() == 0
    run_worker_process(tmp_path)
    assert client.get(confirmed.url).url == reverse("matching_run", args=[run.pk])
    page = client.get(reverse("matching_run", args=[run.pk])).content.decode()
    assert "ยืนยันผลการจับคู่แล้ว มอบหมายหน่วยงานพัฒนา 1 คน" in page
    assert Assignment.objects.get().source == "matching"
