"""Fetch the facts of one proposed placement and ask `schemes.verdict.assess`.

The HR forms, the import and the referral accept all reach this through the placement
services; the matching ranking fetches the same facts in bulk and asks the same function.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import pairwise

from django.db.models import Avg, Exists, OuterRef

from organisation.models import Workplace, WorkplaceMonthlyFigure
from placements.models import Citizen, Placement, Slot, SlotPause
from schemes import rules
from schemes.models import EarlyRetirementAge, SchemeRule, TargetGroup, TargetGroupRule
from schemes.verdict import Person, Proposal, RuleBook, SlotTerms, Verdict, WorkplaceLoad, assess

REASONABLENESS_MONTHS = 4


def rule_book(scheme) -> RuleBook:
    """Every version and målgruppe rule of the scheme, and the målgrupper (four queries)."""
    return RuleBook(
        scheme_name=str(scheme),
        versions=tuple(SchemeRule.objects.filter(scheme_id=scheme.pk).order_by("valid_from")),
        group_rules=tuple(TargetGroupRule.objects.filter(scheme_id=scheme.pk)),
        groups=tuple(TargetGroup.objects.all()),
        retirement_ages=tuple(EarlyRetirementAge.objects.all()),
    )


def person_facts(citizen: Citizen, *, exclude_pk: int | None = None) -> Person:
    others = Placement.objects.filter(citizen=citizen)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    busy = tuple(
        (start, ended or planned)
        for start, ended, planned in others.values_list("starts_on", "ended_on", "planned_end_on")
    )
    return Person(
        frikort_number=citizen.frikort_number,
        frikort_valid_until=citizen.frikort_valid_until,
        has_fleksjob_visitation=citizen.has_fleksjob_visitation,
        has_seniorjob_entitlement=citizen.has_seniorjob_entitlement,
        birth_date=citizen.birth_date,
        part_time_insured=tuple(citizen.part_time_insurance.values_list("valid_from", "valid_to")),
        busy=busy,
    )


def closed_between(slot: Slot) -> tuple[tuple[dt.date, dt.date], ...]:
    """The days (first, last) the slot was nedlagt between two of its spells."""
    spells = list(slot.spells.order_by("opened_on").values_list("opened_on", "closed_on"))
    return tuple(
        (closed, reopened - dt.timedelta(days=1))
        for (_opened, closed), (reopened, _closed) in pairwise(spells)
    )


def slot_terms(slot: Slot, *, exclude_pk: int | None = None) -> SlotTerms:
    others = Placement.objects.filter(slot=slot)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return SlotTerms(
        opened_on=slot.opened_on,
        closed_on=slot.closed_on,
        closed_between=closed_between(slot),
        pauses=tuple(SlotPause.objects.filter(slot=slot).values_list("starts_on", "ends_on")),
        occupied=tuple(
            (start, ended or planned)
            for start, ended, planned in others.values_list(
                "starts_on", "ended_on", "planned_end_on"
            )
        ),
    )


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def ordinary_fte(workplace: Workplace, starts_on: dt.date) -> tuple[Decimal, bool]:
    """The average årsværk of the 4 months before the start month; else the undated figure."""
    average = WorkplaceMonthlyFigure.objects.filter(
        workplace=workplace,
        month__gte=_month_start(starts_on, REASONABLENESS_MONTHS),
        month__lt=_month_start(starts_on, 0),
    ).aggregate(average=Avg("ordinary_fte"))["average"]
    if average is None:
        return Decimal(workplace.ordinary_employees), False
    return Decimal(average), True


def counted_placements(workplace_id: int, day: dt.date):
    """Placements at the workplace in schemes that count in the rimelighedskrav on `day`."""
    counts = SchemeRule.objects.valid_on(day).filter(
        scheme=OuterRef("slot__scheme"), counts_in_reasonableness=True
    )
    return Placement.objects.filter(slot__workplace_id=workplace_id).filter(Exists(counts))


def _adult_on(birth_date: dt.date | None, day: dt.date) -> bool:
    if birth_date is None:
        return True
    return Person(birth_date=birth_date).age_on(day) >= 18


def workplace_load(
    workplace: Workplace, starts_on: dt.date, end_on: dt.date | None, exclude_pk: int | None
) -> WorkplaceLoad:
    others = counted_placements(workplace.pk, starts_on).in_period(starts_on, end_on)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    counted = []
    for start, ended, planned, hours, cpr in others.values_list(
        "starts_on", "ended_on", "planned_end_on", "hours_per_week", "citizen__cpr"
    ):
        if _adult_on(Citizen(cpr=cpr).birth_date, starts_on):  # under-18s do not count
            counted.append((start, ended or planned, rules.fte(hours)))
    figure, monthly = ordinary_fte(workplace, starts_on)
    return WorkplaceLoad(
        workplace_name=str(workplace),
        ordinary_fte=figure,
        from_monthly_figures=monthly,
        counted=tuple(counted),
    )


def assess_placement(
    *, slot: Slot, citizen: Citizen, proposal: Proposal, exclude_pk: int | None = None
) -> Verdict:
    """The verdict on placing `citizen` in `slot` as proposed (the registry's one call)."""
    if proposal.end_on is not None and proposal.end_on < proposal.starts_on:
        load = None  # refused on its dates alone; no period to measure the workplace over
    else:
        load = workplace_load(slot.workplace, proposal.starts_on, proposal.end_on, exclude_pk)
    return assess(
        proposal,
        book=rule_book(slot.scheme),
        person=person_facts(citizen, exclude_pk=exclude_pk),
        workplace_is_public=slot.workplace.is_public,
        slot=slot_terms(slot, exclude_pk=exclude_pk),
        load=load,
    )
