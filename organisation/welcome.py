"""The e-mail a new user gets: a link to choose a password (Django's reset-token machinery)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from organisation.models import Municipality


def set_password_url(user) -> str:
    path = reverse(
        "organisation:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_welcome(user) -> None:
    context = {"user": user, "url": set_password_url(user), "municipality": Municipality.current()}
    send_mail(
        render_to_string("organisation/email/welcome_subject.txt", context).strip(),
        render_to_string("organisation/email/welcome.txt", context),
        None,
        [user.email],
    )


def send_welcome_on_commit(users) -> None:
    """After the import's transaction commits: never for rows that were rolled back."""
    for user in users:
        transaction.on_commit(lambda user=user: send_welcome(user))
