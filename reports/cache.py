"""Status reports of finished periods, kept in the shared cache.

A period that ended before today is asked for again and again (the committee's half-year,
last year's comparison) and its figures change only when someone corrects the registry.
`cached_report` answers such a period from the cache; any save or delete of a model the
figures read (STATUS_MODELS) gives the data a new version, and reports cached under the
old one are never read again. The version is a random token, not a counter: a cache that
lost the token (restart, eviction) starts a new version instead of reusing an old one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.periods import Period
from core.replica import replica_reads
from reports.status import ReportData, build_report

# The models a status report reads, as app_label.ModelName. A model that changes a past
# period's figures belongs here (its saves and deletes invalidate the cached reports).
STATUS_MODELS = [
    "placements.Placement",
    "placements.Slot",
    "placements.SlotPause",
    "placements.Citizen",
    "organisation.Department",
    "organisation.DepartmentHeadcount",
    "organisation.District",
    "organisation.Workplace",
    "organisation.Municipality",
    "schemes.Scheme",
    "schemes.ReadinessCategory",
    "schemes.Target",
    "schemes.TargetCategory",
    "schemes.TargetCategoryScheme",
]

VERSION_KEY = "reports:status-version"
REPORT_TIMEOUT = 7 * 24 * 60 * 60


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def new_data_version(**_signal) -> None:
    """The registry changed: reports cached so far are stale. Once now (this transaction's
    own later reads) and once after commit (a report built meanwhile from the old rows)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def connect_signals() -> None:
    """Called from ReportsConfig.ready: every STATUS_MODELS save and delete bumps the version."""
    for label in STATUS_MODELS:
        model = apps.get_model(label)
        uid = f"reports.cache:{label}"
        post_save.connect(new_data_version, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(new_data_version, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                new_data_version, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )


def _key(period: Period, department_ids, options: dict) -> str:
    scope = "all" if department_ids is None else ",".join(map(str, sorted(department_ids)))
    extra = ",".join(f"{name}={value}" for name, value in sorted(options.items()))
    return f"reports:status:{data_version()}:{period.start}:{period.end}:{scope}:{extra}"


def _finished(period: Period, options: dict, today: dt.date) -> bool:
    days = [period.end, *(v for v in options.values() if isinstance(v, dt.date))]
    return all(day < today for day in days)


def cached_report(
    period: Period, department_ids: Iterable[int] | None = None, **options
) -> ReportData:
    """`reports.status.build_report`, from the cache when the period (and any other date
    asked for) ended before today. Built on the read replica when there is one."""
    department_ids = None if department_ids is None else list(department_ids)
    if not _finished(period, options, timezone.localdate()):
        with replica_reads():
            return build_report(period, department_ids, **options)
    key = _key(period, department_ids, options)
    data = cache.get(key)
    if data is None:
        with replica_reads():
            data = build_report(period, department_ids, **options)
        cache.set(key, data, REPORT_TIMEOUT)
    return data
