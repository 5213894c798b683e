"""Onboarding for the administrator: template, upload, preview of what will change, confirm.

The uploaded files wait in the session between preview and confirmation (never on disk:
they hold e-mail addresses), and are checked again in full when confirmed.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import role_required
from organisation.forms import OnboardingUploadForm
from organisation.onboarding import ImportFormatError, import_organisation, sheets
from organisation.onboarding import template_workbook as onboarding_workbook
from organisation.scope import ADMINISTRATOR

SESSION_KEY = "organisation_pending_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page(request, form, **context) -> HttpResponse:
    return render(
        request,
        "organisation/onboarding.html",
        {"form": form, "sheets": sheets(), **context},
    )


@role_required(ADMINISTRATOR)
def onboarding_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(onboarding_workbook(), "organisation-skabelon.xlsx")


@role_required(ADMINISTRATOR)
def onboarding_upload(request: HttpRequest) -> HttpResponse:
    """Upload the files and see what they would create or change (a dry run)."""
    form = OnboardingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
        try:
            result = import_organisation(files=files, acting_user=request.user, commit=False)
        except ImportFormatError as error:
            form.add_error("files", str(error))
            return _page(request, form)
        if not result.errors:
            request.session[SESSION_KEY] = [
                (name, base64.b64encode(content).decode("ascii")) for name, content in files
            ]
        names = ", ".join(name for name, _content in files)
        return _page(request, form, result=result, filename=names)
    return _page(request, form)


@role_required(ADMINISTRATOR)
@require_POST
def onboarding_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed files; if any row fails now, nothing is written."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.error(request, _("Der er ingen filer at importere. Vælg filerne igen."))
        return redirect("organisation:onboarding")
    files = [(name, base64.b64decode(content)) for name, content in pending]
    result = import_organisation(files=files, acting_user=request.user, commit=True)
    del request.session[SESSION_KEY]
    if result.errors:
        names = ", ".join(name for name, _content in files)
        return _page(request, OnboardingUploadForm(), result=result, filename=names)
    summary = "; ".join(
        _("%(sheet)s: %(created)s nye, %(updated)s ændrede")
        % {"sheet": title, "created": created, "updated": updated}
        for title, created, updated in result.summary()
    )
    messages.success(request, _("Importen er gennemført. %(summary)s.") % {"summary": summary})
    return redirect("organisation:onboarding")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A new user's link from the welcome e-mail (Django's reset token)."""

    template_name = "registration/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Din adgangskode er gemt. Log ind med den."))
        return super().form_valid(form)
