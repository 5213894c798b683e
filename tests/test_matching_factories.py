"""Factories for the matching tests (tests/factories.py belongs to the registry)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from matching.models import CandidateProfile, Referral
from organisation.models import District
from tests.factories import CitizenFactory, SlotFactory, WorkplaceFactory, department


def district(code: str) -> District:
    return District.objects.get(code=code)


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    citizen = factory.SubFactory(
        CitizenFactory, district=factory.LazyFunction(lambda: district("noerrebro"))
    )
    wanted_hours_per_week = Decimal("20")


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    slot = factory.SubFactory(SlotFactory)
    citizen = factory.SubFactory(CitizenFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    hours_per_week = Decimal("20")


def vacant_slot(dept: str = "SOF", district_code: str = "noerrebro", days_ago: int = 30, **kw):
    """A slot opened `days_ago` days ago at a new workplace of the department."""
    workplace = WorkplaceFactory(department=department(dept), district=district(district_code))
    opened = timezone.localdate() - dt.timedelta(days=days_ago)
    return SlotFactory(workplace=workplace, opened_on=opened, **kw)


def test_factories_make_a_vacant_slot_and_a_candidate(db):
    slot = vacant_slot()
    profile = CandidateProfileFactory()
    assert slot.workplace.district == profile.citizen.district
