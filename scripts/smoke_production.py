"""Production smoke test: the app as it runs in production, on real servers.

Run by scripts/smoke_production.sh inside scripts/with_system_postgres.sh (DATABASE_URL is
the machine's PostgreSQL), from the directory the image steps built (APP, VENV). Starts a
real redis-server, migrates, seeds the demo, then gunicorn with the Dockerfile's command,
a Celery worker and beat, all with DJANGO_ENV=production. Then, as a browser behind the
TLS proxy would (X-Forwarded-Proto from a trusted address): every role signs in and opens
its start page, the secretary requests a status report and downloads the PDF, and the
security headers are checked. Exits non-zero on the first failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

import requests

APP, VENV = Path(sys.argv[1]), Path(sys.argv[2])
BIN = VENV / "bin"
PASSWORD = "jobordninger-demo"
USERS = ("hr", "konsulent", "sekretaer", "admin")  # the demo's HR, consultant, secretary, admin


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"smoke: timed out waiting for {what}")


class Browser:
    """requests with the cookies kept by hand: the Secure cookies travel over the plain-HTTP
    hop from the 'proxy' (this script) to gunicorn, as they do behind a TLS proxy."""

    def __init__(self, base: str):
        self.base, self.cookies = base, {}
        self.host = base.split("//", 1)[1]

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"https://{self.host}{path}",
            "Origin": f"https://{self.host}",
            **kwargs.pop("headers", {}),
        }
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request(
            "POST", path, data={**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]}, **kwargs
        )


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"smoke: FAILED: {message}")
    print(f"smoke: ok: {message}", flush=True)


def check_headers(response: requests.Response, *, personal: bool) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    check("script-src 'self'" in csp and "unsafe-inline" not in csp, f"CSP on {response.url}")
    check("max-age=31536000" in response.headers.get("Strict-Transport-Security", ""), "HSTS")
    check(response.headers.get("X-Frame-Options") == "DENY", "X-Frame-Options: DENY")
    check(response.headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
    check("camera=()" in response.headers.get("Permissions-Policy", ""), "Permissions-Policy")
    if personal:
        check("no-store" in response.headers.get("Cache-Control", ""), "Cache-Control: no-store")


def sign_in(base: str, username: str) -> Browser:
    browser = Browser(base)
    login = browser.get("/login/")
    check(login.status_code == 200, f"{username}: the login page answers")
    check_headers(login, personal=False)
    cookies = login.raw.headers.getlist("Set-Cookie")
    check(all("Secure" in c for c in cookies), "cookies are Secure")
    response = browser.post("/login/", {"username": username, "password": PASSWORD})
    check(response.status_code == 302, f"{username}: signs in")
    session = [c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("sessionid=")]
    check(session and "HttpOnly" in session[0] and "Secure" in session[0], "session cookie")
    return browser


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="jobordninger-smoke-"))
    redis_port, web_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "smoke-test-secret-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PATH": f"{BIN}:{os.environ['PATH']}",
    }
    processes: list[subprocess.Popen] = []

    def start(name: str, command: list[str]) -> None:
        log = open(work / f"{name}.log", "w")  # noqa: SIM115
        processes.append(
            subprocess.Popen(command, cwd=APP, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
        processes[-1].log_name = name

    started = time.monotonic()
    try:
        start(
            "redis",
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "--scale", "small"]):
            subprocess.run(
                [str(BIN / "python"), "manage.py", *command], cwd=APP, env=env, check=True
            )
        dockerfile = (APP / "Dockerfile").read_text()
        cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
        cmd[cmd.index("--bind") + 1] = f"127.0.0.1:{web_port}"
        start("web", cmd)
        start(
            "worker",
            [
                "celery",
                "-A",
                "jobordninger",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
            ],
        )
        start(
            "beat",
            [
                "celery",
                "-A",
                "jobordninger",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(work / "celerybeat-schedule"),
            ],
        )
        base = f"http://127.0.0.1:{web_port}"
        wait_until(
            lambda: (
                requests.get(
                    base + "/sundhed/", headers={"X-Forwarded-Proto": "https"}, timeout=5
                ).status_code
                == 200
            ),
            "gunicorn",
        )
        check(
            requests.get(base + "/login/", allow_redirects=False, timeout=5).status_code == 301,
            "plain HTTP is redirected to HTTPS",
        )

        for username in USERS:
            browser = sign_in(base, username)
            home = browser.get("/")
            check(home.status_code == 200, f"{username}: the start page answers")
            check_headers(home, personal=True)
            if username == "sekretaer":
                secretary = browser

        year = time.localtime().tm_year - 1
        response = secretary.post("/status/rapporter/bestil/", {"period": "year", "year": year})
        check(response.status_code == 302, "the secretary requests a status report")
        detail = response.headers["Location"]
        pk = re.search(r"/rapporter/(\d+)/", detail).group(1)

        def done() -> bool:
            return "Rapporten er klar" in secretary.get(f"/status/rapporter/{pk}/fremdrift/").text

        wait_until(done, "the worker to build the report", timeout=120)
        pdf = secretary.get(f"/status/rapporter/{pk}/hent/")
        check(pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), "the PDF downloads")
        check("no-store" in pdf.headers.get("Cache-Control", ""), "the PDF is not cached")
        wait_until(lambda: "beat: Starting" in (work / "beat.log").read_text(), "beat", timeout=30)
        for process in processes:
            check(process.poll() is None, f"{process.log_name} still running")
        print(f"smoke: passed in {time.monotonic() - started:.0f} s", flush=True)
    except BaseException:
        for log in sorted(work.glob("*.log")):
            print(f"--- {log.name} (last lines)\n" + "\n".join(log.read_text().splitlines()[-30:]))
        raise
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
