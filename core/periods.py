"""Period arithmetic, in one place: reporting periods (1st half-year, 2nd half-year, the whole
year, or any custom period within a year), the same period a year earlier, whole months from a
start, years back, and a period in words."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting

# The first year the portal's forms offer (status, targets).
FIRST_YEAR = 2015


class PeriodKind(models.TextChoices):
    """What a reporting period is; a custom period is any other run of days in one year."""

    H1 = "h1", gettext_lazy("1. halvår (1. januar – 30. juni)")
    H2 = "h2", gettext_lazy("2. halvår (1. juli – 31. december)")
    YEAR = "year", gettext_lazy("Helår (hele året)")
    CUSTOM = "custom", gettext_lazy("Selvvalgt periode")


# (first month, first day), (last month, last day) of the fixed kinds.
FIXED_PERIODS = {
    PeriodKind.H1: ((1, 1), (6, 30)),
    PeriodKind.H2: ((7, 1), (12, 31)),
    PeriodKind.YEAR: ((1, 1), (12, 31)),
}


@dataclass(frozen=True)
class Period:
    """A closed date interval; both ends inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period must end on or after its start.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def of(cls, kind: str, year: int) -> Period:
        """The 1st half-year, the 2nd half-year or the whole of `year`."""
        (m1, d1), (m2, d2) = FIXED_PERIODS[PeriodKind(kind)]
        return cls(dt.date(year, m1, d1), dt.date(year, m2, d2))

    @classmethod
    def h1(cls, year: int) -> Period:
        return cls.of(PeriodKind.H1, year)

    @classmethod
    def h2(cls, year: int) -> Period:
        return cls.of(PeriodKind.H2, year)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls.of(PeriodKind.YEAR, year)

    @classmethod
    def current_reporting_period(cls, today: dt.date) -> Period:
        """The period the next scheduled report covers: the 1st half-year until 30 June,
        then the whole year (the report after the 2nd half-year is the year's)."""
        return cls.h1(today.year) if today.month <= 6 else cls.whole_year(today.year)

    @property
    def kind(self) -> PeriodKind:
        """H1, H2 or the whole year when the dates are exactly one; otherwise custom."""
        for kind, ((m1, d1), (m2, d2)) in FIXED_PERIODS.items():
            if self.start == dt.date(self.start.year, m1, d1) and self.end == dt.date(
                self.start.year, m2, d2
            ):
                return kind
        return PeriodKind.CUSTOM

    def same_period_last_year(self) -> Period:
        """The same days a year earlier, so that consecutive periods map onto consecutive
        periods: a period ending on the last day of February ends on the last day of February
        (28-02-2025 → 29-02-2024; 29-02-2024 → 28-02-2023), and one starting on 29 February
        starts on 1 March. A period that was only 29 February becomes 28 February."""
        end = years_before(self.end, 1)
        if self.end.month == 2 and self.end.day == calendar.monthrange(self.end.year, 2)[1]:
            end = dt.date(end.year, 2, calendar.monthrange(end.year, 2)[1])
        start = years_before(self.start, 1)
        if (self.start.month, self.start.day) == (2, 29):
            start = dt.date(start.year, 3, 1)
        return Period(min(start, end), end)

    @property
    def label(self) -> str:
        kind = self.kind
        year = self.start.year
        if kind == PeriodKind.H1:
            return _("1. halvår %(year)d") % {"year": year}
        if kind == PeriodKind.H2:
            return _("2. halvår %(year)d") % {"year": year}
        if kind == PeriodKind.YEAR:
            return _("Helår %(year)d") % {"year": year}
        return f"{formatting.date(self.start)} – {formatting.date(self.end)}"

    @property
    def slug(self) -> str:
        """For file names: 2025-h1, 2025-h2, 2025-helaar, 2025-03-01-2025-05-31."""
        kind = self.kind
        if kind == PeriodKind.YEAR:
            return f"{self.start.year}-helaar"
        if kind != PeriodKind.CUSTOM:
            return f"{self.start.year}-{kind.value}"
        return f"{self.start.isoformat()}-{self.end.isoformat()}"


def last_ended_period(today: dt.date) -> Period:
    """The period the status shows by default and the scheduled report covers: the first
    half-year once it has ended, and the whole previous year in January–June."""
    if today.month <= 6:
        return Period.whole_year(today.year - 1)
    return Period.h1(today.year)


def custom_period_error(start: dt.date, end: dt.date, today: dt.date | None = None) -> str | None:
    """Why a custom reporting period cannot be used (in Danish), or None when it can.

    A period lies within one calendar year, because targets and headcounts are yearly.
    """
    last = (today or timezone.localdate()).year
    if end < start:
        return _("Slutdatoen skal ligge på eller efter startdatoen.")
    if start.year < FIRST_YEAR or end.year > last:
        return _("Perioden skal ligge mellem 1. januar %(first)d og 31. december %(last)d.") % {
            "first": FIRST_YEAR,
            "last": last,
        }
    if start.year != end.year:
        return _(
            "Perioden skal ligge inden for ét kalenderår, fordi måltallene gælder pr. år. "
            "Vælg fx 01-07-%(year)d – 31-12-%(year)d."
        ) % {"year": start.year}
    return None


def year_choices(ahead: int = 0) -> list[tuple[int, str]]:
    """(year, label) from this year (+ `ahead`) back to FIRST_YEAR, newest first."""
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + ahead, FIRST_YEAR - 1, -1)]


def year_range_text(first: int, last: int) -> str:
    """'2025' for one year, '2024–2025' for several."""
    return str(first) if first == last else f"{first}–{last}"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def last_day_of_months(starts_on: dt.date, months: int) -> dt.date:
    """The last day of a period of whole months from `starts_on` (1 Jan + 6 → 30 Jun).

    When the start day does not exist in the final month (31 Aug + 6 months), the period
    ends on that month's last day.
    """
    index = starts_on.month - 1 + months
    year, month = starts_on.year + index // 12, index % 12 + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if starts_on.day > days_in_month:
        return dt.date(year, month, days_in_month)
    return dt.date(year, month, starts_on.day) - dt.timedelta(days=1)


def period_text(start: dt.date, end: dt.date | None) -> str:
    """'fra 01-07-2026 til og med 31-12-2026'; an open end: 'fra 01-07-2026 og frem'."""
    if end is None:
        return _("fra %(start)s og frem") % {"start": formatting.date(start)}
    return _("fra %(start)s til og med %(end)s") % {
        "start": formatting.date(start),
        "end": formatting.date(end),
    }
