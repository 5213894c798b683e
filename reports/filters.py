"""django-filter filters: the report archive."""

import django_filters
from django.utils.translation import gettext_lazy as _

from reports.models import ReportState, StatusReport

WHOLE_MUNICIPALITY = "kommunen"


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("År"))
    half = django_filters.ChoiceFilter(
        label=_("Periode"), choices=[(1, _("1. halvår")), (2, _("Helår"))], empty_label=_("Alle")
    )
    department = django_filters.ChoiceFilter(
        label=_("Omfang"), choices=(), empty_label=_("Alle"), method="filter_scope"
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportState.choices, empty_label=_("Alle")
    )

    class Meta:
        model = StatusReport
        fields = ["year", "half", "department", "state"]

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
