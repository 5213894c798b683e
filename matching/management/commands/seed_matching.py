"""python manage.py seed_matching: candidate profiles and a subscription for the demo.

Deterministic (fixed seed). Citizens without a placement today become candidates of the
demo consultant; the consultant follows virksomhedspraktik and Nørrebro.
"""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from matching import services
from matching.models import CandidateProfile
from organisation.models import District
from organisation.scope import CONSULTANT
from placements.models import Citizen, Placement
from schemes.models import Scheme

HOURS = [Decimal(h) for h in ("10", "15", "20", "25", "30", "37")]
COMPETENCES = [
    "Erfaring fra køkken og kantine.",
    "Kørekort B. Har arbejdet på lager.",
    "Taler dansk, engelsk og arabisk.",
    "Vil gerne arbejde udendørs, fx park og vej.",
    "Gode til børn; har været frivillig i en klub.",
    "",
]


class Command(BaseCommand):
    help = "Kandidatprofiler og et abonnement til demoen (fast seed)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gør intet, hvis der allerede er kandidatprofiler.",
        )

    @transaction.atomic
    def handle(self, *args, candidates, seed, if_empty, **options):
        if if_empty and CandidateProfile.objects.exists():
            self.stdout.write("Der er allerede kandidater; springes over.")
            return
        rng = random.Random(seed)
        today = timezone.localdate()
        consultant = get_user_model().objects.filter(groups__name=CONSULTANT).order_by("pk").first()
        busy = Placement.objects.active_on(today).values("citizen_id")
        free = list(
            Citizen.objects.filter(anonymised_on__isnull=True, candidate_profile__isnull=True)
            .exclude(pk__in=busy)
            .order_by("pk")
            .values_list("pk", flat=True)[: candidates * 3]
        )
        chosen = sorted(rng.sample(free, min(candidates, len(free))))
        schemes = list(Scheme.objects.valid_on(today))
        profiles = CandidateProfile.objects.bulk_create(
            CandidateProfile(
                citizen_id=citizen_id,
                wanted_hours_per_week=rng.choice(HOURS),
                competences=rng.choice(COMPETENCES),
                consultant=consultant,
            )
            for citizen_id in chosen
        )
        through = CandidateProfile.preferred_schemes.through
        through.objects.bulk_create(
            through(candidateprofile_id=profile.pk, scheme_id=scheme.pk)
            for profile in profiles
            for scheme in rng.sample(schemes, rng.choice((0, 1, 1, 2)))
        )
        if consultant is not None:
            services.subscription_save(
                user=consultant,
                schemes=Scheme.objects.filter(code="virksomhedspraktik"),
                districts=District.objects.filter(code="noerrebro"),
                by_email=True,
            )
        self.stdout.write(f"{len(profiles)} kandidater oprettet.")
