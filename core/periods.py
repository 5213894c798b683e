"""Period arithmetic, in one place: reporting periods (H1 = 1 January–30 June; the H2
status covers the whole year), whole months from a start, years back, and a period in words."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core import formatting

# The first year the portal's forms offer (status, targets).
FIRST_YEAR = 2015


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
    def half_year(cls, year: int, half: int) -> Period:
        """Half 1 is 1 Jan–30 Jun; half 2 is the whole year, as the status reports it."""
        if half not in (1, 2):
            raise ValueError("half must be 1 or 2")
        return cls(
            dt.date(year, 1, 1), dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        )

    @classmethod
    def current_half_year(cls, today: dt.date) -> Period:
        return cls.half_year(today.year, 1 if today.month <= 6 else 2)

    def same_period_last_year(self) -> Period:
        return Period(years_before(self.start, 1), years_before(self.end, 1))

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.start.day == 1:
            if (self.end.month, self.end.day) == (6, 30):
                return f"1. halvår {self.start.year}"
            if (self.end.month, self.end.day) == (12, 31):
                return f"Helår {self.start.year}"
        return f"{formatting.date(self.start)} – {formatting.date(self.end)}"


def last_ended_half_year(today: dt.date) -> tuple[int, int]:
    """(year, half) of the half-year that ended most recently before `today`."""
    if today.month <= 6:
        return today.year - 1, 2
    return today.year, 1


def year_choices(ahead: int = 0) -> list[tuple[int, str]]:
    """(year, label) from this year (+ `ahead`) back to FIRST_YEAR, newest first."""
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + ahead, FIRST_YEAR - 1, -1)]


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
