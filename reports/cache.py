"""Status reports of finished periods, kept in the shared cache.

A period that ended before today is asked for again and again (the committee's half-year,
last year's comparison) and its figures change only when someone corrects the registry.
`cached_report` answers such a period from the cache; any save or delete of a model the
figures read (STATUS_MODELS) gives the data a new version (core.versioned_cache), and
reports cached under the old one are never read again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils import timezone

from core import versioned_cache
from core.periods import Period
from core.replica import replica_reads
from placements.retention import citizens_anonymised
from reports.status import ReportData, build_report

# The models a status report reads, as app_label.ModelName. A model that changes a past
# period's figures belongs here (its saves and deletes invalidate the cached reports).
STATUS_MODELS = [
    "placements.Placement",
    "placements.Slot",
    "placements.SlotPause",
    "placements.SlotSpell",
    "placements.Citizen",
    "placements.VacancyReason",
    "organisation.Department",
    "organisation.DepartmentHeadcount",
    "organisation.DepartmentSpell",
    "organisation.District",
    "organisation.Workplace",
    "organisation.Municipality",
    "schemes.Scheme",
    "schemes.ReadinessCategory",
    "schemes.Target",
    "schemes.TargetCategory",
    "schemes.TargetCategoryScheme",
]

VERSION = "status"  # the data version's name (core.versioned_cache)
REPORT_TIMEOUT = 7 * 24 * 60 * 60

T = TypeVar("T")


def connect_signals() -> None:
    """Called from ReportsConfig.ready: every STATUS_MODELS change is a new version."""
    versioned_cache.invalidate_on_change(VERSION, STATUS_MODELS)
    # Anonymising blanks CPR numbers by an update(): the age groups of past periods change.
    versioned_cache.invalidate_on_signal(VERSION, citizens_anonymised)


def _key(period: Period, department_ids, options: dict) -> str:
    scope = "all" if department_ids is None else ",".join(map(str, sorted(department_ids)))
    extra = ",".join(f"{name}={value}" for name, value in sorted(options.items()))
    return f"report:{period.start}:{period.end}:{scope}:{extra}"


def _finished(period: Period, options: dict, today: dt.date) -> bool:
    days = [period.end, *(v for v in options.values() if isinstance(v, dt.date))]
    return all(day < today for day in days)


def cached_report(
    period: Period, department_ids: Iterable[int] | None = None, **options
) -> ReportData:
    """`reports.status.build_report`, from the cache when the period (and any other date
    asked for) ended before today. Built on the read replica when there is one."""
    department_ids = None if department_ids is None else list(department_ids)

    def build() -> ReportData:
        with replica_reads():
            return build_report(period, department_ids, **options)

    if not _finished(period, options, timezone.localdate()):
        return build()
    return versioned_cache.get_or_compute(
        VERSION, _key(period, department_ids, options), build, REPORT_TIMEOUT
    )


def cached_figures(
    period: Period, department_ids, options: dict, variant: str, render: Callable[[], T]
) -> T:
    """The status page's rendered figures of a finished period, from the cache under the
    same data version as the report: rendering a whole municipality's tables costs several
    times reading their numbers. `variant`: everything else the HTML depends on (the page's
    query, small-number suppression and its threshold, language); nothing from the user's
    own input may be in the HTML (the slot-date form is rendered outside it)."""
    department_ids = None if department_ids is None else list(department_ids)
    if not _finished(period, options, timezone.localdate()):
        return render()
    key = f"{_key(period, department_ids, options)}:html:{variant}"
    return versioned_cache.get_or_compute(VERSION, key, render, REPORT_TIMEOUT)
