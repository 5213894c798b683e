"""Forms of the HR views. They validate input; the services in placements/services.py
check the rules and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cpr import CprField
from core.forms import DKFDSForm, DKFDSModelForm
from organisation.models import Workplace
from placements.models import (
    Citizen,
    FrikortPayment,
    Outcome,
    Placement,
    Slot,
    SlotPause,
    VacancyReason,
)
from placements.services import CITIZEN_FIELDS
from schemes.models import Benefit, ReadinessCategory

PLACEMENT_TERMS = ["qualifier", "extension", "extension_reason", "tr_name", "tr_statement_on"]


def offered(model, day, current_id=None):
    """Reference rows in force on `day`; an expired one only where it is already chosen."""
    in_force = model.objects.valid_on(day)
    if current_id is None:
        return in_force
    return (in_force | model.objects.filter(pk=current_id)).distinct()


# --- Slots --------------------------------------------------------------------------------------


class SlotForm(DKFDSModelForm):
    class Meta:
        model = Slot
        fields = [
            "workplace",
            "scheme",
            "title",
            "description",
            "hours_per_week",
            "opened_on",
            "vacancy_reason",
        ]
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
        reasons = VacancyReason.objects.filter(active=True)
        if self.instance.vacancy_reason_id:
            reasons |= VacancyReason.objects.filter(pk=self.instance.vacancy_reason_id)
        self.fields["vacancy_reason"].queryset = reasons
        if not self.instance.pk:
            self.fields["opened_on"].initial = timezone.localdate()


class SlotPauseForm(DKFDSModelForm):
    class Meta:
        model = SlotPause
        fields = ["starts_on", "ends_on", "reason"]
        help_texts = {"ends_on": _("Tom: i bero indtil videre.")}


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
    cpr = CprField(
        label=_("CPR-nummer"),
        help_text=_(
            "10 cifre, med eller uden bindestreg. Borgeren findes kun på det præcise nummer."
        ),
    )


class CitizenForm(DKFDSModelForm):
    class Meta:
        model = Citizen
        fields = ["cpr", *CITIZEN_FIELDS]
        help_texts = {
            "frikort_number": _("Kræves for småjob under socialt frikort."),
            "frikort_valid_until": _("Tom: gyldigt uden slutdato."),
        }
        field_classes = {"cpr": CprField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["benefit"].queryset = offered(Benefit, today, self.instance.benefit_id)
        self.fields["readiness"].queryset = offered(
            ReadinessCategory, today, self.instance.readiness_id
        )
        if "cpr" in self.fields:
            self.fields["cpr"].required = True

    def citizen_details(self) -> dict:
        return {name: self.cleaned_data[name] for name in CITIZEN_FIELDS}


class CitizenUpdateForm(CitizenForm):
    """The CPR number is not changed in the portal."""

    class Meta(CitizenForm.Meta):
        fields = list(CITIZEN_FIELDS)


# --- Placements ---------------------------------------------------------------------------------


class PlacementForm(DKFDSModelForm):
    """Nyt forløb: the citizen is fixed by the page; the field carries its errors."""

    citizen = forms.ModelChoiceField(queryset=Citizen.objects.none(), widget=forms.HiddenInput)

    class Meta:
        model = Placement
        fields = [
            "citizen",
            "starts_on",
            "planned_end_on",
            "hours_per_week",
            "benefit",
            "readiness",
            *PLACEMENT_TERMS,
        ]
        widgets = {"extension_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, citizen: Citizen, slot: Slot, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["citizen"].queryset = Citizen.objects.filter(pk=citizen.pk)
        self.fields["citizen"].initial = citizen.pk
        # The snapshot starts as the citizen's benefit and visitation today.
        self.fields["benefit"].initial = citizen.benefit_id
        self.fields["benefit"].queryset = offered(Benefit, today, citizen.benefit_id)
        self.fields["readiness"].initial = citizen.readiness_id
        self.fields["readiness"].queryset = offered(ReadinessCategory, today, citizen.readiness_id)
        self.fields["hours_per_week"].initial = slot.hours_per_week
        self.fields["starts_on"].initial = today


class PlacementUpdateForm(DKFDSModelForm):
    """Correct a placement, its snapshot (benefit, visitation at the start) and its terms."""

    class Meta:
        model = Placement
        fields = ["starts_on", "hours_per_week", "benefit", "readiness", *PLACEMENT_TERMS]
        widgets = {"extension_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        day = self.instance.starts_on
        self.fields["benefit"].queryset = offered(Benefit, day, self.instance.benefit_id)
        self.fields["readiness"].queryset = offered(
            ReadinessCategory, day, self.instance.readiness_id
        )


class PlacementExtendForm(DKFDSForm):
    planned_end_on = forms.DateField(label=_("Ny planlagt slutdato"))
    special_need_reason = forms.CharField(
        label=_("Begrundelse for helt særligt behov"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kun når forløbet forlænges ud over den forlængede periode. Ingen helbredsoplysninger."
        ),
    )


class PlacementEndForm(DKFDSForm):
    ended_on = forms.DateField(
        label=_("Sidste dag i forløbet"), help_text=_("Forløbet tæller med til og med denne dag.")
    )
    outcome = forms.ChoiceField(
        label=_("Udfald"), choices=[("", _("Vælg udfald")), *Outcome.choices]
    )


class FrikortPaymentForm(DKFDSModelForm):
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
