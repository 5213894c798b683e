"""The form base of every page: DKFDS classes, date pickers, decimal commas, and the aria
attributes that tie each field to its hint and error (templates/includes/field.html renders
them). Forms validate input; services check the rules and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE = "---------"


class DateInput(forms.DateInput):
    """<input type="date">: the browser's date picker; the value in ISO format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "form-checkbox"  # DKFDS puts the label after the input (field.html)
    if isinstance(widget, forms.RadioSelect):
        return "form-radio"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


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
            css = _css_class(widget)
            if isinstance(widget, forms.Select):
                _danish_empty_choice(field)
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


class DKFDSModelForm(DKFDSFormMixin, forms.ModelForm):
    """A model form whose instance a service saves: the service checks the rules, so the
    model's own validation is not run twice."""

    def _post_clean(self):
        pass
