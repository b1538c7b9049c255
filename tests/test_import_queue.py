"""Web imports on the task queue: they run in a worker process, not in the web server (README, "Background
work"). Real workers (`manage.py db_worker`) and a real web server (gunicorn) run as subprocesses against the
test database; a worker killed mid-import shows its job failed with nothing written, and a web server
killed mid-import does not stop the import."""

import datetime
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cardholders.importers.jobs import import_job_create, import_job_start
from cardholders.importers.liveness import TASK_FAILED, WORKER_LOST
from cardholders.models import Cardholder, ImportJob
from welfare_portal.models import Role

from .builders import ROSTER_HEADER, write_csv
from .conftest import make_user, valid_national_id
from .pg import connection_url

HEARTBEAT, TIMEOUT = 1, 3  # seconds: a dead worker is noticed within a few seconds here


@pytest.fixture
def queued(settings, tmp_path):
    """Imports go to the queue, as in production; heartbeats and the dead-worker timeout are short."""
    settings.IMPORTS_IN_BACKGROUND = True
    settings.IMPORT_HEARTBEAT_SECONDS, settings.IMPORT_WORKER_TIMEOUT = HEARTBEAT, TIMEOUT
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def processes(tmp_path):
    """Start subprocesses on the test database (its URL passed as DATABASE_URL); all are killed at the end,
    so the test database can be emptied and dropped."""
    started = []

    def start(name, *args):
        env = {
            **os.environ,
            "DATABASE_URL": connection_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "IMPORTS_IN_BACKGROUND": "true",
            "IMPORT_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "IMPORT_WORKER_TIMEOUT": str(TIMEOUT),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        log = open(tmp_path / f"{name}-{len(started)}.log", "wb")  # closed with the process
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own: kill() ends it with all its children
        )
        process.log_path, process.log = log.name, log
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)
        process.log.close()


