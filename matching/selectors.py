"""Reads for matching: the vacant-slot board, time to fill, and the facts ranking needs.

Vacancy itself is defined once, in placements.vacancy; each read here is a fixed number of
queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from core.db import Sql, Upper, date_value
from organisation.models import Department, District
from placements.models import PartTimeInsurance, Placement, Slot
from placements.vacancy import vacant_slots
from schemes.models import (
    EarlyRetirementAge,
    Scheme,
    SchemeRule,
    TargetGroup,
    TargetGroupRule,
)
from schemes.verdict import Person, RuleBook

from . import ranking
from .models import CandidateProfile, Referral

BOARD_WINDOWS = (0, 14, 30, 60, 90)
TIME_TO_FILL_DAYS = 365
# A candidate's page ranks the slots vacant now or within this many days.
CANDIDATE_WINDOW_DAYS = 14


def board(today: dt.date, window_days: int = 0) -> QuerySet[Slot]:
    """The board's rows: every department's vacant slots, longest vacant first."""
    open_referrals = (
        Referral.objects.open()
        .filter(slot=OuterRef("pk"))
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        vacant_slots(today, window_days)
        .select_related("workplace__department", "workplace__district", "scheme")
        .annotate(open_referrals=Coalesce(Subquery(open_referrals), 0))
        .order_by("vacant_since", "pk")
    )


# --- Time to fill -----------------------------------------------------------------------------


# Days from the slot's vacancy to each start in the period, by the same rule as
# `vacant_since` (the latest of the (re)opening of the spell the start falls in, day after
# the previous placement, day after the last pause), and their median per scheme ×
# department and per scheme, in one pass.
TIME_TO_FILL_SQL = """
WITH started AS (
    SELECT p.slot_id, p.starts_on, s.scheme_id, w.department_id,
        (SELECT max(ss.opened_on) FROM placements_slotspell ss
          WHERE ss.slot_id = p.slot_id AND ss.opened_on <= p.starts_on) AS opened_on
    FROM placements_placement p
    JOIN placements_slot s ON s.id = p.slot_id
    JOIN organisation_workplace w ON w.id = s.workplace_id
    WHERE p.starts_on BETWEEN %(start)s AND %(end)s
), waited AS (
    SELECT scheme_id, department_id,
        starts_on - GREATEST(
            opened_on,
            (SELECT max(upper(q.period)) FROM placements_placement q
              WHERE q.slot_id = started.slot_id AND upper(q.period) <= started.starts_on),
            (SELECT max(sp.ends_on) + 1 FROM placements_slotpause sp
              WHERE sp.slot_id = started.slot_id AND sp.ends_on < started.starts_on)
        ) AS days
    FROM started
)
SELECT scheme_id, department_id,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, count(*) AS count
FROM waited
GROUP BY GROUPING SETS ((scheme_id, department_id), (scheme_id))
"""


@dataclass(frozen=True)
class TimeToFill:
    """Median days from vacancy to the next start, per scheme and department (last year)."""

    schemes: list[Scheme]
    departments: list[Department]
    cells: dict[tuple[int, int], dict]  # (scheme_id, department_id) → {median, count}
    per_scheme: dict[int, dict]
    start: dt.date
    end: dt.date

    def rows(self) -> list[dict]:
        return [
            {
                "scheme": scheme,
                "cells": [self.cells.get((scheme.pk, d.pk)) for d in self.departments],
                "total": self.per_scheme[scheme.pk],
            }
            for scheme in self.schemes
            if scheme.pk in self.per_scheme
        ]


def time_to_fill(today: dt.date) -> TimeToFill:
    """Placements started in the last 12 months: median days waited (three queries)."""
    start = today - dt.timedelta(days=TIME_TO_FILL_DAYS - 1)
    with connection.cursor() as cursor:
        cursor.execute(TIME_TO_FILL_SQL, {"start": start, "end": today})
        rows = cursor.fetchall()
    cells, per_scheme = {}, {}
    for scheme_id, department_id, median, count in rows:
        figures = {"scheme_id": scheme_id, "median": median, "count": count}
        if department_id is None:
            per_scheme[scheme_id] = figures
        else:
            cells[(scheme_id, department_id)] = {**figures, "department_id": department_id}
    department_ids = {department_id for _scheme, department_id in cells}
    return TimeToFill(
        schemes=list(Scheme.objects.filter(pk__in=per_scheme)),
        departments=list(Department.objects.filter(pk__in=department_ids)),
        cells=cells,
        per_scheme=per_scheme,
        start=start,
        end=today,
    )


# --- Facts for ranking --------------------------------------------------------------------------


def neighbours() -> dict[int, frozenset[int]]:
    """District id → its neighbours' ids (one query)."""
    pairs = District.neighbours.through.objects.values_list("from_district_id", "to_district_id")
    result: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        result[a].add(b)
    return {district: frozenset(ids) for district, ids in result.items()}


