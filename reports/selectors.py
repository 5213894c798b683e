"""Measurement (docs/status-method.md): every figure is one aggregate query in PostgreSQL.

Full-year persons for a period P = Σ over placements of (days of the placement inside P)
÷ (days in P). Placement periods are inclusive date ranges (`Placement.period`), an open
placement runs to the end of P. Each day is counted in the department its workplace
belonged to on that day (`DepartmentSpell`) and in the target categories whose policy
(`TargetCategoryScheme`) was in force on that day. Functions return plain dicts keyed by
ids so the status tables, exports and PDF share one set of numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from core.db import DateRange, Intersection, date_value, valid_on_q
from core.periods import Period
from organisation.models import DepartmentSpell
from placements.models import Placement, Slot, SlotState

FULL_TIME_HOURS = Decimal("37")


# --- The department at the time: one helper for every figure ----------------------------


def department_on_q(
    day: dt.date | F, department_ids: Iterable[int] | None, prefix: str = "slot__workplace__"
) -> Q:
    """Rows whose workplace belonged to one of `department_ids` on `day` (None: any);
    `day` may be a field of the row, e.g. F("ended_on").

    `prefix` leads from the queried model to the workplace ("" on Workplace, "workplace__"
    on Slot). Use it in ONE filter() call so the conditions share the join.
    """
    spells = f"{prefix}department_spells__"
    q = valid_on_q(day, spells)
    if department_ids is not None:
        q &= Q(**{f"{spells}department_id__in": list(department_ids)})
    return q


def placements_in_departments(period: Period, department_ids: Iterable[int] | None):
    """Placements with at least one day in P while their workplace was in one of
    `department_ids` (None: every placement in P). Per-day figures come from
    `placement_figures`, which splits a placement's days at each move."""
    placements = Placement.objects.in_period(period.start, period.end)
    if department_ids is None:
        return placements
    shared_days = Intersection(OuterRef("period"), _period_range(period))
    spells = (
        DepartmentSpell.objects.filter(
            workplace_id=OuterRef("slot__workplace_id"), department_id__in=list(department_ids)
        )
        .annotate(days=DateRange(F("valid_from"), F("valid_to")))
        .filter(days__overlap=shared_days)
    )
    return placements.filter(Exists(spells))


def _period_range(period: Period) -> DateRange:
    return DateRange(date_value(period.start), date_value(period.end))


# --- Placements: one pass gives every placement figure ------------------------------------

# Each placement row is cut to the days it shares with P, with the workplace's department
# spell and (by category) with the policy row; summing the pieces splits a placement at
# every move and every policy change. A piece runs from `first_day` to the day before
# `stop_day`; NULL ends (open spells, policies, placements) drop out of LEAST. One branch per
# period, so each period's range is a constant the planner can estimate.
PERIOD_PIECES_SQL = """
SELECT {i} AS i, ds.department_id, {key} AS key, pl.id, pl.citizen_id, pl.hours_per_week,
       pl.starts_on, pl.ended_on, %(end_{i})s::date + 1 AS period_stop,
       GREATEST(pl.starts_on, ds.valid_from, {policy_from}%(start_{i})s::date) AS first_day,
       LEAST(COALESCE(pl.ended_on, pl.planned_end_on) + 1, ds.valid_to + 1,
             {policy_to}%(end_{i})s::date + 1) AS stop_day
FROM placements_placement pl
JOIN placements_slot s ON s.id = pl.slot_id
JOIN organisation_departmentspell ds ON ds.workplace_id = s.workplace_id
{policy_join}
WHERE pl.period && daterange(%(start_{i})s::date, %(end_{i})s::date, '[]')
  AND (%(all_departments)s OR ds.department_id = ANY(%(department_ids)s))
"""
POLICY_JOIN = "JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id"

# The pieces are read three times: day sums per period, department and key (a hash
# aggregate; totals are added up in Python), and, for the first period only, the distinct
# citizens on its last day and the distinct placements (the unit "antal forløb"). Hours are
# summed as whole units of the column's last decimal (integer sums are cheaper than numeric
# ones) and turned back into the same Decimal in Python.
PLACEMENTS_SQL = """
WITH pieces AS MATERIALIZED (
    SELECT i, department_id, key, id, citizen_id,
           (hours_per_week * %(hour_units)s)::int AS hour_units,
           stop_day - first_day AS n,
           GREATEST(stop_day - GREATEST(first_day, %(today)s::date + 1), 0) AS n_later,
           stop_day = period_stop AS on_last_day,
           starts_on >= first_day AND starts_on < stop_day AS started,
           ended_on >= first_day AND ended_on < stop_day AS ended
    FROM ({pieces}) AS cut
    WHERE first_day < stop_day
)
SELECT 'days', i, department_id, key,
       SUM(n), SUM(n * hour_units), SUM(n_later), SUM(n_later * hour_units),
       COUNT(*) FILTER (WHERE started), COUNT(*) FILTER (WHERE ended)
FROM pieces
GROUP BY i, department_id, key
UNION ALL
SELECT 'heads', 1, department_id, key, COUNT(DISTINCT citizen_id), NULL, NULL, NULL, NULL, NULL
FROM pieces WHERE i = 1 AND on_last_day
GROUP BY {head_grouping}
{placement_count}
"""
PLACEMENT_COUNT_SQL = """
UNION ALL
SELECT 'placements', 1, department_id, key, COUNT(DISTINCT id), NULL, NULL, NULL, NULL, NULL
FROM pieces WHERE i = 1
GROUP BY GROUPING SETS ((department_id, key), (key))
"""
HEADS_WITH_TOTALS = "GROUPING SETS ((department_id, key), (key), (department_id), ())"


