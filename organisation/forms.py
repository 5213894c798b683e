"""The onboarding upload: one XLSX workbook or several CSV files, each at most 2 MB."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class OnboardingUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Fil eller filer med organisationen"),
        help_text=_(
            "Én XLSX-projektmappe med et ark pr. slags, eller en CSV-fil pr. ark, navngivet "
            "efter arket (fx arbejdssteder.csv)."
        ),
        widget=MultipleFileInput(attrs={"accept": ".csv,.xlsx", "class": "form-input"}),
    )

    def clean_files(self):
        uploads = [upload for upload in self.cleaned_data["files"] if upload]
        if not uploads:
            raise ValidationError(_("Vælg mindst én fil."))
        for upload in uploads:
            if not upload.name.lower().endswith((".csv", ".xlsx")):
                raise ValidationError(
                    _("%(name)s er hverken CSV eller XLSX.") % {"name": upload.name}
                )
            # The files wait in the session between preview and import: keep them small.
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    _("%(name)s er større end 2 MB: del den op.") % {"name": upload.name}
                )
        return uploads
