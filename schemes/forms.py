"""Forms of target administration: a department's (or the municipality's) targets from a
year, a targets file, copying a year."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DKFDSForm
from core.periods import FIRST_YEAR
from organisation.models import Department
from schemes.models import Target, TargetCategory, TargetUnit
from schemes.targets import Decision


class DepartmentTargetsForm(DKFDSForm):
    """One department's (or the municipality's) targets from one year: per category a value,
    a unit and the last year it applies; and the council decision behind them."""

    decided_by = forms.CharField(
        label=_("Besluttet af"),
        required=False,
        max_length=150,
        help_text=_("Fx kommunalbestyrelsen eller et udvalg."),
    )
    decided_on = forms.DateField(label=_("Beslutningsdato"), required=False)
    case_number = forms.CharField(label=_("Sagsnummer"), required=False, max_length=60)

    def __init__(self, *args, department: Department | None, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.year = year
        self.categories = list(TargetCategory.objects.all())
        mine = Target.objects.filter(department=department)
        current = {t.category_id: t for t in mine.in_year(year)}
        last_units = dict(
            mine.filter(first_year__lt=year)
            .order_by("first_year")
            .values_list("category_id", "unit")
        )
        decisions = {(t.decided_by, t.decided_on, t.case_number) for t in current.values()} - {
            ("", None, "")
        }
        if len(decisions) == 1:
            (
                self.fields["decided_by"].initial,
                self.fields["decided_on"].initial,
                self.fields["case_number"].initial,
            ) = decisions.pop()
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
            self.fields[f"last_year_{category.pk}"] = forms.IntegerField(
                label=_("%(category)s gælder til og med år") % {"category": category.name},
                required=False,
                min_value=year,
                max_value=year + 10,
                initial=target.last_year if target else year,
            )

    def rows(self):
        """(category, value field, unit field, last-year field) for the template."""
        return [
            (c, self[f"value_{c.pk}"], self[f"unit_{c.pk}"], self[f"last_year_{c.pk}"])
            for c in self.categories
        ]

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
                self.cleaned_data[f"last_year_{category.pk}"] or self.year,
            )
            for category in self.categories
        }

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(data["decided_by"].strip(), data["decided_on"], data["case_number"].strip())


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
