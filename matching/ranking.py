"""Who fits which slot: hard eligibility first, then a transparent score with its reasons.

Plain functions over plain values (no queries): `matching.selectors` fetches the facts, and
the tests feed them by hand. Eligibility is the verdict of `schemes.verdict.assess`, the
same function every registry path asks; the SQL has already kept only vacant slots. The
score adds up a few visible points, each with a sentence in Danish that the page shows next
to the candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from core.formatting import number as _hours
from schemes import rules
from schemes.verdict import Person, Proposal, RuleBook, assess, ordinary_last_day

# The points, in one place, so the page can explain them (docs/matching.md).
SAME_DISTRICT = 30
NEIGHBOUR_DISTRICT = 15
HOURS_EXACT = 20
HOURS_CLOSE = 10
HOURS_CLOSE_WITHIN = Decimal("5")
HOURS_UNKNOWN = 5
PER_MONTH_WAITING = 2
MAX_MONTHS_WAITING = 12
PREFERRED_SCHEME = 25
NO_PREFERENCE = 5


@dataclass(frozen=True)
class SlotFacts:
    slot_id: int
    scheme_name: str
    scheme_id: int
    district_id: int | None
    district_name: str
    hours_per_week: Decimal | None
    free_from: dt.date
    workplace_is_public: bool = True
    book: RuleBook | None = None
    days_vacant: int = 0


@dataclass(frozen=True)
class CandidateFacts:
    citizen_id: int
    district_id: int | None = None
    district_name: str = ""
    wanted_hours: Decimal | None = None
    earliest_start: dt.date | None = None
    preferred_scheme_ids: frozenset[int] = frozenset()
    benefit_id: int | None = None
    readiness_id: int | None = None
    # The rules' facts: frikort, visitations, birth date, insurance, current placements.
    person: Person = field(default_factory=Person)
    last_placement_end: dt.date | None = None
    profile_created: dt.date | None = None


@dataclass(frozen=True)
class Reason:
    """Points and why, in Danish. The sentence is translated and its dates and hours
    formatted when shown, not when scored: a page scores thousands of pairs and shows a few."""

    points: int
    message: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        if not self.params:
            return _(self.message)
        return _(self.message) % {key: _shown(value) for key, value in self.params.items()}


def _shown(value: object) -> object:
    """A reason's value as the page shows it: Danish dates and hours."""
    if isinstance(value, dt.date):
        return rules.fmt(value)
    if isinstance(value, Decimal):
        return _hours(value)
    return value


@dataclass(frozen=True)
class Match:
    candidate: CandidateFacts
    slot: SlotFacts
    starts_on: dt.date
    end_on: dt.date | None
    hours_per_week: Decimal | None
    problems: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def eligible(self) -> bool:
        return not self.problems

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    @property
    def waiting_days(self) -> int:
        return _waiting_days(self.candidate, self.starts_on)


# --- Dates ----------------------------------------------------------------------------------------


def proposed_start(candidate: CandidateFacts, slot: SlotFacts, today: dt.date) -> dt.date:
    """The first day both are ready: the slot is free and the citizen can start."""
    return max(today, slot.free_from, candidate.earliest_start or today)


def proposal_for(
    candidate: CandidateFacts,
    starts_on: dt.date,
    end_on: dt.date | None,
    hours_per_week: Decimal | None,
) -> Proposal:
    """The ranking's proposal: the citizen's current benefit and visitation, no extension."""
    return Proposal(
        starts_on=starts_on,
        end_on=end_on,
        hours_per_week=hours_per_week,
        benefit_id=candidate.benefit_id,
        readiness_id=candidate.readiness_id,
    )


def proposed_end(candidate: CandidateFacts, slot: SlotFacts, starts_on: dt.date) -> dt.date | None:
    """The last day the målgruppe's ordinary cap allows; None when it has no cap."""
    if slot.book is None:
        return None
    return ordinary_last_day(slot.book, proposal_for(candidate, starts_on, None, None))


# --- Hard eligibility ----------------------------------------------------------------------------


def eligibility_problems(
    candidate: CandidateFacts,
    slot: SlotFacts,
    *,
    starts_on: dt.date,
    end_on: dt.date | None,
    hours_per_week: Decimal | None,
) -> list[str]:
    """Why the citizen cannot be placed in the slot on these dates (empty: eligible)."""
    verdict = assess(
        proposal_for(candidate, starts_on, end_on, hours_per_week),
        book=slot.book or RuleBook(slot.scheme_name, ()),
        person=candidate.person,
        workplace_is_public=slot.workplace_is_public,
    )
    return verdict.messages


# --- Score -----------------------------------------------------------------------------------------


def district_reason(
    candidate: CandidateFacts, slot: SlotFacts, neighbours: Mapping[int, frozenset[int]]
) -> Reason:
    if candidate.district_id is None or slot.district_id is None:
        return Reason(0, N_("Bydel ikke oplyst"))
    if candidate.district_id == slot.district_id:
        return Reason(SAME_DISTRICT, N_("Bor i samme bydel (%(s)s)"), {"s": slot.district_name})
    params = {"c": candidate.district_name, "s": slot.district_name}
    if candidate.district_id in neighbours.get(slot.district_id, frozenset()):
        return Reason(
            NEIGHBOUR_DISTRICT, N_("Bor i nabobydelen %(c)s (pladsen er i %(s)s)"), params
        )
    return Reason(0, N_("Bor i %(c)s, langt fra %(s)s"), params)


