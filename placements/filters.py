"""django-filter filter sets of the HR lists; choices are scoped to the user's departments."""

from __future__ import annotations

import django_filters as filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DKFDSForm
from organisation.models import District, Workplace, district_label
from placements.models import Outcome, SlotState
from schemes.models import Scheme


def _workplaces(request):
    if request is None:
        return Workplace.objects.none()
    return Workplace.objects.for_user(request.user)


class SlotFilter(filters.FilterSet):
    workplace = filters.ModelChoiceFilter(
        queryset=_workplaces, label=_("Arbejdssted"), empty_label=_("Alle")
    )
    scheme = filters.ModelChoiceFilter(
        queryset=Scheme.objects.all(), label=_("Ordning"), empty_label=_("Alle")
    )
    district = filters.ModelChoiceFilter(
        field_name="workplace__district",
        queryset=District.objects.all(),
        label=district_label(),
        empty_label=_("Alle"),
    )
    state = filters.ChoiceFilter(
        choices=SlotState.choices, label=_("Status"), empty_label=_("Alle"), method="filter_state"
    )
    day = filters.DateFilter(label=_("Status pr."), method="filter_day", help_text=_("Tom: i dag."))

    class Meta:
        form = DKFDSForm
        fields = ["workplace", "scheme", "district", "state", "day"]

    @property
    def qs(self):
        queryset = super().qs
        # An unbound filter set does not call filter_queryset: state as of today.
        return queryset if self.is_bound else queryset.with_state_on(timezone.localdate())

    def state_day(self):
        day = self.form.cleaned_data.get("day") if self.form.is_valid() else None
        return day or timezone.localdate()

    def filter_queryset(self, queryset):
        # The state is derived for the chosen day before anything filters on it.
        return super().filter_queryset(queryset.with_state_on(self.state_day()))

    def filter_state(self, queryset, name, value):
        return queryset.filter(state=value)

    def filter_day(self, queryset, name, value):
        return queryset  # used by filter_queryset


class PlacementFilter(filters.FilterSet):
    ACTIVE, ENDED = "active", "ended"

    workplace = filters.ModelChoiceFilter(
        field_name="slot__workplace",
        queryset=_workplaces,
        label=_("Arbejdssted"),
        empty_label=_("Alle"),
    )
    scheme = filters.ModelChoiceFilter(
        field_name="slot__scheme",
        queryset=Scheme.objects.all(),
        label=_("Ordning"),
        empty_label=_("Alle"),
    )
    active_on = filters.DateFilter(label=_("Aktive på dato"), method="filter_active_on")
    status = filters.ChoiceFilter(
        choices=[(ACTIVE, _("Ikke afsluttet")), (ENDED, _("Afsluttet"))],
        label=_("Forløb"),
        empty_label=_("Alle"),
        method="filter_status",
    )
    outcome = filters.ChoiceFilter(
        choices=Outcome.choices, label=_("Udfald"), empty_label=_("Alle")
    )
    ends_from = filters.DateFilter(
        field_name="planned_end_on", lookup_expr="gte", label=_("Planlagt slut fra")
    )
    ends_to = filters.DateFilter(
        field_name="planned_end_on", lookup_expr="lte", label=_("Planlagt slut til og med")
    )

    class Meta:
        form = DKFDSForm
        fields = ["workplace", "scheme", "active_on", "status", "outcome", "ends_from", "ends_to"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(ended_on__isnull=value == self.ACTIVE)
