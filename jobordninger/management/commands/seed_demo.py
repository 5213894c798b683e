"""python manage.py seed_demo --scale small|copenhagen|10x [--municipality copenhagen|slagelse]"""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import formatting
from jobordninger.demo import SCALES, Generator
from jobordninger.demo_municipalities import PROFILES
from placements.models import Slot


class Command(BaseCommand):
    help = "Fyld databasen med deterministiske demodata (fast seed)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--municipality",
            choices=sorted(PROFILES),
            default="copenhagen",
            help="Demokommunen: dens organisation, ord og brugere.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Datoen data slutter ved (ÅÅÅÅ-MM-DD); standard: i dag.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gør intet, hvis der allerede er pladser i databasen.",
        )

    def handle(self, *args, scale, seed, municipality, today, if_empty, **options):
        if Slot.objects.exists():
            if if_empty:
                self.stdout.write("Databasen har allerede data; demodata springes over.")
                return
            raise CommandError("Databasen har allerede pladser. Brug en tom database.")
        started = time.perf_counter()
        counts = Generator(
            SCALES[scale], today or timezone.localdate(), seed, PROFILES[municipality]
        ).run()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{formatting.number(n)} {label}" for label, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Demodata ({municipality}, {scale}) på {elapsed:.1f} s: {summary}")
        )