def rule_books(scheme_ids) -> dict[int, RuleBook]:
    """The rule book of each of these schemes, as `placements.verdict.rule_book` (5 queries)."""
    scheme_ids = set(scheme_ids)
    versions: dict[int, list[SchemeRule]] = defaultdict(list)
    for rule in SchemeRule.objects.filter(scheme_id__in=scheme_ids).order_by("valid_from"):
        versions[rule.scheme_id].append(rule)
    group_rules: dict[int, list[TargetGroupRule]] = defaultdict(list)
    for rule in TargetGroupRule.objects.filter(scheme_id__in=scheme_ids):
        group_rules[rule.scheme_id].append(rule)
    groups = tuple(TargetGroup.objects.all())
    ages = tuple(EarlyRetirementAge.objects.all())
    return {
        scheme.pk: RuleBook(
            scheme_name=str(scheme),
            versions=tuple(versions[scheme.pk]),
            group_rules=tuple(group_rules[scheme.pk]),
            groups=groups,
            retirement_ages=ages,
        )
        for scheme in Scheme.objects.filter(pk__in=scheme_ids)
    }


SLOT_ROW = {
    "scheme_name": F("scheme__name"),
    "workplace_name": F("workplace__name"),
    "district_id": F("workplace__district_id"),
    "district_name": F("workplace__district__name"),
    "workplace_is_public": F("workplace__is_public"),
}
SLOT_ROW_FIELDS = (
    "pk",
    "title",
    "scheme_id",
    "hours_per_week",
    "free_from",
    "vacant_since",
    "days_vacant",
)


def slot_rows(slots: QuerySet[Slot]) -> list[dict]:
    """Plain rows of `vacant_slots` for ranking: no model instances for thousands of slots,
    and no sorting in SQL (the ranking orders them)."""
    return list(slots.order_by().values(*SLOT_ROW_FIELDS, **SLOT_ROW))


def slot_facts(rows: list[dict], books: dict[int, RuleBook]) -> list:
    """SlotFacts of `slot_rows`."""
    return [
        ranking.SlotFacts(
            slot_id=row["pk"],
            scheme_name=row["scheme_name"],
            scheme_id=row["scheme_id"],
            district_id=row["district_id"],
            district_name=row["district_name"],
            hours_per_week=row["hours_per_week"],
            free_from=row["free_from"],
            workplace_is_public=row["workplace_is_public"],
            book=books.get(row["scheme_id"]),
            days_vacant=row["days_vacant"],
        )
        for row in rows
    ]


