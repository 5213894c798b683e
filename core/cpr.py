"""CPR numbers: the one place that normalises, validates and masks them.

A CPR number is stored as 10 digits. It is validated by python-stdnum (format and birth
date; no modulus-11 check, which was dropped in 2007) and shown masked as ddmmyy-xxxx.
"""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

INVALID = _("Ugyldigt CPR-nummer: skriv 10 cifre (ddmmååxxxx) med en gyldig fødselsdato.")


def normalise(value: str | None) -> str:
    """'010170-1234' or ' 0101701234 ' → '0101701234' (spaces and hyphens go)."""
    return stdnum_cpr.compact(value or "")


def validate(value: str) -> None:
    """A model-field validator: ValidationError unless `value` is a valid, compact CPR."""
    try:
        stdnum_cpr.validate(value)
    except StdnumError as error:
        raise ValidationError(INVALID, code="invalid_cpr") from error


def clean(value: str | None) -> str:
    """Normalised and validated; ValidationError otherwise."""
    cpr = normalise(value)
    validate(cpr)
    return cpr


def birth_date(cpr: str | None) -> dt.date | None:
    """The birth date a valid CPR number holds (the 7th digit gives the century)."""
    if not cpr:
        return None
    try:
        return stdnum_cpr.get_birth_date(cpr)
    except StdnumError:
        return None


def mask(cpr: str | None) -> str:
    """'0101701234' → '010170-xxxx': the birth date stays, the serial never shows."""
    if not cpr or len(cpr) < 6:
        return "–"
    return f"{cpr[:6]}-xxxx"


class CprField(forms.CharField):
    """A form field for a CPR number, with or without hyphen; cleans to 10 digits."""

    def __init__(self, **kwargs):
        kwargs["max_length"] = 11  # 10 digits and a hyphen (the model stores 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        return clean(value) if value else value


class CprColumn(tables.Column):
    """A table column of a row's citizen's CPR number, masked on the page and in exports."""

    def __init__(self, accessor="citizen__cpr", **kwargs):
        kwargs.setdefault("verbose_name", _("CPR-nummer"))
        super().__init__(accessor=accessor, orderable=False, **kwargs)

    def render(self, value):
        return mask(value)

    def value(self, value):
        return mask(value)
