"""Sign-in hardening and response headers: lockout, session timeouts, password change and
reset, the Content-Security-Policy and friends, and which proxy may claim HTTPS."""

import re
import time

import pytest
from axes.models import AccessFailureLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from jobordninger.middleware import SessionTimeoutMiddleware
from organisation.scope import HR
from tests.factories import user_with_role

PASSWORD = "test-password-1"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


@pytest.fixture
def hr(db):
    return user_with_role("hr-sikker", HR, departments=["SOF"], email="hr@kommune.invalid")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, hr):
    for _ in range(4):
        assert login(client, "hr-sikker", "forkert").status_code == 200
    assert login(client, "hr-sikker", "forkert").status_code == 429  # the fifth locks
    response = login(client, "hr-sikker", PASSWORD)
    assert response.status_code == 429
    assert "midlertidigt spærret" in response.content.decode()
    assert not signed_in(client)
    assert AccessFailureLog.objects.filter(username="hr-sikker").count() >= 5


def test_a_right_password_before_the_limit_signs_in(client, hr):
    for _ in range(4):
        login(client, "hr-sikker", "forkert")
    assert login(client, "hr-sikker", PASSWORD).status_code == 302
    assert signed_in(client)


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_is_signed_out_after_30_minutes(client, hr):
    login(client, "hr-sikker", PASSWORD)
    _age_session(client, session_seen_at=29 * 60)
    assert signed_in(client)
    _age_session(client, session_seen_at=31 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not signed_in(client)


def test_a_session_ends_8_hours_after_sign_in_even_when_active(client, hr):
    login(client, "hr-sikker", PASSWORD)
    _age_session(client, session_started_at=8 * 3600 + 1, session_seen_at=10)
    assert client.get(reverse("home")).status_code == 302
    assert SessionTimeoutMiddleware.STARTED not in client.session


def test_a_local_user_changes_the_password(client, hr):
    client.force_login(hr)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "en-ny-og-lang-adgangskode-42",
            "new_password2": "en-ny-og-lang-adgangskode-42",
        },
    )
    assert response.status_code == 302
    hr.refresh_from_db()
    assert hr.check_password("en-ny-og-lang-adgangskode-42")


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_password_reset_by_e_mail_for_local_accounts_only(client, hr):
    sso = get_user_model().objects.create_user("sso@kommune.invalid", email="sso@kommune.invalid")
    assert not sso.has_usable_password()
    client.post(reverse("password_reset"), {"email": "sso@kommune.invalid"})
    assert mail.outbox == []
    client.post(reverse("password_reset"), {"email": "hr@kommune.invalid"})
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/konto/nulstil/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Vælg ny adgangskode" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "nulstillet-adgangskode-77",
            "new_password2": "nulstillet-adgangskode-77",
        },
    )
    hr.refresh_from_db()
    assert hr.check_password("nulstillet-adgangskode-77")


def test_pages_carry_a_strict_csp_permissions_policy_and_no_store(client, hr):
    client.force_login(hr)
    for url in (reverse("home"), reverse("placements:slot_list") + "?_export=csv"):
        response = client.get(url)
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]
        assert "no-store" in response["Cache-Control"]


def test_pages_have_no_inline_script_or_style(client, hr):
    client.force_login(hr)
    html = client.get(reverse("home")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"<style|\sstyle=", html)


@override_settings(
    TRUSTED_PROXIES=["10.0.0.5"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_SSL_REDIRECT=True,
)
def test_x_forwarded_proto_is_believed_only_from_the_configured_proxy(client, db):
    url = reverse("login")
    from_client = client.get(url, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.9")
    assert from_client.status_code == 301  # still plain HTTP: redirected to HTTPS
    from_proxy = client.get(url, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.5")
    assert from_proxy.status_code == 200
