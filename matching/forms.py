"""Forms of matching. They validate input; matching.services checks the rules and writes."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import DKFDSForm, DKFDSFormMixin, DKFDSModelForm
from organisation.models import District
from organisation.scope import CONSULTANT
from schemes.models import Scheme

from .models import CandidateProfile, Referral, Subscription

NO_HEALTH_DATA = _(
    "Skriv aldrig helbredsoplysninger, diagnoser eller misbrug her: kun det, der har betydning "
    "for at finde en plads."
)


def schemes_in_force():
    return Scheme.objects.valid_on(timezone.localdate())


class ProfileForm(DKFDSModelForm):
    class Meta:
        model = CandidateProfile
        fields = [
            "wanted_hours_per_week",
            "earliest_start",
            "preferred_schemes",
            "competences",
            "consultant",
            "active",
        ]
        widgets = {
            "preferred_schemes": forms.CheckboxSelectMultiple,
            "competences": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "preferred_schemes": _("Ordninger, borgeren ønsker eller er visiteret til."),
            "earliest_start": _("Tom: kan starte straks."),
            "competences": NO_HEALTH_DATA,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_schemes"].queryset = schemes_in_force()
        self.fields["consultant"].queryset = (
            get_user_model()
            .objects.filter(groups__name=CONSULTANT, is_active=True)
            .order_by("first_name", "username")
        )
        self.fields["consultant"].label_from_instance = lambda u: u.get_full_name() or u.username
        if not self.instance.pk:
            self.fields["consultant"].initial = user.pk

    def profile_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields if name != "preferred_schemes"}


class ReferralForm(DKFDSModelForm):
    class Meta:
        model = Referral
        fields = [
            "starts_on",
            "planned_end_on",
            "hours_per_week",
            "qualifier",
            "extension",
            "extension_reason",
            "note",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "extension_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_on": _("Første dag i forløbet, hvis arbejdsstedet siger ja."),
            "note": format_lazy("{} {}", _("Hvorfor borgeren passer til pladsen."), NO_HEALTH_DATA),
        }


class DeclineForm(DKFDSForm):
    reason = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Jobcentret ser begrundelsen og kan foreslå en anden kandidat."),
    )


class SubscriptionForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["schemes", "districts", "by_email"]
        widgets = {
            "schemes": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "schemes": _("Du får besked om ledige pladser i disse ordninger, uanset bydel."),
            "districts": _("… og om ledige pladser i disse bydele, uanset ordning."),
            "by_email": _("Beskeden vises altid her i portalen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schemes"].queryset = schemes_in_force()
        self.fields["districts"].queryset = District.objects.all()
