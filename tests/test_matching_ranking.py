"""Ranking and eligibility as plain functions: table-driven, no database."""

import datetime as dt
from decimal import Decimal

import pytest

from matching import ranking
from matching.ranking import CandidateFacts, SlotFacts
from schemes.models import SchemeRule, TargetGroupRule
from schemes.verdict import Person, RuleBook

TODAY = dt.date(2026, 3, 2)
D = dt.date

NOERREBRO, OESTERBRO, VALBY = 1, 2, 3
NEIGHBOURS = {NOERREBRO: frozenset({OESTERBRO}), OESTERBRO: frozenset({NOERREBRO})}
NAMES = {NOERREBRO: "Nørrebro", OESTERBRO: "Østerbro", VALBY: "Valby", None: ""}

PRAKTIK, SMAAJOB, FLEKSJOB, SENIORJOB, JOBROTATION = 10, 11, 12, 13, 14


def rule(**flags) -> SchemeRule:
    """An unsaved rule version: plain values, as the selectors fetch them."""
    return SchemeRule(valid_from=flags.pop("valid_from", D(2010, 1, 1)), **flags)


VERSIONS = {
    PRAKTIK: (rule(max_hours_per_week=Decimal("37"), counts_in_reasonableness=True),),
    SMAAJOB: (rule(needs_frikort=True, valid_from=D(2019, 1, 1)),),
    FLEKSJOB: (rule(needs_fleksjob_visitation=True),),
    SENIORJOB: (rule(needs_seniorjob_entitlement=True, max_hours_per_week=Decimal("37")),),
    JOBROTATION: (rule(valid_to=D(2025, 12, 31)),),
}
# Praktik's rule for every målgruppe without its own: 13 weeks, extendable to 26.
GROUP_RULES = {
    PRAKTIK: (
        TargetGroupRule(
            valid_from=D(2020, 1, 1), max_weeks=13, extendable_to_weeks=26, special_need_weeks=13
        ),
    ),
}
SCHEME_NAMES = {
    PRAKTIK: "Virksomhedspraktik",
    SMAAJOB: "Småjob under socialt frikort",
    FLEKSJOB: "Fleksjob",
    SENIORJOB: "Seniorjob",
    JOBROTATION: "Jobrotation",
}


def slot(scheme=PRAKTIK, district=NOERREBRO, hours="20", free_from=TODAY, **extra) -> SlotFacts:
    return SlotFacts(
        slot_id=extra.pop("slot_id", 1),
        scheme_name=SCHEME_NAMES[scheme],
        scheme_id=scheme,
        district_id=district,
        district_name=NAMES[district],
        hours_per_week=Decimal(hours) if hours is not None else None,
        free_from=free_from,
        book=RuleBook(SCHEME_NAMES[scheme], VERSIONS[scheme], GROUP_RULES.get(scheme, ())),
        **extra,
    )


def candidate(**values) -> CandidateFacts:
    values.setdefault("citizen_id", 1)
    values.setdefault("district_id", NOERREBRO)
    values["district_name"] = NAMES[values["district_id"]]
    values.setdefault("profile_created", TODAY)
    if "wanted_hours" in values and values["wanted_hours"] is not None:
        values["wanted_hours"] = Decimal(values["wanted_hours"])
    person = {key: values.pop(key) for key in PERSON_FIELDS if key in values}
    return CandidateFacts(person=Person(**person), **values)


PERSON_FIELDS = (
    "frikort_number",
    "frikort_valid_until",
    "has_fleksjob_visitation",
    "has_seniorjob_entitlement",
    "busy",
)


def problems(c: CandidateFacts, s: SlotFacts) -> list[str]:
    return list(ranking.match(c, s, neighbours=NEIGHBOURS, today=TODAY).problems)


# --- Hard eligibility -------------------------------------------------------------------------

