"""Measurement (docs/status-method.md): every figure is one aggregate query in PostgreSQL.

Full-year persons for a period P = Σ over placements of (days of the placement inside P)
÷ (days in P). Placement periods are inclusive date ranges (`Placement.period`), an open
placement runs to the end of P. Functions return plain dicts keyed by ids so the status
tables, exports and PDF share one set of numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum, Value

from core.db import DateRange, Intersection, RangeDays
from core.periods import Period
from placements.models import Placement, Slot, SlotState

FULL_TIME_HOURS = Decimal("37")


def _days_inside(period: Period):
    return RangeDays(Intersection(F("period"), DateRange(Value(period.start), Value(period.end))))


def _placements(period: Period, department_ids: Iterable[int] | None):
    qs = Placement.objects.in_period(period.start, period.end)
    if department_ids is not None:
        qs = qs.filter(slot__workplace__department_id__in=list(department_ids))
    return qs


def _per_period(person_days: int | None, period: Period) -> Decimal:
    return Decimal(person_days or 0) / Decimal(period.days)


def full_year_persons_by_department_and_scheme(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], dict]:
    """{(department_id, scheme_id): {full_year_persons, hours_weighted, person_days}}."""
    rows = (
        _placements(period, department_ids)
        .values(department_id=F("slot__workplace__department_id"), scheme_id=F("slot__scheme_id"))
        .annotate(
            person_days=Sum(_days_inside(period)),
            hour_days=Sum(_days_inside(period) * F("hours_per_week")),
        )
        .order_by()
    )
    return {
        (row["department_id"], row["scheme_id"]): {
            "person_days": row["person_days"],
            "full_year_persons": _per_period(row["person_days"], period),
            "hours_weighted": Decimal(row["hour_days"] or 0)
            / FULL_TIME_HOURS
            / Decimal(period.days),
        }
        for row in rows
    }


def full_year_persons_by_category(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], Decimal]:
    """{(department_id, category_id): full-year persons in placements}, one query."""
    rows = (
        _placements(period, department_ids)
        .values(
            department_id=F("slot__workplace__department_id"),
            category_id=F("slot__scheme__category_links__category_id"),
        )
        .filter(category_id__isnull=False)
        .annotate(person_days=Sum(_days_inside(period)))
        .order_by()
    )
    return {
        (row["department_id"], row["category_id"]): _per_period(row["person_days"], period)
        for row in rows
    }


OPEN_SLOT_DAYS_SQL = """
WITH p AS (SELECT daterange(%(start)s::date, %(end)s::date, '[]') AS r),
open_days AS (
    SELECT s.workplace_id, s.scheme_id,
        (SELECT COALESCE(SUM(upper(x) - lower(x)), 0) FROM unnest(
            (SELECT range_agg(daterange(ss.opened_on, ss.closed_on, '[)'))
             FROM placements_slotspell ss WHERE ss.slot_id = s.id) * datemultirange(p.r)
            - COALESCE((SELECT range_agg(daterange(sp.starts_on, sp.ends_on, '[]'))
                        FROM placements_slotpause sp WHERE sp.slot_id = s.id),
                       '{}'::datemultirange)
            - COALESCE((SELECT range_agg(pl.period)
                        FROM placements_placement pl WHERE pl.slot_id = s.id),
                       '{}'::datemultirange)
        ) AS x) AS days
    FROM placements_slot s, p
    WHERE daterange(s.opened_on, s.closed_on, '[)') && p.r
      AND EXISTS (SELECT 1 FROM schemes_targetcategoryscheme l
                  WHERE l.scheme_id = s.scheme_id AND l.open_slots_count)
)
SELECT w.department_id, l.category_id, SUM(o.days)
FROM open_days o
JOIN organisation_workplace w ON w.id = o.workplace_id
JOIN schemes_targetcategoryscheme l ON l.scheme_id = o.scheme_id AND l.open_slots_count
WHERE (%(all_departments)s OR w.department_id = ANY(%(department_ids)s))
GROUP BY w.department_id, l.category_id
"""


def open_slot_full_year_by_category(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], Decimal]:
    """{(department_id, category_id): full-year equivalents of open slot-days}.

    Only for categories that let a scheme's open slots count. A slot-day is open when the
    slot exists (in one of its spells), is not paused and holds no placement.
    """
    params = {
        "start": period.start,
        "end": period.end,
        "all_departments": department_ids is None,
        "department_ids": list(department_ids or []),
    }
    with connection.cursor() as cursor:
        cursor.execute(OPEN_SLOT_DAYS_SQL, params)
        return {(dep, cat): _per_period(days, period) for dep, cat, days in cursor.fetchall()}


def head_count_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(department_id, scheme_id): distinct citizens in a placement on `day`}."""
    qs = Placement.objects.active_on(day)
    if department_ids is not None:
        qs = qs.filter(slot__workplace__department_id__in=list(department_ids))
    rows = (
        qs.values(department_id=F("slot__workplace__department_id"), scheme_id=F("slot__scheme_id"))
        .annotate(head_count=Count("citizen_id", distinct=True))
        .order_by()
    )
    return {(row["department_id"], row["scheme_id"]): row["head_count"] for row in rows}


