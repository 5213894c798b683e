"""Forms: choosing a status, requesting a report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.periods import FIRST_YEAR, last_ended_half_year, year_choices
from organisation.models import Department, department_label
from reports import access

HALF_CHOICES = [(1, _("1. halvår (1. januar – 30. juni)")), (2, _("Helår (hele året)"))]


class StatusForm(forms.Form):
    """Which half-year, and which department (empty: the whole municipality).

    Always bound: missing values fall back to the last ended half-year and, for HR, their
    first department. A department outside the user's scope passes the form and is refused
    by reports.access (403), not hidden behind a form error.
    """

    year = forms.TypedChoiceField(label=_("År"), coerce=int, choices=())
    half = forms.TypedChoiceField(label=_("Periode"), coerce=int, choices=HALF_CHOICES)
    department = forms.ModelChoiceField(
        label=department_label(), queryset=Department.objects.all(), required=False
    )

    def __init__(self, data, *, user):
        whole = access.sees_whole_municipality(user)
        departments = list(access.status_departments(user))
        year, half = last_ended_half_year(timezone.localdate())
        own_default = "" if whole or not departments else departments[0].pk
        super().__init__(
            {
                "year": data.get("year") or year,
                "half": data.get("half") or half,
                "department": data.get("department") or own_default,
            }
        )
        self.fields["year"].choices = year_choices()
        choices = [(d.pk, f"{d.name} ({d.code})") for d in departments]
        self.fields["department"].widget.choices = (
            [("", _("Hele kommunen"))] + choices if whole else choices
        )

    def selection(self) -> tuple[int, int, Department | None]:
        data = self.cleaned_data
        return data["year"], data["half"], data["department"]


class ReportRequestForm(forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=2100)
    half = forms.TypedChoiceField(coerce=int, choices=HALF_CHOICES)
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
