"""Forms of the HR views. They validate input; the services in placements/services.py
check the rules and write. Widgets carry DKFDS classes and the aria attributes that tie
each field to its hint and error (templates/includes/field.html renders them).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Workplace
from placements.models import (
    Citizen,
    FrikortPayment,
    Outcome,
    Placement,
    Slot,
    SlotPause,
    normalise_cpr,
    validate_cpr,
)
from placements.services import CITIZEN_FIELDS
from schemes.models import Benefit


class DateInput(forms.DateInput):
    """<input type="date">: the browser's date picker; the value in ISO format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


EMPTY_CHOICE = "---------"


def _danish_empty_choice(field) -> None:
    """Yes/no filters offer "Alle" (not "Ukendt"); an empty choice reads "Vælg"."""
    if isinstance(field.widget, forms.NullBooleanSelect):
        field.widget.choices = [("unknown", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))]
    elif getattr(field, "empty_label", None) == EMPTY_CHOICE:
        field.empty_label = _("Vælg")
    elif isinstance(getattr(field, "choices", None), list):
        field.choices = [
            (v, _("Vælg") if label == EMPTY_CHOICE else label) for v, label in field.choices
        ]


class DKFDSFormMixin:
    """DKFDS classes, date pickers, decimal commas and aria-describedby on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)
            elif isinstance(field, forms.DecimalField):
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.Select):
                css = "form-select"
                _danish_empty_choice(field)
            else:
                css = "form-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            self._describe(name)

    def _describe(self, name: str) -> None:
        """Point the widget at its hint and, once there is one, its error message."""
        auto_id = self[name].auto_id
        attrs = self.fields[name].widget.attrs
        ids = []
        if name in (self._errors or {}):
            ids.append(f"{auto_id}_error")
            attrs["aria-invalid"] = "true"
        if self.fields[name].help_text:
            ids.append(f"{auto_id}_hint")
        if ids:
            attrs["aria-describedby"] = " ".join(ids)

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                self._describe(name)

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's errors on the fields they name; any other above the form."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class DKFDSForm(DKFDSFormMixin, forms.Form):
    pass


# --- Slots --------------------------------------------------------------------------------------


class SlotForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["workplace", "scheme", "title", "description", "hours_per_week", "opened_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        workplace = self.fields["workplace"]
        workplace.queryset = Workplace.objects.for_user(user).select_related("department")
        workplace.help_text = _("Rimelighedskravet for arbejdsstedet vises under feltet.")
        workplace.widget.attrs.update(
            {
                "hx-get": reverse_lazy("placements:workplace_headroom"),
                "hx-target": "#headroom",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        self._describe("workplace")
        self.fields["opened_on"].help_text = _("Første dag, pladsen findes.")
        if not self.instance.pk:
            self.fields["opened_on"].initial = timezone.localdate()

    def _post_clean(self):
        """The service checks the rules; the model's own validation is not run twice."""


class SlotPauseForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = SlotPause
        fields = ["starts_on", "ends_on", "reason"]
        help_texts = {"ends_on": _("Tom: i bero indtil videre.")}

    def _post_clean(self):
        pass


class SlotCloseForm(DKFDSForm):
    closed_on = forms.DateField(
        label=_("Nedlægges pr."),
        help_text=_("Pladsen er nedlagt fra og med denne dato."),
    )


class SlotReopenForm(DKFDSForm):
    reopens_on = forms.DateField(
        label=_("Åben igen fra"), help_text=_("Første dag, pladsen kan besættes igen.")
    )


# --- Citizens -------------------------------------------------------------------------------------


class CprSearchForm(DKFDSForm):
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        max_length=11,
        help_text=_(
            "10 cifre, med eller uden bindestreg. Borgeren findes kun på det præcise nummer."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_cpr(self):
        cpr = normalise_cpr(self.cleaned_data["cpr"])
        validate_cpr(cpr)
        return cpr


class CitizenForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = Citizen
        fields = ["cpr", *CITIZEN_FIELDS]
        help_texts = {
            "frikort_number": _("Kræves for småjob under socialt frikort."),
            "frikort_valid_until": _("Tom: gyldigt uden slutdato."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "cpr" in self.fields:
            self.fields["cpr"].required = True
            self.fields["cpr"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})

    def clean_cpr(self):
        cpr = normalise_cpr(self.cleaned_data["cpr"])
        validate_cpr(cpr)
        return cpr

    def _post_clean(self):
        pass

    def citizen_details(self) -> dict:
        return {name: self.cleaned_data[name] for name in CITIZEN_FIELDS}


class CitizenUpdateForm(CitizenForm):
    """The CPR number is not changed in the portal."""

    class Meta(CitizenForm.Meta):
        fields = list(CITIZEN_FIELDS)


# --- Placements ---------------------------------------------------------------------------------


class PlacementForm(DKFDSFormMixin, forms.ModelForm):
    """Nyt forløb: the citizen is fixed by the page; the field carries its errors."""

    citizen = forms.ModelChoiceField(queryset=Citizen.objects.none(), widget=forms.HiddenInput)

    class Meta:
        model = Placement
        fields = ["citizen", "starts_on", "planned_end_on", "hours_per_week", "benefit"]

    def __init__(self, *args, citizen: Citizen, slot: Slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizen"].queryset = Citizen.objects.filter(pk=citizen.pk)
        self.fields["citizen"].initial = citizen.pk
        self.fields["benefit"].initial = citizen.benefit_id
        self.fields["benefit"].queryset = Benefit.objects.all()
        self.fields["hours_per_week"].initial = slot.hours_per_week
        self.fields["starts_on"].initial = timezone.localdate()

    def _post_clean(self):
        pass


class PlacementUpdateForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["starts_on", "hours_per_week", "benefit"]

    def _post_clean(self):
        pass


class PlacementExtendForm(DKFDSForm):
    planned_end_on = forms.DateField(label=_("Ny planlagt slutdato"))


class PlacementEndForm(DKFDSForm):
    ended_on = forms.DateField(
        label=_("Sidste dag i forløbet"), help_text=_("Forløbet tæller med til og med denne dag.")
    )
    outcome = forms.ChoiceField(
        label=_("Udfald"), choices=[("", _("Vælg udfald")), *Outcome.choices]
    )


class FrikortPaymentForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = FrikortPayment
        fields = ["paid_on", "amount", "hours", "override_reason"]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "override_reason": _(
                "Kun for administratorer: udfyld for at godkende en udbetaling over årets grænse."
            )
        }

    def __init__(self, *args, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override_reason"]

    def _post_clean(self):
        pass


# --- Import ------------------------------------------------------------------------------------


class ImportUploadForm(DKFDSForm):
    file = forms.FileField(
        label=_("Fil med pladser og forløb"),
        help_text=_(
            "CSV (semikolon eller komma, UTF-8) eller XLSX i formatet fra vejledningen (se Hjælp)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Vælg en CSV- eller XLSX-fil."))
        # The file waits in the session between preview and import: keep it small.
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("Filen er større end 2 MB: del den op."))
        return upload
