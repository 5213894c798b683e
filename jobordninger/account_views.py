"""Sign-in pages: the login (with single sign-on when configured), password change and
reset for local accounts, and the OIDC views that answer 404 while single sign-on is off."""

from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import path, reverse_lazy
from mozilla_django_oidc import views as oidc_views

from jobordninger import oidc


class PasswordResetView(auth_views.PasswordResetView):
    # Users who sign in by single sign-on have no usable password and get no e-mail.
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not oidc.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OIDCAuthenticate(_OnlyWhenEnabled, oidc_views.OIDCAuthenticationRequestView):
    pass


class OIDCCallback(_OnlyWhenEnabled, oidc_views.OIDCAuthenticationCallbackView):
    pass


password_urls = [
    path(
        "adgangskode/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "adgangskode/skiftet/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("glemt/", PasswordResetView.as_view(), name="password_reset"),
    path("glemt/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/udfoert/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

oidc_urls = [
    path("authenticate/", OIDCAuthenticate.as_view(), name="oidc_authentication_init"),
    path("callback/", OIDCCallback.as_view(), name="oidc_authentication_callback"),
]
