"""Slots (pladser): list, detail, create, edit, pause, close, reopen; the headroom fragment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.views import FilteredTableView, run_service
from organisation.models import Workplace
from placements import exports, selectors, services
from placements.access import (
    HRRequiredMixin,
    get_slot,
    get_workplace,
    hr_required,
    log_citizen_access,
    slots_for,
)
from placements.filters import SlotFilter
from placements.forms import SlotCloseForm, SlotForm, SlotPauseForm, SlotReopenForm
from placements.tables import SlotTable


class SlotListView(HRRequiredMixin, FilteredTableView):
    table_class = SlotTable
    filterset_class = SlotFilter
    template_name = "placements/slot_list.html"
    export_name = "pladser"

    def get_queryset(self):
        return slots_for(self.request).select_related("workplace__district", "scheme")

    def get_table_data(self):
        data = super().get_table_data()
        sort = self.request.GET.get("sort", "").replace("-", "").split(",")
        return self.filterset.with_state(data) if "state" in sort else data

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        rows = list(table.page.object_list)  # evaluated once, here
        selectors.states_on([row.record for row in rows], self.filterset.state_day())
        table.page.object_list = rows
        return table

    def export_rows(self):
        slots = self.filterset.with_state(self.object_list)
        return exports.slot_rows(slots.order_by("workplace__p_number", "title", "pk"))


@hr_required
@require_GET
def slot_detail(request: HttpRequest, slot: int) -> HttpResponse:
    slot = get_slot(request, slot)
    placements = list(slot.placements.select_related("citizen", "benefit").order_by("-starts_on"))
    log_citizen_access(request, [p.citizen_id for p in placements], purpose=_("Visning af plads"))
    today = timezone.localdate()
    return render(
        request,
        "placements/slot_detail.html",
        {
            "slot": slot,
            "state": slot.state_on(timezone.localdate()),
            "placements": placements,
            "spells": slot.spells.order_by("opened_on"),
            "pauses": slot.pauses.order_by("-starts_on"),
            "history": selectors.slot_history(slot),
            "headroom": selectors.workplace_headroom(slot.workplace, today),
            "today": today,
        },
    )


def _headroom_for(request, form: SlotForm):
    """The headroom of the workplace the form currently names (posted or initial)."""
    value = str(form["workplace"].value() or "")
    if not value.isdigit():
        return None
    workplace = Workplace.objects.for_user(request.user).filter(pk=value).first()
    return selectors.workplace_headroom(workplace, timezone.localdate()) if workplace else None


@hr_required
def slot_create(request: HttpRequest) -> HttpResponse:
    form = SlotForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        slot = run_service(
            form,
            services.slot_create,
            **{name: form.cleaned_data[name] for name in SlotForm.Meta.fields},
            acting_user=request.user,
        )
        if slot is not None:
            messages.success(request, _("Pladsen er oprettet."))
            return redirect("placements:slot_detail", slot=slot.pk)
    if form.fields["workplace"].queryset.count() == 1 and not form.is_bound:
        form.initial["workplace"] = form.fields["workplace"].queryset.get().pk
    return render(
        request,
        "placements/slot_form.html",
        {"form": form, "headroom": _headroom_for(request, form), "title": _("Ny plads")},
    )


@hr_required
def slot_update(request: HttpRequest, slot: int) -> HttpResponse:
    slot = get_slot(request, slot)
    form = SlotForm(request.POST or None, instance=slot, user=request.user)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            services.slot_update,
            slot=slot,
            **{name: form.cleaned_data[name] for name in SlotForm.Meta.fields},
            acting_user=request.user,
        )
        if updated is not None:
            messages.success(request, _("Pladsen er gemt."))
            return redirect("placements:slot_detail", slot=slot.pk)
    return render(
        request,
        "placements/slot_form.html",
        {
            "form": form,
            "slot": slot,
            "headroom": _headroom_for(request, form),
            "title": _("Ret plads"),
        },
    )


@hr_required
@require_GET
def workplace_headroom(request: HttpRequest) -> HttpResponse:
    """The rimelighedskrav panel for the workplace chosen in the slot form (htmx)."""
    value = request.GET.get("workplace", "")
    headroom = None
    if value.isdigit():
        headroom = selectors.workplace_headroom(
            get_workplace(request, int(value)), timezone.localdate()
        )
    return render(request, "placements/includes/headroom.html", {"headroom": headroom})


@hr_required
def slot_pause(request: HttpRequest, slot: int) -> HttpResponse:
    slot = get_slot(request, slot)
    form = SlotPauseForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        pause = run_service(
            form,
            services.slot_pause,
            slot=slot,
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
        if pause is not None:
            messages.success(request, _("Pladsen er sat i bero."))
            return redirect("placements:slot_detail", slot=slot.pk)
    return render(request, "placements/slot_pause.html", {"form": form, "slot": slot})


@hr_required
def slot_close(request: HttpRequest, slot: int) -> HttpResponse:
    """Nedlæg: a confirmation page with the date; the POST closes the slot."""
    slot = get_slot(request, slot)
    form = SlotCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        closed = run_service(
            form,
            services.slot_close,
            slot=slot,
            closed_on=form.cleaned_data["closed_on"],
            acting_user=request.user,
        )
        if closed is not None:
            messages.success(request, _("Pladsen er nedlagt."))
            return redirect("placements:slot_detail", slot=slot.pk)
    return render(request, "placements/slot_close.html", {"form": form, "slot": slot})


@hr_required
def slot_reopen(request: HttpRequest, slot: int) -> HttpResponse:
    slot = get_slot(request, slot)
    form = SlotReopenForm(request.POST or None, initial={"reopens_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        reopened = run_service(
            form,
            services.slot_reopen,
            slot=slot,
            reopens_on=form.cleaned_data["reopens_on"],
            acting_user=request.user,
        )
        if reopened is not None:
            messages.success(request, _("Pladsen er åben igen."))
            return redirect("placements:slot_detail", slot=slot.pk)
    return render(request, "placements/slot_reopen.html", {"form": form, "slot": slot})
