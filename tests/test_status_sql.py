"""The hand-written SQL the benchmark times the status against gives the status's figures."""

from decimal import Decimal

import pytest

from core.periods import Period
from jobordninger import status_sql
from organisation.models import Workplace
from organisation.moves import move_workplace
from placements.models import SlotPause
from reports.status import build_status
from schemes.models import TargetCategory, TargetCategoryScheme
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department, scheme
from tests.status_scenario import D, build_scenario


@pytest.fixture
def scenario(db):
    build_scenario()
    sof = WorkplaceFactory(department=department("SOF"))
    # An open nytteindsats slot paused in the autumn, closed on 1 December: its open days
    # stop at the pause and the closing, and it is no longer available on the last day.
    nytte = SlotFactory(
        workplace=sof,
        scheme=scheme("nytteindsats"),
        opened_on=D(2023, 7, 1),
        closed_on=D(2023, 12, 1),
    )
    SlotPause.objects.create(slot=nytte, starts_on=D(2023, 9, 1), ends_on=D(2023, 9, 30))
    # A paused slot with a placement before the pause: filled, then not counted on the last day.
    fleks = SlotFactory(workplace=sof, scheme=scheme("fleksjob"), opened_on=D(2023, 1, 1))
    PlacementFactory(slot=fleks, starts_on=D(2023, 2, 1), ended_on=D(2023, 6, 30))
    SlotPause.objects.create(slot=fleks, starts_on=D(2023, 11, 1))
    # A workplace moved from SOF to BUF on 17 May 2023, with a part-time småjob and an open
    # nytteindsats slot; småjob leaves virksomhedsrettede forløb from 1 September 2023.
    moving = WorkplaceFactory(department=department("SOF"))
    smaajob = SlotFactory(workplace=moving, scheme=scheme("smaajob"), opened_on=D(2022, 1, 1))
    PlacementFactory(slot=smaajob, starts_on=D(2022, 11, 3), hours_per_week=Decimal("7.5"))
    SlotFactory(workplace=moving, scheme=scheme("nytteindsats"), opened_on=D(2023, 2, 1))
    move_workplace(workplace=moving, department=department("BUF"), from_date=D(2023, 5, 17))
    TargetCategoryScheme.objects.filter(
        category__code="virksomhedsrettede", scheme__code="smaajob"
    ).update(valid_to=D(2023, 8, 31))


@pytest.mark.parametrize("today", [None, D(2023, 4, 10)])
@pytest.mark.parametrize("kind", ["h1", "h2", "year"])
def test_hand_written_sql_gives_the_status_figures(scenario, kind, today):
    period = Period.of(kind, 2023)
    status = build_status(period, today=today)
    assert status_sql.status_mismatches(status, period, today=today) == []


def test_hand_written_figures_are_the_hand_computed_ones(scenario):
    figures, before, _ = status_sql.status_figures(Period.whole_year(2023))
    sof, buf = department("SOF").pk, department("BUF").pk
    by_name = {
        row.category.name: row.category.pk for row in build_status(Period.whole_year(2023)).totals
    }
    nytte = figures[(sof, by_name["Nytteindsats"])]
    assert nytte.full_year_persons == Decimal(146) / 365
    # 219 open days on the first slot, 153 (1 Jul–30 Nov) less 30 paused on the new one,
    # and 105 (1 Feb–16 May) on the moved workplace's slot before it moved to BUF.
    assert nytte.open_slots == Decimal(219 + 153 - 30 + 105) / 365
    moved_nytte = figures[(buf, by_name["Nytteindsats"])]
    assert moved_nytte.open_slots == Decimal(365 - 31 - 105) / 365  # 17 May–31 Dec
    assert before[(buf, by_name["Fleksjob"])] == Decimal(73) / 365


@pytest.fixture
def split_in_both_years(scenario):
    """The moved workplace returns to SOF on 29 February 2024 (a leap day) and småjob
    rejoins virksomhedsrettede on 1 March 2024: the 2024 periods and their 2023 comparison
    each split at a move and at a policy change."""
    moving = Workplace.objects.get(department_spells__valid_from=D(2023, 5, 17))
    move_workplace(workplace=moving, department=department("SOF"), from_date=D(2024, 2, 29))
    TargetCategoryScheme.objects.create(
        category=TargetCategory.objects.get(code="virksomhedsrettede"),
        scheme=scheme("smaajob"),
        valid_from=D(2024, 3, 1),
    )


@pytest.mark.parametrize(
    ("kind", "buf_last_year_days"),
    [
        # Virksomhedsrettede in BUF last year: its own småjob (1 Jan–7 Aug 2023) and the
        # moved småjob from the move (17 May) until the policy ended it (31 August).
        ("h1", 181 + 45),
        ("year", 219 + 107),
    ],
)
def test_both_years_split_at_a_move_and_a_policy_change(
    split_in_both_years, kind, buf_last_year_days
):
    period, today = Period.of(kind, 2024), D(2024, 4, 10)
    status = build_status(period, today=today)
    assert status_sql.status_mismatches(status, period, today=today) == []

    rows = {
        (department.code, row.category.code): row
        for department, department_rows in status.department_rows()
        for row in department_rows
    }
    last_year = rows[("BUF", "virksomhedsrettede")].previous.full_year_persons
    assert last_year == Decimal(buf_last_year_days) / status.previous_period.days
    # This year the moved småjob is in BUF 1 Jan–28 Feb only, and in virksomhedsrettede
    # only from 1 March, by then in SOF.
    assert rows[("BUF", "smaajob")].figures.full_year_persons == Decimal(59) / period.days
    assert rows[("BUF", "virksomhedsrettede")].figures.full_year_persons == 0