def kill(process):
    """kill -9 the process and its children (gunicorn's workers), as a crash or the OOM killer would."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def start_worker(processes, *options):
    return processes(
        "worker", "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *options
    )


def wait_for(condition, what, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process ended early:\n{Path(process.log_path).read_text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return value


def roster_file(path, count):
    rows = ([valid_national_id(n), "นาย", "คิว", "ใจดี", "", "", "", "", 520101] for n in range(1, count + 1))
    return write_csv(path, ROSTER_HEADER, rows)


def job_state(pk):
    return ImportJob.objects.values("status", "stage", "done_rows", "heartbeat_at").get(pk=pk)


def importing_rows(pk):
    """True once the worker has read (and, streaming, written in its transaction) a good part of the file."""
    state = job_state(pk)
    return state["status"] == ImportJob.Status.IMPORTING and state["done_rows"] >= 10_000


def send(path, user, *, dry_run):
    with open(path, "rb") as f:
        job = import_job_create(kind="roster", upload=File(f, name=Path(path).name), user=user)
    import_job_start(job, dry_run=dry_run)
    return job


def test_it_queues_a_web_import_for_a_worker_and_shows_it_waiting(client, province_user, queued):
    client.force_login(province_user)
    rows = [[valid_national_id(1), "นาย", "คิว", "ใจดี", "", "", "", "", 520101]]
    content = ("\n".join(",".join(map(str, row)) for row in [ROSTER_HEADER, *rows]) + "\n").encode("utf-8-sig")
    client.post(reverse("import_upload"), {"kind": "roster", "file": SimpleUploadedFile("r.csv", content)})
    job = ImportJob.objects.get()
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY and task.args_kwargs["args"] == [job.pk, True]
    assert task.task_path == "cardholders.importers.jobs.run_import_job"
    data = client.get(reverse("import_job_status", args=[job.pk])).json()
    assert data["status"] == "checking" and data["running"] is True and data["stage"] == "รอคิว"
    assert Cardholder.objects.count() == 0


def test_it_shows_a_queued_job_whose_task_failed_as_failed(client, province_user, queued):
    client.force_login(province_user)
    content = ",".join(ROSTER_HEADER).encode() + b"\n"
    client.post(reverse("import_upload"), {"kind": "roster", "file": SimpleUploadedFile("r.csv", content)})
    job = ImportJob.objects.get()
    # What the worker records for a task that raised before the import began (e.g. code it could not load).
    DBTaskResult.objects.filter(id=job.task_id).update(
        status=TaskResultStatus.FAILED, started_at=timezone.now(), finished_at=timezone.now()
    )
    data = client.get(reverse("import_job_status", args=[job.pk])).json()
    assert data["status"] == "failed" and data["running"] is False and data["message"] == TASK_FAILED
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert TASK_FAILED in page and "ระบบขัดข้อง ไม่ได้นำเข้า" in page


@pytest.mark.usefixtures("live_db")
def test_it_sweeps_the_jobs_of_dead_workers_when_a_worker_starts(queued, processes, tmp_path):
    user = make_user("P5200", Role.PROVINCE, province_id=52)
    job = send(roster_file(tmp_path / "r.csv", 3), user, dry_run=False)
    # A worker took the task and died long ago: its task still says RUNNING, its heartbeat stopped.
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1), worker="gone:1"
    )
    worker = start_worker(processes, "--batch")
    assert worker.wait(timeout=60) == 0, Path(worker.log_path).read_text()
    job.refresh_from_db()
    assert job.status == "failed" and job.failure_message == WORKER_LOST
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED
    assert Cardholder.objects.count() == 0


@pytest.mark.usefixtures("live_db")
def test_it_shows_an_import_whose_worker_was_killed_as_failed_and_runs_it_again(client, queued, processes, tmp_path):
    user = make_user("P5200", Role.PROVINCE, province_id=52)
    client.force_login(user)
    path = roster_file(tmp_path / "big.csv", 200_000)
    job = send(path, user, dry_run=False)
    worker = start_worker(processes)
    wait_for(lambda: importing_rows(job.pk), "the worker importing", process=worker)
    kill(worker)

    status_url = reverse("import_job_status", args=[job.pk])
    data = wait_for(lambda: (d := client.get(status_url).json())["status"] == "failed" and d, "failed shown", 30)
    assert data["running"] is False and data["message"] == WORKER_LOST
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert WORKER_LOST in page and 'data-testid="import-failure"' in page
    assert Cardholder.objects.count() == 0  # one transaction: the killed import wrote nothing
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED

    again = send(path, user, dry_run=False)  # the user sends the same file again
    start_worker(processes)
    wait_for(lambda: job_state(again.pk)["status"] not in ImportJob.RUNNING, "the second import", 90)
    again.refresh_from_db()
    assert again.status == "done" and again.created == 200_000, again.errors[:3]
    assert Cardholder.objects.count() == 200_000
    job.refresh_from_db()
    assert job.status == "failed"  # the first job stays what it was


class Web:
    """A browser of the web server subprocess, with the test client's session cookie."""

    def __init__(self, port, session_id):
        self.port = port
        self.cookies = {django_settings.SESSION_COOKIE_NAME: session_id}

    def request(self, method, url, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, url, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        connection.close()
        return response.status, response.headers, content

    def post(self, url, fields, files=None):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in (files or {}).items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(head.encode() + b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def up(self):
        try:
            return self.request("GET", reverse("login"))[0] < 500
        except OSError:
            return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.usefixtures("live_db")
def test_it_finishes_an_import_while_the_web_server_restarts(client, queued, processes, tmp_path):
    user = make_user("P5200", Role.PROVINCE, province_id=52)
    client.force_login(user)  # a session in the database, which the web server subprocess reads
    rows = 100_000
    content = roster_file(tmp_path / "roster.csv", rows).read_bytes()
    worker = start_worker(processes)
    port = free_port()
    gunicorn = [
        "-m",
        "gunicorn",
        "welfare_portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "120",
        "--no-control-socket",
    ]
    web = processes("web", *gunicorn)
    browser = Web(port, client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    wait_for(browser.up, "the web server", process=web)

    assert browser.request("GET", reverse("import_upload"))[0] == 200  # sets the CSRF cookie
    status, headers, _ = browser.post(reverse("import_upload"), {"kind": "roster"}, {"file": ("roster.csv", content)})
    assert status == 302, status
    job = ImportJob.objects.get()
    assert headers["Location"] == reverse("import_job", args=[job.pk])
    wait_for(lambda: job_state(job.pk)["status"] == "previewed", "the check by the worker", process=worker)
    assert browser.post(reverse("import_job_confirm", args=[job.pk]), {})[0] == 302
    wait_for(lambda: importing_rows(job.pk), "the worker importing", process=worker)

    kill(web)  # the web server dies mid-import …
    assert not browser.up()
    assert job_state(job.pk)["status"] == "importing"
    web = processes("web", *gunicorn)  # … and comes back
    wait_for(browser.up, "the web server again", process=web)

    def finished():
        data = json.loads(browser.request("GET", reverse("import_job_status", args=[job.pk]))[2])
        return not data["running"] and data

    data = wait_for(finished, "the import to finish", 90, process=worker)
    assert data["status"] == "done" and data["message"] == "", data
    job.refresh_from_db()
    assert job.created == rows and Cardholder.objects.count() == rows
    assert job.worker.endswith(f":{worker.pid}")  # imported by the worker, not by a web process
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2  # check, then import


@pytest.mark.usefixtures("live_db")
def test_two_overlapping_files_on_two_workers_end_consistent(queued, processes, tmp_path):
    """Two workers take two overlapping files at once: the imports take turns (one advisory lock), both
    finish, and the overlap holds one file's version, never a mix."""
    user = make_user("P5200", Role.PROVINCE, province_id=52)
    rows = lambda first, count, name: (  # noqa: E731
        [valid_national_id(n), "นาย", name, "ใจดี", "", "", "", "", 520101] for n in range(first, first + count)
    )
    a = send(write_csv(tmp_path / "a.csv", ROSTER_HEADER, rows(1, 30_000, "เอ")), user, dry_run=False)
    b = send(write_csv(tmp_path / "b.csv", ROSTER_HEADER, rows(20_001, 30_000, "บี")), user, dry_run=False)
    workers = [start_worker(processes), start_worker(processes)]
    for job in (a, b):
        wait_for(lambda job=job: job_state(job.pk)["status"] == ImportJob.Status.DONE, f"job {job.pk}", 120, workers[0])
    a.refresh_from_db()
    b.refresh_from_db()
    assert Cardholder.objects.count() == 50_000 and a.created + b.created == 50_000
    overlap = set(
        Cardholder.objects.filter(national_id__in=[valid_national_id(n) for n in range(20_001, 30_001)]).values_list(
            "first_name", flat=True
        )
    )
    assert len(overlap) == 1
