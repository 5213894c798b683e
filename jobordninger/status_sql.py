"""The half-year status figures by hand-written SQL, for the benchmark and its test.

A second, plain computation of what `reports.status.build_status` reports, straight on the
date columns: the benchmark times the status page against it, and a test keeps the two
equal, so a faster status can never be a different one. Keyed like the status rows,
{(department_id, category_id): Figures}.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection

from core.periods import Period
from reports import selectors
from reports.status import Figures

# Per department × category: person-days inside P, distinct citizens on P's last day,
# placements started and ended in P. A placement's last day is its actual end, else its
# planned end, else it runs on; both ends are inclusive.
PLACEMENTS_SQL = """
SELECT w.department_id, l.category_id,
       SUM(LEAST(COALESCE(p.ended_on, p.planned_end_on, %(end)s), %(end)s)
           - GREATEST(p.starts_on, %(start)s) + 1),
       COUNT(DISTINCT p.citizen_id) FILTER (
           WHERE COALESCE(p.ended_on, p.planned_end_on, %(end)s) >= %(end)s),
       COUNT(*) FILTER (WHERE p.starts_on BETWEEN %(start)s AND %(end)s),
       COUNT(*) FILTER (WHERE p.ended_on BETWEEN %(start)s AND %(end)s)
FROM placements_placement p
JOIN placements_slot s ON s.id = p.slot_id
JOIN organisation_workplace w ON w.id = s.workplace_id
JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id
WHERE p.starts_on <= %(end)s
  AND COALESCE(p.ended_on, p.planned_end_on, %(start)s) >= %(start)s
GROUP BY w.department_id, l.category_id
"""

# Slots open or filled on P's last day: opened, not closed, not paused.
SLOTS_SQL = """
SELECT w.department_id, l.category_id, COUNT(*)
FROM placements_slot s
JOIN organisation_workplace w ON w.id = s.workplace_id
JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id
WHERE EXISTS (
      SELECT 1 FROM placements_slotspell ss
      WHERE ss.slot_id = s.id AND ss.opened_on <= %(end)s
        AND (ss.closed_on IS NULL OR ss.closed_on > %(end)s))
  AND NOT EXISTS (
      SELECT 1 FROM placements_slotpause sp
      WHERE sp.slot_id = s.id AND sp.starts_on <= %(end)s
        AND (sp.ends_on IS NULL OR sp.ends_on >= %(end)s))
GROUP BY w.department_id, l.category_id
"""

# Open slot-days, day by day: the slot exists (in a spell; closed_on is its first closed
# day), is not paused and holds no placement; only where the category lets open slots count.
OPEN_SLOT_DAYS_SQL = """
SELECT w.department_id, l.category_id, COUNT(*)
FROM placements_slot s
JOIN organisation_workplace w ON w.id = s.workplace_id
JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id AND l.open_slots_count
JOIN placements_slotspell ss ON ss.slot_id = s.id
JOIN LATERAL generate_series(
    GREATEST(ss.opened_on, %(start)s),
    LEAST(COALESCE(ss.closed_on - 1, %(end)s), %(end)s),
    interval '1 day') AS g(day) ON TRUE
WHERE NOT EXISTS (
      SELECT 1 FROM placements_slotpause sp
      WHERE sp.slot_id = s.id AND sp.starts_on <= g.day
        AND (sp.ends_on IS NULL OR sp.ends_on >= g.day))
  AND NOT EXISTS (
      SELECT 1 FROM placements_placement p
      WHERE p.slot_id = s.id AND p.starts_on <= g.day
        AND COALESCE(p.ended_on, p.planned_end_on, g.day) >= g.day)
GROUP BY w.department_id, l.category_id
"""

OPEN_CATEGORIES_SQL = (
    "SELECT DISTINCT category_id FROM schemes_targetcategoryscheme WHERE open_slots_count"
)


def _rows(sql: str, period: Period | None = None):
    with connection.cursor() as cursor:
        if period is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, {"start": period.start, "end": period.end})
        return cursor.fetchall()


def status_figures(period: Period, *, open_slots_day_by_day: bool = True) -> tuple[dict, dict]:
    """({(department, category): Figures} for P, {…: full-year persons} a year earlier),
    for the whole municipality.

    The day-by-day open-slot query is the independent check but slow; the status's own
    open-slot figure is already one hand-written query (reports.selectors), which the
    benchmark's timing uses instead (`open_slots_day_by_day=False`).
    """
    days = Decimal(period.days)
    figures: dict[tuple[int, int], Figures] = defaultdict(Figures)
    for department, category, person_days, heads, started, ended in _rows(PLACEMENTS_SQL, period):
        key = (department, category)
        figures[key].full_year_persons = Decimal(person_days) / days
        figures[key].head_count = heads
        figures[key].started, figures[key].ended = started, ended
    for department, category, slots in _rows(SLOTS_SQL, period):
        figures[(department, category)].slots = slots
    if open_slots_day_by_day:
        for department, category, open_days in _rows(OPEN_SLOT_DAYS_SQL, period):
            figures[(department, category)].open_slots = Decimal(open_days) / days
    else:
        for key, value in selectors.open_slot_full_year_by_category(period).items():
            figures[key].open_slots = value
    open_categories = {row[0] for row in _rows(OPEN_CATEGORIES_SQL)}
    for (_, category), value in figures.items():
        if category in open_categories and value.open_slots is None:
            value.open_slots = Decimal(0)

    previous = period.same_period_last_year()
    before = {
        (department, category): Decimal(person_days) / Decimal(previous.days)
        for department, category, person_days, *_ in _rows(PLACEMENTS_SQL, previous)
    }
    return dict(figures), before


def status_mismatches(status, period: Period) -> list[str]:
    """Where the status's department rows differ from the hand-written figures (empty: none)."""
    figures, before = status_figures(period)
    problems = []
    for department in status.departments:
        for row in status.rows[department.pk]:
            key = (department.pk, row.category.pk)
            expected = figures.get(key)
            if expected is None:
                expected = Figures(
                    open_slots=None if row.figures.open_slots is None else Decimal(0)
                )
            if row.figures != expected:
                problems.append(f"{department.code} {row.category}: {row.figures} ≠ {expected}")
            if row.previous.full_year_persons != before.get(key, Decimal(0)):
                problems.append(
                    f"{department.code} {row.category} (last year): "
                    f"{row.previous.full_year_persons} ≠ {before.get(key, Decimal(0))}"
                )
    shown = {(d.pk, c.pk) for d in status.departments for c in status.categories}
    for key, value in figures.items():
        if key not in shown and value != Figures(open_slots=value.open_slots and Decimal(0)):
            problems.append(f"department {key[0]}, category {key[1]} missing: {value}")
    return problems
