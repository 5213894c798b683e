"""PostgreSQL expressions shared by the registry and the measurement queries."""

from django.contrib.postgres.fields import DateRangeField
from django.db.models import Func, IntegerField, Value


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

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        # The range appears twice in the SQL, so its parameters must too.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"COALESCE(UPPER({sql}) - LOWER({sql}), 0)", (*params, *params)


def violated_constraint(error) -> str | None:
    """The name of the constraint an IntegrityError broke, as PostgreSQL reports it."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)
