"""Numbers for the start pages. Each figure is one aggregate query (reports.selectors)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from core.periods import Period
from organisation.models import Department
from organisation.scope import department_ids_for
from placements.models import Placement, Slot, SlotState
from placements.vacancy import vacant_slots
from reports import selectors
from schemes.models import Scheme


def _today() -> dt.date:
    return timezone.localdate()


def hr_overview(user) -> dict:
    """The user's departments: active placements and open slots today."""
    today = _today()
    departments = Department.objects.for_user(user)
    ids = department_ids_for(user)
    states = selectors.slot_states_on(today, department_ids=ids)
    return {
        "departments": list(departments),
        "active_placements": Placement.objects.for_user(user).active_on(today).count(),
        "open_slots": sum(s[SlotState.OPEN] for s in states.values()),
        "paused_slots": sum(s[SlotState.PAUSED] for s in states.values()),
        "today": today,
    }


def consultant_overview(user) -> dict:
    """Vacant slots across the municipality today, per scheme: the board's rows, counted."""
    today = _today()
    counts = dict(vacant_slots(today).order_by().values_list("scheme_id").annotate(n=Count("pk")))
    per_scheme = [
        {"scheme": scheme, "open": counts[scheme.pk]}
        for scheme in Scheme.objects.filter(pk__in=counts).order_by("sort_order")
    ]
    return {
        "open_slots": sum(row["open"] for row in per_scheme),
        "per_scheme": per_scheme,
        "slots_total": Slot.objects.filter(opened_on__lte=today).count(),
        "today": today,
    }


def secretary_overview() -> dict:
    """This half-year's full-year persons per department (so far: up to today)."""
    today = _today()
    half = Period.current_reporting_period(today)
    so_far = Period(half.start, min(today, half.end))
    figures = selectors.full_year_persons_by_department_and_scheme(so_far)
    per_department = []
    for department in Department.objects.all():
        total = sum(
            (f["full_year_persons"] for (dep, _), f in figures.items() if dep == department.pk),
            Decimal(0),
        )
        per_department.append({"department": department, "full_year_persons": total})
    return {
        "period": half,
        "so_far": so_far,
        "per_department": per_department,
        "total": sum((row["full_year_persons"] for row in per_department), Decimal(0)),
    }
