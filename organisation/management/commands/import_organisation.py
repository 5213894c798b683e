"""`python manage.py import_organisation FILE…`: the onboarding import (docs/onboarding.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from organisation.onboarding import ImportFormatError, import_organisation


class Command(BaseCommand):
    help = (
        "Importér forvaltninger, bydele, arbejdssteder, antal ansatte og brugere fra én "
        "XLSX-fil eller flere CSV-filer (alt eller intet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="XLSX-projektmappe eller CSV-filer")
        parser.add_argument("--user", help="Administratoren, der står som den, der har importeret.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontrollér filerne uden at gemme noget."
        )

    def handle(self, *args, files, user=None, dry_run=False, **options):
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Filen findes ikke: {path}")
        acting_user = None
        if user:
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"Ukendt bruger: {user}") from error
        try:
            result = import_organisation(
                files=[(path.name, path.read_bytes()) for path in paths],
                acting_user=acting_user,
                commit=not dry_run,
            )
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        if result.errors:
            for sheet, number, texts in result.errors:
                for text in texts:
                    self.stderr.write(f"{sheet}, række {number}: {text}")
            raise CommandError(f"{len(result.errors)} række(r) fejlede: intet er importeret.")
        verb = "Ville oprette/ændre" if dry_run else "Oprettet/ændret"
        for title, created, updated in result.summary():
            self.stdout.write(f"{verb} – {title}: {created} nye, {updated} ændrede.")
