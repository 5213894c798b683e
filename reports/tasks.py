"""Celery tasks: thin, they take ids and call reports.services (a worker may run them again)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from reports import services

# The PDF of the whole municipality takes seconds; these limits leave room at 10× that size.
BUILD_SOFT_TIME_LIMIT = 240
BUILD_TIME_LIMIT = 300


@shared_task(
    acks_late=True,
    soft_time_limit=BUILD_SOFT_TIME_LIMIT,
    time_limit=BUILD_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=3,
)
def build_status_report(report_id: int) -> None:
    """Build one requested status report (nothing happens if it is not queued)."""
    services.status_report_build(report_id)


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60)
def requeue_waiting_reports() -> int:
    """Beat, every two minutes: send requests the broker did not take again."""
    return services.status_reports_requeue_waiting()


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60)
def request_municipality_report() -> int | None:
    """Beat, after each half-year: request the municipality report of the half just ended."""
    report = services.municipality_report_request_for_last_half()
    return report.pk if report else None
