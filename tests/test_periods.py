"""Reporting periods: kinds, labels, file names, last year's period across 29 February, and
which custom periods are refused (core/periods.py)."""

import pytest

from core.periods import Period, PeriodKind, custom_period_error, last_ended_period
from tests.status_scenario import D

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("period", "kind", "label", "slug", "days"),
    [
        (Period.h1(2024), PeriodKind.H1, "1. halvår 2024", "2024-h1", 182),
        (Period.h2(2024), PeriodKind.H2, "2. halvår 2024", "2024-h2", 184),
        (Period.whole_year(2024), PeriodKind.YEAR, "Helår 2024", "2024-helaar", 366),
        (Period.h1(2025), PeriodKind.H1, "1. halvår 2025", "2025-h1", 181),
        (
            Period(D(2025, 3, 1), D(2025, 5, 31)),
            PeriodKind.CUSTOM,
            "01-03-2025 – 31-05-2025",
            "2025-03-01-2025-05-31",
            92,
        ),
        # 1 July–30 June is no half-year: custom.
        (Period(D(2025, 7, 1), D(2025, 12, 30)), PeriodKind.CUSTOM, None, None, 183),
    ],
)
def test_kind_label_slug_and_days(period, kind, label, slug, days):
    assert period.kind == kind
    assert period.days == days
    if label:
        assert period.label == label
        assert period.slug == slug


@pytest.mark.parametrize(
    ("period", "last_year"),
    [
        (Period.h1(2025), Period.h1(2024)),  # 181 days against 182 (29-02-2024 included)
        (Period.h2(2025), Period.h2(2024)),
        (Period.whole_year(2025), Period.whole_year(2024)),
        # February 2025 against the whole of February 2024, 29th included
        (Period(D(2025, 2, 1), D(2025, 2, 28)), Period(D(2024, 2, 1), D(2024, 2, 29))),
        # February 2024 (leap) against February 2023
        (Period(D(2024, 2, 1), D(2024, 2, 29)), Period(D(2023, 2, 1), D(2023, 2, 28))),
        # 28-02-2024 is not the end of February 2024: plain one year back
        (Period(D(2024, 1, 1), D(2024, 2, 28)), Period(D(2023, 1, 1), D(2023, 2, 28))),
        # starting on 29 February: last year starts 1 March
        (Period(D(2024, 2, 29), D(2024, 3, 31)), Period(D(2023, 3, 1), D(2023, 3, 31))),
        (Period(D(2025, 3, 1), D(2025, 3, 31)), Period(D(2024, 3, 1), D(2024, 3, 31))),
        # only 29 February: 28 February
        (Period(D(2024, 2, 29), D(2024, 2, 29)), Period(D(2023, 2, 28), D(2023, 2, 28))),
        (Period(D(2025, 6, 30), D(2025, 7, 1)), Period(D(2024, 6, 30), D(2024, 7, 1))),
    ],
)
def test_same_period_last_year(period, last_year):
    assert period.same_period_last_year() == last_year


def test_consecutive_periods_stay_consecutive_a_year_back():
    """No day is lost or counted twice around 29 February."""
    for first, second in [
        (Period(D(2025, 2, 1), D(2025, 2, 28)), Period(D(2025, 3, 1), D(2025, 3, 31))),
        (Period(D(2024, 2, 1), D(2024, 2, 28)), Period(D(2024, 2, 29), D(2024, 3, 31))),
        (Period(D(2024, 2, 1), D(2024, 2, 29)), Period(D(2024, 3, 1), D(2024, 3, 31))),
    ]:
        before, after = first.same_period_last_year(), second.same_period_last_year()
        assert (after.start - before.end).days == 1


TODAY = D(2026, 5, 10)


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (D(2025, 3, 1), D(2025, 5, 31), None),
        (D(2025, 3, 1), D(2025, 3, 1), None),  # one day
        (D(2024, 2, 29), D(2024, 2, 29), None),
        (D(2026, 1, 1), D(2026, 12, 31), None),  # this year, days ahead included
        (D(2025, 5, 31), D(2025, 3, 1), "Slutdatoen skal ligge på eller efter startdatoen."),
        (D(2014, 12, 1), D(2014, 12, 31), "mellem 1. januar 2015 og 31. december 2026"),
        (D(2027, 1, 1), D(2027, 1, 31), "mellem 1. januar 2015 og 31. december 2026"),
        (D(2024, 7, 1), D(2025, 6, 30), "inden for ét kalenderår"),
    ],
)
def test_custom_period_errors(start, end, error):
    found = custom_period_error(start, end, today=TODAY)
    if error is None:
        assert found is None
    else:
        assert error in found


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (D(2025, 6, 30), Period.whole_year(2024)),
        (D(2025, 7, 1), Period.h1(2025)),
        (D(2025, 12, 31), Period.h1(2025)),
        (D(2026, 1, 1), Period.whole_year(2025)),
    ],
)
def test_the_default_period_is_the_last_ended(today, period):
    assert last_ended_period(today) == period
