"""Request hardening: trusted proxy headers, session timeouts, privacy headers."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES)


class TrustedProxyMiddleware:
    """Drop X-Forwarded-* unless the request came from a configured proxy: a client could
    otherwise claim HTTPS (or another address) for itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def client_ip(request) -> str:
    """The client's address: the proxy's X-Forwarded-For only when the proxy is trusted."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class SessionTimeoutMiddleware:
    """Sign out after SESSION_LIFETIME since sign-in or SESSION_IDLE_TIMEOUT without a request."""

    STARTED, SEEN = "session_started_at", "session_seen_at"
    # Writing the session on every request would cost a query; a minute's slack is harmless.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(self.STARTED, now)
            seen = request.session.get(self.SEEN, now)
            lifetime = settings.SESSION_LIFETIME.total_seconds()
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            if now - started > lifetime or now - seen > idle:
                logout(request)
                messages.info(request, _("Du er logget af, fordi sessionen er udløbet."))
                return redirect_to_login(request.get_full_path())
            if now - seen >= self.RESOLUTION or self.STARTED not in request.session:
                request.session[self.STARTED] = started
                request.session[self.SEEN] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs):
    """At sign-in (connected in apps.py), so the first page needs no session write."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SessionTimeoutMiddleware.STARTED] = now
        request.session[SessionTimeoutMiddleware.SEEN] = now


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every answer; pages for a signed-in user (personal data,
    exports) must not be stored by the browser or a proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
