"""Measurement (docs/status-method.md) against PostgreSQL, table-driven with the edge dates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.periods import Period
from placements.models import SlotState
from reports import selectors
from schemes.models import TargetCategory
from tests.factories import (
    PlacementFactory,
    SlotFactory,
    SlotPauseFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date
H1_2024 = Period.h1(2024)  # leap year: 182 days
H2_2024 = Period.whole_year(2024)  # the whole year: 366 days
H1_2023 = Period.h1(2023)  # 181 days


def test_period_lengths_include_leap_day():
    assert (H1_2024.days, H2_2024.days, H1_2023.days) == (182, 366, 181)


@pytest.mark.parametrize(
    ("starts_on", "planned_end_on", "ended_on", "period", "days_inside"),
    [
        pytest.param(D(2023, 12, 1), None, None, H1_2024, 182, id="open-ended, started before"),
        pytest.param(D(2023, 1, 1), D(2025, 1, 1), None, H1_2024, 182, id="spans the period"),
        pytest.param(D(2024, 6, 30), None, None, H1_2024, 1, id="starts 30 June"),
        pytest.param(D(2024, 7, 1), None, None, H1_2024, 0, id="starts 1 July: outside H1"),
        pytest.param(D(2024, 7, 1), None, None, H2_2024, 184, id="starts 1 July: inside H2"),
        pytest.param(D(2023, 6, 1), D(2023, 12, 31), None, H1_2024, 0, id="ended 31 Dec before"),
        pytest.param(D(2023, 6, 1), D(2024, 1, 1), None, H1_2024, 1, id="ends 1 January"),
        pytest.param(D(2024, 2, 29), D(2024, 2, 29), None, H1_2024, 1, id="only the leap day"),
        pytest.param(
            D(2024, 1, 1),
            D(2024, 3, 31),
            D(2024, 2, 29),
            H1_2024,
            60,
            id="actual end before planned end",
        ),
        pytest.param(
            D(2024, 1, 1),
            D(2024, 3, 31),
            D(2024, 5, 31),
            H1_2024,
            152,
            id="actual end after planned end",
        ),
        pytest.param(D(2023, 2, 1), D(2023, 3, 31), None, H1_2023, 59, id="non-leap February"),
        pytest.param(
            D(2024, 4, 1), D(2024, 6, 30), None, H1_2024, 91, id="a quarter ending 30 June"
        ),
    ],
)
def test_full_year_persons_for_one_placement(
    db, starts_on, planned_end_on, ended_on, period, days_inside
):
    placement = PlacementFactory(
        starts_on=starts_on, planned_end_on=planned_end_on, ended_on=ended_on
    )
    result = selectors.full_year_persons_by_department_and_scheme(period)
    key = (placement.slot.workplace.department_id, placement.slot.scheme_id)
    if days_inside == 0:
        assert key not in result
    else:
        assert result[key]["person_days"] == days_inside
        assert result[key]["full_year_persons"] == Decimal(days_inside) / Decimal(period.days)


def test_whole_period_counts_one_and_a_quarter_counts_a_quarter(db):
    # 1 Jan–31 Mar 2023 is 90 of H1 2023's 181 days; the whole half-year is one person.
    PlacementFactory(starts_on=D(2022, 12, 1), planned_end_on=D(2023, 12, 31))
    PlacementFactory(starts_on=D(2023, 1, 1), planned_end_on=D(2023, 3, 31))
    ((_, figures),) = selectors.full_year_persons_by_department_and_scheme(H1_2023).items()
    assert figures["full_year_persons"] == Decimal(181 + 90) / Decimal(181)


def test_full_year_persons_group_by_department_and_scheme(db):
    sof_praktik = SlotFactory(workplace=WorkplaceFactory(department=department("SOF")))
    buf_smaajob = SlotFactory(
        workplace=WorkplaceFactory(department=department("BUF")), scheme=scheme("smaajob")
    )
    PlacementFactory(slot=sof_praktik, starts_on=D(2024, 1, 1), planned_end_on=D(2024, 6, 30))
    PlacementFactory(slot=buf_smaajob, starts_on=D(2024, 4, 1), planned_end_on=None)
    result = selectors.full_year_persons_by_department_and_scheme(H1_2024)
    assert result[(department("SOF").pk, scheme("virksomhedspraktik").pk)][
        "full_year_persons"
    ] == Decimal(1)
    assert result[(department("BUF").pk, scheme("smaajob").pk)]["person_days"] == 91
    only_buf = selectors.full_year_persons_by_department_and_scheme(
        H1_2024, department_ids=[department("BUF").pk]
    )
    assert list(only_buf) == [(department("BUF").pk, scheme("smaajob").pk)]


def test_hours_weighted_figure_divides_by_37(db):
    PlacementFactory(starts_on=D(2024, 1, 1), hours_per_week=Decimal("18.5"))
    ((_, figures),) = selectors.full_year_persons_by_department_and_scheme(H1_2024).items()
    assert figures["hours_weighted"] == Decimal("0.5")


def test_categories_group_their_schemes(db):
    # Virksomhedsrettede forløb = løntilskud + praktik + småjob; fleksjob is not in it.
    workplace = WorkplaceFactory()
    for code in ("loentilskud", "virksomhedspraktik", "smaajob", "fleksjob"):
        PlacementFactory(
            slot=SlotFactory(workplace=workplace, scheme=scheme(code)), starts_on=D(2024, 1, 1)
        )
    result = selectors.full_year_persons_by_category(H1_2024)
    sof = department("SOF").pk
    category = {c.code: c.pk for c in TargetCategory.objects.all()}
    assert result[(sof, category["virksomhedsrettede"])] == Decimal(3)
    assert result[(sof, category["fleksjob"])] == Decimal(1)
    assert result[(sof, category["smaajob"])] == Decimal(1)


def test_open_slots_count_only_where_the_category_lets_them(db):
    # A nytteindsats slot open all of H1 2024, paused in February (29 days) and filled in
    # April (30 days): 182 - 29 - 30 = 123 open days. A praktik slot's open days never count.
    nytte = SlotFactory(scheme=scheme("nytteindsats"), opened_on=D(2023, 1, 1))
    SlotPauseFactory(slot=nytte, starts_on=D(2024, 2, 1), ends_on=D(2024, 2, 29))
    PlacementFactory(slot=nytte, starts_on=D(2024, 4, 1), planned_end_on=D(2024, 4, 30))
    SlotFactory(scheme=scheme("virksomhedspraktik"), opened_on=D(2023, 1, 1))
    # Closed on 1 June: its last open day is 31 May (closed_on is the first closed day).
    SlotFactory(scheme=scheme("nytteindsats"), opened_on=D(2024, 5, 1), closed_on=D(2024, 6, 1))

    result = selectors.open_slot_full_year_by_category(H1_2024)
    nytte_category = TargetCategory.objects.get(code="nytteindsats").pk
    assert result == {(department("SOF").pk, nytte_category): Decimal(123 + 31) / Decimal(182)}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2024, 6, 30), 2, id="30 June: both"),
        pytest.param(D(2024, 7, 1), 1, id="1 July: first has ended"),
        pytest.param(D(2028, 2, 29), 1, id="leap day years later: open-ended still counts"),
        pytest.param(D(2023, 12, 31), 0, id="before both"),
    ],
)
def test_head_count_on_a_date(db, day, expected):
    slot = SlotFactory()
    PlacementFactory(slot=slot, starts_on=D(2024, 1, 1), planned_end_on=D(2024, 6, 30))
    PlacementFactory(starts_on=D(2024, 3, 1), planned_end_on=None)
    assert sum(selectors.head_count_on(day).values()) == expected


def test_started_and_ended_in_period(db):
    PlacementFactory(starts_on=D(2023, 12, 1), planned_end_on=D(2024, 3, 1), ended_on=D(2024, 2, 1))
    PlacementFactory(starts_on=D(2024, 6, 30))
    PlacementFactory(starts_on=D(2024, 7, 1))
    ((_, figures),) = selectors.started_and_ended(H1_2024).items()
    assert figures == {"started": 1, "ended": 1}


@pytest.mark.parametrize(
    ("day", "state"),
    [
        pytest.param(D(2019, 12, 31), None, id="before opening: not counted"),
        pytest.param(D(2020, 1, 1), SlotState.OPEN, id="opening day, vacant"),
        pytest.param(D(2024, 2, 1), SlotState.PAUSED, id="first day of pause"),
        pytest.param(D(2024, 2, 29), SlotState.PAUSED, id="last day of pause (leap day)"),
        pytest.param(D(2024, 3, 1), SlotState.OPEN, id="day after pause"),
        pytest.param(D(2024, 6, 30), SlotState.FILLED, id="placement's last day"),
        pytest.param(D(2024, 7, 1), SlotState.OPEN, id="vacant again"),
        pytest.param(D(2025, 1, 1), SlotState.CLOSED, id="closed on this day"),
    ],
)
def test_slot_state_on_a_date(db, day, state):
    slot = SlotFactory(opened_on=D(2020, 1, 1), closed_on=D(2025, 1, 1))
    SlotPauseFactory(slot=slot, starts_on=D(2024, 2, 1), ends_on=D(2024, 2, 29))
    PlacementFactory(slot=slot, starts_on=D(2024, 4, 1), planned_end_on=D(2024, 6, 30))
    counts = selectors.slot_states_on(day).get(slot.scheme_id, {})
    expected = {
        s: 0 for s in (SlotState.CLOSED, SlotState.PAUSED, SlotState.FILLED, SlotState.OPEN)
    }
    if state is None:
        assert counts == {}
    else:
        expected[state] = 1
        assert counts == expected


def test_open_ended_pause_keeps_slot_paused(db):
    slot = SlotFactory(opened_on=D(2020, 1, 1))
    SlotPauseFactory(slot=slot, starts_on=D(2024, 1, 1), ends_on=None)
    assert selectors.slot_states_on(D(2030, 1, 1))[slot.scheme_id][SlotState.PAUSED] == 1


@pytest.mark.parametrize(
    ("second_start", "second_end", "refused"),
    [
        pytest.param(D(2024, 3, 31), D(2024, 5, 1), True, id="shares the last day"),
        pytest.param(D(2024, 2, 1), D(2024, 2, 2), True, id="inside the first"),
        pytest.param(D(2024, 4, 1), None, False, id="starts the day after"),
        pytest.param(D(2023, 1, 1), D(2023, 12, 31), False, id="ends the day before"),
    ],
)
def test_database_refuses_overlapping_placements_in_one_slot(db, second_start, second_end, refused):
    first = PlacementFactory(starts_on=D(2024, 1, 1), planned_end_on=D(2024, 3, 31))

    def create():
        with transaction.atomic():
            PlacementFactory(slot=first.slot, starts_on=second_start, planned_end_on=second_end)

    if refused:
        with pytest.raises(IntegrityError, match="one_placement_per_slot_per_day"):
            create()
    else:
        create()


def test_database_refuses_a_placement_after_an_open_ended_one(db):
    first = PlacementFactory(starts_on=D(2024, 1, 1), planned_end_on=None)
    with pytest.raises(IntegrityError, match="one_placement_per_slot_per_day"):
        with transaction.atomic():
            PlacementFactory(slot=first.slot, starts_on=D(2030, 1, 1))
    # Ending the first placement frees the slot from the day after.
    first.ended_on = D(2024, 12, 31)
    first.save()
    PlacementFactory(slot=first.slot, starts_on=D(2025, 1, 1))
