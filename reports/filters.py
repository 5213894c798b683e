"""django-filter filters: the report archive."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import FIXED_PERIODS, PeriodKind
from reports.models import ReportState, StatusReport

WHOLE_MUNICIPALITY = "kommunen"


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("År"), method="filter_year")
    period = django_filters.ChoiceFilter(
        label=_("Periode"), choices=PeriodKind.choices, empty_label=_("Alle"), method="filter_kind"
    )
    department = django_filters.ChoiceFilter(
        label=_("Omfang"), choices=(), empty_label=_("Alle"), method="filter_scope"
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportState.choices, empty_label=_("Alle")
    )

    class Meta:
        model = StatusReport
        fields = ["year", "period", "department", "state"]

    def __init__(self, *args, departments=(), whole_municipality=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(d.pk), f"{d.name} ({d.code})") for d in departments]
        if whole_municipality:
            choices.insert(0, (WHOLE_MUNICIPALITY, _("Hele kommunen")))
        self.filters["department"].extra["choices"] = choices

    @property
    def form(self):
        form = super().form
        for name, field in form.fields.items():
            css = "form-input" if name == "year" else "form-select"
            field.widget.attrs.setdefault("class", css)
        return form

    def filter_scope(self, queryset, name, value):
        if value == WHOLE_MUNICIPALITY:
            return queryset.filter(department__isnull=True)
        return queryset.filter(department_id=value)

    def filter_year(self, queryset, name, value):
        """Reports whose period lies in the year."""
        if not 1 <= value <= 9999:
            return queryset.none()
        return queryset.filter(starts_on__year=int(value))

    def filter_kind(self, queryset, name, value):
        """A kind is a shape of dates (a custom period is every other shape)."""
        shapes = {
            kind: Q(starts_on__month=m1, starts_on__day=d1, ends_on__month=m2, ends_on__day=d2)
            for kind, ((m1, d1), (m2, d2)) in FIXED_PERIODS.items()
        }
        if value == PeriodKind.CUSTOM:
            for shape in shapes.values():
                queryset = queryset.exclude(shape)
            return queryset
        return queryset.filter(shapes[value])
