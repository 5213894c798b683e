"""Slot services: create, edit, pause (i bero), close (nedlæg), reopen.

A slot's life is its spells (`SlotSpell`): opened → closed, reopened → closed again. The
slot's own `opened_on`/`closed_on` summarise them and are kept in step here, in the same
transaction. Called as `placements.services.slot_*` (re-exported there).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.db import violated_constraint
from core.periods import period_text
from core.services import delete_as, raise_errors, save_as
from organisation.models import Workplace
from placements import service_utils as common
from placements.models import Slot, SlotPause, SlotSpell, VacancyReason
from schemes import rules
from schemes.models import Scheme


def _slot_rule_errors(
    *, workplace: Workplace, scheme: Scheme, opened_on: dt.date, hours_per_week: Decimal | None
) -> rules.Errors:
    versions = rules.scheme_rules_between(scheme.pk, opened_on, opened_on)
    rule = rules.rule_on(versions, opened_on)
    if rule is None:
        return {
            "scheme": [
                _("Ordningen %(scheme)s gælder ikke den %(day)s.")
                % {"scheme": scheme, "day": rules.fmt(opened_on)}
            ]
        }
    if rule.last_start_on and opened_on > rule.last_start_on:
        # Running forløb may finish, but a new slot would only wait for a start that cannot be.
        return {
            "scheme": [
                _("Nye forløb i %(scheme)s kan ikke starte efter %(day)s.")
                % {"scheme": scheme, "day": rules.fmt(rule.last_start_on)}
            ]
        }
    return rules.merge(
        rules.check_hours(rules=[rule], scheme_name=str(scheme), hours_per_week=hours_per_week),
        rules.check_workplace_eligibility(
            rule=rule, scheme_name=str(scheme), workplace_is_public=workplace.is_public
        ),
    )


@transaction.atomic
def slot_create(
    *,
    workplace: Workplace,
    scheme: Scheme,
    title: str,
    opened_on: dt.date,
    hours_per_week: Decimal | None = None,
    description: str = "",
    vacancy_reason: VacancyReason | None = None,
    acting_user,
) -> Slot:
    """Register a new slot (plads) at a workplace."""
    raise_errors(
        _slot_rule_errors(
            workplace=workplace, scheme=scheme, opened_on=opened_on, hours_per_week=hours_per_week
        )
    )
    slot = Slot(
        workplace=workplace,
        scheme=scheme,
        title=title,
        description=description,
        hours_per_week=hours_per_week,
        opened_on=opened_on,
        vacancy_reason=vacancy_reason,
    )
    save_as(slot, acting_user)
    save_as(SlotSpell(slot=slot, opened_on=opened_on), acting_user)
    return slot


def _save_with_summary(slot: Slot, acting_user) -> None:
    slot.summarise_spells()
    save_as(slot, acting_user)


def _spell_covering(slot: Slot, day: dt.date) -> SlotSpell | None:
    return slot.spells.covering(day).first()


@transaction.atomic
def slot_update(
    *,
    slot: Slot,
    workplace: Workplace,
    scheme: Scheme,
    title: str,
    opened_on: dt.date,
    hours_per_week: Decimal | None = None,
    description: str = "",
    vacancy_reason: VacancyReason | None = None,
    acting_user,
) -> Slot:
    """Change a slot's data; its workplace and scheme stay put once it holds placements."""
    errors = _slot_rule_errors(
        workplace=workplace, scheme=scheme, opened_on=opened_on, hours_per_week=hours_per_week
    )
    first = slot.placements.order_by("starts_on").first()
    if first is not None:
        if scheme.pk != slot.scheme_id:
            errors = rules.merge(
                errors, {"scheme": [_("Ordningen kan ikke ændres, når pladsen har forløb.")]}
            )
        if workplace.pk != slot.workplace_id:
            errors = rules.merge(
                errors, {"workplace": [_("Arbejdsstedet kan ikke ændres, når pladsen har forløb.")]}
            )
        if opened_on > first.starts_on:
            errors = rules.merge(
                errors,
                {
                    "opened_on": [
                        _("Pladsen har et forløb fra %(day)s: den skal være oprettet senest da.")
                        % {"day": rules.fmt(first.starts_on)}
                    ]
                },
            )
    first_spell = slot.spells.order_by("opened_on").first()
    if first_spell.closed_on and first_spell.closed_on <= opened_on:
        errors = rules.merge(
            errors,
            {
                "opened_on": [
                    _("Pladsen er nedlagt pr. %(day)s.") % {"day": rules.fmt(first_spell.closed_on)}
                ]
            },
        )
    raise_errors(errors)
    if first_spell.opened_on != opened_on:
        first_spell.opened_on = opened_on
        save_as(first_spell, acting_user)
    slot.workplace, slot.scheme, slot.title = workplace, scheme, title
    slot.description, slot.hours_per_week = description, hours_per_week
    slot.vacancy_reason = vacancy_reason
    _save_with_summary(slot, acting_user)
    return slot


