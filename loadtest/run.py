"""`make loadtest`: gunicorn in production settings on a seeded database, then locust.

The database is the embedded server's DATABASE_NAME (default jobordninger_10x), seeded
beforehand (docs/performance.md). gunicorn runs the Dockerfile's command with only the
address changed, so the load test follows the production worker configuration. All
traffic stays on 127.0.0.1. Exits with locust's status (non-zero on any failure).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from jobordninger import embedded  # noqa: E402

DEMO_USERS = ("hr", "hr-buf", "konsulent", "sekretaer")
PASSWORD = "jobordninger-demo"  # the demo users' (README)


def gunicorn_command(port: int) -> list[str]:
    """The Dockerfile's CMD, bound to 127.0.0.1:port."""
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[0] = str(Path(sys.executable).parent / command[0])
    return command


def check_seeded(socket_dir: str, database: str) -> None:
    import psycopg

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres") as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
    if found:
        with psycopg.connect(host=socket_dir, user="postgres", dbname=database) as conn:
            users = {
                row[0]
                for row in conn.execute(
                    "SELECT username FROM auth_user WHERE username = ANY(%s)", [list(DEMO_USERS)]
                )
            }
        if users == set(DEMO_USERS):
            return
    sys.exit(
        f"loadtest: the database {database!r} has no demo data. Seed it first:\n"
        f"  DATABASE_NAME={database} .venv/bin/python manage.py migrate\n"
        f"  DATABASE_NAME={database} .venv/bin/python manage.py seed_demo --scale 10x"
    )


def sign_in(host: str, username: str) -> dict[str, str]:
    """Through the login form, as a browser behind the TLS proxy; the session's cookies."""
    import requests

    cookies: dict[str, str] = {}

    def send(method: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": "https://" + host.split("//", 1)[1],
            "Referer": "https://" + host.split("//", 1)[1] + "/login/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        }
        response = requests.request(
            method, host + "/login/", headers=headers, allow_redirects=False, timeout=120, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for key, morsel in SimpleCookie(header).items():
                cookies[key] = morsel.value
        return response

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', send("GET").text)
    data = {"username": username, "password": os.environ.get("LOADTEST_PASSWORD", PASSWORD)}
    answer = send("POST", data={**data, "csrfmiddlewaretoken": token.group(1) if token else ""})
    if answer.status_code != 302 or "sessionid" not in cookies:
        sys.exit(f"loadtest: {username} could not sign in (HTTP {answer.status_code})")
    return cookies


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    for _ in range(120):
        if process.poll() is not None:
            sys.exit(f"loadtest: gunicorn stopped at start-up; see {log}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    sys.exit(f"loadtest: gunicorn did not answer {url}; see {log}")


def main() -> int:
    database = os.environ.get("DATABASE_NAME", "jobordninger_10x")
    port = int(os.environ.get("LOADTEST_PORT", "8001"))
    # More than one gunicorn (each on its own port, the users spread over them, as behind a
    # load balancer): the web processes share nothing but PostgreSQL and Redis.
    processes = int(os.environ.get("LOADTEST_PROCESSES", "1"))
    seconds = int(os.environ.get("LOADTEST_SECONDS", "60"))
    users = int(os.environ.get("LOADTEST_USERS", "50"))
    socket_dir = embedded.start_postgres()["HOST"]
    redis_url = embedded.start_redis()
    check_seeded(socket_dir, database)

    work = BASE_DIR / ".local" / "loadtest"
    work.mkdir(parents=True, exist_ok=True)
    # Production settings, with the embedded servers named explicitly as production requires.
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": os.environ.get("LOADTEST_SECRET_KEY", secrets.token_urlsafe(50)),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1",
        # The unix socket as a query parameter: django-environ keeps it as psycopg's `host`.
        "DATABASE_URL": f"postgres://postgres@/{database}?host={quote(socket_dir)}",
        "DATABASE_NAME": database,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    ports = [port + n for n in range(processes)]
    if processes > 1 and "WEB_CONCURRENCY" not in env:
        # The machine's workers (gunicorn.conf.py: 3 per core), shared out between processes.
        env["WEB_CONCURRENCY"] = str(max(1, 3 * (os.cpu_count() or 1) // processes))
    servers = []
    for each in ports:
        log = work / ("gunicorn.log" if each == port else f"gunicorn-{each}.log")
        with open(log, "w") as out:
            servers.append(
                (
                    subprocess.Popen(
                        gunicorn_command(each),
                        cwd=BASE_DIR,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    ),
                    log,
                )
            )
    try:
        hosts = [f"http://127.0.0.1:{each}" for each in ports]
        for (server, log), host in zip(servers, hosts, strict=True):
            wait_for(host + "/sundhed/", server, log)
        host = hosts[0]
        # Signed in through the first process only: any process must know the session.
        sessions = {username: sign_in(host, username) for username in DEMO_USERS}
        print(
            f"loadtest: {users} users for {seconds} s against {processes} ×"
            f" {' '.join(gunicorn_command(port))} on {database}",
            flush=True,
        )
        locust = subprocess.run(
            [
                str(Path(python).parent / "locust"),
                "--locustfile",
                str(BASE_DIR / "loadtest" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 5)),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "5",
                "--host",
                host,
            ],
            cwd=BASE_DIR,
            env={
                **os.environ,
                "LOADTEST_SESSIONS": json.dumps(sessions),
                "LOADTEST_HOSTS": ",".join(hosts),
            },
        )
        return locust.returncode
    finally:
        for server, _log in servers:
            server.terminate()
        for server, _log in servers:
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
