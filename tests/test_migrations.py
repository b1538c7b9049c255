"""The migrations stand alone: one initial migration per app migrates an empty database from zero, the schema it
makes is the models' (makemigrations finds nothing to do), the triggers the portal relies on are there, and the
reference data are loaded from the migration's own copy. No migration imports the project's code."""

import ast
import csv
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from .pg import connection_url

ROOT = Path(settings.BASE_DIR)
APPS = ("welfare_portal", "cardholders", "matching", "development", "reporting")
REFERENCE_COPY = ROOT / "welfare_portal" / "migrations" / "reference_data"

# Statement-level triggers of the summaries (reporting) and of the assignment's development status (development).
TRIGGERS = {
    "cardholders_cardholder": ["summary_people_update"],
    "cardholders_rosterentry": ["summary_roster_insert", "summary_roster_update", "summary_roster_delete"],
    "cardholders_interview": ["summary_interview_insert", "summary_interview_update", "summary_interview_delete"],
    "matching_assignment": [
        "summary_assignment_insert",
        "summary_assignment_update",
        "summary_assignment_delete",
        "assignment_status_init",
    ],
    "matching_progress": ["progress_sync_insert", "progress_sync_update", "progress_sync_delete"],
}
FUNCTIONS = [
    "summary_people_changed",
    "summary_roster_changed",
    "welfare_current_round",
    "summary_interview_changed",
    "summary_assignment_changed",
    "matching_progress_sync",
    "matching_assignment_status_init",
    "_pgh_attach_context",
]
# The audit trail (django-pghistory): an insert, update and delete trigger on every tracked table.
AUDITED = [
    "cardholders_cardholder",
    "cardholders_interview",
    "matching_assignment",
    "matching_progress",
    "cardholders_followup",
]


