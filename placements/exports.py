"""The HR lists as spreadsheets in the import's own columns (docs/import.md), so that an
exported file can be corrected and imported again; an unchanged file changes nothing.

Columns the import does not know (Arbejdssted, Status, …) are there for reading and are
ignored by the import. CPR numbers stay masked: the import recognises a placement that
exists by its slot, start date and masked CPR number.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core import cpr as cpr_numbers
from placements.importers import LABELS
from placements.models import Outcome, SlotState

OUTCOME_LABELS = dict(Outcome.choices)
STATE_LABELS = dict(SlotState.choices)


def slot_rows(slots) -> tuple[list, list[list]]:
    """`slots` annotated with `state` (Slot.objects.with_state_on)."""
    header = [
        LABELS["p_number"],
        _("Arbejdssted"),
        LABELS["scheme"],
        LABELS["title"],
        LABELS["description"],
        LABELS["opened_on"],
        LABELS["hours"],
        _("Nedlagt pr."),
        _("Status"),
    ]
    rows = [
        [
            slot.workplace.p_number,
            slot.workplace.name,
            slot.scheme.name,
            slot.title,
            slot.description,
            slot.opened_on,
            slot.hours_per_week,
            slot.closed_on,
            STATE_LABELS.get(getattr(slot, "state", None), ""),
        ]
        for slot in slots
    ]
    return header, rows


def placement_rows(placements) -> tuple[list, list[list]]:
    header = [
        LABELS["p_number"],
        _("Arbejdssted"),
        LABELS["scheme"],
        LABELS["title"],
        LABELS["cpr"],
        LABELS["name"],
        LABELS["benefit"],
        LABELS["starts_on"],
        LABELS["planned_end_on"],
        LABELS["ended_on"],
        LABELS["outcome"],
        LABELS["hours"],
    ]
    rows = [
        [
            p.slot.workplace.p_number,
            p.slot.workplace.name,
            p.slot.scheme.name,
            p.slot.title,
            cpr_numbers.mask(p.citizen.cpr),
            p.citizen.name,
            p.benefit.name if p.benefit else None,
            p.starts_on,
            p.planned_end_on,
            p.ended_on,
            OUTCOME_LABELS.get(p.outcome) if p.outcome else None,
            p.hours_per_week,
        ]
        for p in placements
    ]
    return header, rows

