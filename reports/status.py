"""The half-year status, built once: the page, the exports and the PDF all read these numbers.

`build_status(period, department_ids)` runs a fixed number of aggregate queries (reports.
selectors), whatever the number of departments or placements, and returns plain dataclasses.
The method is described for readers in docs/status-method.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from core.periods import Period
from organisation.models import Department, DepartmentHeadcount
from placements.models import Outcome, SlotState
from reports import selectors
from schemes.models import (
    ReadinessCategory,
    Scheme,
    Target,
    TargetCategory,
    TargetCategoryScheme,
    TargetUnit,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Outcomes that count as success in the committees' tables.
SUCCESS_OUTCOMES = (Outcome.ORDINARY_JOB, Outcome.EDUCATION)
SLOT_STATES = (SlotState.CLOSED, SlotState.PAUSED, SlotState.OPEN, SlotState.FILLED)


@dataclass
class Figures:
    """What happened in one department (or the total) and one category in a period."""

    full_year_persons: Decimal = ZERO
    # Full-year equivalents of open slot-days; None where the category's open slots don't count.
    open_slots: Decimal | None = None
    head_count: int = 0  # distinct citizens on the period's last day
    slots: int = 0  # slots open or filled on the period's last day
    started: int = 0
    ended: int = 0
    hours_weighted: Decimal = ZERO  # full-year persons weighted by hours ÷ 37
    # The parts of the figures above that come from days after today (a forecast).
    forecast: Decimal = ZERO
    hours_weighted_forecast: Decimal = ZERO
    open_slots_forecast: Decimal = ZERO

    @property
    def with_open_slots(self) -> Decimal | None:
        return None if self.open_slots is None else self.full_year_persons + self.open_slots

    @property
    def counted(self) -> Decimal:
        """Full-year persons as the council counts them: open slots included where they count."""
        return self.full_year_persons + (self.open_slots or ZERO)

    @property
    def counted_forecast(self) -> Decimal:
        """The part of `counted` from days after today."""
        return self.forecast + (self.open_slots_forecast if self.open_slots is not None else ZERO)

    def __add__(self, other: Figures) -> Figures:
        """Sums; a head count summed this way counts a citizen once per part (see Status)."""
        summed = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in fields(self)
            if f.name != "open_slots"
        }
        open_slots = (
            None
            if self.open_slots is None and other.open_slots is None
            else (self.open_slots or ZERO) + (other.open_slots or ZERO)
        )
        return Figures(open_slots=open_slots, **summed)


@dataclass
class StatusRow:
    """One category for one department (`department` None: the total of the departments)."""

    department: Department | None
    category: TargetCategory
    figures: Figures
    previous: Figures  # the same period last year (full-year persons only)
    target: Decimal | None = None
    unit: str | None = None
    employees: int | None = None  # the department's headcount in the target's year
    placements: int = 0  # placements active at least one day in the period ("antal forløb")

    @property
    def unit_label(self) -> str:
        return str(TargetUnit(self.unit).label) if self.unit else ""

    @property
    def target_persons(self) -> Decimal | None:
        """The target in persons: a share of employees becomes share × headcount."""
        if self.target is None or self.unit in (TargetUnit.SLOTS, TargetUnit.PLACEMENTS):
            return None
        if self.unit == TargetUnit.SHARE_OF_EMPLOYEES:
            if not self.employees:
                return None
            return self.target * self.employees / HUNDRED
        return self.target

    @property
    def realised(self) -> Decimal | None:
        """What was achieved, in the target's unit."""
        if self.unit is None:
            return None
        if self.unit == TargetUnit.HEAD_COUNT:
            return Decimal(self.figures.head_count)
        if self.unit == TargetUnit.SLOTS:
            return Decimal(self.figures.slots)
        if self.unit == TargetUnit.PLACEMENTS:
            return Decimal(self.placements)
        if self.unit == TargetUnit.SHARE_OF_EMPLOYEES:
            if not self.employees:
                return None
            return self.figures.counted * HUNDRED / self.employees
        return self.figures.counted

    @property
    def fulfilment(self) -> Decimal | None:
        """Realised ÷ target, in per cent."""
        if not self.target or self.realised is None:
            return None
        return self.realised * HUNDRED / self.target

    @property
    def change(self) -> Decimal:
        """Full-year persons now minus the same period last year."""
        return self.figures.full_year_persons - self.previous.full_year_persons


