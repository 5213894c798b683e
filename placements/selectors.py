"""Reads with domain names for the HR views: headroom, frikort status, change history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting
from organisation.models import Workplace
from organisation.scope import department_ids_for
from placements import verdict
from placements.models import FrikortPayment, Placement, Slot, SlotPause, SlotSpell
from placements.services import frikort_year_total
from schemes import rules
from schemes.models import SchemeRule


def states_on(slots: list[Slot], day: dt.date) -> list[Slot]:
    """Each slot with its `state` on `day` (Slot.objects.with_state_on), in one query: a
    page of a list, whose ordering and slicing need not derive it for every slot."""
    missing = [slot.pk for slot in slots if not hasattr(slot, "state")]
    if missing:
        states = dict(
            Slot.objects.filter(pk__in=missing).with_state_on(day).values_list("pk", "state")
        )
        for slot in slots:
            if slot.pk in states:
                slot.state = states[slot.pk]
    return slots


# --- Rimelighedskrav ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Headroom:
    """Årsværk in løntilskud + praktik at a workplace on a day, against what it may have."""

    workplace: Workplace
    day: dt.date
    limit: int
    used: Decimal
    ordinary_fte: Decimal
    from_monthly_figures: bool

    @property
    def free(self) -> Decimal:
        return self.limit - self.used


def workplace_headroom(workplace: Workplace, day: dt.date) -> Headroom:
    load = verdict.workplace_load(workplace, day, day, None)
    return Headroom(
        workplace=workplace,
        day=day,
        limit=rules.reasonableness_limit(load.ordinary_fte),
        used=rules.max_load(load.counted, day, day),
        ordinary_fte=load.ordinary_fte,
        from_monthly_figures=load.from_monthly_figures,
    )


# --- Socialt frikort ----------------------------------------------------------------------------


def is_frikort_placement(placement: Placement) -> bool:
    """Whether the placement's scheme (as in force on its start) is småjob under frikort."""
    return (
        SchemeRule.objects.valid_on(placement.starts_on)
        .filter(scheme_id=placement.slot.scheme_id, needs_frikort=True)
        .exists()
    )


@dataclass(frozen=True)
class FrikortStatus:
    """A citizen's frikort payments this year against the limit in force.

    The limit counts every department's payments (`total`), but an amount is shown only to
    the department that paid it: `own_total` is what the user's departments paid, None for a
    user who sees every department. Someone with `own_total` sees whether the limit is near
    or passed (`warn`, `exceeded`), never the other departments' amounts or the share.
    """

    year: int
    limit: Decimal | None
    total: Decimal
    own_total: Decimal | None = None

    @property
    def share(self) -> Decimal | None:
        return self.total / self.limit if self.limit else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else int(self.share * 100)

    @property
    def warn(self) -> bool:
        return self.share is not None and self.share >= rules.FRIKORT_WARNING_SHARE

    @property
    def exceeded(self) -> bool:
        return self.limit is not None and self.total > self.limit


def frikort_status(citizen, day: dt.date, *, user) -> FrikortStatus:
    limit = rules.frikort_limit_on(day)
    own_total = None
    if department_ids_for(user) is not None:
        own_total = FrikortPayment.objects.for_user(user).filter(
            placement__citizen=citizen, paid_on__year=day.year
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return FrikortStatus(
        year=day.year,
        limit=limit.amount if limit else None,
        total=frikort_year_total(citizen=citizen, year=day.year),
        own_total=own_total,
    )


# --- History -------------------------------------------------------------------------------------

NOT_SHOWN = {"id", "period", "created_at", "slot", "placement", "citizen", "created_by"}
KINDS = {"+": gettext_lazy("Oprettet"), "~": gettext_lazy("Ændret"), "-": gettext_lazy("Slettet")}


@dataclass
class HistoryEntry:
    at: dt.datetime
    user: str
    kind: str
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model_field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return str(related.get((model_field.related_model, value), value))
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dt.date):
        return formatting.date(value)
    if isinstance(value, Decimal):
        return formatting.number(value)
    return str(value)


def _entries(records, model, subject: str) -> tuple[list[HistoryEntry], list]:
    """History entries from one model's records (oldest first) and the FK values they hold."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in NOT_SHOWN and not f.primary_key and not f.generated
    ]
    entries, previous, raw = [], {}, []
    for record in records:
        values = {f.name: getattr(record, f.attname) for f in fields}
        before = previous.get(record.id, {})
        changes = []
        if record.history_type != "-":
            for f in fields:
                old, new = before.get(f.name), values[f.name]
                if old != new and not (record.history_type == "+" and new in (None, "")):
                    changes.append((f, old, new))
        previous[record.id] = values
        raw.append(changes)
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=(
                    record.history_user.get_full_name() or record.history_user.get_username()
                    if record.history_user
                    else _("systemet")
                ),
                kind=str(KINDS.get(record.history_type, record.history_type)),
                subject=subject,
            )
        )
    return entries, raw


def _resolve(groups) -> list[HistoryEntry]:
    """Turn raw field changes into text, looking up foreign keys once per related model."""
    wanted: dict = {}
    for _unused, raw in groups:
        for changes in raw:
            for f, old, new in changes:
                if isinstance(f, models.ForeignKey):
                    wanted.setdefault(f.related_model, set()).update(
                        v for v in (old, new) if v is not None
                    )
    related = {
        (model, pk): obj
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }
    result = []
    for entries, raw in groups:
        for entry, changes in zip(entries, raw, strict=True):
            entry.changes = [
                (str(f.verbose_name), _display(f, old, related), _display(f, new, related))
                for f, old, new in changes
            ]
            result.append(entry)
    return sorted(result, key=lambda entry: entry.at, reverse=True)


HISTORY_LIMIT = 100


def _records(history_manager, **filters):
    records = (
        history_manager.filter(**filters)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_LIMIT]
    )
    return list(reversed(records))


def slot_history(slot: Slot) -> list[HistoryEntry]:
    """Changes of the slot, its spells and its pauses (also deleted ones), newest first."""
    return _resolve(
        [
            _entries(_records(Slot.history, id=slot.pk), Slot, _("Plads")),
            _entries(_records(SlotSpell.history, slot_id=slot.pk), SlotSpell, _("Åbningsperiode")),
            _entries(_records(SlotPause.history, slot_id=slot.pk), SlotPause, _("Pause")),
        ]
    )


def placement_history(placement: Placement) -> list[HistoryEntry]:
    """Changes of the placement and its frikort payments, newest first."""
    return _resolve(
        [
            _entries(_records(Placement.history, id=placement.pk), Placement, _("Forløb")),
            _entries(
                _records(FrikortPayment.history, placement_id=placement.pk),
                FrikortPayment,
                _("Frikortudbetaling"),
            ),
        ]
    )
