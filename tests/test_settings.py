import os
import subprocess
import sys

import dj_database_url
from django.conf import settings


def _import_settings(**env):
    return subprocess.run(
        [sys.executable, "-c", "import welfare_portal.settings"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_it_speaks_thai_in_bangkok_time():
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"


def test_it_understands_a_socket_database_url():
    parsed = dj_database_url.parse("postgres://welfare@%2Fvar%2Frun%2FPostgreSQL/portal")
    assert parsed["HOST"] == "/var/run/PostgreSQL"
    assert parsed["NAME"] == "portal" and parsed["USER"] == "welfare"


def test_it_uses_database_url_when_set():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from welfare_portal import settings as s; d = s.DATABASES['default']; "
            "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'])",
        ],
        env={**os.environ, "DATABASE_URL": "postgres://u:p@db.example:5433/welfare"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.example", "5433", "welfare"]


def test_it_refuses_a_database_that_is_not_postgresql():
    result = _import_settings(DATABASE_URL="sqlite:///portal.db")
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def test_it_fails_loudly_on_a_malformed_setting():
    result = _import_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0 and "DJANGO_DEBUG" in result.stderr


def test_it_needs_a_secret_key_and_hosts_in_production():
    result = _import_settings(DJANGO_ENV="production", DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="")
    assert result.returncode != 0