@dataclass
class ChartSeries:
    """Target vs realised per department for one category, in the target's unit."""

    category: TargetCategory
    unit_label: str
    bars: list[tuple[str, Decimal | None, Decimal | None]]  # (label, target, realised)


@dataclass
class Status:
    period: Period
    previous_period: Period
    whole_municipality: bool
    departments: list[Department]
    categories: list[TargetCategory]
    rows: dict[int, list[StatusRow]]  # department id -> one row per category
    totals: list[StatusRow]
    today: dt.date | None = None  # days after it are a forecast
    # Distinct citizens on the last day in any category: per department id, None the total
    # (absent: none).
    persons_on_last_day: dict[int | None, int] = field(default_factory=dict)
    charts: list[ChartSeries] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # in force in the period's year

    def department_rows(self):
        """(department, rows) in the departments' order."""
        return [(department, self.rows[department.pk]) for department in self.departments]


def _figures(
    placements: dict, period: Period, department_ids, open_categories: set[int], today: dt.date
) -> tuple[dict, dict]:
    """({(department_id or None, category_id): Figures}, {department_id or None: persons})
    for a period, from its placement figures and two aggregate queries on the slots.

    A None department is the total over the departments asked for: its head count is the
    distinct citizens (a citizen in two departments is one person), the rest are sums. The
    second dict is the distinct citizens on P's last day in any category.
    """
    result: dict[tuple[int | None, int], Figures] = defaultdict(Figures)
    everyone: dict[int | None, int] = {}
    for (department_id, category_id), value in placements.items():
        if category_id is None:
            if value.head_count:
                everyone[department_id] = value.head_count
            continue
        figures = result[(department_id, category_id)]
        figures.full_year_persons = _per_period(value.person_days, period)
        figures.forecast = _per_period(value.forecast_days, period)
        figures.hours_weighted = selectors.hours_weighted(value.hour_days, period)
        figures.hours_weighted_forecast = selectors.hours_weighted(value.forecast_hour_days, period)
        figures.head_count = value.head_count
        figures.started, figures.ended = value.started, value.ended
    open_days = selectors.open_slot_days_by_category(period, department_ids, today=today)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # days summed, divided once
    for (department_id, category_id), (days, later) in open_days.items():
        result[(department_id, category_id)].open_slots = _per_period(days, period)
        result[(department_id, category_id)].open_slots_forecast = _per_period(later, period)
        totals[category_id][0] += days
        totals[category_id][1] += later
    for category_id, (days, later) in totals.items():
        result[(None, category_id)].open_slots = _per_period(days, period)
        result[(None, category_id)].open_slots_forecast = _per_period(later, period)
    for key, value in selectors.available_slots_by_category_on(period.end, department_ids).items():
        result[key].slots = value
        result[(None, key[1])].slots += value
    for (_, category_id), figures in result.items():
        if category_id in open_categories and figures.open_slots is None:
            figures.open_slots = ZERO
    return result, everyone


def _per_period(days, period: Period) -> Decimal:
    return Decimal(days or 0) / Decimal(period.days)


def _previous_figures(placements: dict, period: Period) -> dict:
    """Last year's figures: only full-year persons are compared (the change column)."""
    return {
        key: Figures(full_year_persons=_per_period(value.person_days, period))
        for key, value in placements.items()
    }


