"""Helpers of `make bench` (reporting/management/commands/bench.py): the machine it ran on, a logged-in
session, gunicorn on loopback, timed page requests and the form 4.1 load."""

import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from matching.models import Assignment
from matching.selectors import WAITING
from welfare_portal.models import Role, Round, User

SUMMARY_PAGES = [  # (label, menu id, query)
    ("1.1 ทั้งประเทศ", "1.1", {}),
    ("1.1 จังหวัด", "1.1", {"province": 52}),
    ("1.1 อำเภอ", "1.1", {"province": 52, "district": 5201}),
    ("2.1", "2.1", {"province": 52}),
    ("2.2", "2.2", {}),
    ("3.1", "3.1", {}),
    ("3.2", "3.2", {}),
    ("3.3", "3.3", {}),
    ("3.4", "3.4", {}),
    ("3.5 ทุกหน่วยงาน", "3.5", {}),
    ("3.5 CDD แยกกลุ่ม", "3.5", {"province": 52, "unit": "CDD", "by_group": 1}),
    ("4.2", "4.2", {"province": 52}),
    # Rounds (issue 15): the year-over-year columns read the previous round's summaries too.
    ("1.1 เทียบรอบก่อน", "1.1", {"compare": 1}),
    ("3.5 เทียบรอบก่อน", "3.5", {"compare": 1}),
    ("4.2 เทียบรอบก่อน", "4.2", {"province": 52, "compare": 1}),
    # Pages of their own (a path, not a menu report): who is behind, and the home page's open work.
    ("4.4 ทั้งประเทศ", "/behind/", {}),
    ("4.4 จังหวัด", "/behind/", {"province": 52}),
    ("หน้าหลัก", "/", {}),
]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def session_cookie(user) -> str:
    """A logged-in (and, for central, second-factor verified) session, as after a real login."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def bench_user(username, role, **scope):
    user = User.objects.filter(username=username).first()
    if user is None:
        user, _ = User.objects.create_account(username, role=role, **scope)
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    if role == Role.CENTRAL and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user


class Server:
    """gunicorn, the production server, on a loopback port, against the bench database."""

    def __init__(self, port: int, workers: int, env: dict):
        self.port, self.workers = port, workers
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "welfare_portal.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.request("GET", "/login/")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def request(self, method, path, cookie=None, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if cookie:
            all_headers["Cookie"] = cookie
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response, data

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def time_pages(server, cookie, repeats: int):
    results = []
    for label, item, query in SUMMARY_PAGES:
        path = (item if item.startswith("/") else f"/menu/{item}/") + ("?" + urlencode(query) if query else "")
        # Warm every worker (the first request of a process pays for imports and caches): requests at
        # once, since one after another may all land on the same worker.
        warm = server.workers * 4
        with ThreadPoolExecutor(max_workers=server.workers * 2) as pool:
            list(pool.map(server.request, ["GET"] * warm, [path] * warm, [cookie] * warm))
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response, _ = server.request("GET", path, cookie)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status == 200, (path, response.status)
        results.append((label, item, query, statistics.median(times), percentile(times, 95)))
    return results


THINK_SECONDS = (0.5, 1.5)  # a person reads the page and types between two saves


def form_load(server, user, *, users: int, seconds: float):
    """`users` threads, each a person saving form 4.1 for their own people (open the form, think, save),
    for a bounded time. Returns POST latencies (ms) and the errors."""
    import random

    low, high = user.province_id * 10000, user.province_id * 10000 + 9999
    people = list(
        Assignment.objects.active()
        .filter(
            round=Round.objects.current(),  # form 4.1 records the chosen (here: current) round's development
            development_province_id=user.province_id,
            cardholder__subdistrict__code__range=(low, high),
            progress_status__in=[*WAITING, Assignment.DevelopmentStatus.IN_PROGRESS],  # results still open
        )
        .values_list("cardholder_id", "unit_id", "project_id")[: users * 20]
    )
    cookie_value = session_cookie(user)
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(mine):
        jar = SimpleCookie()
        jar["sessionid"] = cookie_value
        i = 0
        while time.monotonic() < stop_at and mine:
            person, unit, project = mine[i % len(mine)]
            i += 1
            cookie = "; ".join(f"{k}={v.value}" for k, v in jar.items())
            response, data = server.request("GET", f"/progress/{person}/", cookie)
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    jar.load(value)
            html = data.decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            version = re.search(r'name="version" value="(\d*)"', html)
            if response.status != 200 or not token:
                with lock:
                    errors.append(f"GET {response.status}")
                continue
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "unit": unit,
                    "project": project,
                    "province": user.province_id,
                    "status": "in_progress",
                    "started_on": "1/7/2561",
                    "ended_on": "",
                    "version": version.group(1) if version and version.group(1) else "0",
                }
            )
            cookie = "; ".join(f"{k}={v.value}" for k, v in jar.items())
            time.sleep(random.uniform(*THINK_SECONDS))
            started = time.perf_counter()
            response, data = server.request(
                "POST", f"/progress/{person}/", cookie, body, {"Content-Type": "application/x-www-form-urlencoded"}
            )
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if response.status == 302:
                    latencies.append(elapsed)
                else:
                    problem = re.search(r'class="(?:field-error|errors)"[^>]*>([^<]+)', data.decode())
                    errors.append(f"POST {response.status}" + (f": {problem.group(1).strip()[:60]}" if problem else ""))

    threads = [threading.Thread(target=worker, args=(people[i::users],)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def machine_pace() -> str:
    """How fast the machine runs right now: a fixed piece of Python and a fixed query, best of three.

    A shared virtual machine's speed comes and goes in phases of minutes: the same import into the same
    country took 9.1 s and, a quarter of an hour later, 6.0 s. Printed beside a benchmark's figures, so
    figures from different runs are compared at the pace they were taken."""
    from django.db import connection  # local: this module's HTTP client names its connections `connection`

    def best(work) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    def python():
        sum(i * i for i in range(2_000_000))

    def postgres():
        with connection.cursor() as cursor:
            cursor.execute("DO $$DECLARE s bigint := 0; BEGIN FOR i IN 1..2000000 LOOP s := s + i % 7; END LOOP; END$$")

    return f"pace: Python {best(python):.0f} ms, PostgreSQL {best(postgres):.0f} ms (fixed work; lower is faster)"


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"
