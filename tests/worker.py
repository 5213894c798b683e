"""A real Celery worker process for tests, on the same PostgreSQL test database and Redis.

Use `@transactional` tests (data must be committed for another process to see it) and the
`celery_worker_process` fixture. The worker consumes only this test run's own queue.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def start_worker(extra_env: dict | None = None, concurrency: int = 1) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_NAME": connection.settings_dict["NAME"],  # the test database
        "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "REDIS_URL": settings.REDIS_URL,
        **(extra_env or {}),
    }
    log = open(ROOT / ".local" / f"test-worker-{os.getpid()}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "jobordninger",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log.name
    return process


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value; fail the test after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout} s waiting for {predicate.__name__}")


@pytest.fixture
def celery_worker_process():
    process = start_worker()
    yield process
    stop_worker(process)
