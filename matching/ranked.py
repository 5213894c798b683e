"""The rankings of the consultant's pages, kept in the shared cache until their data change.

Ranking a slot's candidates (or a candidate's slots) applies every rule to every pair: at
the scale of a whole country's municipalities, seconds of work, while the answer changes
only when a placement, slot, pause, citizen, profile or rule changes. The cache keeps the
order alone (ids, eligible or not); each request ranks again only the rows it shows, with
the same functions, so the page is exactly what ranking everything would show.
"""

from __future__ import annotations

import datetime as dt

from core import versioned_cache
from placements.models import Slot

from . import selectors
from .models import CandidateProfile

VERSION = "matching"
# Also bounds how long anything not in MATCHING_MODELS could leave an order stale.
TIMEOUT = 10 * 60

# What a ranking and the board read (app_label.ModelName): a change to any of them is a new
# version.
MATCHING_MODELS = [
    "placements.Placement",
    "placements.Slot",
    "placements.SlotPause",
    "placements.SlotSpell",
    "placements.Citizen",
    "placements.PartTimeInsurance",
    "matching.CandidateProfile",
    "matching.Referral",  # the board's open proposals
    "organisation.DepartmentSpell",
    "organisation.Workplace",
    "organisation.District",
    "schemes.Scheme",
    "schemes.SchemeRule",
    "schemes.TargetGroup",
    "schemes.TargetGroupRule",
    "schemes.EarlyRetirementAge",
]


def connect_signals() -> None:
    """Called from MatchingConfig.ready."""
    versioned_cache.invalidate_on_change(VERSION, MATCHING_MODELS)


def _split(ids_and_eligible) -> tuple[list[int], list[int]]:
    ids_and_eligible = list(ids_and_eligible)
    eligible = [pk for pk, ok in ids_and_eligible if ok]
    ineligible = [pk for pk, ok in ids_and_eligible if not ok]
    return eligible, ineligible


def candidate_order(slot: Slot, today: dt.date) -> tuple[list[int], list[int]]:
    """The slot's candidates, ranked: (eligible citizen ids, ineligible citizen ids)."""

    def rank() -> tuple[list[int], list[int]]:
        _row, matches = selectors.ranked_candidates(slot, today)
        return _split((m.candidate.citizen_id, m.eligible) for m, _profile in matches)

    return versioned_cache.get_or_compute(VERSION, f"slot:{slot.pk}:{today}", rank, TIMEOUT)


def slot_order(profile: CandidateProfile, today: dt.date) -> tuple[list[int], list[int]]:
    """The candidate's vacant slots, ranked: (eligible slot ids, ineligible slot ids)."""

    def rank() -> tuple[list[int], list[int]]:
        matches = selectors.ranked_slots(profile, today)
        return _split((m.slot.slot_id, m.eligible) for m, _row in matches)

    return versioned_cache.get_or_compute(VERSION, f"candidate:{profile.pk}:{today}", rank, TIMEOUT)


def in_order(ids: list[int], pairs, id_of) -> list:
    """`pairs` in the order of `ids` (those still there)."""
    by_id = {id_of(pair): pair for pair in pairs}
    return [by_id[pk] for pk in ids if pk in by_id]
