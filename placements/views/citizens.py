"""Citizens: found by exact CPR (a POST, so the number is never in a URL), created when
absent, shown with the CPR masked; every view is written to the access log."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.views import run_service
from placements import selectors, services
from placements.access import get_citizen, get_slot, grant_citizen, hr_required, log_citizen_access
from placements.forms import CitizenForm, CitizenUpdateForm, CprSearchForm
from placements.models import Placement


def _after_found(request: HttpRequest, citizen, slot) -> HttpResponse:
    if slot is not None:
        return redirect("placements:placement_create", slot=slot.pk, citizen=citizen.pk)
    return redirect("placements:citizen_detail", citizen=citizen.pk)


def _create_url(slot) -> str:
    url = reverse("placements:citizen_create")
    return f"{url}?plads={slot.pk}" if slot is not None else url


@hr_required
def citizen_search(request: HttpRequest, slot: int | None = None) -> HttpResponse:
    """Find a citizen by CPR; with a slot, go on to the placement form (nyt forløb)."""
    slot = get_slot(request, slot) if slot is not None else None
    form = CprSearchForm(request.POST or None)
    create_form = None
    if request.method == "POST" and form.is_valid():
        citizen = services.citizen_find_by_cpr(cpr=form.cleaned_data["cpr"])
        if citizen is not None:
            grant_citizen(request, citizen)
            log_citizen_access(request, [citizen.pk], purpose=_("Søgning på CPR-nummer"))
            return _after_found(request, citizen, slot)
        create_form = CitizenForm(initial={"cpr": form.cleaned_data["cpr"]})
    return render(
        request,
        "placements/citizen_search.html",
        {"form": form, "create_form": create_form, "slot": slot, "create_url": _create_url(slot)},
    )


def _slot_from_query(request: HttpRequest):
    value = request.GET.get("plads", "")
    return get_slot(request, int(value)) if value.isdigit() else None


@hr_required
def citizen_create(request: HttpRequest) -> HttpResponse:
    slot = _slot_from_query(request)
    form = CitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        citizen = run_service(
            form,
            services.citizen_create,
            cpr=form.cleaned_data["cpr"],
            acting_user=request.user,
            **form.citizen_details(),
        )
        if citizen is not None:
            grant_citizen(request, citizen)
            log_citizen_access(request, [citizen.pk], purpose=_("Oprettelse af borger"))
            messages.success(request, _("Borgeren er oprettet."))
            return _after_found(request, citizen, slot)
    return render(
        request,
        "placements/citizen_form.html",
        {"form": form, "slot": slot, "action": _create_url(slot), "title": _("Ny borger")},
    )


@hr_required
@require_GET
def citizen_detail(request: HttpRequest, citizen: int) -> HttpResponse:
    citizen = get_citizen(request, citizen, purpose=_("Visning af borger"))
    placements = (
        Placement.objects.for_user(request.user)
        .filter(citizen=citizen)
        .select_related("slot__workplace", "slot__scheme")
        .order_by("-starts_on")
    )
    return render(
        request,
        "placements/citizen_detail.html",
        {
            "citizen": citizen,
            "placements": placements,
            "frikort": selectors.frikort_status(citizen, timezone.localdate(), user=request.user),
        },
    )


@hr_required
def citizen_update(request: HttpRequest, citizen: int) -> HttpResponse:
    citizen = get_citizen(request, citizen, purpose=_("Rettelse af borger"))
    form = CitizenUpdateForm(request.POST or None, instance=citizen)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            services.citizen_update,
            citizen=citizen,
            acting_user=request.user,
            **form.citizen_details(),
        )
        if updated is not None:
            messages.success(request, _("Borgerens oplysninger er gemt."))
            return redirect("placements:citizen_detail", citizen=citizen.pk)
    return render(
        request,
        "placements/citizen_form.html",
        {
            "form": form,
            "citizen": citizen,
            "action": reverse("placements:citizen_update", kwargs={"citizen": citizen.pk}),
            "title": _("Ret borger"),
        },
    )