@transaction.atomic
def slot_pause(
    *, slot: Slot, starts_on: dt.date, ends_on: dt.date | None, reason: str = "", acting_user
) -> SlotPause:
    """Put a slot i bero from a date (to a date, or until further notice)."""
    slot = common.lock_slot(slot)
    errors = rules.check_dates(starts_on=starts_on, end_on=ends_on, end_field="ends_on")
    if starts_on < slot.opened_on:
        errors = rules.merge(
            errors,
            {
                "starts_on": [
                    _("Pladsen er først oprettet fra %(day)s.") % {"day": rules.fmt(slot.opened_on)}
                ]
            },
        )
    elif _spell_covering(slot, starts_on) is None:
        errors = rules.merge(
            errors,
            {"starts_on": [_("Pladsen er nedlagt den %(day)s.") % {"day": rules.fmt(starts_on)}]},
        )
    if not errors:
        pause = common.pauses_overlapping(slot, starts_on, ends_on).first()
        if pause:
            errors = {
                "starts_on": [
                    _("Pladsen er allerede i bero %(period)s.")
                    % {"period": period_text(pause.starts_on, pause.ends_on)}
                ]
            }
        placement = common.placements_overlapping(slot, starts_on, ends_on).first()
        if placement:
            errors = rules.merge(
                errors,
                {
                    "starts_on": [
                        _(
                            "Pladsen er besat %(period)s. Afslut eller flyt forløbet, "
                            "før pladsen sættes i bero."
                        )
                        % {"period": period_text(placement.starts_on, placement.end_on)}
                    ]
                },
            )
    raise_errors(errors)
    pause = SlotPause(slot=slot, starts_on=starts_on, ends_on=ends_on, reason=reason)
    try:
        with transaction.atomic():
            save_as(pause, acting_user)
    except IntegrityError as error:
        if violated_constraint(error) != "one_pause_per_slot_per_day":
            raise
        raise ValidationError(
            {"starts_on": [_("Pladsen er allerede i bero i en del af perioden.")]}
        ) from error
    return pause


@transaction.atomic
def slot_close(*, slot: Slot, closed_on: dt.date, acting_user) -> Slot:
    """Nedlæg: the slot's last spell ends; it is closed from and including `closed_on`."""
    slot = common.lock_slot(slot)
    spell = slot.spells.order_by("opened_on").last()
    errors: rules.Errors = {}
    if spell.closed_on is not None:
        errors = {
            "closed_on": [
                _("Pladsen er allerede nedlagt pr. %(day)s.") % {"day": rules.fmt(spell.closed_on)}
            ]
        }
    elif closed_on <= spell.opened_on:
        errors = {
            "closed_on": [
                _("Pladsen kan tidligst nedlægges dagen efter, den er åbnet (%(day)s).")
                % {"day": rules.fmt(spell.opened_on)}
            ]
        }
    else:
        running = common.placements_overlapping(slot, closed_on, None).first()
        if running:
            errors = {
                "closed_on": [
                    _(
                        "Pladsen har et forløb %(period)s. Afslut forløbet senest dagen før "
                        "nedlæggelsen."
                    )
                    % {"period": period_text(running.starts_on, running.end_on)}
                ]
            }
    raise_errors(errors)
    spell.closed_on = closed_on
    save_as(spell, acting_user)
    _save_with_summary(slot, acting_user)
    return slot


@transaction.atomic
def slot_reopen(*, slot: Slot, reopens_on: dt.date, acting_user) -> Slot:
    """Open a closed or paused slot again from a date.

    After a closing, the reopening starts a new spell, so the days between stay nedlagt;
    reopening on the closing day itself, or before a closing still to come, cancels the
    closing. A pause that covers the day ends the day before.
    """
    slot = common.lock_slot(slot)
    spell = slot.spells.order_by("opened_on").last()
    if reopens_on < spell.opened_on:
        raise_errors(
            {
                "reopens_on": [
                    _("Pladsen er åbnet igen fra %(day)s: genåbning kan tidligst ske da.")
                    % {"day": rules.fmt(spell.opened_on)}
                ]
            }
        )
    changed = False
    if spell.closed_on is not None:
        if spell.closed_on < reopens_on:
            save_as(SlotSpell(slot=slot, opened_on=reopens_on), acting_user)
        else:
            spell.closed_on = None
            save_as(spell, acting_user)
        _save_with_summary(slot, acting_user)
        changed = True
    for pause in SlotPause.objects.filter(slot=slot).covering(reopens_on):
        if pause.starts_on < reopens_on:
            pause.ends_on = reopens_on - dt.timedelta(days=1)
            save_as(pause, acting_user)
        else:
            delete_as(pause, acting_user)
        changed = True
    if not changed:
        raise_errors(
            {
                "reopens_on": [
                    _("Pladsen er hverken nedlagt eller i bero den %(day)s.")
                    % {"day": rules.fmt(reopens_on)}
                ]
            }
        )
    return slot
