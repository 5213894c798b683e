"""Reporting periods: H1 = 1 January–30 June, H2 status = the whole year (DESIGN §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
        return Period(_minus_year(self.start), _minus_year(self.end))

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.start.day == 1:
            if (self.end.month, self.end.day) == (6, 30):
                return f"1. halvår {self.start.year}"
            if (self.end.month, self.end.day) == (12, 31):
                return f"Helår {self.start.year}"
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"


def _minus_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
