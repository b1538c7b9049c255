"""Running PostgreSQL's own client programs (pg_dump, psql…) against the test database."""

import os
import subprocess
from urllib.parse import quote

from django.db import connection


def connection_url() -> str:
    params = connection.get_connection_params()
    host = params.get("host") or "localhost"
    user = quote(params.get("user") or "postgres", safe="")
    password = params.get("password")
    auth = f"{user}:{quote(password, safe='')}" if password else user
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres://{auth}@{quote(host, safe='')}{port}/{params['database'] if 'database' in params else params['dbname']}"


def program(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def run(name: str, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([program(name), *args], capture_output=True, text=True, check=True, env=os.environ, **kwargs)