@dataclass
class PlacementFigures:
    """Sums over the placement days of one department (or all) and category or scheme."""

    person_days: int = 0
    hour_days: Decimal = Decimal(0)  # Σ days × hours per week
    forecast_days: int = 0  # of `person_days`, the days after today
    forecast_hour_days: Decimal = Decimal(0)
    head_count: int = 0  # distinct citizens on P's last day
    started: int = 0
    ended: int = 0

    def add_days(self, other: PlacementFigures) -> None:
        """Add `other`'s sums (not its head count: citizens are counted distinct in SQL)."""
        self.person_days += other.person_days
        self.hour_days += other.hour_days
        self.forecast_days += other.forecast_days
        self.forecast_hour_days += other.forecast_hour_days
        self.started += other.started
        self.ended += other.ended


@dataclass
class PlacementPass:
    """What one pass over the placements gives for a list of periods."""

    # Per period asked for: {(department_id, category_id or scheme_id): PlacementFigures}.
    figures: list[dict[tuple[int | None, int | None], PlacementFigures]]
    # Placements with a day in the first period, {(department_id or None, key): n}.
    placements: dict[tuple[int | None, int], int]


def _params(period: Period, department_ids, today: dt.date | None) -> dict:
    return {
        "start": period.start,
        "end": period.end,
        "today": today or timezone.localdate(),
        "all_departments": department_ids is None,
        "department_ids": list(department_ids or []),
    }


def placement_pass(
    periods: list[Period],
    department_ids: Iterable[int] | None = None,
    *,
    by: str = "category",
    today: dt.date | None = None,
    totals: bool = True,
) -> PlacementPass:
    """The placement figures of each period in `periods`, in one query.

    `by` is "category" or "scheme". Head counts are given for the first period only; with
    `totals`, also its totals and its distinct placements: a None department is the total
    over the departments asked for, a None category (or scheme) the total over all, where
    only the distinct head count is given (a placement counts in each of its categories).
    Later periods are comparisons: day sums per department and key only.
    """
    by_category = by == "category"
    pieces = " UNION ALL ".join(
        PERIOD_PIECES_SQL.format(
            i=i,
            key="l.category_id" if by_category else "s.scheme_id",
            policy_join=POLICY_JOIN if by_category else "",
            policy_from="l.valid_from, " if by_category else "",
            policy_to="l.valid_to + 1, " if by_category else "",
        )
        for i in range(1, len(periods) + 1)
    )
    sql = PLACEMENTS_SQL.format(
        pieces=pieces,
        head_grouping=HEADS_WITH_TOTALS if totals else "department_id, key",
        placement_count=PLACEMENT_COUNT_SQL if totals else "",
    )
    params = _params(periods[0], department_ids, today)
    for i, period in enumerate(periods, start=1):
        params |= {f"start_{i}": period.start, f"end_{i}": period.end}
    decimals = Placement._meta.get_field("hours_per_week").decimal_places
    params["hour_units"] = 10**decimals
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    figures: list[dict] = [{} for _ in periods]
    placements: dict[tuple[int | None, int], int] = {}
    heads = []
    for kind, i, department, key, *values in rows:
        if kind == "days":
            person_days, hour_units, forecast_days, forecast_hour_units, started, ended = values
            figures[i - 1][(department, key)] = PlacementFigures(
                person_days=person_days,
                hour_days=Decimal(hour_units).scaleb(-decimals),
                forecast_days=forecast_days,
                forecast_hour_days=Decimal(forecast_hour_units).scaleb(-decimals),
                started=started,
                ended=ended,
            )
        elif kind == "heads":
            heads.append((department, key, values[0]))
        else:
            placements[(department, key)] = values[0]
    first = figures[0]
    if totals:
        for (_, key), value in list(first.items()):
            first.setdefault((None, key), PlacementFigures()).add_days(value)
    for department, key, head_count in heads:
        first.setdefault((department, key), PlacementFigures()).head_count = head_count
    return PlacementPass(figures=figures, placements=placements)