def candidates_with_facts(today: dt.date) -> QuerySet[CandidateProfile]:
    """Active candidate profiles annotated with what ranking needs, in one query."""
    through = CandidateProfile.preferred_schemes.through
    citizen_placements = Placement.objects.filter(citizen=OuterRef("citizen_id")).annotate(
        after=Upper(F("period"))
    )
    return (
        CandidateProfile.objects.active()
        .select_related("citizen__district", "citizen__readiness", "citizen__benefit")
        .annotate(
            preferred_ids=ArraySubquery(
                through.objects.filter(candidateprofile_id=OuterRef("pk")).values("scheme_id")
            ),
            busy_starts=ArraySubquery(
                citizen_placements.filter(Q(after__isnull=True) | Q(after__gt=date_value(today)))
                .order_by("starts_on", "pk")
                .values("starts_on")
            ),
            busy_ends=ArraySubquery(
                citizen_placements.filter(Q(after__isnull=True) | Q(after__gt=date_value(today)))
                .order_by("starts_on", "pk")
                .annotate(last_day=Sql("(? - 1)", F("after"), output_field=DateField()))
                .values("last_day")
            ),
            part_time_from=ArraySubquery(
                PartTimeInsurance.objects.filter(citizen=OuterRef("citizen_id"))
                .order_by("valid_from", "pk")
                .values("valid_from")
            ),
            part_time_to=ArraySubquery(
                PartTimeInsurance.objects.filter(citizen=OuterRef("citizen_id"))
                .order_by("valid_from", "pk")
                .values("valid_to")
            ),
            last_placement_end=Subquery(
                citizen_placements.filter(after__lte=date_value(today))
                .order_by()
                .values("citizen")
                .annotate(last=Sql("(? - 1)", Max("after"), output_field=DateField()))
                .values("last")
            ),
        )
    )


def candidate_facts(profile: CandidateProfile) -> ranking.CandidateFacts:
    """CandidateFacts of a row from `candidates_with_facts`."""
    citizen = profile.citizen
    return ranking.CandidateFacts(
        citizen_id=citizen.pk,
        district_id=citizen.district_id,
        district_name=str(citizen.district) if citizen.district_id else "",
        wanted_hours=profile.wanted_hours_per_week,
        earliest_start=profile.earliest_start,
        preferred_scheme_ids=frozenset(profile.preferred_ids or ()),
        benefit_id=citizen.benefit_id,
        readiness_id=citizen.readiness_id,
        person=Person(
            frikort_number=citizen.frikort_number,
            frikort_valid_until=citizen.frikort_valid_until,
            has_fleksjob_visitation=citizen.has_fleksjob_visitation,
            has_seniorjob_entitlement=citizen.has_seniorjob_entitlement,
            birth_date=citizen.birth_date,
            part_time_insured=tuple(
                zip(profile.part_time_from or (), profile.part_time_to or (), strict=True)
            ),
            busy=tuple(zip(profile.busy_starts or (), profile.busy_ends or (), strict=True)),
        ),
        last_placement_end=profile.last_placement_end,
        profile_created=profile.created_at.date(),
    )


def slot_row(slot: Slot, today: dt.date) -> dict | None:
    """The slot with its vacancy, if it is vacant in the next 90 days."""
    rows = slot_rows(vacant_slots(today, max(BOARD_WINDOWS)).filter(pk=slot.pk))
    return rows[0] if rows else None


def match_one(slot: Slot, profile: CandidateProfile, today: dt.date) -> ranking.Match | None:
    """One candidate against one slot (the proposal form's suggested dates and hours)."""
    row = slot_row(slot, today)
    candidate = candidates_with_facts(today).filter(pk=profile.pk).first()
    if row is None or candidate is None:
        return None
    facts = slot_facts([row], rule_books([row["scheme_id"]]))[0]
    return ranking.match(candidate_facts(candidate), facts, neighbours=neighbours(), today=today)


def candidate_facts_on(profile: CandidateProfile, today: dt.date) -> ranking.CandidateFacts | None:
    """The candidate's facts for ranking; None when the profile is not looking."""
    candidate = candidates_with_facts(today).filter(pk=profile.pk).first()
    return None if candidate is None else candidate_facts(candidate)


def vacant_slot_facts(
    today: dt.date, window_days: int
) -> tuple[list[dict], list[ranking.SlotFacts]]:
    """The slots vacant in the next `window_days`: their rows (pk, title, scheme_name,
    workplace_name, …) and their facts for ranking."""
    rows = slot_rows(vacant_slots(today, window_days))
    return rows, slot_facts(rows, rule_books({row["scheme_id"] for row in rows}))
