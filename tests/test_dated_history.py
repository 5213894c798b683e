"""Figures stay true over time: dated category policy, department history of workplaces,
distinct citizens at every level, the hours-weighted and the forecast figures, all known
by hand and equal to the hand-written SQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.periods import Period
from jobordninger import status_sql
from organisation.models import DepartmentSpell
from organisation.moves import department_history, move_workplace
from reports import selectors
from reports.status import build_status
from schemes.models import TargetCategory, TargetCategoryScheme
from schemes.policy import Membership, policy_for_year, set_membership_from_year
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date
YEAR_2025 = Period.half_year(2025, 2)  # 365 days
H1_2025 = Period.half_year(2025, 1)  # 181 days


def category(code: str) -> TargetCategory:
    return TargetCategory.objects.get(code=code)


def row(status, category_code: str, department_code: str | None = None):
    rows = status.totals if department_code is None else status.rows[department(department_code).pk]
    (found,) = [r for r in rows if r.category.code == category_code]
    return found


@pytest.fixture
def nytte_2025(db):
    """A nytteindsats slot at SOF from 1 Jan 2025: a placement 1 Jan–31 Mar (90 days),
    then open for the rest of the year (275 days), and open slots of nytteindsats count."""
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department("SOF")),
        scheme=scheme("nytteindsats"),
        opened_on=D(2025, 1, 1),
    )
    PlacementFactory(slot=slot, starts_on=D(2025, 1, 1), ended_on=D(2025, 3, 31))
    return slot


def test_a_policy_change_dated_2027_leaves_the_2025_status_unchanged(nytte_2025):
    before = row(build_status(YEAR_2025, today=D(2026, 1, 1)), "nytteindsats", "SOF").figures
    assert before.full_year_persons == Decimal(90) / 365
    assert before.open_slots == Decimal(275) / 365

    changed = set_membership_from_year(
        category=category("nytteindsats"),
        scheme=scheme("nytteindsats"),
        year=2027,
        membership=Membership.NONE,
    )
    assert changed

    after = build_status(YEAR_2025, today=D(2026, 1, 1))
    assert row(after, "nytteindsats", "SOF").figures == before
    assert status_sql.status_mismatches(after, YEAR_2025, today=D(2026, 1, 1)) == []
    # From 2027 the slot's open days no longer count anywhere.
    period_2027 = Period.half_year(2027, 2)
    assert selectors.open_slot_full_year_by_category(period_2027) == {}
    assert policy_for_year(2026).cells[
        (category("nytteindsats").pk, scheme("nytteindsats").pk)
    ] == (Membership.WITH_OPEN_SLOTS)
    assert (category("nytteindsats").pk, scheme("nytteindsats").pk) not in policy_for_year(
        2027
    ).cells


def test_a_period_spanning_a_policy_change_splits_at_the_change(nytte_2025):
    # Open slots stop counting from 2026; July 2025–June 2026 counts only 2025's 184 days.
    set_membership_from_year(
        category=category("nytteindsats"),
        scheme=scheme("nytteindsats"),
        year=2026,
        membership=Membership.COUNTS,
    )
    spanning = Period(D(2025, 7, 1), D(2026, 6, 30))  # 365 days
    key = (department("SOF").pk, category("nytteindsats").pk)
    assert selectors.open_slot_full_year_by_category(spanning)[key] == Decimal(184) / 365
    links = TargetCategoryScheme.objects.filter(
        category=category("nytteindsats"), scheme=scheme("nytteindsats")
    ).order_by("valid_from")
    assert [(link.valid_to, link.open_slots_count) for link in links] == [
        (D(2025, 12, 31), True),
        (None, False),
    ]
    assert links[1].history.count() == 1  # audited


def test_the_policy_allows_no_two_rows_for_one_category_and_scheme_on_a_day(db):
    link = TargetCategoryScheme.objects.filter(category__code="nytteindsats").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetCategoryScheme.objects.create(
            category=link.category, scheme=link.scheme, valid_from=D(2030, 1, 1)
        )


@pytest.fixture
def moved_mid_2025(db):
    """A fleksjob placement all of 2025 (open-ended) at a workplace that moves from SOF to
    BUF on 1 July 2025: 181 days in SOF (H1), 184 in BUF. An open nytteindsats slot at the
    same workplace from 1 Jan 2025 moves with it."""
    workplace = WorkplaceFactory(department=department("SOF"))
    fleks = SlotFactory(workplace=workplace, scheme=scheme("fleksjob"), opened_on=D(2025, 1, 1))
    PlacementFactory(slot=fleks, starts_on=D(2025, 1, 1), hours_per_week=Decimal("37"))
    SlotFactory(workplace=workplace, scheme=scheme("nytteindsats"), opened_on=D(2025, 1, 1))
    move_workplace(workplace=workplace, department=department("BUF"), from_date=D(2025, 7, 1))
    return workplace


def test_a_workplace_moved_on_1_july_counts_in_the_old_department_for_h1(moved_mid_2025):
    status = build_status(H1_2025, today=D(2026, 1, 1))
    assert row(status, "fleksjob", "SOF").figures.full_year_persons == 1
    assert row(status, "fleksjob", "SOF").figures.head_count == 1  # on 30 June
    assert row(status, "fleksjob", "SOF").figures.started == 1
    assert row(status, "nytteindsats", "SOF").figures.open_slots == 1
    assert row(status, "fleksjob", "BUF").figures.full_year_persons == 0
    assert status_sql.status_mismatches(status, H1_2025, today=D(2026, 1, 1)) == []


def test_a_workplace_moved_on_1_july_counts_in_the_new_department_for_h2(moved_mid_2025):
    h2 = Period(D(2025, 7, 1), D(2025, 12, 31))
    by_scheme = selectors.full_year_persons_by_department_and_scheme(h2)
    assert list(by_scheme) == [(department("BUF").pk, scheme("fleksjob").pk)]
    assert selectors.head_count_on(D(2025, 12, 31)) == {
        (department("BUF").pk, scheme("fleksjob").pk): 1
    }
    assert selectors.available_slots_by_category_on(D(2025, 12, 31)).keys() == {
        (department("BUF").pk, category("fleksjob").pk),
        (department("BUF").pk, category("nytteindsats").pk),
    }


def test_a_workplace_moved_on_1_july_splits_the_whole_year(moved_mid_2025):
    status = build_status(YEAR_2025, today=D(2026, 1, 1))
    sof, buf = row(status, "fleksjob", "SOF").figures, row(status, "fleksjob", "BUF").figures
    assert (sof.full_year_persons, buf.full_year_persons) == (
        Decimal(181) / 365,
        Decimal(184) / 365,
    )
    assert (sof.head_count, buf.head_count) == (0, 1)  # on 31 December
    assert (sof.started, buf.started) == (1, 0)
    assert row(status, "fleksjob").figures.full_year_persons == 1
    assert status_sql.status_mismatches(status, YEAR_2025, today=D(2026, 1, 1)) == []
    # A user who sees only SOF sees the first half of the year, and the placement in it.
    only_sof = [department("SOF").pk]
    assert selectors.placements_in_departments(YEAR_2025, only_sof).count() == 1
    assert (
        selectors.placements_in_departments(
            Period(D(2025, 7, 1), D(2025, 12, 31)), only_sof
        ).count()
        == 0
    )


def test_moving_keeps_the_history_and_refuses_a_future_date(moved_mid_2025):
    history = [
        (s.department.code, s.valid_from, s.valid_to) for s in department_history(moved_mid_2025)
    ]
    assert history[-2:] == [("SOF", history[-2][1], D(2025, 6, 30)), ("BUF", D(2025, 7, 1), None)]
    moved_mid_2025.refresh_from_db()
    assert moved_mid_2025.department == department("BUF")
    with pytest.raises(ValidationError):
        move_workplace(
            workplace=moved_mid_2025, department=department("SOF"), from_date=D(2999, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentSpell.objects.create(
            workplace=moved_mid_2025, department=department("SOF"), valid_from=D(2025, 8, 1)
        )


def test_a_citizen_in_two_departments_is_one_person_in_the_municipality(db):
    citizen = CitizenFactory()
    for code, scheme_code in (("SOF", "smaajob"), ("BUF", "virksomhedspraktik")):
        slot = SlotFactory(
            workplace=WorkplaceFactory(department=department(code)), scheme=scheme(scheme_code)
        )
        PlacementFactory(slot=slot, citizen=citizen, starts_on=D(2025, 1, 1))
    status = build_status(H1_2025, today=D(2026, 1, 1))
    assert row(status, "virksomhedsrettede", "SOF").figures.head_count == 1
    assert row(status, "virksomhedsrettede", "BUF").figures.head_count == 1
    assert row(status, "virksomhedsrettede").figures.head_count == 1  # not 2
    assert row(status, "virksomhedsrettede").figures.full_year_persons == 2
    # Across all categories too: småjob counts in two categories, still one person.
    assert status.persons_on_last_day == {
        department("SOF").pk: 1,
        department("BUF").pk: 1,
        None: 1,
    }
    assert status_sql.status_mismatches(status, H1_2025, today=D(2026, 1, 1)) == []


def test_hours_weighted_and_forecast_figures_by_hand(db):
    # 18.5 hours a week all of 2025; today is 30 September: 1 Oct–31 Dec (92 days) is forecast.
    workplace = WorkplaceFactory(department=department("SOF"))
    slot = SlotFactory(workplace=workplace, scheme=scheme("fleksjob"), opened_on=D(2025, 1, 1))
    PlacementFactory(slot=slot, starts_on=D(2025, 1, 1), hours_per_week=Decimal("18.5"))
    nytte = SlotFactory(workplace=workplace, scheme=scheme("nytteindsats"), opened_on=D(2025, 7, 1))
    status = build_status(YEAR_2025, today=D(2025, 9, 30))
    fleks = row(status, "fleksjob", "SOF").figures
    assert fleks.full_year_persons == 1
    assert fleks.hours_weighted == Decimal("0.5")
    assert fleks.forecast == Decimal(92) / 365
    assert fleks.hours_weighted_forecast == Decimal(46) / 365
    open_nytte = row(status, "nytteindsats", "SOF").figures
    assert open_nytte.open_slots == Decimal(184) / 365
    assert open_nytte.open_slots_forecast == Decimal(92) / 365
    assert nytte.pk
    assert status_sql.status_mismatches(status, YEAR_2025, today=D(2025, 9, 30)) == []


@pytest.mark.parametrize(
    ("moved_on", "period", "days_before", "days_after"),
    [
        pytest.param(D(2025, 7, 1), YEAR_2025, 181, 184, id="1 July, whole year"),
        pytest.param(D(2025, 6, 30), H1_2025, 180, 1, id="30 June, H1"),
        pytest.param(D(2025, 1, 1), H1_2025, 0, 181, id="the period's first day"),
        pytest.param(D(2024, 3, 1), Period.half_year(2024, 2), 60, 306, id="leap year"),
        pytest.param(D(2024, 2, 29), Period.half_year(2024, 1), 59, 123, id="29 February"),
    ],
)
def test_a_move_splits_an_open_ended_placement_at_the_date(
    db, moved_on, period, days_before, days_after
):
    workplace = WorkplaceFactory(department=department("SOF"))
    slot = SlotFactory(workplace=workplace, scheme=scheme("fleksjob"), opened_on=D(2020, 1, 1))
    PlacementFactory(slot=slot, starts_on=D(2020, 1, 1))
    move_workplace(workplace=workplace, department=department("BUF"), from_date=moved_on)
    days = {
        key[0]: value["person_days"]
        for key, value in selectors.full_year_persons_by_department_and_scheme(period).items()
    }
    expected = {department("SOF").pk: days_before, department("BUF").pk: days_after}
    assert days == {key: value for key, value in expected.items() if value}


@pytest.mark.parametrize(
    ("rows", "year", "membership", "after"),
    [
        pytest.param(
            [(D(2000, 1, 1), None, True)],
            2026,
            Membership.NONE,
            [(D(2000, 1, 1), D(2025, 12, 31), True)],
            id="closed at the end of the year before",
        ),
        pytest.param(
            [(D(2000, 1, 1), D(2025, 12, 31), True), (D(2026, 1, 1), None, False)],
            2026,
            Membership.WITH_OPEN_SLOTS,
            [(D(2000, 1, 1), D(2025, 12, 31), True), (D(2026, 1, 1), None, True)],
            id="a row from 1 January is replaced",
        ),
        pytest.param(
            [(D(2000, 1, 1), D(2023, 12, 31), True), (D(2027, 1, 1), None, True)],
            2025,
            Membership.COUNTS,
            [
                (D(2000, 1, 1), D(2023, 12, 31), True),
                (D(2025, 1, 1), D(2026, 12, 31), False),
                (D(2027, 1, 1), None, True),
            ],
            id="a gap is filled until the next change",
        ),
        pytest.param(
            [(D(2000, 1, 1), D(2028, 12, 31), True)],
            2026,
            Membership.COUNTS,
            [(D(2000, 1, 1), D(2025, 12, 31), True), (D(2026, 1, 1), D(2028, 12, 31), False)],
            id="a change keeps the old row's end",
        ),
    ],
)
def test_a_policy_change_applies_from_1_january_until_the_next_change(
    db, rows, year, membership, after
):
    category, nytte = TargetCategory.objects.get(code="nytteindsats"), scheme("nytteindsats")
    links = TargetCategoryScheme.objects.filter(category=category, scheme=nytte)
    links.delete()
    for valid_from, valid_to, open_slots in rows:
        links.create(
            category=category,
            scheme=nytte,
            valid_from=valid_from,
            valid_to=valid_to,
            open_slots_count=open_slots,
        )
    set_membership_from_year(category=category, scheme=nytte, year=year, membership=membership)
    assert [
        (link.valid_from, link.valid_to, link.open_slots_count)
        for link in links.order_by("valid_from")
    ] == after