def hours_reason(candidate: CandidateFacts, slot: SlotFacts) -> Reason:
    wanted, offered = candidate.wanted_hours, slot.hours_per_week
    if wanted is None or offered is None:
        return Reason(HOURS_UNKNOWN, N_("Timetallet aftales"))
    params = {"offered": offered, "wanted": wanted}
    difference = abs(offered - wanted)
    if difference == 0:
        return Reason(HOURS_EXACT, N_("Timetallet passer (%(offered)s timer om ugen)"), params)
    if difference <= HOURS_CLOSE_WITHIN:
        return Reason(
            HOURS_CLOSE,
            N_("Timetallet er tæt på ønsket (pladsen %(offered)s, ønsker %(wanted)s)"),
            params,
        )
    return Reason(0, N_("Timetallet passer ikke (pladsen %(offered)s, ønsker %(wanted)s)"), params)


def _waiting_since(candidate: CandidateFacts) -> dt.date | None:
    return candidate.last_placement_end or candidate.profile_created


def _waiting_days(candidate: CandidateFacts, today: dt.date) -> int:
    since = _waiting_since(candidate)
    return max(0, (today - since).days) if since else 0


def waiting_reason(candidate: CandidateFacts, today: dt.date) -> Reason:
    since = _waiting_since(candidate)
    if since is None:
        return Reason(0, N_("Ventetid ukendt"))
    days = _waiting_days(candidate, today)
    points = min(days // 30, MAX_MONTHS_WAITING) * PER_MONTH_WAITING
    if candidate.last_placement_end:
        message = N_("Har ventet %(days)s dage siden sidste forløb (%(day)s)")
    else:
        message = N_("Har ventet %(days)s dage siden profilen blev oprettet (%(day)s)")
    return Reason(points, message, {"days": days, "day": since})


def scheme_reason(candidate: CandidateFacts, slot: SlotFacts) -> Reason:
    if not candidate.preferred_scheme_ids:
        return Reason(NO_PREFERENCE, N_("Ingen ønsker om ordning"))
    params = {"scheme": slot.scheme_name}
    if slot.scheme_id in candidate.preferred_scheme_ids:
        return Reason(PREFERRED_SCHEME, N_("Ønsker %(scheme)s"), params)
    return Reason(0, N_("Har ønsket andre ordninger end %(scheme)s"), params)


# --- Matching and ranking -----------------------------------------------------------------------


def match(
    candidate: CandidateFacts,
    slot: SlotFacts,
    *,
    neighbours: Mapping[int, frozenset[int]],
    today: dt.date,
) -> Match:
    """One candidate against one slot: dates, hard problems, and the score's reasons."""
    starts_on = proposed_start(candidate, slot, today)
    end_on = proposed_end(candidate, slot, starts_on)
    hours = slot.hours_per_week if slot.hours_per_week is not None else candidate.wanted_hours
    problems = eligibility_problems(
        candidate, slot, starts_on=starts_on, end_on=end_on, hours_per_week=hours
    )
    reasons = (
        district_reason(candidate, slot, neighbours),
        hours_reason(candidate, slot),
        waiting_reason(candidate, today),
        scheme_reason(candidate, slot),
    )
    return Match(candidate, slot, starts_on, end_on, hours, tuple(problems), reasons)


def _order(matches: Iterable[Match], tie_break) -> list[Match]:
    return sorted(matches, key=lambda m: (not m.eligible, -m.score, *tie_break(m)))


def rank_candidates(
    slot: SlotFacts,
    candidates: Iterable[CandidateFacts],
    *,
    neighbours: Mapping[int, frozenset[int]],
    today: dt.date,
) -> list[Match]:
    """A slot's candidates: eligible first by score, then longest waiting; ineligible last."""
    matches = (match(c, slot, neighbours=neighbours, today=today) for c in candidates)
    return _order(matches, lambda m: (-m.waiting_days, m.candidate.citizen_id))


def rank_slots(
    candidate: CandidateFacts,
    slots: Iterable[SlotFacts],
    *,
    neighbours: Mapping[int, frozenset[int]],
    today: dt.date,
) -> list[Match]:
    """A citizen's slots: eligible first by score, then longest vacant; ineligible last.

    The same matches as `match` slot by slot, but a whole municipality has thousands of
    vacant slots and far fewer distinct schemes, hours, start days and districts: each
    verdict and reason is worked out once per distinct value and shared.
    """
    verdicts: dict[tuple, tuple[dt.date | None, tuple[str, ...]]] = {}
    reasons: dict[tuple, Reason] = {}
    waiting = waiting_reason(candidate, today)

    def reason(key: tuple, work) -> Reason:
        if key not in reasons:
            reasons[key] = work()
        return reasons[key]

    def one(slot: SlotFacts) -> Match:
        starts_on = proposed_start(candidate, slot, today)
        hours = slot.hours_per_week if slot.hours_per_week is not None else candidate.wanted_hours
        # Everything the verdict reads from the slot: its scheme (rule book), workplace kind.
        key = (id(slot.book), slot.scheme_name, slot.workplace_is_public, starts_on, hours)
        if key not in verdicts:
            end_on = proposed_end(candidate, slot, starts_on)
            problems = eligibility_problems(
                candidate, slot, starts_on=starts_on, end_on=end_on, hours_per_week=hours
            )
            verdicts[key] = (end_on, tuple(problems))
        end_on, problems = verdicts[key]
        return Match(
            candidate,
            slot,
            starts_on,
            end_on,
            hours,
            problems,
            (
                reason(
                    ("district", slot.district_id, slot.district_name),
                    lambda: district_reason(candidate, slot, neighbours),
                ),
                reason(("hours", slot.hours_per_week), lambda: hours_reason(candidate, slot)),
                waiting,
                reason(
                    ("scheme", slot.scheme_id, slot.scheme_name),
                    lambda: scheme_reason(candidate, slot),
                ),
            ),
        )

    return _order(map(one, slots), lambda m: (-m.slot.days_vacant, m.slot.slot_id))
