"""The day of the slot-state table: any date the user picks, the period's last day if none.

Read from the status page's query string, the exports' and the PDF request's, so the page,
its CSV/XLSX/JSON and the PDF show the slots on the same day.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.forms import DKFDSForm
from core.periods import FIRST_YEAR

FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


class SlotDateForm(DKFDSForm):
    slots_on = forms.DateField(
        label=_("Pladsernes tilstand pr."),
        required=False,
        help_text=_("Dato som dd-mm-åååå. Tom: periodens sidste dag."),
        error_messages={"invalid": _("Skriv datoen som dd-mm-åååå, fx 30-09-2015.")},
    )

    def clean_slots_on(self) -> dt.date | None:
        day = self.cleaned_data["slots_on"]
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Vælg en dato fra %(first)s til %(last)s.")
                % {"first": formatting.date(FIRST_DAY), "last": formatting.date(LAST_DAY)}
            )
        return day


def slot_date(data) -> tuple[SlotDateForm, dt.date | None]:
    """The bound form and the chosen day (None: the period's last day, also on a bad date)."""
    form = SlotDateForm({"slots_on": data.get("slots_on", "")})
    return form, form.cleaned_data["slots_on"] if form.is_valid() else None
