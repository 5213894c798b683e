"""Forms: choosing a status period and scope, requesting a report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DKFDSForm
from core.periods import Period, PeriodKind, custom_period_error, last_ended_period, year_choices
from organisation.models import Department, department_label
from reports import access

# Links from before custom periods said half=1 (1st half-year) or half=2 (the whole year).
LEGACY_HALF = {"1": PeriodKind.H1, "2": PeriodKind.YEAR}


class PeriodForm(DKFDSForm):
    """A reporting period: a kind and a year, or (custom) a first and a last day."""

    period = forms.ChoiceField(label=_("Periode"), choices=PeriodKind.choices)
    year = forms.TypedChoiceField(
        label=_("År"), coerce=int, choices=(), required=False, empty_value=None
    )
    starts_on = forms.DateField(
        label=_("Fra og med"), required=False, help_text=_("Kun ved selvvalgt periode.")
    )
    ends_on = forms.DateField(
        label=_("Til og med"), required=False, help_text=_("Kun ved selvvalgt periode.")
    )
    department = forms.ModelChoiceField(
        label=department_label(), queryset=Department.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()

    def clean(self):
        data = super().clean()
        if data.get("period") != PeriodKind.CUSTOM:
            if data.get("year") is None and "year" not in self.errors:
                self.add_error("year", _("Vælg et år."))
            return data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
            if day is None and name not in self.errors:
                self.add_error(name, _("Angiv en dato for den selvvalgte periode."))
        if starts_on and ends_on:
            error = custom_period_error(starts_on, ends_on)
            if error:
                self.add_error("ends_on" if ends_on < starts_on else "starts_on", error)
        return data

    def chosen_period(self) -> Period:
        data = self.cleaned_data
        if data["period"] == PeriodKind.CUSTOM:
            return Period(data["starts_on"], data["ends_on"])
        return Period.of(data["period"], data["year"])


def _iso(text: str) -> str:
    """A date typed as dd-mm-yyyy, in ISO: the date picker shows only ISO values. Text that is
    no date is kept, so the form reports it."""
    try:
        day = forms.DateField().to_python(text)
    except forms.ValidationError:
        return text
    return day.isoformat() if day else text


class StatusForm(PeriodForm):
    """Which period, and which department (empty: the whole municipality).

    Always bound: missing values fall back to the last ended period and, for HR, their
    first department. A department outside the user's scope passes the form and is refused
    by reports.access (403), not hidden behind a form error.
    """

    def __init__(self, data, *, user):
        whole = access.sees_whole_municipality(user)
        departments = list(access.status_departments(user))
        default = last_ended_period(timezone.localdate())
        own_default = "" if whole or not departments else departments[0].pk
        kind = data.get("period") or LEGACY_HALF.get(data.get("half", ""), default.kind)
        super().__init__(
            {
                "period": kind,
                "year": data.get("year") or default.start.year,
                "starts_on": _iso(data.get("starts_on", "")),
                "ends_on": _iso(data.get("ends_on", "")),
                "department": data.get("department") or own_default,
            }
        )
        choices = [(d.pk, f"{d.name} ({d.code})") for d in departments]
        self.fields["department"].widget.choices = (
            [("", _("Hele kommunen"))] + choices if whole else choices
        )

    def selection(self) -> tuple[Period, Department | None]:
        return self.chosen_period(), self.cleaned_data["department"]


class ReportRequestForm(PeriodForm):
    """The period and scope of the status page, posted from its hidden fields."""


def selection_query(period: Period, department: Department | None) -> dict:
    """The query string (as a dict) that shows `period` and `department` on the status page."""
    kind = period.kind
    if kind == PeriodKind.CUSTOM:
        query = {
            "period": kind.value,
            "starts_on": period.start.isoformat(),
            "ends_on": period.end.isoformat(),
        }
    else:
        query = {"period": kind.value, "year": period.start.year}
    return query | {"department": department.pk if department else ""}
