"""Forms: choosing a status, entering targets, importing a targets file."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Department, department_label
from reports import access
from reports.services import last_ended_half_year
from schemes.models import Target, TargetCategory, TargetUnit

HALF_CHOICES = [(1, _("1. halvår (1. januar – 30. juni)")), (2, _("Helår (hele året)"))]
FIRST_YEAR = 2015


def year_choices(ahead: int = 0):
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + ahead, FIRST_YEAR - 1, -1)]


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


class DepartmentTargetsForm(forms.Form):
    """One department's targets for one year: a value and a unit per category."""

    def __init__(self, *args, department: Department, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.year = year
        self.categories = list(TargetCategory.objects.all())
        current = {
            t.category_id: t for t in Target.objects.filter(department=department, year=year)
        }
        last_units = dict(
            Target.objects.filter(department=department, year__lt=year)
            .order_by("year")
            .values_list("category_id", "unit")
        )
        for category in self.categories:
            target = current.get(category.pk)
            self.fields[f"value_{category.pk}"] = forms.DecimalField(
                label=_("Måltal for %(category)s") % {"category": category.name},
                required=False,
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=2,
                localize=True,
                initial=target.value if target else None,
                help_text=_("Tomt felt: intet måltal."),
            )
            self.fields[f"unit_{category.pk}"] = forms.ChoiceField(
                label=_("Enhed for %(category)s") % {"category": category.name},
                choices=TargetUnit.choices,
                initial=target.unit
                if target
                else last_units.get(category.pk, TargetUnit.FULL_YEAR_PERSONS),
            )

    def rows(self):
        """(category, value field, unit field) for the template."""
        return [(c, self[f"value_{c.pk}"], self[f"unit_{c.pk}"]) for c in self.categories]

    def clean(self):
        data = super().clean()
        for category in self.categories:
            value = data.get(f"value_{category.pk}")
            unit = data.get(f"unit_{category.pk}")
            if value is not None and unit == TargetUnit.SHARE_OF_EMPLOYEES and value > 100:
                self.add_error(
                    f"value_{category.pk}", _("En andel af ansatte kan højst være 100 %.")
                )
        return data

    def entries(self) -> dict:
        return {
            category: (
                self.cleaned_data.get(f"value_{category.pk}"),
                self.cleaned_data[f"unit_{category.pk}"],
            )
            for category in self.categories
        }


class TargetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med måltal"),
        help_text=_("CSV (semikolon eller komma) eller XLSX; se formatet herunder."),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Vælg en CSV- eller XLSX-fil."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 5 MB)."))
        return upload


class CopyYearForm(forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR + 1, max_value=2100, widget=forms.HiddenInput)