ELIGIBILITY = [
    # (case, candidate, slot, expected problem fragments; [] = eligible)
    ("praktik, nothing special needed", candidate(), slot(), []),
    (
        "småjob with a valid frikort",
        candidate(frikort_number="FK-1", frikort_valid_until=D(2026, 12, 31)),
        slot(SMAAJOB),
        [],
    ),
    (
        "småjob with an open-ended frikort",
        candidate(frikort_number="FK-1"),
        slot(SMAAJOB),
        [],
    ),
    (
        "småjob, frikort expired",
        candidate(frikort_number="FK-1", frikort_valid_until=D(2026, 2, 28)),
        slot(SMAAJOB),
        ["ikke et gyldigt socialt frikort"],
    ),
    (
        "småjob, frikort expires before the citizen can start",
        candidate(
            frikort_number="FK-1",
            frikort_valid_until=D(2026, 3, 31),
            earliest_start=D(2026, 4, 15),
        ),
        slot(SMAAJOB),
        ["ikke et gyldigt socialt frikort"],
    ),
    ("småjob, no frikort", candidate(), slot(SMAAJOB), ["ikke et gyldigt socialt frikort"]),
    ("fleksjob without visitation", candidate(), slot(FLEKSJOB), ["ikke visiteret til fleksjob"]),
    ("fleksjob with visitation", candidate(has_fleksjob_visitation=True), slot(FLEKSJOB), []),
    ("seniorjob without entitlement", candidate(), slot(SENIORJOB), ["ikke ret til seniorjob"]),
    (
        "seniorjob with entitlement",
        candidate(has_seniorjob_entitlement=True),
        slot(SENIORJOB),
        [],
    ),
    (
        "slot's hours exceed the praktik cap of 37",
        candidate(),
        slot(PRAKTIK, hours="40"),
        ["Virksomhedspraktik må højst være 37 timer om ugen."],
    ),
    (
        "slot without hours: the candidate's wish is checked against the cap",
        candidate(wanted_hours="38"),
        slot(PRAKTIK, hours=None),
        ["højst være 37 timer"],
    ),
    (
        "fleksjob has no hours cap",
        candidate(has_fleksjob_visitation=True),
        slot(FLEKSJOB, hours="10"),
        [],
    ),
    (
        "already placed on the dates",
        candidate(busy=((D(2026, 1, 1), D(2026, 6, 30)),)),
        slot(),
        ["allerede i et forløb fra 01-01-2026 til og med 30-06-2026"],
    ),
    (
        "an open-ended placement blocks every later date",
        candidate(busy=((D(2025, 1, 1), None),)),
        slot(),
        ["allerede i et forløb fra 01-01-2025 og frem"],
    ),
    (
        "a placement ending before the proposed start does not block",
        candidate(busy=((D(2026, 1, 1), D(2026, 3, 1)),)),
        slot(),
        [],
    ),
    (
        "a placement starting after the praktik's 13 weeks does not block",
        candidate(busy=((D(2026, 6, 1), None),)),
        slot(),
        [],
    ),
    (
        "a scheme abolished before the start",
        candidate(),
        slot(JOBROTATION),
        ["Jobrotation gælder ikke den 02-03-2026"],
    ),
]


@pytest.mark.parametrize(
    ("case", "the_candidate", "the_slot", "expected"),
    ELIGIBILITY,
    ids=[row[0] for row in ELIGIBILITY],
)
def test_eligibility(case, the_candidate, the_slot, expected):
    found = problems(the_candidate, the_slot)
    if not expected:
        assert found == []
    for fragment in expected:
        assert any(fragment in problem for problem in found), (fragment, found)


# --- Dates ----------------------------------------------------------------------------------------

DATES = [
    # (case, candidate, slot, expected start, expected end)
    ("today, praktik 13 weeks", candidate(), slot(), TODAY, D(2026, 5, 31)),
    (
        "the citizen starts later",
        candidate(earliest_start=D(2026, 4, 1)),
        slot(),
        D(2026, 4, 1),
        D(2026, 6, 30),
    ),
    (
        "the slot is free later",
        candidate(),
        slot(free_from=D(2026, 3, 16)),
        D(2026, 3, 16),
        D(2026, 6, 14),
    ),
    ("no cap: open-ended", candidate(has_fleksjob_visitation=True), slot(FLEKSJOB), TODAY, None),
]


@pytest.mark.parametrize(
    ("case", "the_candidate", "the_slot", "start", "end"), DATES, ids=[r[0] for r in DATES]
)
def test_proposed_dates(case, the_candidate, the_slot, start, end):
    result = ranking.match(the_candidate, the_slot, neighbours=NEIGHBOURS, today=TODAY)
    assert (result.starts_on, result.end_on) == (start, end)


# --- Score ----------------------------------------------------------------------------------------

SCORES = [
    # (case, candidate, slot, {reason fragment: points})
    (
        "same district, exact hours, preferred scheme, new profile",
        candidate(wanted_hours="20", preferred_scheme_ids=frozenset({PRAKTIK})),
        slot(),
        {"samme bydel": 30, "Timetallet passer": 20, "ventet 0 dage": 0, "Ønsker Virk": 25},
    ),
    (
        "neighbouring district, hours close, other schemes wanted",
        candidate(
            district_id=OESTERBRO, wanted_hours="16", preferred_scheme_ids=frozenset({FLEKSJOB})
        ),
        slot(),
        {"nabobydelen Østerbro": 15, "tæt på ønsket": 10, "andre ordninger": 0},
    ),
    (
        "far away, hours do not fit, no preference",
        candidate(district_id=VALBY, wanted_hours="37"),
        slot(),
        {"Bor i Valby": 0, "passer ikke": 0, "Ingen ønsker": 5},
    ),
    (
        "no hours known on either side",
        candidate(),
        slot(hours=None),
        {"Timetallet aftales": 5},
    ),
    (
        "waited 95 days since the last placement: 3 months × 2",
        candidate(last_placement_end=TODAY - dt.timedelta(days=95)),
        slot(),
        {"ventet 95 dage siden sidste forløb": 6},
    ),
    (
        "waited two years since the profile: capped at 12 months",
        candidate(profile_created=TODAY - dt.timedelta(days=730)),
        slot(),
        {"siden profilen blev oprettet": 24},
    ),
]


