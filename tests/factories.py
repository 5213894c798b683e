"""Every factory of the suite (factory-boy); reference data (departments, schemes, …) comes
from migrations."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from matching.models import CandidateProfile, Referral
from organisation.models import Department, District, UserScope, Workplace
from placements.models import Citizen, Placement, Slot, SlotPause, SlotSpell
from schemes.models import Scheme


def department(code: str) -> Department:
    return Department.objects.get(code=code)


def scheme(code: str) -> Scheme:
    return Scheme.objects.get(code=code)


class WorkplaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workplace

    department = factory.LazyFunction(lambda: department("SOF"))
    name = factory.Sequence(lambda n: f"Arbejdssted {n}")
    p_number = factory.Sequence(lambda n: f"{1000000000 + n}")
    district = factory.LazyFunction(lambda: District.objects.get(code="noerrebro"))
    ordinary_employees = 20


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot
        skip_postgeneration_save = True

    workplace = factory.SubFactory(WorkplaceFactory)
    scheme = factory.LazyFunction(lambda: scheme("virksomhedspraktik"))
    title = factory.Sequence(lambda n: f"Plads {n}")
    hours_per_week = Decimal("20")
    opened_on = dt.date(2020, 1, 1)

    @factory.post_generation
    def spells(slot, create, extracted, **kwargs):
        """One spell from `opened_on` to `closed_on` unless spells are given as [(from, to)]."""
        if create:
            for opened_on, closed_on in extracted or [(slot.opened_on, slot.closed_on)]:
                SlotSpell.objects.create(slot=slot, opened_on=opened_on, closed_on=closed_on)


class SlotPauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlotPause

    slot = factory.SubFactory(SlotFactory)
    starts_on = dt.date(2024, 1, 1)


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    # 1 Jan 1970 + a running serial: valid for python-stdnum, unique per test.
    cpr = factory.Sequence(lambda n: f"010170{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Borger {n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    slot = factory.SubFactory(SlotFactory)
    citizen = factory.SubFactory(CitizenFactory)
    # The snapshot at the start, as the registry fills it: the citizen's.
    benefit = factory.LazyAttribute(lambda placement: placement.citizen.benefit)
    readiness = factory.LazyAttribute(lambda placement: placement.citizen.readiness)
    starts_on = dt.date(2024, 1, 1)
    hours_per_week = Decimal("37")


def user_with_role(username: str, role: str, departments=(), **extra):
    user = get_user_model().objects.create_user(
        username=username, password="test-password-1", **extra
    )
    user.groups.add(Group.objects.get(name=role))
    if departments:
        scope = UserScope.objects.create(user=user)
        scope.departments.set([department(code) for code in departments])
    return user


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
