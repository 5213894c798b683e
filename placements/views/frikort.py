"""Socialt frikort: payments on a småjob placement against the citizen's yearly limit."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import run_service
from organisation.scope import ADMINISTRATOR, roles_of
from placements import selectors, services
from placements.access import get_placement, hr_required
from placements.forms import FrikortPaymentForm


@hr_required
def frikort_payment_create(request: HttpRequest, placement: int) -> HttpResponse:
    placement = get_placement(request, placement, purpose=_("Frikortudbetaling"))
    if not selectors.is_frikort_placement(placement):
        raise Http404(_("Forløbet er ikke et småjob under socialt frikort."))
    may_override = ADMINISTRATOR in roles_of(request.user)
    form = FrikortPaymentForm(
        request.POST or None,
        may_override=may_override,
        initial={"paid_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        payment = run_service(
            form,
            services.frikort_payment_create,
            placement=placement,
            paid_on=form.cleaned_data["paid_on"],
            amount=form.cleaned_data["amount"],
            hours=form.cleaned_data["hours"],
            override_reason=form.cleaned_data.get("override_reason", ""),
            acting_user=request.user,
        )
        if payment is not None:
            messages.success(request, _("Udbetalingen er registreret."))
            for warning in payment.rule_warnings:
                messages.warning(request, warning)
            status = selectors.frikort_status(placement.citizen, payment.paid_on, user=request.user)
            if status.exceeded:
                messages.warning(
                    request,
                    _(
                        "Borgerens frikortbeløb for %(year)s er over grænsen (godkendt af administrator)."
                    )
                    % {"year": status.year},
                )
            elif status.warn and status.own_total is not None:
                messages.warning(
                    request,
                    _("Borgeren har nu brugt mindst 80 %% af frikortgrænsen for %(year)s.")
                    % {"year": status.year},
                )
            elif status.warn:
                messages.warning(
                    request,
                    _("Borgeren har nu brugt %(percent)s %% af frikortgrænsen for %(year)s.")
                    % {"percent": status.percent, "year": status.year},
                )
            return redirect("placements:placement_detail", placement=placement.pk)
    return render(
        request,
        "placements/frikort_form.html",
        {
            "form": form,
            "placement": placement,
            "frikort": selectors.frikort_status(
                placement.citizen, timezone.localdate(), user=request.user
            ),
        },
    )
