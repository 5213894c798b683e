"""Placements (forløb): list, detail, create in a slot, edit, extend, end."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.views import run_service
from placements import exports, selectors, services
from placements.access import (
    HRRequiredMixin,
    PersonalTableView,
    get_citizen,
    get_placement,
    get_slot,
    hr_required,
)
from placements.filters import PlacementFilter
from placements.forms import (
    PLACEMENT_TERMS,
    PlacementEndForm,
    PlacementExtendForm,
    PlacementForm,
    PlacementUpdateForm,
)
from placements.models import Outcome, Placement
from placements.tables import PlacementTable


def _warn(request: HttpRequest, placement: Placement) -> None:
    """The verdict's warnings (rimelighedskrav, TR, …): the placement is registered."""
    for warning in placement.rule_warnings:
        messages.warning(request, warning)


class PlacementListView(HRRequiredMixin, PersonalTableView):
    table_class = PlacementTable
    filterset_class = PlacementFilter
    template_name = "placements/placement_list.html"
    export_name = "forloeb"
    access_purpose = gettext_lazy("Liste over forløb")
    export_purpose = gettext_lazy("Eksport af forløb")

    def get_queryset(self):
        return Placement.objects.for_user(self.request.user).select_related(
            "citizen", "slot__workplace", "slot__scheme"
        )

    def export_rows(self):
        return exports.placement_rows(
            self.object_list.select_related("benefit").order_by(
                "slot__workplace__p_number", "slot__title", "starts_on", "pk"
            )
        )


@hr_required
@require_GET
def placement_detail(request: HttpRequest, placement: int) -> HttpResponse:
    placement = get_placement(request, placement, purpose=_("Visning af forløb"))
    context = {"placement": placement, "history": selectors.placement_history(placement)}
    if selectors.is_frikort_placement(placement):
        context["frikort"] = selectors.frikort_status(
            placement.citizen, timezone.localdate(), user=request.user
        )
        context["payments"] = placement.frikort_payments.order_by("-paid_on", "-pk")
    return render(request, "placements/placement_detail.html", context)


@hr_required
def placement_create(request: HttpRequest, slot: int, citizen: int) -> HttpResponse:
    """Nyt forløb for a citizen found by CPR, in a slot of the user's own departments."""
    slot = get_slot(request, slot)
    citizen = get_citizen(request, citizen, purpose=_("Oprettelse af forløb"))
    form = PlacementForm(request.POST or None, citizen=citizen, slot=slot)
    if request.method == "POST" and form.is_valid():
        placement = run_service(
            form,
            services.placement_create,
            slot=slot,
            citizen=citizen,
            starts_on=form.cleaned_data["starts_on"],
            planned_end_on=form.cleaned_data["planned_end_on"],
            hours_per_week=form.cleaned_data["hours_per_week"],
            benefit=form.cleaned_data["benefit"],
            readiness=form.cleaned_data["readiness"],
            acting_user=request.user,
            **{name: form.cleaned_data[name] for name in PLACEMENT_TERMS},
        )
        if placement is not None:
            messages.success(request, _("Forløbet er oprettet."))
            _warn(request, placement)
            return redirect("placements:placement_detail", placement=placement.pk)
    return render(
        request,
        "placements/placement_form.html",
        {
            "form": form,
            "slot": slot,
            "citizen": citizen,
            "headroom": selectors.workplace_headroom(slot.workplace, timezone.localdate()),
            "title": _("Nyt forløb"),
        },
    )


@hr_required
def placement_update(request: HttpRequest, placement: int) -> HttpResponse:
    placement = get_placement(request, placement, purpose=_("Rettelse af forløb"))
    form = PlacementUpdateForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            services.placement_update,
            placement=placement,
            starts_on=form.cleaned_data["starts_on"],
            hours_per_week=form.cleaned_data["hours_per_week"],
            benefit=form.cleaned_data["benefit"],
            readiness=form.cleaned_data["readiness"],
            acting_user=request.user,
            **{name: form.cleaned_data[name] for name in PLACEMENT_TERMS},
        )
        if updated is not None:
            messages.success(request, _("Forløbet er gemt."))
            _warn(request, updated)
            return redirect("placements:placement_detail", placement=placement.pk)
    return render(
        request,
        "placements/placement_form.html",
        {
            "form": form,
            "slot": placement.slot,
            "citizen": placement.citizen,
            "placement": placement,
            "title": _("Ret forløb"),
        },
    )


@hr_required
def placement_extend(request: HttpRequest, placement: int) -> HttpResponse:
    placement = get_placement(request, placement, purpose=_("Forlængelse af forløb"))
    form = PlacementExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        extended = run_service(
            form,
            services.placement_extend,
            placement=placement,
            planned_end_on=form.cleaned_data["planned_end_on"],
            special_need_reason=form.cleaned_data["special_need_reason"],
            acting_user=request.user,
        )
        if extended is not None:
            messages.success(request, _("Forløbet er forlænget."))
            _warn(request, extended)
            return redirect("placements:placement_detail", placement=placement.pk)
    return render(
        request,
        "placements/placement_action.html",
        {
            "form": form,
            "placement": placement,
            "title": _("Forlæng forløb"),
            "button": _("Forlæng forløbet"),
        },
    )


@hr_required
def placement_end(request: HttpRequest, placement: int) -> HttpResponse:
    placement = get_placement(request, placement, purpose=_("Afslutning af forløb"))
    # Bound on every POST, an empty one too: the trial run below reads cleaned_data.
    form = PlacementEndForm(
        request.POST if request.method == "POST" else None,
        initial={
            "ended_on": min(placement.planned_end_on or timezone.localdate(), timezone.localdate())
        },
    )
    if request.method == "POST" and form.is_valid():
        ended = run_service(
            form,
            services.placement_end,
            placement=placement,
            ended_on=form.cleaned_data["ended_on"],
            outcome=form.cleaned_data["outcome"],
            acting_user=request.user,
        )
        if ended is not None:
            messages.success(request, _("Forløbet er afsluttet."))
            return redirect("placements:placement_detail", placement=placement.pk)
    elif request.method == "POST" and form.cleaned_data.get("ended_on"):
        _check_end_date(form, placement, request.user)
    return render(
        request,
        "placements/placement_action.html",
        {
            "form": form,
            "placement": placement,
            "title": _("Afslut forløb"),
            "button": _("Afslut forløbet"),
        },
    )


def _check_end_date(form, placement: Placement, user) -> None:
    """The outcome is missing: check the date anyway (a trial run, rolled back), so every
    error shows after the first submit."""
    with transaction.atomic():
        run_service(
            form,
            services.placement_end,
            placement=Placement.objects.get(pk=placement.pk),
            ended_on=form.cleaned_data["ended_on"],
            outcome=Outcome.UNKNOWN,
            acting_user=user,
        )
        transaction.set_rollback(True)