@pytest.mark.parametrize(
    ("case", "the_candidate", "the_slot", "expected"), SCORES, ids=[r[0] for r in SCORES]
)
def test_score_reasons(case, the_candidate, the_slot, expected):
    result = ranking.match(the_candidate, the_slot, neighbours=NEIGHBOURS, today=TODAY)
    for fragment, points in expected.items():
        reason = next((r for r in result.reasons if fragment in r.text), None)
        assert reason is not None, (fragment, result.reasons)
        assert reason.points == points, (fragment, reason)
    assert result.score == sum(r.points for r in result.reasons)


def test_candidates_are_ranked_eligible_first_then_by_score_then_waiting():
    near = candidate(citizen_id=1, wanted_hours="20")
    neighbour = candidate(citizen_id=2, district_id=OESTERBRO, wanted_hours="20")
    far_waiting = candidate(
        citizen_id=3,
        district_id=VALBY,
        wanted_hours="20",
        profile_created=TODAY - dt.timedelta(days=100),
    )
    equal_but_waited_longer = candidate(
        citizen_id=4, wanted_hours="20", profile_created=TODAY - dt.timedelta(days=10)
    )
    placed = candidate(citizen_id=5, busy=((D(2026, 1, 1), None),))
    ranked = ranking.rank_candidates(
        slot(),
        [placed, far_waiting, neighbour, near, equal_but_waited_longer],
        neighbours=NEIGHBOURS,
        today=TODAY,
    )
    assert [m.candidate.citizen_id for m in ranked] == [4, 1, 2, 3, 5]
    assert [m.eligible for m in ranked] == [True, True, True, True, False]


def test_slots_are_ranked_for_a_citizen_with_longest_vacant_first_on_a_tie():
    citizen = candidate(wanted_hours="20", preferred_scheme_ids=frozenset({PRAKTIK}))
    slots = [
        slot(slot_id=1, district=VALBY),
        slot(slot_id=2, days_vacant=5),
        slot(slot_id=3, days_vacant=40),
        slot(SMAAJOB, slot_id=4),  # no frikort: not eligible
    ]
    ranked = ranking.rank_slots(citizen, slots, neighbours=NEIGHBOURS, today=TODAY)
    assert [m.slot.slot_id for m in ranked] == [3, 2, 1, 4]
    assert not ranked[-1].eligible


def test_ranking_many_slots_shares_work_but_gives_each_slots_own_match():
    """rank_slots works out each verdict and reason once per distinct scheme, hours, start
    and district; every match must still be the one `match` gives for that slot alone."""
    books = {
        scheme: RuleBook(SCHEME_NAMES[scheme], VERSIONS[scheme], GROUP_RULES.get(scheme, ()))
        for scheme in SCHEME_NAMES
    }
    citizen = candidate(
        district_id=OESTERBRO,
        wanted_hours="15",
        preferred_scheme_ids=frozenset({FLEKSJOB}),
        frikort_number="FK-1",
        frikort_valid_until=D(2026, 3, 20),
        busy=((D(2026, 3, 10), D(2026, 3, 12)),),
    )
    slots = [
        SlotFacts(
            slot_id=n,
            scheme_name=SCHEME_NAMES[scheme],
            scheme_id=scheme,
            district_id=district,
            district_name=NAMES[district],
            hours_per_week=hours,
            free_from=TODAY + dt.timedelta(days=n % 12),
            workplace_is_public=n % 5 != 0,
            book=books[scheme],
            days_vacant=n % 7,
        )
        for n in range(200)
        for scheme, district, hours in [
            (
                list(SCHEME_NAMES)[n % 5],
                (NOERREBRO, OESTERBRO, VALBY, None)[n % 4],
                (Decimal("15"), Decimal("17.5"), Decimal("40"), None)[n % 3],
            )
        ]
    ]
    ranked = ranking.rank_slots(citizen, slots, neighbours=NEIGHBOURS, today=TODAY)
    one_by_one = ranking._order(
        (ranking.match(citizen, s, neighbours=NEIGHBOURS, today=TODAY) for s in slots),
        lambda m: (-m.slot.days_vacant, m.slot.slot_id),
    )
    assert ranked == one_by_one
    assert {m.eligible for m in ranked} == {True, False}
