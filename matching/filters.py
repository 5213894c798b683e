"""django-filter filter sets of the matching lists."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DKFDSForm
from organisation.models import Department, District, department_label, district_label
from schemes.models import Scheme

from . import selectors
from .models import ReferralState

# The same windows as selectors.BOARD_WINDOWS.
WINDOW_CHOICES = [
    ("0", _("Ledige i dag")),
    ("14", _("Ledige i dag eller inden for 14 dage")),
    ("30", _("Ledige i dag eller inden for 30 dage")),
    ("60", _("Ledige i dag eller inden for 60 dage")),
    ("90", _("Ledige i dag eller inden for 90 dage")),
]


class BoardFilter(filters.FilterSet):
    """The vacant-slot board: the window decides which slots are vacant, the rest narrow it."""

    window = filters.ChoiceFilter(
        choices=WINDOW_CHOICES,
        empty_label=None,
        label=_("Vis pladser"),
        method="filter_nothing",
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
    department = filters.ModelChoiceFilter(
        field_name="workplace__department",
        queryset=Department.objects.all(),
        label=department_label(),
        empty_label=_("Alle"),
    )
    hours_min = filters.NumberFilter(
        field_name="hours_per_week", lookup_expr="gte", label=_("Timer pr. uge, mindst")
    )
    hours_max = filters.NumberFilter(
        field_name="hours_per_week", lookup_expr="lte", label=_("Timer pr. uge, højst")
    )
    vacant_since = filters.DateFilter(
        field_name="vacant_since",
        lookup_expr="lte",
        label=_("Ledig siden senest"),
        help_text=_("Kun pladser, der har været ledige siden denne dato eller før."),
    )

    class Meta:
        form = DKFDSForm
        fields = [
            "window",
            "scheme",
            "district",
            "department",
            "hours_min",
            "hours_max",
            "vacant_since",
        ]

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for name in ("hours_min", "hours_max"):
            self.form.fields[name].widget.attrs.update({"inputmode": "decimal", "min": "0"})

    def window_days(self) -> int:
        if self.is_bound and self.form.is_valid():
            return int(self.form.cleaned_data.get("window") or 0)
        return 0

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            queryset = selectors.board(self.today, self.window_days())
            if self.is_bound:
                self.errors  # noqa: B018  (validates the form before filtering)
                queryset = self.filter_queryset(queryset)
            self._qs = queryset
        return self._qs

    def filter_nothing(self, queryset, name, value):
        return queryset  # the window is applied in `qs`


class CandidateFilter(filters.FilterSet):
    MINE, ALL = "mine", "all"

    name = filters.CharFilter(
        field_name="citizen__name", lookup_expr="icontains", label=_("Navn indeholder")
    )
    district = filters.ModelChoiceFilter(
        field_name="citizen__district",
        queryset=District.objects.all(),
        label=district_label(),
        empty_label=_("Alle"),
    )
    scheme = filters.ModelChoiceFilter(
        field_name="preferred_schemes",
        queryset=Scheme.objects.all(),
        label=_("Ønsker ordning"),
        empty_label=_("Alle"),
    )
    consultant = filters.ChoiceFilter(
        choices=[(MINE, _("Mine kandidater"))],
        empty_label=_("Alle jobkonsulenter"),
        label=_("Jobkonsulent"),
        method="filter_consultant",
    )
    active = filters.BooleanFilter(
        label=_("Søger plads"),
        widget=filters.widgets.BooleanWidget(),
    )

    class Meta:
        form = DKFDSForm
        fields = ["name", "district", "scheme", "consultant", "active"]

    def filter_consultant(self, queryset, name, value):
        if value == self.MINE and self.request is not None:
            return queryset.filter(consultant=self.request.user)
        return queryset


class ReferralFilter(filters.FilterSet):
    state = filters.ChoiceFilter(
        choices=ReferralState.choices, label=_("Status"), empty_label=_("Alle")
    )
    scheme = filters.ModelChoiceFilter(
        field_name="slot__scheme",
        queryset=Scheme.objects.all(),
        label=_("Ordning"),
        empty_label=_("Alle"),
    )
    mine = filters.BooleanFilter(
        label=_("Kun mine henvisninger"),
        method="filter_mine",
        widget=filters.widgets.BooleanWidget(),
    )

    class Meta:
        form = DKFDSForm
        fields = ["state", "scheme", "mine"]

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            user = self.request.user
            return queryset.filter(Q(proposed_by=user) | Q(decided_by=user))
        return queryset
