"""The half-year status figures by hand-written SQL, for the benchmark and its test.

A second, plain computation of what `reports.status.build_status` reports, straight on the
date columns: the benchmark times the status page against it, and a test keeps the two
equal, so a faster status can never be a different one. Keyed like the status rows,
{(department_id, category_id): Figures}. Written as plainly as possible (dates compared
with LEAST/GREATEST, open slots day by day), not for speed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from core.periods import Period
from reports import selectors
from reports.status import Figures

# Each placement is cut to the days it shares with P, with a department spell of its
# workplace and with a policy row of its scheme (so a move or a policy change splits it).
# A placement's last day is its actual end, else its planned end, else it runs on; all
# ends are inclusive.
PIECES_SQL = """
WITH pieces AS (
    SELECT ds.department_id, l.category_id, p.citizen_id, p.hours_per_week,
           p.starts_on, p.ended_on,
           GREATEST(p.starts_on, ds.valid_from, l.valid_from, %(start)s::date) AS first_day,
           LEAST(COALESCE(p.ended_on, p.planned_end_on, %(end)s::date),
                 COALESCE(ds.valid_to, %(end)s::date), COALESCE(l.valid_to, %(end)s::date),
                 %(end)s::date) AS last_day
    FROM placements_placement p
    JOIN placements_slot s ON s.id = p.slot_id
    JOIN organisation_departmentspell ds ON ds.workplace_id = s.workplace_id
    JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id
),
counted AS (
    SELECT *, last_day - first_day + 1 AS n,
           GREATEST(last_day - GREATEST(first_day, %(today)s::date + 1) + 1, 0) AS n_later
    FROM pieces WHERE first_day <= last_day
)
"""

# Per department × category: person-days inside P (and hours × days), the part after
# today, distinct citizens on P's last day, placements started and ended in P.
PLACEMENTS_SQL = (
    PIECES_SQL
    + """
SELECT department_id, category_id,
       SUM(n), SUM(n * hours_per_week), SUM(n_later), SUM(n_later * hours_per_week),
       COUNT(DISTINCT citizen_id) FILTER (WHERE last_day = %(end)s::date),
       COUNT(*) FILTER (WHERE starts_on BETWEEN first_day AND last_day),
       COUNT(*) FILTER (WHERE ended_on BETWEEN first_day AND last_day)
FROM counted
GROUP BY department_id, category_id
"""
)

# Distinct citizens on P's last day per category over all departments, per department
# over all categories, and in all.
HEADS_SQL = (
    PIECES_SQL
    + """
SELECT NULL::bigint, category_id, COUNT(DISTINCT citizen_id)
FROM counted WHERE last_day = %(end)s::date GROUP BY category_id
UNION ALL
SELECT department_id, NULL, COUNT(DISTINCT citizen_id)
FROM counted WHERE last_day = %(end)s::date GROUP BY department_id
UNION ALL
SELECT NULL, NULL, COUNT(DISTINCT citizen_id) FROM counted WHERE last_day = %(end)s::date
"""
)

# Slots open or filled on P's last day: opened, not closed, not paused; in the department
# and under the policy of that day.
SLOTS_SQL = """
SELECT ds.department_id, l.category_id, COUNT(*)
FROM placements_slot s
JOIN organisation_departmentspell ds ON ds.workplace_id = s.workplace_id
  AND ds.valid_from <= %(end)s AND (ds.valid_to IS NULL OR ds.valid_to >= %(end)s)
JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id
  AND l.valid_from <= %(end)s AND (l.valid_to IS NULL OR l.valid_to >= %(end)s)
WHERE EXISTS (
      SELECT 1 FROM placements_slotspell ss
      WHERE ss.slot_id = s.id AND ss.opened_on <= %(end)s
        AND (ss.closed_on IS NULL OR ss.closed_on > %(end)s))
  AND NOT EXISTS (
      SELECT 1 FROM placements_slotpause sp
      WHERE sp.slot_id = s.id AND sp.starts_on <= %(end)s
        AND (sp.ends_on IS NULL OR sp.ends_on >= %(end)s))
GROUP BY ds.department_id, l.category_id
"""

# Open slot-days, day by day: the slot exists (in one of its spells; closed_on is the
# spell's first closed day), is not paused and holds no placement; in the department of the
# day, only where the policy of the day lets open slots count.
OPEN_SLOT_DAYS_SQL = """
SELECT ds.department_id, l.category_id, COUNT(*), COUNT(*) FILTER (WHERE g.day > %(today)s)
FROM placements_slot s
JOIN placements_slotspell ss ON ss.slot_id = s.id
JOIN LATERAL generate_series(
    GREATEST(ss.opened_on, %(start)s),
    LEAST(COALESCE(ss.closed_on - 1, %(end)s), %(end)s),
    interval '1 day') AS g(day) ON TRUE
JOIN organisation_departmentspell ds ON ds.workplace_id = s.workplace_id
  AND ds.valid_from <= g.day AND (ds.valid_to IS NULL OR ds.valid_to >= g.day)
JOIN schemes_targetcategoryscheme l ON l.scheme_id = s.scheme_id AND l.open_slots_count
  AND l.valid_from <= g.day AND (l.valid_to IS NULL OR l.valid_to >= g.day)
