"""Candidates: the jobcenter's profiles of citizens looking for a slot.

A candidate is found by exact CPR (a POST, so the number is never in a URL); the CPR is
shown masked, and every view of a candidate is written to the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from placements.access import PersonalTableView, grant_citizen, log_citizen_access
from placements.forms import CitizenForm, CitizenUpdateForm, CprSearchForm
from placements.services import citizen_lookup_by_cpr

from .. import ranked, services
from ..access import (
    JobcenterRequiredMixin,
    get_candidate,
    get_candidate_citizen,
    jobcenter_required,
)
from ..filters import CandidateFilter
from ..forms import ProfileForm
from ..models import CandidateProfile
from ..tables import CandidateTable

SLOTS_SHOWN = 25


class CandidateListView(JobcenterRequiredMixin, PersonalTableView):
    table_class = CandidateTable
    filterset_class = CandidateFilter
    template_name = "matching/candidate_list.html"
    export_name = "kandidater"
    access_purpose = gettext_lazy("Liste over kandidater")

    def get_queryset(self):
        return (
            CandidateProfile.objects.for_user(self.request.user)
            .filter(citizen__anonymised_on__isnull=True)
            .select_related("citizen__district", "citizen__readiness", "consultant")
            .prefetch_related("preferred_schemes")
        )


@jobcenter_required
def candidate_search(request: HttpRequest) -> HttpResponse:
    """Ny kandidat: find the citizen by CPR; an unknown one gets the full form."""
    form = CprSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            citizen = citizen_lookup_by_cpr(
                cpr=form.cleaned_data["cpr"], acting_user=request.user, path=request.path
            )
        except ValidationError as error:  # too many searches: the form says so
            form.add_service_errors(error)
        else:
            return _found_or_new(request, form, citizen)
    return render(request, "matching/candidate_search.html", {"form": form})


def _found_or_new(request, form, citizen) -> HttpResponse:
    if citizen is not None:
        grant_citizen(request, citizen)
        log_citizen_access(request, [citizen.pk], purpose=_("Søgning på CPR-nummer"))
        if CandidateProfile.objects.filter(citizen=citizen).exists():
            messages.info(request, _("Borgeren er allerede kandidat."))
            return redirect("matching:candidate_detail", citizen=citizen.pk)
        return redirect("matching:candidate_update", citizen=citizen.pk)
    return render(
        request,
        "matching/candidate_form.html",
        {
            "citizen_form": CitizenForm(initial={"cpr": form.cleaned_data["cpr"]}),
            "profile_form": ProfileForm(user=request.user),
            "title": _("Ny kandidat"),
            "new": True,
        },
    )


def _save(request, citizen, citizen_form, profile_form):
    """Both forms valid → the service; its rule failures go back onto the forms."""
    try:
        return services.candidate_save(
            citizen=citizen,
            cpr=citizen_form.cleaned_data.get("cpr", ""),
            acting_user=request.user,
            preferred_schemes=profile_form.cleaned_data["preferred_schemes"],
            citizen_details=citizen_form.citizen_details(),
            **profile_form.profile_fields(),
        )
    except ValidationError as error:
        citizen_fields = {k: v for k, v in error.message_dict.items() if k in citizen_form.fields}
        for field, errors in error.message_dict.items():
            if field not in citizen_fields:
                profile_form.add_error(field if field in profile_form.fields else None, errors)
        for field, errors in citizen_fields.items():
            citizen_form.add_error(field, errors)
        return None


@jobcenter_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    """A citizen new to the register, and their profile, in one form."""
    citizen_form = CitizenForm(request.POST or None)
    profile_form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and citizen_form.is_valid() and profile_form.is_valid():
        profile = _save(request, None, citizen_form, profile_form)
        if profile is not None:
            log_citizen_access(request, [profile.citizen_id], purpose=_("Oprettelse af kandidat"))
            messages.success(request, _("Kandidaten er oprettet."))
            return redirect("matching:candidate_detail", citizen=profile.citizen_id)
    return render(
        request,
        "matching/candidate_form.html",
        {
            "citizen_form": citizen_form,
            "profile_form": profile_form,
            "title": _("Ny kandidat"),
            "new": True,
        },
    )


@jobcenter_required
def candidate_update(request: HttpRequest, citizen: int) -> HttpResponse:
    """A citizen already in the register: their details and the profile (made if absent)."""
    citizen = get_candidate_citizen(request, citizen, purpose=gettext_lazy("Rettelse af kandidat"))
    profile = CandidateProfile.objects.filter(citizen=citizen).first()
    citizen_form = CitizenUpdateForm(request.POST or None, instance=citizen)
    profile_form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and citizen_form.is_valid() and profile_form.is_valid():
        saved = _save(request, citizen, citizen_form, profile_form)
        if saved is not None:
            messages.success(request, _("Kandidatens oplysninger er gemt."))
            return redirect("matching:candidate_detail", citizen=citizen.pk)
    return render(
        request,
        "matching/candidate_form.html",
        {
            "citizen_form": citizen_form,
            "profile_form": profile_form,
            "citizen": citizen,
            "title": _("Ret kandidat") if profile else _("Ny kandidat"),
            "new": False,
        },
    )


@jobcenter_required
@require_GET
def candidate_detail(request: HttpRequest, citizen: int) -> HttpResponse:
    """A candidate, the slots that fit them ranked, and their referrals."""
    profile = get_candidate(request, citizen, purpose=gettext_lazy("Visning af kandidat"))
    today = timezone.localdate()
    eligible_ids, ineligible_ids = ranked.slot_order(profile, today)
    shown_ids = eligible_ids[:SLOTS_SHOWN]
    matches = ranked.ranked_slots(profile, today, slot_ids=shown_ids)
    return render(
        request,
        "matching/candidate_detail.html",
        {
            "profile": profile,
            "citizen": profile.citizen,
            "preferred": list(profile.preferred_schemes.all()),
            "matches": ranked.in_order(shown_ids, matches, lambda pair: pair[0].slot.slot_id),
            "eligible_count": len(eligible_ids),
            "ineligible_count": len(ineligible_ids),
            "referrals": profile.citizen.referrals.select_related(
                "slot__workplace", "slot__scheme"
            ).order_by("-created_at"),
            "today": today,
        },
    )
