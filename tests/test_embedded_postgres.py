import subprocess

from welfare_portal.embedded_postgres.server import ensure_running, stop


def _psql(socket_dir, sql):
    from pgserver._commands import POSTGRES_BIN_PATH

    return subprocess.run(
        [str(POSTGRES_BIN_PATH / "psql"), "-h", socket_dir, "-U", "postgres", "-d", "postgres", "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_it_keeps_the_data_when_stopped_and_started_again(tmp_path):
    pgdata = tmp_path / "pgdata"
    socket_dir = ensure_running(pgdata)
    try:
        _psql(socket_dir, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (52)")
        assert _psql(socket_dir, "SHOW shared_buffers") == "2GB"
        stop(pgdata)
        assert not (pgdata / "postmaster.pid").exists()
        socket_dir = ensure_running(pgdata)
        assert _psql(socket_dir, "SELECT n FROM kept") == "52"
    finally:
        stop(pgdata)