def placement_figures(
    period: Period,
    department_ids: Iterable[int] | None = None,
    *,
    by: str = "category",
    today: dt.date | None = None,
    totals: bool = True,
) -> dict[tuple[int | None, int | None], PlacementFigures]:
    """{(department_id, category_id or scheme_id): PlacementFigures} for P, in one query
    (`placement_pass` for one period). `totals=False` leaves the totals out: cheaper."""
    return placement_pass([period], department_ids, by=by, today=today, totals=totals).figures[0]


def _per_period(person_days: int | Decimal | None, period: Period) -> Decimal:
    return Decimal(person_days or 0) / Decimal(period.days)


def hours_weighted(hour_days: Decimal | None, period: Period) -> Decimal:
    """Σ days × hours per week ÷ 37 ÷ days in P: a full-time person a whole period is 1."""
    return Decimal(hour_days or 0) / FULL_TIME_HOURS / Decimal(period.days)


def full_year_persons_by_department_and_scheme(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], dict]:
    """{(department_id, scheme_id): {full_year_persons, hours_weighted, person_days}}."""
    figures = placement_figures(period, department_ids, by="scheme", totals=False)
    return {
        key: {
            "person_days": value.person_days,
            "full_year_persons": _per_period(value.person_days, period),
            "hours_weighted": hours_weighted(value.hour_days, period),
        }
        for key, value in figures.items()
    }


def full_year_persons_by_category(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], Decimal]:
    """{(department_id, category_id): full-year persons in placements}, one query."""
    figures = placement_figures(period, department_ids, totals=False)
    return {key: _per_period(value.person_days, period) for key, value in figures.items()}


def head_count_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(department_id, scheme_id): distinct citizens in a placement on `day`}."""
    figures = placement_figures(Period(day, day), department_ids, by="scheme", totals=False)
    return {key: value.head_count for key, value in figures.items() if value.head_count}


def started_and_ended(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], dict]:
    """{(department_id, scheme_id): {started, ended}} for placements in the period."""
    figures = placement_figures(period, department_ids, by="scheme", totals=False)
    return {key: {"started": value.started, "ended": value.ended} for key, value in figures.items()}


# --- Open slot-days ------------------------------------------------------------------------

# A slot-day is open when the slot exists, is not paused and holds no placement; it counts
# in the department of that day, for categories whose policy that day lets open slots count.
# `existing.days` is the one expression for the days the slot exists: its spells (opened or
# reopened, to the closing), as a multirange.
# `open_days` is materialised: inlined, its pause and placement subqueries ran once for each
# of the two sums below.
OPEN_SLOT_DAYS_SQL = """
WITH p AS (
    SELECT daterange(%(start)s::date, %(end)s::date, '[]') AS r,
           daterange(%(today)s::date + 1, NULL) AS later
),
open_days AS MATERIALIZED (
    SELECT s.id, s.workplace_id, s.scheme_id,
        existing.days * datemultirange(p.r)
        - COALESCE((SELECT range_agg(daterange(sp.starts_on, sp.ends_on, '[]'))
                    FROM placements_slotpause sp WHERE sp.slot_id = s.id),
                   '{}'::datemultirange)
        - COALESCE((SELECT range_agg(pl.period)
                    FROM placements_placement pl WHERE pl.slot_id = s.id),
                   '{}'::datemultirange) AS days,
        p.later
    FROM placements_slot s
    CROSS JOIN p
    CROSS JOIN LATERAL (SELECT range_agg(daterange(ss.opened_on, ss.closed_on, '[)')) AS days
                        FROM placements_slotspell ss WHERE ss.slot_id = s.id) AS existing
    WHERE existing.days && p.r
      AND EXISTS (SELECT 1 FROM schemes_targetcategoryscheme l
                  WHERE l.scheme_id = s.scheme_id AND l.open_slots_count
                    AND daterange(l.valid_from, l.valid_to, '[]') && p.r)
),
pieces AS (
    SELECT ds.department_id, l.category_id, o.later,
        o.days * datemultirange(daterange(ds.valid_from, ds.valid_to, '[]')
                                * daterange(l.valid_from, l.valid_to, '[]')) AS days
    FROM open_days o
    JOIN organisation_departmentspell ds ON ds.workplace_id = o.workplace_id
    JOIN schemes_targetcategoryscheme l ON l.scheme_id = o.scheme_id AND l.open_slots_count
    WHERE (%(all_departments)s OR ds.department_id = ANY(%(department_ids)s))
)
SELECT department_id, category_id,
    SUM((SELECT COALESCE(SUM(upper(x) - lower(x)), 0) FROM unnest(days) AS x)),
    SUM((SELECT COALESCE(SUM(upper(x) - lower(x)), 0)
         FROM unnest(days * datemultirange(later)) AS x))
