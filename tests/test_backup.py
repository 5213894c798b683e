"""`manage.py backup` → pg_restore into an empty database → the same status figures."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from jobordninger.management.commands.backup import pg_binary, pg_environment
from tests.conftest import transactional
from tests.factories import PlacementFactory, SlotFactory, scheme

ROOT = Path(__file__).resolve().parent.parent
FIGURES = (
    "from core.periods import Period; from reports.status import build_report; "
    "from reports.selectors import full_year_persons_by_department_and_scheme as persons; "
    "period = Period.h1(2024); "
    "print(sorted(persons(period).items())); print(repr(build_report(period)))"
)
IGNORED = {"DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DATABASE_NAME"}


def figures(database: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in IGNORED}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", FIGURES],
        cwd=ROOT,
        env={**env, "DATABASE_NAME": database},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@transactional
def test_a_backup_restored_into_an_empty_database_gives_the_same_status(tmp_path):
    for code, hours in (("fleksjob", "20"), ("loentilskud", "37"), ("virksomhedspraktik", "15")):
        slot = SlotFactory(scheme=scheme(code), opened_on=dt.date(2023, 1, 1))
        PlacementFactory(slot=slot, starts_on=dt.date(2023, 3, 1), hours_per_week=hours)
    original = connection.settings_dict["NAME"]
    dump = tmp_path / "backup.dump"
    call_command("backup", output=str(dump))
    assert dump.stat().st_size > 0 and oct(dump.stat().st_mode)[-3:] == "600"

    restored = f"{original}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        result = subprocess.run(
            [pg_binary("pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)],
            env=pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        before = figures(original)
        assert "Decimal(" in before.splitlines()[0]  # full-year persons were counted
        assert figures(restored) == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
