"""Reads for the breakdown tables (reports.breakdowns): one aggregate query each.

Department scope is the workplace's department on the day counted (reports.selectors.
department_on_q), as the status figures have it. Each function returns plain dicts keyed by ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.utils import timezone

from core.db import DateRange, Intersection, RangeDays, date_value
from core.periods import Period
from placements.models import Citizen, Placement, Slot, SlotState
from reports.selectors import department_on_q, placements_in_departments
from reports.status import SUCCESS_OUTCOMES


def _as_of(model, field: str, outer: str, current: str, day: dt.date):
    """`field` of the `outer` row as it stood at the end of `day` (its simple-history rows),
    or `current` (today's value) for a row whose history does not reach back that far."""
    midnight = dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    history = model.history.model.objects.filter(id=OuterRef(outer), history_date__lt=midnight)
    then = Subquery(history.order_by("-history_date").values(field)[:1])
    return Case(
        When(Exists(history), then=then), default=F(current), output_field=BigIntegerField()
    )


def _active_on(day: dt.date, department_ids: Iterable[int] | None):
    """Placements on `day` whose workplace belonged to one of the departments on that day."""
    qs = Placement.objects.active_on(day)
    if department_ids is not None:
        qs = qs.filter(department_on_q(day, department_ids))
    return qs


def readiness_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int | None], int]:
    """{(scheme_id, readiness_id or None): distinct citizens in a placement on `day`}.

    The readiness is the placement's own, recorded at its start, so a later re-assessment
    of the citizen does not move a past day's figures.
    """
    rows = (
        _active_on(day, department_ids)
        .values("readiness_id", scheme_id=F("slot__scheme_id"))
        .annotate(persons=Count("citizen_id", distinct=True))
        .order_by()
    )
    return {(row["scheme_id"], row["readiness_id"]): row["persons"] for row in rows}


def birth_data_on(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> list[tuple[int, int, str]]:
    """(scheme_id, citizen_id, CPR) of everyone in a placement on `day`, once per scheme.

    The age comes from the CPR number's birth date in Python (core.cpr), where the century
    rule lives; the rows never leave the report builder.
    """
    return list(
        _active_on(day, department_ids)
        .values_list("slot__scheme_id", "citizen_id", "citizen__cpr")
        .distinct()
        .order_by()
    )


def by_district(
    period: Period, department_ids: Iterable[int] | None = None
) -> dict[int | None, dict]:
    """{district_id or None: figures} by the citizen's district on P's last day, for placements
    in P (a citizen who moves later stays in the district they lived in then).

    persons_at_end: distinct citizens on P's last day; started / ended: placements started /
    ended in P; to_job_or_education: of those ended; person_days: for full-year persons.
    """
    in_period = Q(starts_on__range=(period.start, period.end))
    ended = Q(ended_on__range=(period.start, period.end))
    rows = (
        placements_in_departments(period, department_ids)
        .values(
            district_id=_as_of(
                Citizen, "district_id", "citizen_id", "citizen__district_id", period.end
            )
        )
        .annotate(
            persons_at_end=Count(
                "citizen_id", distinct=True, filter=Q(period__contains=period.end)
            ),
            started=Count("pk", filter=in_period),
            ended=Count("pk", filter=ended),
            to_job_or_education=Count("pk", filter=ended & Q(outcome__in=SUCCESS_OUTCOMES)),
            person_days=Sum(
                RangeDays(
                    Intersection(
                        F("period"), DateRange(date_value(period.start), date_value(period.end))
                    )
                )
            ),
        )
        .order_by()
    )
    return {row.pop("district_id"): row for row in rows}


def open_slots_by_reason(
    day: dt.date, department_ids: Iterable[int] | None = None
) -> dict[tuple[int, int | None], int]:
    """{(scheme_id, vacancy reason id or None): slots open (vacant) on `day`}, by the reason
    the slot had on that day."""
    qs = Slot.objects.filter(opened_on__lte=day)
    if department_ids is not None:
        qs = qs.filter(department_on_q(day, department_ids, "workplace__"))
    rows = (
        qs.with_state_on(day)
        .filter(state=SlotState.OPEN)
        .values(
            "scheme_id",
            reason_id=_as_of(Slot, "vacancy_reason_id", "pk", "vacancy_reason_id", day),
        )
        .annotate(slots=Count("pk"))
        .order_by()
    )
    return {(row["scheme_id"], row["reason_id"]): row["slots"] for row in rows}
