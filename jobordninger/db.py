"""PostgreSQL expressions shared by the registry and the measurement queries."""

from django.contrib.postgres.fields import DateRangeField
from django.db.models import DateField, Func, IntegerField, Value


class DateRange(Func):
    """daterange(lower, upper, bounds); both ends inclusive by default, NULL upper = open."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, lower, upper, bounds="[]", **extra):
        super().__init__(lower, upper, Value(bounds), **extra)


class Intersection(Func):
    """range * range: the days two ranges share (empty when they do not overlap)."""

    arg_joiner = " * "
    template = "(%(expressions)s)"
    output_field = DateRangeField()


class RangeDays(Func):
    """Number of days in a bounded date range: upper - lower (0 when empty)."""

    template = "COALESCE(UPPER(%(expressions)s) - LOWER(%(expressions)s), 0)"
    output_field = IntegerField()


class Lower(Func):
    function = "LOWER"
    output_field = DateField()
