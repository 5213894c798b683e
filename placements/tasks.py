"""Scheduled jobs of the registry (Celery beat). Thin: they call a service."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from placements.retention import access_logs_prune, citizens_anonymise


@shared_task(soft_time_limit=600, time_limit=660)
def anonymise_inactive_citizens() -> int:
    today = timezone.localdate()
    access_logs_prune(today=today, years=settings.ACCESS_LOG_RETENTION_YEARS)
    return citizens_anonymise(today=today, years=settings.RETENTION_YEARS)
