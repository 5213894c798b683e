"""Retention: inactive citizens are anonymised; aggregates for past periods stay the same."""

import datetime as dt

import pytest

from core.periods import Period
from placements.models import Citizen
from placements.retention import ANONYMOUS_NAME, citizens_anonymise, retention_cutoff
from reports import selectors
from tests.factories import CitizenFactory, PlacementFactory

D = dt.date
TODAY = D(2026, 11, 23)


def _old_citizen(**placement):
    citizen = CitizenFactory()
    Citizen.objects.filter(pk=citizen.pk).update(created_at=dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
    if placement:
        PlacementFactory(citizen=citizen, **placement)
    return citizen


@pytest.mark.parametrize(
    ("today", "years", "cutoff"),
    [
        (D(2026, 11, 23), 5, D(2021, 11, 23)),
        (D(2024, 2, 29), 1, D(2023, 2, 28)),  # leap day
    ],
)
def test_cutoff(today, years, cutoff):
    assert retention_cutoff(today, years) == cutoff


@pytest.mark.parametrize(
    ("placement", "anonymised"),
    [
        pytest.param(
            {"starts_on": D(2019, 1, 1), "planned_end_on": D(2021, 11, 22)},
            True,
            id="ended the day before the cutoff",
        ),
        pytest.param(
            {"starts_on": D(2019, 1, 1), "planned_end_on": D(2021, 11, 23)},
            False,
            id="ended on the cutoff",
        ),
        pytest.param(
            {"starts_on": D(2016, 1, 1), "planned_end_on": None}, False, id="open-ended placement"
        ),
        pytest.param(
            {
                "starts_on": D(2016, 1, 1),
                "planned_end_on": D(2030, 1, 1),
                "ended_on": D(2018, 6, 30),
            },
            True,
            id="ended early long ago",
        ),
        pytest.param({}, True, id="never placed"),
    ],
)
def test_it_anonymises_only_citizens_inactive_for_the_period(db, placement, anonymised):
    citizen = _old_citizen(**placement)
    assert citizens_anonymise(today=TODAY, years=5) == int(anonymised)
    citizen.refresh_from_db()
    assert (citizen.cpr is None) is anonymised
    assert (citizen.name == ANONYMOUS_NAME) is anonymised


def test_it_keeps_recently_created_citizens(db):
    CitizenFactory()  # created now, never placed
    assert citizens_anonymise(today=TODAY, years=5) == 0


def test_history_loses_the_cpr_and_aggregates_stay(db):
    citizen = _old_citizen(starts_on=D(2019, 1, 1), planned_end_on=D(2019, 12, 31))
    cpr = citizen.cpr
    period = Period.whole_year(2019)
    before = selectors.full_year_persons_by_department_and_scheme(period)

    assert citizens_anonymise(today=TODAY, years=5) == 1
    assert citizens_anonymise(today=TODAY, years=5) == 0  # idempotent

    assert not Citizen.history.filter(cpr=cpr).exists()
    assert Citizen.history.filter(id=citizen.pk).exists()
    assert selectors.full_year_persons_by_department_and_scheme(period) == before


def test_a_recent_referral_keeps_the_citizen_and_anonymising_blanks_the_profile(db, consultant):
    from matching.models import CandidateProfile, Referral
    from tests.factories import SlotFactory

    proposed = _old_citizen(starts_on=D(2016, 1, 1), planned_end_on=D(2016, 12, 31))
    Referral.objects.create(
        slot=SlotFactory(), citizen=proposed, starts_on=D(2026, 12, 1), hours_per_week=20
    )
    idle = _old_citizen(starts_on=D(2016, 1, 1), planned_end_on=D(2016, 12, 31))
    CandidateProfile.objects.create(citizen=idle, competences="Kørekort B", consultant=consultant)

    assert citizens_anonymise(today=TODAY, years=5) == 1
    proposed.refresh_from_db()
    assert proposed.anonymised_on is None
    profile = CandidateProfile.objects.get(citizen=idle)
    assert (profile.competences, profile.active) == ("", False)
    assert not CandidateProfile.history.filter(competences="Kørekort B").exists()


@pytest.mark.parametrize(
    ("activity", "anonymised"),
    [
        pytest.param("payment on the cutoff", False, id="frikort payment on the cutoff"),
        pytest.param("payment before the cutoff", True, id="frikort payment the day before"),
        pytest.param("referral decided on the cutoff", False, id="referral decided recently"),
        pytest.param("referral decided before the cutoff", True, id="referral decided long ago"),
    ],
)
def test_retention_counts_from_the_last_activity_not_the_rows_creation(db, activity, anonymised):
    from decimal import Decimal

    from matching.models import Referral
    from placements.models import FrikortPayment
    from tests.factories import SlotFactory, scheme

    cutoff = retention_cutoff(TODAY, 5)
    day = cutoff if "on the cutoff" in activity else cutoff - dt.timedelta(days=1)
    citizen = _old_citizen(
        starts_on=D(2016, 1, 1),
        planned_end_on=D(2016, 12, 31),
        slot=SlotFactory(scheme=scheme("smaajob")),
    )
    if activity.startswith("payment"):
        FrikortPayment.objects.create(
            placement=citizen.placements.get(),
            paid_on=day,
            amount=Decimal("500"),
            hours=Decimal("5"),
        )
    else:
        referral = Referral.objects.create(
            slot=SlotFactory(), citizen=citizen, starts_on=D(2016, 6, 1), hours_per_week=20
        )
        moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        Referral.objects.filter(pk=referral.pk).update(
            created_at=dt.datetime(2015, 6, 1, tzinfo=dt.UTC), decided_at=moment
        )
    assert citizens_anonymise(today=TODAY, years=5) == int(anonymised)


def test_anonymising_blanks_referral_notes_and_decline_reasons(db, consultant):
    from matching.models import Referral
    from tests.factories import SlotFactory

    citizen = _old_citizen(starts_on=D(2016, 1, 1), planned_end_on=D(2016, 12, 31))
    referral = Referral.objects.create(
        slot=SlotFactory(),
        citizen=citizen,
        starts_on=D(2016, 6, 1),
        hours_per_week=20,
        note="Har svært ved at møde om morgenen",
    )
    referral.decision_reason = "Passer ikke til holdet"
    referral.save()
    Referral.objects.filter(pk=referral.pk).update(
        created_at=dt.datetime(2015, 6, 1, tzinfo=dt.UTC)
    )

    assert citizens_anonymise(today=TODAY, years=5) == 1
    referral.refresh_from_db()
    assert (referral.note, referral.decision_reason) == ("", "")
    texts = Referral.history.filter(id=referral.pk).values_list("note", "decision_reason")
    assert set(texts) == {("", "")}


def test_access_logs_are_deleted_after_their_retention(db, hr_sof):
    from placements.models import CitizenAccess, CprLookup
    from placements.retention import access_logs_prune

    citizen = CitizenFactory()
    old = CitizenAccess.objects.create(
        citizen=citizen, user=hr_sof, username="hanne", purpose="x", path="/"
    )
    CitizenAccess.objects.create(
        citizen=citizen, user=hr_sof, username="hanne", purpose="y", path="/"
    )
    CprLookup.objects.create(user=hr_sof, username="hanne", cpr_digest="d", path="/")
    written = dt.datetime.combine(
        retention_cutoff(TODAY, 5) - dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC
    )
    CitizenAccess.objects.filter(pk=old.pk).update(at=written)
    CprLookup.objects.update(at=written)
    assert access_logs_prune(today=TODAY, years=5) == 2
    assert list(CitizenAccess.objects.values_list("purpose", flat=True)) == ["y"]


def test_anonymising_is_a_new_version_of_the_cached_status_and_rankings(db):
    """It blanks CPR numbers by an update(), which sends no save: the cached reports of past
    periods (their age groups) and the rankings (birth dates) must not outlive it."""
    from core import versioned_cache
    from matching import ranked
    from reports import cache as report_cache

    _old_citizen(starts_on=D(2019, 1, 1), planned_end_on=D(2019, 12, 31))
    before = {
        name: versioned_cache.data_version(name) for name in (report_cache.VERSION, ranked.VERSION)
    }
    assert citizens_anonymise(today=TODAY, years=5) == 1
    for name, version in before.items():
        assert versioned_cache.data_version(name) != version
