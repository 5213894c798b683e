"""The demo's candidates: deterministic, only citizens not placed today, once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from matching.models import CandidateProfile, Subscription
from organisation.scope import CONSULTANT
from tests.factories import CitizenFactory, PlacementFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_seed_matching_makes_candidates_of_citizens_not_placed_today():
    consultant = user_with_role("konsulent", CONSULTANT)
    free = [CitizenFactory() for _ in range(5)]
    placed = PlacementFactory(starts_on=timezone.localdate() - dt.timedelta(days=3)).citizen
    call_command("seed_matching", "--candidates", "4")
    citizens = set(CandidateProfile.objects.values_list("citizen_id", flat=True))
    assert len(citizens) == 4 and citizens <= {c.pk for c in free}
    assert placed.pk not in citizens
    assert set(CandidateProfile.objects.values_list("consultant", flat=True)) == {consultant.pk}
    assert Subscription.objects.get(user=consultant).schemes.get().code == "virksomhedspraktik"
    call_command("seed_matching", "--if-empty")
    assert CandidateProfile.objects.count() == 4
