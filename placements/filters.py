"""django-filter filter sets of the HR lists; choices are scoped to the user's departments."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DKFDSForm
from organisation.models import District, district_label
from placements.models import Outcome, SlotState
from schemes.models import Scheme


class WorkplaceSearchFilter(filters.CharFilter):
    """The workplace as a text search (name or P-nummer), not a list of every workplace:
    a whole municipality has thousands. The rows are already scoped to the user."""

    def __init__(self, *, path: str = "workplace", **kwargs):
        self.path = path
        kwargs.setdefault("label", _("Arbejdssted"))
        kwargs.setdefault("help_text", _("Navn eller P-nummer, helt eller delvis."))
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        digits = value.replace(" ", "")
        match = Q(**{f"{self.path}__name__icontains": value})
        if digits.isdigit():
            match |= Q(**{f"{self.path}__p_number__startswith": digits})
        return queryset.filter(match)


class SlotFilter(filters.FilterSet):
    workplace = WorkplaceSearchFilter(max_length=200)
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

    def state_day(self):
        day = self.form.cleaned_data.get("day") if self.form.is_valid() else None
        return day or timezone.localdate()

    def with_state(self, queryset):
        """The state on the chosen day, in SQL: for filtering and sorting by it. A page of
        rows gets its states afterwards (placements.selectors.states_on), which is far
        cheaper than deriving it for every row the page is picked from."""
        if "state" in queryset.query.annotations:
            return queryset
        return queryset.with_state_on(self.state_day())

    def filter_state(self, queryset, name, value):
        return self.with_state(queryset).filter(state=value)

    def filter_day(self, queryset, name, value):
        return queryset  # the day the state is derived for: state_day


class PlacementFilter(filters.FilterSet):
    ACTIVE, ENDED = "active", "ended"

    workplace = WorkplaceSearchFilter(path="slot__workplace", max_length=200)
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
