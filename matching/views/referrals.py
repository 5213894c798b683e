"""Referrals (henvisninger): the list, one referral, and HR's accept / decline; withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, roles_of
from placements.access import PersonalTableView

from .. import services
from ..access import (
    ReferralReaderRequiredMixin,
    decider_required,
    get_referral,
    jobcenter_required,
    referral_reader_required,
    referrals_for,
)
from ..filters import ReferralFilter
from ..forms import DeclineForm
from ..models import CandidateProfile, ReferralState
from ..tables import ReferralTable


class ReferralListView(ReferralReaderRequiredMixin, PersonalTableView):
    """HR: the proposals for its own departments' slots. The jobcenter: all of them."""

    table_class = ReferralTable
    filterset_class = ReferralFilter
    template_name = "matching/referral_list.html"
    export_name = "henvisninger"
    access_purpose = gettext_lazy("Liste over henvisninger")

    def get_queryset(self):
        return referrals_for(self.request).select_related(
            "slot__workplace", "slot__scheme", "citizen"
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs["data"] is None or not kwargs["data"]:
            # Open proposals first: what still waits for an answer.
            kwargs["data"] = {"state": ReferralState.PROPOSED}
        return kwargs


def _may_decide(user, referral) -> bool:
    roles = roles_of(user)
    return referral.is_open and (HR in roles or ADMINISTRATOR in roles)


def _may_withdraw(user, referral) -> bool:
    roles = roles_of(user)
    return referral.is_open and (CONSULTANT in roles or ADMINISTRATOR in roles)


def _detail(request, referral, decline_form=None, status=200) -> HttpResponse:
    profile = CandidateProfile.objects.filter(citizen_id=referral.citizen_id).first()
    history = referral.history.select_related("history_user").order_by("history_date")
    return render(
        request,
        "matching/referral_detail.html",
        {
            "referral": referral,
            "profile": profile,
            "slot": referral.slot,
            "slot_state": referral.slot.state_on(timezone.localdate()),
            "history": history,
            "may_decide": _may_decide(request.user, referral),
            "may_withdraw": _may_withdraw(request.user, referral),
            "decline_form": decline_form or DeclineForm(),
        },
        status=status,
    )


@referral_reader_required
@require_GET
def referral_detail(request: HttpRequest, referral: int) -> HttpResponse:
    referral = get_referral(request, referral, purpose=gettext_lazy("Visning af henvisning"))
    return _detail(request, referral)


@decider_required
@require_POST
def referral_accept(request: HttpRequest, referral: int) -> HttpResponse:
    """Accept: the placement is created and the slot is besat; a clear message otherwise."""
    referral = get_referral(request, referral, purpose=gettext_lazy("Accept af henvisning"))
    try:
        accepted = services.referral_accept(referral=referral, acting_user=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("Henvisningen kunne ikke accepteres: %(why)s") % {"why": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("Henvisningen er accepteret, og forløbet er oprettet."))
        # The same warnings as the HR form (rimelighedskrav, TR statement, …).
        for warning in accepted.rule_warnings:
            messages.warning(request, warning)
    return redirect("matching:referral_detail", referral=referral.pk)


@decider_required
@require_POST
def referral_decline(request: HttpRequest, referral: int) -> HttpResponse:
    referral = get_referral(request, referral, purpose=gettext_lazy("Afvisning af henvisning"))
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.referral_decline(
                referral=referral, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Henvisningen er afvist. Jobcentret får besked."))
            return redirect("matching:referral_detail", referral=referral.pk)
    return _detail(request, referral, decline_form=form, status=400)


@jobcenter_required
def referral_withdraw(request: HttpRequest, referral: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws."""
    referral = get_referral(request, referral, purpose=gettext_lazy("Tilbagetrækning"))
    if request.method != "POST":
        return render(request, "matching/referral_withdraw.html", {"referral": referral})
    try:
        services.referral_withdraw(referral=referral, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Henvisningen er trukket tilbage."))
    return redirect("matching:referral_detail", referral=referral.pk)