def started_and_ended(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], dict]:
    """{(department_id, scheme_id): {started, ended}} for placements in the period."""
    rows = (
        _placements(period, department_ids)
        .values(department_id=F("slot__workplace__department_id"), scheme_id=F("slot__scheme_id"))
        .annotate(
            started=Count("pk", filter=Q(starts_on__range=(period.start, period.end))),
            ended=Count("pk", filter=Q(ended_on__range=(period.start, period.end))),
        )
        .order_by()
    )
    return {
        (row["department_id"], row["scheme_id"]): {"started": row["started"], "ended": row["ended"]}
        for row in rows
    }


def slot_states_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[int, dict[str, int]]:
    """{scheme_id: {closed, paused, filled, open}}: slot states on a date (as the councils' own slot tables)."""
    qs = Slot.objects.filter(opened_on__lte=day)
    if department_ids is not None:
        qs = qs.filter(workplace__department_id__in=list(department_ids))
    # Group by the derived state: each slot's state is computed once (40 rows at most).
    rows = qs.with_state_on(day).values("scheme_id", "state").annotate(n=Count("pk")).order_by()
    counted = (SlotState.CLOSED, SlotState.PAUSED, SlotState.FILLED, SlotState.OPEN)
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        if row["state"] in counted:
            result.setdefault(row["scheme_id"], dict.fromkeys(counted, 0))[row["state"]] = row["n"]
    return result


# --- Per target category: the status tables (reports.status) ---------------------------


def head_count_by_category_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(department_id, category_id): distinct citizens in the category's schemes on `day`}."""
    qs = Placement.objects.active_on(day)
    if department_ids is not None:
        qs = qs.filter(slot__workplace__department_id__in=list(department_ids))
    rows = (
        qs.values(
            department_id=F("slot__workplace__department_id"),
            category_id=F("slot__scheme__category_links__category_id"),
        )
        .filter(category_id__isnull=False)
        .annotate(head_count=Count("citizen_id", distinct=True))
        .order_by()
    )
    return {(row["department_id"], row["category_id"]): row["head_count"] for row in rows}


def started_and_ended_by_category(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], dict]:
    """{(department_id, category_id): {started, ended}}: placements started / ended in P."""
    rows = (
        _placements(period, department_ids)
        .values(
            department_id=F("slot__workplace__department_id"),
            category_id=F("slot__scheme__category_links__category_id"),
        )
        .filter(category_id__isnull=False)
        .annotate(
            started=Count("pk", filter=Q(starts_on__range=(period.start, period.end))),
            ended=Count("pk", filter=Q(ended_on__range=(period.start, period.end))),
        )
        .order_by()
    )
    return {
        (row["department_id"], row["category_id"]): {
            "started": row["started"],
            "ended": row["ended"],
        }
        for row in rows
    }


def available_slots_by_category_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(department_id, category_id): slots open or filled on `day`} (not closed, not paused)."""
    qs = Slot.objects.filter(opened_on__lte=day)
    if department_ids is not None:
        qs = qs.filter(workplace__department_id__in=list(department_ids))
    rows = (
        qs.with_state_on(day)
        .values(
            "state",
            department_id=F("workplace__department_id"),
            category_id=F("scheme__category_links__category_id"),
        )
        .filter(category_id__isnull=False)
        .annotate(slots=Count("pk"))
        .order_by()
    )
    result: dict[tuple[int, int], int] = {}
    for row in rows:
        if row["state"] in (SlotState.OPEN, SlotState.FILLED):
            key = (row["department_id"], row["category_id"])
            result[key] = result.get(key, 0) + row["slots"]
    return result


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
        qs = qs.filter(slot__workplace__department_id__in=list(department_ids))
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