def _manage(*args, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _reference_rows(name: str) -> list[dict]:
    with (REFERENCE_COPY / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def empty_database(db):
    """A new, empty database on the test database's server, dropped afterwards; yields its URL."""
    name = f"{connection.settings_dict['NAME']}_from_zero_{uuid.uuid4().hex[:8]}"
    params = {k: v for k, v in connection.get_connection_params().items() if k not in ("database", "dbname")}
    params.pop("cursor_factory", None)
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield connection_url().rsplit("/", 1)[0] + f"/{name}", params, name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_it_has_an_initial_migration_per_app_then_the_rounds_importing_no_project_code():
    later = {
        "0002_rounds.py",
        "0003_notified_status.py",
        "0003_summary_person_lookup.py",
        "0004_summary_update_once.py",
        "0003_assignment_fillfactor.py",
        "0004_progress_fillfactor.py",
        "0003_interview_current_is_derived.py",
        "0005_progress_assignment_unchecked.py",
    }
    for app in APPS:
        migrations = sorted(p.name for p in (ROOT / app / "migrations").glob("0*.py"))
        assert migrations[0] == "0001_initial.py" and set(migrations[1:]) <= later, app
        for migration in migrations:
            tree = ast.parse((ROOT / app / "migrations" / migration).read_text())
            imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
            imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
            roots = {name.split(".")[0] for name in imported}
            assert roots <= {"django", "pgtrigger", "pghistory", "csv", "pathlib", "datetime"}, (app, migration, roots)


def test_the_data_from_before_rounds_move_to_round_2561(empty_database):
    """A portal made before rounds: its people, interviews and counts are round 2561's after migrating."""
    url, params, name = empty_database
    before = _manage("migrate", "reporting", "0001_initial", "--no-input", database_url=url)
    assert before.returncode == 0, before.stderr
    with psycopg2.connect(dbname=name, **params) as db, db.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cardholders_cardholder (national_id, title, first_name, last_name, phone, house_no, moo, "
            "village, subdistrict_id, created_at, updated_at) "
            "VALUES ('3520100000011', '', 'ทดสอบ', 'ใจดี', '', '', '', '', 520101, now(), now()) RETURNING id"
        )
        person = cursor.fetchone()[0]
        cursor.execute(
            """INSERT INTO cardholders_interview (cardholder_id, interviewed_on, "group", choice_1_id, basic_needs,
                   is_current, channel, created_at, updated_at)
               SELECT %s, '2018-06-20', 1, min(id), '{}', true, 'import', now(), now() FROM welfare_portal_project""",
            [person],
        )
    after = _manage("migrate", "--no-input", database_url=url)
    assert after.returncode == 0, after.stderr
    with psycopg2.connect(dbname=name, **params) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT r.code, r.is_current FROM cardholders_interview i JOIN welfare_portal_round r ON r.id = i.round_id"
        )
        assert cursor.fetchall() == [("2561", True)]
        cursor.execute("SELECT r.code FROM cardholders_rosterentry e JOIN welfare_portal_round r ON r.id = e.round_id")
        assert cursor.fetchall() == [("2561",)]
        cursor.execute(
            "SELECT r.code, s.n FROM summary_interview_choice s JOIN welfare_portal_round r ON r.id = s.round "
            "WHERE s.level = 10000 AND s.area = 52"
        )
        assert cursor.fetchall() == [("2561", 1)]


def test_it_migrates_an_empty_database_from_zero_to_the_models_schema(empty_database):
    url, params, name = empty_database
    migrate = _manage("migrate", "--no-input", database_url=url)
    assert migrate.returncode == 0, migrate.stderr
    check = _manage("makemigrations", "--check", "--dry-run", database_url=url)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No changes detected" in check.stdout

    with psycopg2.connect(dbname=name, **params) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        )
        triggers = set(cursor.fetchall())
        for table, names in TRIGGERS.items():
            for trigger in names:
                assert (table, trigger) in triggers, (table, trigger)
        for table in AUDITED:
            for kind in ("insert_insert", "update_update", "delete_delete"):
                assert any(t == table and n.startswith(f"pgtrigger_{kind}_") for t, n in triggers), (table, kind)

        cursor.execute("SELECT proname, proconfig FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
        functions = dict(cursor.fetchall())
        for function in FUNCTIONS:
            assert function in functions, function

        # The reference data, from the migration's own copy of the CSV files.
        geography = _reference_rows("geography.csv")
        expected = {
            "welfare_portal_province": len({r["province_code"] for r in geography}),
            "welfare_portal_district": len({r["district_code"] for r in geography}),
            "welfare_portal_subdistrict": len(geography),
            "welfare_portal_developmentunit": len(_reference_rows("development_units.csv")),
            "welfare_portal_project": len(_reference_rows("projects.csv")),
            "welfare_portal_basicneed": len(_reference_rows("basic_needs.csv")),
            "welfare_portal_skill": len(_reference_rows("skills.csv")),
        }
        for table, count in expected.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] == count > 0, table
        cursor.execute("SELECT name_th FROM welfare_portal_province WHERE code = 52")
        assert cursor.fetchone() == ("ลำปาง",)

        # Round 2561 is the current one, and the round columns default to it.
        cursor.execute("SELECT code, is_current FROM welfare_portal_round")
        assert cursor.fetchall() == [("2561", True)]

        # The triggers work in the new database: a person on the current round's roster counted in its
        # summary, a progress report moving the assignment's status.
        cursor.execute(
            "INSERT INTO cardholders_cardholder (national_id, title, first_name, last_name, phone, house_no, moo, "
            "village, subdistrict_id, created_at, updated_at) "
            "VALUES ('3520100000011', '', 'ทดสอบ', 'ใจดี', '', '', '', '', 520101, now(), now()) RETURNING id"
        )
        person = cursor.fetchone()[0]
        cursor.execute("INSERT INTO cardholders_rosterentry (cardholder_id) VALUES (%s)", [person])
        cursor.execute(
            "SELECT r.code, s.n FROM summary_cardholders s JOIN welfare_portal_round r ON r.id = s.round "
            "WHERE s.level = 10000 AND s.area = 52"
        )
        assert cursor.fetchall() == [("2561", 1)]