FROM pieces
GROUP BY department_id, category_id
"""


def open_slot_days_by_category(
    period: Period, department_ids: Iterable[int] | None = None, *, today: dt.date | None = None
) -> dict[tuple[int, int], tuple[int, int]]:
    """{(department_id, category_id): (open slot-days, of which after today)}.

    Only for categories whose policy lets a scheme's open slots count on the day.
    """
    with connection.cursor() as cursor:
        cursor.execute(OPEN_SLOT_DAYS_SQL, _params(period, department_ids, today))
        return {(dep, cat): (days, later) for dep, cat, days, later in cursor.fetchall() if days}


def open_slot_full_year_by_category(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], Decimal]:
    """{(department_id, category_id): full-year equivalents of open slot-days}."""
    return {
        key: _per_period(days, period)
        for key, (days, _) in open_slot_days_by_category(period, department_ids).items()
    }


def slot_states_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[int, dict[str, int]]:
    """{scheme_id: {closed, paused, filled, open}}: slot states on a date (as the councils' own slot tables)."""
    qs = Slot.objects.filter(opened_on__lte=day)
    if department_ids is not None:
        qs = qs.filter(department_on_q(day, department_ids, "workplace__"))
    # Group by the derived state: each slot's state is computed once (40 rows at most).
    rows = qs.with_state_on(day).values("scheme_id", "state").annotate(n=Count("pk")).order_by()
    counted = (SlotState.CLOSED, SlotState.PAUSED, SlotState.FILLED, SlotState.OPEN)
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        if row["state"] in counted:
            result.setdefault(row["scheme_id"], dict.fromkeys(counted, 0))[row["state"]] = row["n"]
    return result


# --- Slots available on a date, by category ----------------------------------------------


# Open or filled on the day is "in one of its spells and not paused": the parts of a slot's
# state (placements.models: exists_on, paused_on) that matter here, as a semi-join and an
# anti-join over the slots at once. Through the ORM the joins went via the workplace and
# scheme tables, and PostgreSQL planned a nested loop per slot (123 ms against 22 at 10x).
AVAILABLE_SLOTS_SQL = """
SELECT ds.department_id, l.category_id, COUNT(*)
FROM placements_slot s
JOIN organisation_departmentspell ds ON ds.workplace_id = s.workplace_id
JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id
WHERE s.opened_on <= %(day)s
  AND daterange(ds.valid_from, ds.valid_to, '[]') @> %(day)s::date
  AND daterange(l.valid_from, l.valid_to, '[]') @> %(day)s::date
  AND (%(all_departments)s OR ds.department_id = ANY(%(department_ids)s))
  AND EXISTS (SELECT 1 FROM placements_slotspell ss WHERE ss.slot_id = s.id
              AND daterange(ss.opened_on, ss.closed_on, '[)') @> %(day)s::date)
  AND NOT EXISTS (SELECT 1 FROM placements_slotpause sp WHERE sp.slot_id = s.id
                  AND daterange(sp.starts_on, sp.ends_on, '[]') @> %(day)s::date)
GROUP BY ds.department_id, l.category_id
"""


def available_slots_by_category_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(department_id, category_id): slots open or filled on `day`} (not closed, not paused),
    in the department and under the policy in force on `day`."""
    params = {
        "day": day,
        "all_departments": department_ids is None,
        "department_ids": list(department_ids or []),
    }
    with connection.cursor() as cursor:
        cursor.execute(AVAILABLE_SLOTS_SQL, params)
        return {(department, category): n for department, category, n in cursor.fetchall()}


def outcomes_of_ended(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int | None], dict[str, int]]:
    """{(scheme_id, readiness_id or None): {outcome or "": placements}} ended in P.

    A placement has ended in P when its actual end date (`ended_on`) lies in P; the
    readiness category is the placement's own (the citizen's at its start), so a later
    re-assessment of the citizen does not move a past placement between rows. An outcome not yet recorded is the key "".
    """
    qs = Placement.objects.filter(ended_on__range=(period.start, period.end))
    if department_ids is not None:
        qs = qs.filter(department_on_q(F("ended_on"), department_ids))
    rows = (
        qs.values("outcome", "readiness_id", scheme_id=F("slot__scheme_id"))
        .annotate(placements=Count("pk"))
        .order_by()
    )
    result: dict[tuple[int, int | None], dict[str, int]] = {}
    for row in rows:
        key = (row["scheme_id"], row["readiness_id"])
        result.setdefault(key, {})[row["outcome"]] = row["placements"]
    return result


def placements_by_category(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int | None, int], int]:
    """{(department_id, category_id): placements active at least one day in P}: the unit
    "antal forløb", a placement counting where its workplace was in the department and the
    category's policy counted its scheme; a None department is the distinct count over the
    departments asked for."""
    return placement_pass([period], department_ids).placements
