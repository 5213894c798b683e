"""The rankings of the consultant's pages, kept in the shared cache until their data change.

Ranking a slot's candidates (or a candidate's slots) applies every rule to every pair: at
the scale of a whole country's municipalities, seconds of work, while the answer changes
only when a placement, slot, pause, citizen, profile or rule changes. The cache keeps the
order alone (ids, eligible or not); each request ranks again only the rows it shows, with
the same functions, so the page is exactly what ranking everything would show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core import versioned_cache
from placements.models import Slot
from placements.retention import citizens_anonymised

from . import ranking, selectors
from .models import CandidateProfile

VERSION = "matching"
# Also bounds how long anything not in MATCHING_MODELS could leave an order stale (twice
# that for a process's own copy, `versioned_cache.get_or_compute_local`).
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
    # Anonymising blanks birth dates and profiles by update()s, which send no saves.
    versioned_cache.invalidate_on_signal(VERSION, citizens_anonymised)


def _split(ids_and_eligible) -> tuple[list[int], list[int]]:
    ids_and_eligible = list(ids_and_eligible)
    eligible = [pk for pk, ok in ids_and_eligible if ok]
    ineligible = [pk for pk, ok in ids_and_eligible if not ok]
    return eligible, ineligible


@dataclass(frozen=True)
class VacantSlots:
    """The slots vacant in the next 90 days (the board's longest window), by slot id."""

    rows: dict[int, dict]  # pk, title, scheme_name, workplace_name, free_from, …
    facts: dict[int, ranking.SlotFacts]


def vacant(today: dt.date) -> VacantSlots:
    """Read once per data version and kept in each process: every slot page and candidate
    page ranks against these, and at a country's scale (thousands of slots) their vacancy
    query was most of the time of either page. `free_from` is the first free day from today,
    so a shorter window is the slots free by its last day."""
    window = max(selectors.BOARD_WINDOWS)

    def read() -> VacantSlots:
        rows, facts = selectors.vacant_slot_facts(today, window)
        return VacantSlots({row["pk"]: row for row in rows}, {f.slot_id: f for f in facts})

    return versioned_cache.get_or_compute_local(VERSION, f"vacant:{today}:{window}", read, TIMEOUT)


def candidate_facts(today: dt.date) -> list[ranking.CandidateFacts]:
    """Every active candidate's facts for ranking. The same for every slot, so read once per
    data version and kept in each process: at a country's scale thousands of candidates,
    whose query was most of the time of a slot's page. Personal data (birth dates, frikort
    numbers): kept in the process, never in the shared cache."""
    return versioned_cache.get_or_compute_local(
        VERSION,
        f"candidates:{today}",
        lambda: [selectors.candidate_facts(p) for p in selectors.candidates_with_facts(today)],
        TIMEOUT,
        shared=False,
    )


def candidate_order(slot: Slot, today: dt.date) -> tuple[list[int], list[int]]:
    """The slot's candidates, ranked: (eligible citizen ids, ineligible citizen ids)."""

    def rank() -> tuple[list[int], list[int]]:
        facts = vacant(today).facts.get(slot.pk)
        if facts is None:  # not vacant in the next 90 days
            return [], []
        matches = ranking.rank_candidates(
            facts, candidate_facts(today), neighbours=selectors.neighbours(), today=today
        )
        return _split((m.candidate.citizen_id, m.eligible) for m in matches)

    return versioned_cache.get_or_compute(VERSION, f"slot:{slot.pk}:{today}", rank, TIMEOUT)


def ranked_candidates(
    slot: Slot, today: dt.date, citizen_ids: list[int]
) -> tuple[dict | None, list[tuple[ranking.Match, CandidateProfile]]]:
    """The slot's vacancy, and these of its candidates (ids from `candidate_order`) matched,
    each with its profile. No candidates when the slot is not vacant in the next 90 days."""
    vacant_now = vacant(today)
    row = vacant_now.rows.get(slot.pk)
    if row is None:
        return None, []
    profiles = list(selectors.candidates_with_facts(today).filter(citizen_id__in=citizen_ids))
    by_citizen = {p.citizen_id: p for p in profiles}
    matches = ranking.rank_candidates(
        vacant_now.facts[slot.pk],
        (selectors.candidate_facts(p) for p in profiles),
        neighbours=selectors.neighbours(),
        today=today,
    )
    return row, [(m, by_citizen[m.candidate.citizen_id]) for m in matches]


def slot_order(profile: CandidateProfile, today: dt.date) -> tuple[list[int], list[int]]:
    """The candidate's vacant slots, ranked: (eligible slot ids, ineligible slot ids)."""

    def rank() -> tuple[list[int], list[int]]:
        matches = ranked_slots(profile, today)
        return _split((m.slot.slot_id, m.eligible) for m, _row in matches)

    return versioned_cache.get_or_compute(VERSION, f"candidate:{profile.pk}:{today}", rank, TIMEOUT)


def ranked_slots(
    profile: CandidateProfile, today: dt.date, slot_ids: list[int] | None = None
) -> list[tuple[ranking.Match, dict]]:
    """The slots vacant in the candidate's window (only these slots, if given), ranked for
    the candidate, each with its row (pk, title, scheme_name, workplace_name, …)."""
    candidate = selectors.candidate_facts_on(profile, today)
    if candidate is None:  # not looking
        return []
    vacant_now = vacant(today)
    last_day = today + dt.timedelta(days=selectors.CANDIDATE_WINDOW_DAYS)
    facts = [slot for slot in vacant_now.facts.values() if slot.free_from <= last_day]
    if slot_ids is not None:
        wanted = set(slot_ids)
        facts = [slot for slot in facts if slot.slot_id in wanted]
    matches = ranking.rank_slots(candidate, facts, neighbours=selectors.neighbours(), today=today)
    return [(m, vacant_now.rows[m.slot.slot_id]) for m in matches]


def in_order(ids: list[int], pairs, id_of) -> list:
    """`pairs` in the order of `ids` (those still there)."""
    by_id = {id_of(pair): pair for pair in pairs}
    return [by_id[pk] for pk in ids if pk in by_id]
