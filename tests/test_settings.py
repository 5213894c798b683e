"""Production settings fail loudly without secrets and pass `check --deploy` with them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "jobordninger.kommune.dk",
    # Not connected to by `check`: the command only reads the settings.
    "DATABASE_URL": "postgres://jobordninger@127.0.0.1:1/jobordninger",
    "REDIS_URL": "redis://127.0.0.1:1/0",
}


# The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE; production never has it.
IGNORED = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_NAME", "TEST_DATABASE_NAME"}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in IGNORED}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_database_url_or_redis_url():
    for missing in ("DATABASE_URL", "REDIS_URL"):
        env = {k: v for k, v in PRODUCTION.items() if k != missing}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr
