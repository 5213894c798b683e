"""PostgreSQL expressions shared by every app: ranges, multiranges and raw SQL fragments."""

import datetime as dt

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateRangeField, RangeOperators
from django.db.models import Aggregate, DateField, F, Func, IntegerField, Q, Value


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


def date_value(day: dt.date) -> Value:
    """A date parameter PostgreSQL knows is a date (so `date - date` is an integer)."""
    return Value(day, output_field=DateField())


class Upper(Func):
    """upper(daterange): the day after a bounded range's last day (NULL: open)."""

    function = "upper"
    output_field = DateField()


class RangeAgg(Aggregate):
    """range_agg(range): the union of ranges as a multirange (used inside SQL only)."""

    function = "range_agg"
    output_field = DateRangeField()


class IntPointRange(Func):
    """int8range(x, x, '[]'): equality expressed as range overlap, so a plain GiST index
    can hold it next to a date range (no btree_gist extension needed)."""

    function = "int8range"
    output_field = BigIntegerRangeField()

    def __init__(self, expression, **extra):
        super().__init__(expression, expression, Value("[]"), **extra)


def one_row_per_day(
    *, name: str, keys: list[str], starts: str, ends: str, message, bounds: str = "[]"
) -> ExclusionConstraint:
    """No two rows with the same `keys` (fields) share a day from `starts` to `ends` (NULL:
    open). The keys are one-point ranges, so a plain GiST index holds them all."""
    return ExclusionConstraint(
        name=name,
        expressions=[
            *((IntPointRange(F(key)), RangeOperators.OVERLAPS) for key in keys),
            (DateRange(F(starts), F(ends), bounds), RangeOperators.OVERLAPS),
        ],
        violation_error_message=message,
    )


class IntRange(Func):
    """int8range(lower, upper, '[]'): whole numbers from lower to upper, both included (years)."""

    function = "int8range"
    output_field = BigIntegerRangeField()

    def __init__(self, lower, upper, **extra):
        super().__init__(lower, upper, Value("[]"), **extra)


class Sql(Func):
    """SQL written out, with `?` standing for each expression in order."""

    def __init__(self, template: str, *expressions, output_field):
        self.parts = template.split("?")
        if len(self.parts) != len(expressions) + 1:
            raise ValueError("One ? per expression")
        super().__init__(*expressions, output_field=output_field)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = [self.parts[0]], []
        for expression, part in zip(self.get_source_expressions(), self.parts[1:], strict=True):
            compiled, compiled_params = compiler.compile(expression)
            sql += [compiled, part]
            params += compiled_params
        return "".join(sql), params


def valid_on_q(day, prefix: str = "") -> Q:
    """Rows with inclusive `valid_from`/`valid_to` (empty: open) in force on `day` (a date
    or an expression); `prefix` leads to them, e.g. "scheme__category_links__"."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def violated_constraint(error) -> str | None:
    """The name of the constraint an IntegrityError broke, as PostgreSQL reports it."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)