WHERE NOT EXISTS (
      SELECT 1 FROM placements_slotpause sp
      WHERE sp.slot_id = s.id AND sp.starts_on <= g.day
        AND (sp.ends_on IS NULL OR sp.ends_on >= g.day))
  AND NOT EXISTS (
      SELECT 1 FROM placements_placement p
      WHERE p.slot_id = s.id AND p.starts_on <= g.day
        AND COALESCE(p.ended_on, p.planned_end_on, g.day) >= g.day)
GROUP BY ds.department_id, l.category_id
"""

OPEN_CATEGORIES_SQL = """
SELECT DISTINCT category_id FROM schemes_targetcategoryscheme
WHERE open_slots_count AND valid_from <= %(end)s AND (valid_to IS NULL OR valid_to >= %(start)s)
"""


def _rows(sql: str, period: Period, today: dt.date):
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": period.start, "end": period.end, "today": today})
        return cursor.fetchall()


def status_figures(
    period: Period, *, today: dt.date | None = None, open_slots_day_by_day: bool = True
) -> tuple[dict, dict, dict]:
    """({(department or None, category): Figures} for P, {…: full-year persons} a year
    earlier, {department or None: distinct citizens in any category on P's last day}), for
    the whole municipality; a None department is the total over the departments.

    The day-by-day open-slot query is the independent check but slow; the status's own
    open-slot figure is already one hand-written query (reports.selectors), which the
    benchmark's timing uses instead (`open_slots_day_by_day=False`).
    """
    today = today or timezone.localdate()
    days = Decimal(period.days)
    figures: dict[tuple[int | None, int], Figures] = defaultdict(Figures)
    # Day sums per department and category and, under (None, category), over departments;
    # divided once at the end, as the status divides its totals.
    sums: dict[tuple[int | None, int], list] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for department, category, *row in _rows(PLACEMENTS_SQL, period, today):
        person_days, hour_days, later, later_hours, heads, started, ended = row
        figures[(department, category)].head_count = heads
        for key in ((department, category), (None, category)):
            for index, value in enumerate((person_days, hour_days, later, later_hours)):
                sums[key][index] += value
            figures[key].started += started
            figures[key].ended += ended
    for department, category, slots in _rows(SLOTS_SQL, period, today):
        figures[(department, category)].slots = slots
        figures[(None, category)].slots += slots
    if open_slots_day_by_day:
        open_rows = [
            ((department, category), (open_days, later))
            for department, category, open_days, later in _rows(OPEN_SLOT_DAYS_SQL, period, today)
        ]
    else:
        open_rows = list(selectors.open_slot_days_by_category(period, today=today).items())
    for (department, category), (open_days, later) in open_rows:
        for key in ((department, category), (None, category)):
            sums[key][4] += open_days
            sums[key][5] += later
            figures[key].open_slots = Decimal(0)  # counted here; divided below
    for key, (person_days, hour_days, later, later_hours, open_days, open_later) in sums.items():
        value = figures[key]
        value.full_year_persons = Decimal(person_days) / days
        value.hours_weighted = selectors.hours_weighted(hour_days, period)
        value.forecast = Decimal(later) / days
        value.hours_weighted_forecast = selectors.hours_weighted(later_hours, period)
        if value.open_slots is not None:
            value.open_slots = Decimal(open_days) / days
            value.open_slots_forecast = Decimal(open_later) / days
    open_categories = {row[0] for row in _rows(OPEN_CATEGORIES_SQL, period, today)}
    for (_, category), value in figures.items():
        if category in open_categories and value.open_slots is None:
            value.open_slots = Decimal(0)

    persons: dict[int | None, int] = {}
    for department, category, heads in _rows(HEADS_SQL, period, today):
        if category is None:
            if heads:
                persons[department] = heads
        else:  # distinct citizens, not the sum over departments (a citizen counts once)
            figures[(None, category)].head_count = heads

    previous = period.same_period_last_year()
    before = {
        (department, category): Decimal(person_days) / Decimal(previous.days)
        for department, category, person_days, *_ in _rows(PLACEMENTS_SQL, previous, today)
    }
    return dict(figures), before, persons


def status_mismatches(status, period: Period, *, today: dt.date | None = None) -> list[str]:
    """Where the status's rows differ from the hand-written figures (empty: none)."""
    figures, before, persons = status_figures(period, today=today)
    problems = []
    rows = [(d.pk, d.code, row) for d in status.departments for row in status.rows[d.pk]]
    rows += [(None, "I alt", row) for row in status.totals]
    for department, label, row in rows:
        key = (department, row.category.pk)
        expected = figures.get(key)
        if expected is None:
            expected = Figures(open_slots=None if row.figures.open_slots is None else Decimal(0))
        if row.figures != expected:
            problems.append(f"{label} {row.category}: {row.figures} ≠ {expected}")
        if department is not None and row.previous.full_year_persons != before.get(key, Decimal(0)):
            problems.append(
                f"{label} {row.category} (last year): "
                f"{row.previous.full_year_persons} ≠ {before.get(key, Decimal(0))}"
            )
    if status.persons_on_last_day != persons:
        problems.append(f"persons on the last day: {status.persons_on_last_day} ≠ {persons}")
    shown = {(d.pk, c.pk) for d in status.departments for c in status.categories}
    shown |= {(None, c.pk) for c in status.categories}
    for key, value in figures.items():
        if key not in shown and value != Figures(open_slots=value.open_slots and Decimal(0)):
            problems.append(f"department {key[0]}, category {key[1]} missing: {value}")
    return problems
