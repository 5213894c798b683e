"""Status reports: request, queue, build and re-queue (the writes).

A request is stored first and handed to Celery when the transaction commits. When the broker
cannot be reached the request stays queued and `status_reports_requeue_waiting` sends it later,
so the page that asked answers at once either way.
"""

from __future__ import annotations

import datetime as dt
import logging
import resource
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import Period, last_ended_period
from organisation.models import Department
from reports.cache import cached_report
from reports.models import ReportState, StatusReport

logger = logging.getLogger(__name__)

# A request handed to the broker this long ago and still not started is sent again.
RESEND_AFTER = dt.timedelta(minutes=10)
# A report 'running' longer than the build's hard time limit (reports.tasks.BUILD_TIME_LIMIT,
# 5 minutes) plus a minute has lost its worker: the worker would have killed the build by
# then. Beat's requeue (every 2 minutes) sends it again, so it is rebuilt within ~8 minutes.
STALE_RUNNING_AFTER = dt.timedelta(minutes=6)
BROKER_DOWN_MESSAGE = "Køen kunne ikke nås. Rapporten står i kø og bygges, så snart den svarer."


def status_report_request(
    *,
    period: Period,
    department: Department | None,
    requested_by,
    slots_on: dt.date | None = None,
) -> StatusReport:
    """Store a report request, and queue its build once the transaction has committed.

    `slots_on`: the day of the slot-state table (None: the period's last day).
    """
    with transaction.atomic():
        report = StatusReport.objects.create(
            starts_on=period.start,
            ends_on=period.end,
            department=department,
            slots_on=slots_on,
            requested_by=requested_by,
            requested_by_name=_requester_name(requested_by),
            message=_("Venter på at blive startet"),
        )
        transaction.on_commit(lambda: status_report_enqueue(report.pk))
    return report


def _requester_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def status_report_enqueue(report_id: int) -> bool:
    """Hand a queued report to Celery; False (and the row stays queued) if the broker is down."""
    from reports.tasks import build_status_report

    try:
        # No publish retries: a web request must not wait for a broker that is away.
        build_status_report.apply_async(args=[report_id], retry=False)
    except Exception as error:  # noqa: BLE001  (kombu raises several kinds when the broker is away)
        logger.warning("Status report %s not queued: %s", report_id, type(error).__name__)
        StatusReport.objects.filter(pk=report_id, state=ReportState.QUEUED).update(
            sent_at=None, message=BROKER_DOWN_MESSAGE
        )
        return False
    StatusReport.objects.filter(pk=report_id, state=ReportState.QUEUED).update(
        sent_at=timezone.now(), message=_("I kø")
    )
    return True


def status_reports_requeue_waiting(*, now: dt.datetime | None = None) -> int:
    """Send again every request left waiting: never sent, sent long ago, or stuck running."""
    now = now or timezone.now()
    StatusReport.objects.filter(
        state=ReportState.RUNNING, started_at__lt=now - STALE_RUNNING_AFTER
    ).update(state=ReportState.QUEUED, sent_at=None, progress=0)
    waiting = StatusReport.objects.waiting().filter(
        Q(sent_at__isnull=True) | Q(sent_at__lt=now - RESEND_AFTER)
    )
    sent = 0
    for report_id in waiting.values_list("pk", flat=True):
        if not status_report_enqueue(report_id):
            break  # the broker is still away; try again on the next run
        sent += 1
    return sent


def status_report_progress(report_id: int, percent: int, message: str) -> None:
    StatusReport.objects.filter(pk=report_id, state=ReportState.RUNNING).update(
        progress=max(0, min(100, percent)), message=message[:300]
    )


def _claim(report_id: int) -> bool:
    """Queued → running, atomically: a second delivery of the same task builds nothing."""
    return bool(
        StatusReport.objects.filter(pk=report_id, state=ReportState.QUEUED).update(
            state=ReportState.RUNNING,
            started_at=timezone.now(),
            progress=5,
            message=_("Beregner tallene"),
        )
    )


def status_report_build(report_id: int) -> StatusReport | None:
    """Compute the figures, render the PDF and store it. Idempotent: a done report is kept."""
    from reports.pdf import render_report_pdf

    if not _claim(report_id):
        logger.info("Status report %s not built: not queued (already done or running)", report_id)
        return None
    report = StatusReport.objects.select_related("department").get(pk=report_id)
    started = time.perf_counter()
    try:
        data = cached_report(report.period, report.department_ids, slots_on=report.slots_on)
        status_report_progress(report_id, 40, _("Tallene er beregnet"))
        pdf = render_report_pdf(
            data,
            progress=lambda percent, message: status_report_progress(report_id, percent, message),
            requested_by=report.requester_label,
            generated_at=timezone.now(),
        )
        report.file.save(report.filename(), ContentFile(pdf), save=False)
        StatusReport.objects.filter(pk=report_id).update(
            file=report.file.name,
            state=ReportState.DONE,
            progress=100,
            message=_("Rapporten er klar"),
            finished_at=timezone.now(),
        )
    except (OperationalError, InterfaceError):
        _back_to_queue(report_id)  # a transient database error: the task retries
        raise
    except SoftTimeLimitExceeded:
        _fail(report_id, _("Rapporten tog for lang tid og blev stoppet. Prøv igen."))
        return None
    except Exception:
        _fail(report_id, _("Rapporten kunne ikke laves. Prøv igen, eller kontakt support."))
        raise
    logger.info(
        "Status report %s built in %.1f s; worker peak RSS %d MiB",
        report_id,
        time.perf_counter() - started,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    )
    report.refresh_from_db()
    return report


def _back_to_queue(report_id: int) -> None:
    try:
        StatusReport.objects.filter(pk=report_id, state=ReportState.RUNNING).update(
            state=ReportState.QUEUED, progress=0, message=_("Forsøger igen")
        )
    except (OperationalError, InterfaceError):
        pass  # the database is still away; the stale-running check will catch it


def _fail(report_id: int, message: str) -> None:
    logger.exception("Status report %s failed", report_id)
    StatusReport.objects.filter(pk=report_id).update(
        state=ReportState.FAILED, message=message, finished_at=timezone.now()
    )


def municipality_report_request_for_last_half(*, today: dt.date | None = None):
    """The scheduled municipality report for the period just ended, once: the 1st half-year
    in July, the whole previous year in January."""
    period = last_ended_period(today or timezone.localdate())
    exists = (
        StatusReport.objects.filter(
            starts_on=period.start, ends_on=period.end, department__isnull=True
        )
        .filter(requested_by__isnull=True, requested_by_name="")
        .exclude(state=ReportState.FAILED)
        .exists()
    )
    if exists:
        return None
    return status_report_request(period=period, department=None, requested_by=None)
