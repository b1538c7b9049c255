"""Start and stop the PostgreSQL server that ships inside the `pgserver` wheel."""

import atexit
import fcntl
import json
import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

# Settings the embedded server starts with. The defaults of initdb are sized for a laptop of 2005;
# these suit a 2-core, 24 GiB machine running the whole country. Applied once, when the cluster is made.
TUNING = {
    "shared_buffers": "2GB",
    "work_mem": "64MB",
    "maintenance_work_mem": "1GB",
    "effective_cache_size": "12GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "max_connections": "200",
    "timezone": "'Asia/Bangkok'",
}


def _pgserver(pgdata: Path):
    # pgserver keeps its lock file in the user's runtime folder. For root there is none, and platformdirs'
    # fallback under /tmp is refused when another program loosened its mode; a private folder beside the
    # data is always there and always ours.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = pgdata.parent / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def _tune(pgdata: Path) -> None:
    conf = pgdata / "postgresql.conf"
    marker = "# welfare_portal tuning"
    if not conf.exists() or marker in conf.read_text():
        return
    lines = [marker] + [f"{key} = {value}" for key, value in TUNING.items()]
    with conf.open("a") as f:
        f.write("\n" + "\n".join(lines) + "\n")


@contextmanager
def _one_process_at_a_time(pgdata: Path):
    """pgserver keeps the processes using a server in a JSON file it rewrites without a lock of its own
    that every process shares (its lock lives in XDG_RUNTIME_DIR, which may differ between processes):
    two processes starting at once (the web server and the task worker, a test and its subprocess) could
    leave it empty, and every later start failed reading it. One lock beside the data, and a file that
    cannot be read is started afresh (it only lists processes, to stop the server after the last)."""
    with open(pgdata.parent / "server.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            pids = pgdata / ".handle_pids.json"
            try:
                json.loads(pids.read_text())
            except FileNotFoundError:
                pass
            except ValueError:
                pids.write_text("[]")
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_running(pgdata: Path) -> str:
    """Start the server if it is not running; return the folder of its Unix socket."""
    pgdata = Path(pgdata).resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _one_process_at_a_time(pgdata):
        return _ensure_running(pgdata)


def _ensure_running(pgdata: Path) -> str:
    pgserver = _pgserver(pgdata)
    fresh = not (pgdata / "PG_VERSION").exists()
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    if fresh:
        # Tuning needs a restart to take effect (shared_buffers); do it once, right after initdb.
        _tune(pgdata)
        stop(pgdata)
        server = pgserver.get_server(pgdata, cleanup_mode=None)
    query = parse_qs(urlparse(server.get_uri()).query)
    return query["host"][0]


def stop(pgdata: Path) -> None:
    """Stop the server if it runs (a fast shutdown: sessions are ended, committed data is kept)."""
    pgdata = Path(pgdata).resolve()
    if not (pgdata / "postmaster.pid").exists():
        return
    pgserver = _pgserver(pgdata)
    from pgserver.postgres_server import PostgresServer

    user = "pgserver" if _is_root() else None
    pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    instance = PostgresServer._instances.pop(pgdata, None)
    if instance is not None:
        atexit.unregister(instance._cleanup)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
