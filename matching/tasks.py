"""Celery tasks: thin, they take ids and call matching.services (a worker may run them again)."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services

logger = logging.getLogger(__name__)

EMAIL_SOFT_TIME_LIMIT = 30
EMAIL_TIME_LIMIT = 60


def _absolute(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


@shared_task(
    acks_late=True,
    soft_time_limit=EMAIL_SOFT_TIME_LIMIT,
    time_limit=EMAIL_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError, SMTPException, OSError),
    retry_backoff=10,
    max_retries=5,
)
def send_notice_emails(notice_ids: list[int]) -> int:
    """E-mail each notice once: the slot, never a citizen (no names, no CPR numbers)."""
    sent = 0
    for notice_id in notice_ids:
        notice = services.notice_claim_for_email(notice_id=notice_id)
        if notice is None:
            continue  # sent already, or deleted
        slot = notice.slot
        context = {
            "notice": notice,
            "slot": slot,
            "slot_url": _absolute(reverse("matching:slot_detail", kwargs={"slot": slot.pk})),
            "subscriptions_url": _absolute(reverse("matching:subscriptions")),
        }
        try:
            send_mail(
                subject=_("Ledig plads: %(scheme)s på %(workplace)s")
                % {"scheme": slot.scheme, "workplace": slot.workplace},
                message=render_to_string("matching/email/vacancy.txt", context),
                from_email=None,
                recipient_list=[notice.user.email],
            )
        except Exception:
            services.notice_release(notice=notice)
            raise
        logger.info("Vacancy notice %s e-mailed", notice.pk)
        sent += 1
    return sent
