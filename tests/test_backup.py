"""The documented backup: pg_dump in custom format, pg_restore into an empty database, same data."""

import pytest
from django.db import connection

from cardholders.models import Cardholder

from .conftest import make_cardholder
from .pg import connection_url, run

RESTORED = "welfare_restore_check"


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_to_the_same_data(tmp_path, live_db):
    for _ in range(25):
        make_cardholder()
    dump = tmp_path / "welfare.dump"
    url = connection_url()
    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", url)
    assert dump.stat().st_size > 0
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')
        cursor.execute(f'CREATE DATABASE "{RESTORED}"')
    try:
        restored_url = url.rsplit("/", 1)[0] + "/" + RESTORED
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", str(dump))
        count = run("psql", restored_url, "-tAc", "SELECT count(*) FROM cardholders_cardholder").stdout.strip()
        provinces = run("psql", restored_url, "-tAc", "SELECT count(*) FROM welfare_portal_province").stdout.strip()
        assert (int(count), int(provinces)) == (Cardholder.objects.count(), 77)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')
