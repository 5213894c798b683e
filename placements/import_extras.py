"""The HR import's further row content: the citizen's facts, the slot's history and frikort
payments (docs/import.md). Each goes through the same services as the forms.

- Citizen columns set the frikort, fleksjob visitation, seniorjob entitlement and district
  of the row's citizen (new or existing); the visitation is the importer's own column.
- Slot history columns put the row's slot i bero (from–to, with a reason), close it, or
  reopen it, after the row's placement, so a file can tell a slot's life in date order.
- Payment columns register one frikort payment on the row's placement.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisation.models import District
from organisation.spreadsheets import RowError, parse_date, parse_decimal, parse_yes_no, text
from placements import services
from placements.models import Citizen, Placement, Slot

COLUMNS = {
    "frikortnummer": "frikort_number",
    "frikort gyldigt til": "frikort_valid_until",
    "fleksjobvisitation": "has_fleksjob_visitation",
    "ret til seniorjob": "has_seniorjob_entitlement",
    "borgerens bydel": "district",
    "i bero fra": "pause_from",
    "i bero til og med": "pause_to",
    "i bero til": "pause_to",
    "begrundelse for bero": "pause_reason",
    "nedlagt pr": "closed_on",
    "genåbnet pr": "reopened_on",
    "udbetalt den": "paid_on",
    "beløb": "amount",
    "timer udbetalt": "paid_hours",
}
LABELS = {
    "frikort_number": "Frikortnummer",
    "frikort_valid_until": "Frikort gyldigt til",
    "has_fleksjob_visitation": "Fleksjobvisitation",
    "has_seniorjob_entitlement": "Ret til seniorjob",
    "district": "Borgerens bydel",
    "pause_from": "I bero fra",
    "pause_to": "I bero til og med",
    "pause_reason": "Begrundelse for bero",
    "closed_on": "Nedlagt pr.",
    "reopened_on": "Genåbnet pr.",
    "paid_on": "Udbetalt den",
    "amount": "Beløb",
    "paid_hours": "Timer udbetalt",
}
# A service's field names → the column the user sees.
SERVICE_FIELDS = {
    "frikort_number": "frikort_number",
    "frikort_valid_until": "frikort_valid_until",
    "district": "district",
    "pause_from": "pause_from",
    "pause_to": "pause_to",
    "reason": "pause_reason",
    "closed_on": "closed_on",
    "reopens_on": "reopened_on",
    "paid_on": "paid_on",
    "amount": "amount",
    "hours": "paid_hours",
}
PAUSE_FIELDS = {"starts_on": "pause_from", "ends_on": "pause_to"}
FLAGS = ("has_fleksjob_visitation", "has_seniorjob_entitlement")


def _by_name_or_code(model, value, key: str):
    wanted = text(value).lower()
    for obj in model.objects.all():
        if wanted in (obj.code.lower(), obj.name.lower()):
            return obj
    raise RowError(key, _("Ukendt værdi “%(value)s”.") % {"value": value})


def citizen_details(values: dict) -> dict:
    """The citizen fields the row fills in; an empty cell leaves a field as it is."""
    details = {}
    if text(values.get("frikort_number")):
        details["frikort_number"] = text(values["frikort_number"])
    valid_until = parse_date(values.get("frikort_valid_until"), "frikort_valid_until")
    if valid_until is not None:
        details["frikort_valid_until"] = valid_until
    if text(values.get("district")):
        details["district"] = _by_name_or_code(District, values["district"], "district")
    for flag in FLAGS:
        value = parse_yes_no(values.get(flag), flag)
        if value is not None:
            details[flag] = value
    return details


def update_citizen(citizen: Citizen, details: dict, acting_user) -> None:
    changed = {k: v for k, v in details.items() if getattr(citizen, k) != v}
    if changed:
        services.citizen_update(citizen=citizen, acting_user=acting_user, **changed)


def existing_placement(slot: Slot, citizen: Citizen, starts_on) -> Placement | None:
    """A placement an earlier row (or an earlier import) made: its further rows add to it."""
    return Placement.objects.filter(slot=slot, citizen=citizen, starts_on=starts_on).first()


def slot_history(slot: Slot, values: dict, acting_user) -> list[str]:
    """Pause, close and reopen the row's slot, in that order; what was done, for the preview."""
    done = []
    pause_from = parse_date(values.get("pause_from"), "pause_from")
    pause_to = parse_date(values.get("pause_to"), "pause_to")
    if pause_to is not None and pause_from is None:
        raise RowError("pause_from", _("Skal udfyldes, når “I bero til og med” er udfyldt."))
    if pause_from is not None:
        try:
            services.slot_pause(
                slot=slot,
                starts_on=pause_from,
                ends_on=pause_to,
                reason=text(values.get("pause_reason")),
                acting_user=acting_user,
            )
        except ValidationError as error:  # the pause's dates, not the placement's
            raise ValidationError(
                {PAUSE_FIELDS.get(k, k): v for k, v in error.message_dict.items()}
            ) from error
        until = f"{pause_to:%d-%m-%Y}" if pause_to else _("indtil videre")
        done.append(
            _("i bero %(start)s – %(end)s") % {"start": f"{pause_from:%d-%m-%Y}", "end": until}
        )
    closed_on = parse_date(values.get("closed_on"), "closed_on")
    if closed_on is not None:
        services.slot_close(slot=slot, closed_on=closed_on, acting_user=acting_user)
        done.append(_("nedlagt pr. %(day)s") % {"day": f"{closed_on:%d-%m-%Y}"})
    reopened_on = parse_date(values.get("reopened_on"), "reopened_on")
    if reopened_on is not None:
        slot.refresh_from_db()
        services.slot_reopen(slot=slot, reopens_on=reopened_on, acting_user=acting_user)
        done.append(_("genåbnet pr. %(day)s") % {"day": f"{reopened_on:%d-%m-%Y}"})
    return done


def frikort_payment(placement: Placement | None, values: dict, acting_user) -> list[str]:
    paid_on = parse_date(values.get("paid_on"), "paid_on")
    amount = parse_decimal(values.get("amount"), "amount")
    hours = parse_decimal(values.get("paid_hours"), "paid_hours")
    if paid_on is None and amount is None and hours is None:
        return []
    if placement is None:
        raise RowError("paid_on", _("En udbetaling skal stå på en række med et forløb."))
    for key, value in (("paid_on", paid_on), ("amount", amount), ("paid_hours", hours)):
        if value is None:
            raise RowError(key, _("Skal udfyldes for en frikortudbetaling."))
    services.frikort_payment_create(
        placement=placement, paid_on=paid_on, amount=amount, hours=hours, acting_user=acting_user
    )
    return [
        _("udbetalt %(amount)s kr. den %(day)s") % {"amount": amount, "day": f"{paid_on:%d-%m-%Y}"}
    ]
