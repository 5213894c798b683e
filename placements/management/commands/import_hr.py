"""`python manage.py import_hr FILE`: the HR import (docs/import.md) from the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from placements.importers import ImportFormatError, import_hr


class Command(BaseCommand):
    help = "Importér pladser og forløb fra en CSV- eller XLSX-fil (alt eller intet)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller XLSX-fil i formatet fra docs/import.md")
        parser.add_argument(
            "--user",
            help="Importér som denne bruger: kun dennes forvaltninger, og brugeren står i "
            "historikken. Uden: alle forvaltninger, historikken siger 'systemet'.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontrollér filen uden at gemme noget."
        )

    def handle(self, *args, file, user=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen findes ikke: {path}")
        acting_user = None
        if user:
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"Ukendt bruger: {user}") from error
        try:
            result = import_hr(
                filename=path.name,
                content=path.read_bytes(),
                acting_user=acting_user,
                commit=not dry_run,
            )
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        for row in result.rows:
            for warning in row.warnings:
                self.stderr.write(f"Række {row.number}: advarsel: {warning}")
        if result.errors:
            for number, texts in result.errors:
                for text in texts:
                    self.stderr.write(f"Række {number}: {text}")
            raise CommandError(f"{len(result.errors)} række(r) fejlede: intet er importeret.")
        verb = "Ville oprette" if dry_run else "Oprettet"
        self.stdout.write(
            f"{verb}: {result.slots_created} pladser, {result.citizens_created} borgere, "
            f"{result.placements_created} forløb. Hændelser: {result.history_entries}."
        )