def _open_slot_categories(period: Period) -> set[int]:
    """Categories whose policy lets some scheme's open slots count on a day of P."""
    links = TargetCategoryScheme.objects.filter(
        open_slots_count=True, valid_from__lte=period.end
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
    return set(links.values_list("category_id", flat=True))


def _empty_figures(category_id: int, open_categories: set[int]) -> Figures:
    return Figures(open_slots=ZERO if category_id in open_categories else None)


def _total_row(
    category,
    rows: list[StatusRow],
    figures: Figures,
    open_categories,
    *,
    municipality_target: Target | None = None,
    placements: int = 0,
    all_employees: int | None = None,
) -> StatusRow:
    """The total of the departments: `figures` from the queries' totals (distinct head
    counts); last year's full-year persons summed here. A target for the whole municipality
    is compared with the total; otherwise the departments' targets are added up."""
    previous = _empty_figures(category.pk, open_categories)
    for row in rows:
        previous += row.previous
    total = StatusRow(
        department=None,
        category=category,
        figures=figures,
        previous=previous,
        placements=placements,
    )
    if municipality_target is not None:
        total.target = municipality_target.value
        total.unit = municipality_target.unit
        total.employees = all_employees or None
        return total
    with_target = [row for row in rows if row.target is not None]
    units = {row.unit for row in with_target}
    if len(units) != 1:
        return total  # no targets, or departments counting in different units
    total.unit = units.pop()
    if total.unit == TargetUnit.SHARE_OF_EMPLOYEES:
        # Departments without a target count as 0 % of their employees.
        known = [row for row in rows if row.employees]
        total.employees = sum(row.employees for row in known) or None
        persons = [row.target_persons for row in with_target]
        if total.employees and None not in persons:
            total.target = sum(persons, ZERO) * HUNDRED / total.employees
    else:
        total.target = sum((row.target for row in with_target), ZERO)
    return total


def _targets_in_force(year: int, department_ids: list[int] | None) -> list[Target]:
    """The targets in force in `year` for the departments in scope, and, when the scope is
    the whole municipality, the municipality's own."""
    targets = Target.objects.in_year(year).select_related("department", "category")
    if department_ids is not None:
        targets = targets.filter(department_id__in=department_ids)
    return sorted(
        targets,
        key=lambda t: (
            t.department is None,
            t.department.code if t.department else "",
            t.category.sort_order,
            t.category.name,
        ),
    )


def build_status(
    period: Period, department_ids: Iterable[int] | None = None, *, today: dt.date | None = None
) -> Status:
    """The status table for a period: one row per department and category, and totals.

    Days after `today` (default: the real today) are counted, and also shown apart as a
    forecast. Targets are yearly: those in force in the period's year apply to any period
    within it."""
    ids = None if department_ids is None else sorted(set(department_ids))
    departments = list(
        Department.objects.all() if ids is None else Department.objects.filter(pk__in=ids)
    )
    ids_for_query = None if ids is None else [d.pk for d in departments]
    previous_period = period.same_period_last_year()
    open_categories = _open_slot_categories(period)
    today = today or timezone.localdate()
    # This period and last year's comparison in one pass over the placements.
    placement_pass = selectors.placement_pass([period, previous_period], ids_for_query, today=today)
    now, everyone = _figures(
        placement_pass.figures[0], period, ids_for_query, open_categories, today
    )
    before = _previous_figures(placement_pass.figures[1], previous_period)
    placements = placement_pass.placements

    in_force = _targets_in_force(period.start.year, ids_for_query)
    targets = {(t.department_id, t.category_id): t for t in in_force if t.department_id}
    municipality_targets = {t.category_id: t for t in in_force if t.department_id is None}
    employees = dict(
        DepartmentHeadcount.objects.filter(year=period.start.year).values_list(
            "department_id", "employees"
        )
    )
    active = {
        key[1] for key, figures in now.items() if figures != _empty_figures(key[1], open_categories)
    }
    active |= {key[1] for key, figures in before.items() if figures.full_year_persons}
    active |= {t.category_id for t in in_force}
    categories = [c for c in TargetCategory.objects.all() if c.pk in active]

    rows: dict[int, list[StatusRow]] = {}
    for department in departments:
        rows[department.pk] = []
        for category in categories:
            key = (department.pk, category.pk)
            target = targets.get(key)
            rows[department.pk].append(
                StatusRow(
                    department=department,
                    category=category,
                    figures=now.get(key) or _empty_figures(category.pk, open_categories),
                    previous=before.get(key) or _empty_figures(category.pk, open_categories),
                    target=target.value if target else None,
                    unit=target.unit if target else None,
                    employees=employees.get(department.pk),
                    placements=placements.get(key, 0),
                )
            )
    totals = [
        _total_row(
            category,
            [rows[d.pk][i] for d in departments],
            now.get((None, category.pk)) or _empty_figures(category.pk, open_categories),
            open_categories,
            municipality_target=municipality_targets.get(category.pk),
            placements=placements.get((None, category.pk), 0),
            all_employees=sum(employees.values()),
        )
        for i, category in enumerate(categories)
    ]
    status = Status(
        period=period,
        previous_period=previous_period,
        whole_municipality=ids is None,
        departments=departments,
        categories=categories,
        rows=rows,
        totals=totals,
        persons_on_last_day=everyone,
        today=today,
        targets=in_force,
    )
    status.charts = _charts(status)
    return status


def _charts(status: Status) -> list[ChartSeries]:
    """A chart per category with targets in one unit: target and realised per department.

    Departments without a target are drawn with what they realised, in the same unit, and
    left out when they have neither.
    """
    charts = []
    for i, total in enumerate(status.totals):
        if total.unit is None:
            continue
        bars = []
        for department, rows in status.department_rows():
            row = rows[i]
            in_unit = row if row.target is not None else replace(row, unit=total.unit)
            realised = in_unit.realised
            if row.target is None and not realised:
                continue
            bars.append((department.code, row.target, realised))
        charts.append(ChartSeries(category=total.category, unit_label=total.unit_label, bars=bars))
    return charts


# --- Outcomes of ended placements -------------------------------------------------------


@dataclass
class OutcomeRow:
    scheme: Scheme
    readiness: ReadinessCategory | None  # None: the scheme's subtotal, or not recorded
    counts: dict[str, int]  # outcome code ("" = not recorded) -> placements
    subtotal: bool = False

    @property
    def ended(self) -> int:
        return sum(self.counts.values())

    def count(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)

    @property
    def not_recorded(self) -> int:
        """Unknown outcome, or no outcome recorded when the placement ended."""
        return self.count(Outcome.UNKNOWN) + self.count("")

    @property
    def success_share(self) -> Decimal | None:
        """Share (%) that ended in an ordinary job or education."""
        if not self.ended:
            return None
        return Decimal(sum(self.count(o) for o in SUCCESS_OUTCOMES)) * HUNDRED / self.ended


@dataclass
class Outcomes:
    period: Period
    rows: list[OutcomeRow]  # per scheme: one row per readiness category, then its subtotal
    total: OutcomeRow | None


def _merge(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    merged: dict[str, int] = defaultdict(int)
    for one in counts:
        for outcome, n in one.items():
            merged[outcome] += n
    return dict(merged)


def build_outcomes(period: Period, department_ids: Iterable[int] | None = None) -> Outcomes:
    """Placements ended in the period by scheme and the citizen's readiness, with outcomes."""
    raw = selectors.outcomes_of_ended(period, department_ids)
    schemes = {s.pk: s for s in Scheme.objects.all()}
    readiness = {r.pk: r for r in ReadinessCategory.objects.all()}
    rows: list[OutcomeRow] = []
    for scheme in sorted(schemes.values(), key=lambda s: (s.sort_order, s.name)):
        keys = [key for key in raw if key[0] == scheme.pk]
        if not keys:
            continue
        keys.sort(key=lambda key: (key[1] is None, readiness[key[1]].name if key[1] else ""))
        for key in keys:
            rows.append(OutcomeRow(scheme, readiness.get(key[1]) if key[1] else None, raw[key]))
        rows.append(OutcomeRow(scheme, None, _merge(raw[k] for k in keys), subtotal=True))
    total = None
    if raw:
        total = OutcomeRow(None, None, _merge(raw.values()), subtotal=True)  # type: ignore[arg-type]
    return Outcomes(period=period, rows=rows, total=total)


# --- Slot states on a date ---------------------------------------------------------------


@dataclass
class SlotStateRow:
    scheme: Scheme | None  # None: the total
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.get(state, 0) for state in SLOT_STATES)


@dataclass
class SlotStates:
    day: dt.date
    rows: list[SlotStateRow]
    total: SlotStateRow


def build_slot_states(day: dt.date, department_ids: Iterable[int] | None = None) -> SlotStates:
    """Slots per scheme on a date: nedlagt, i bero, åben, besat (as the councils' own slot tables)."""
    raw = selectors.slot_states_on(day, department_ids)
    rows = [
        SlotStateRow(scheme, raw[scheme.pk]) for scheme in Scheme.objects.all() if scheme.pk in raw
    ]
    total = SlotStateRow(None, {s: sum(r.counts.get(s, 0) for r in rows) for s in SLOT_STATES})
    return SlotStates(day=day, rows=rows, total=total)


# --- Everything a report shows ----------------------------------------------------------


@dataclass
class ReportData:
    status: Status
    outcomes: Outcomes
    slot_states: SlotStates

    @property
    def period(self) -> Period:
        return self.status.period


def build_report(
    period: Period, department_ids: Iterable[int] | None = None, slots_on: dt.date | None = None
) -> ReportData:
    """All tables of a status report; slot states on `slots_on` (default: the period's end)."""
    return ReportData(
        status=build_status(period, department_ids),
        outcomes=build_outcomes(period, department_ids),
        slot_states=build_slot_states(slots_on or period.end, department_ids),
    )
