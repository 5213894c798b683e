"""Danish dates and numbers in Python code (messages, table cells, exports), through
Django's locale formats (core/formats/da): the same output as `{{ value|date:"SHORT_DATE_FORMAT" }}`
and `{{ value|floatformat }}` in a template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats, timezone


def date(day: dt.date | None, empty: str = "") -> str:
    """1 July 2026 → '01-07-2026'."""
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else empty


def datetime(moment: dt.datetime | None, empty: str = "") -> str:
    """→ '01-07-2026 14:30' (in the current time zone)."""
    if moment is None:
        return empty
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def number(value: Decimal | int | None, empty: str = "–") -> str:
    """As many decimals as the value needs: 20.0 → '20', 17.5 → '17,5', 1234 → '1.234'."""
    if value is None:
        return empty
    if isinstance(value, Decimal):
        value = value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def kroner(value: Decimal) -> str:
    """An amount with øre: 12345.5 → '12.345,50'."""
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
