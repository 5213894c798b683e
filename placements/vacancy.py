"""Vacancy: the one definition of a vacant (åben) slot, and since when it has been vacant.

A slot is vacant on a day when it exists (in one of its spells: opened or reopened, not
closed), is not paused (i bero) and holds no placement: the state `SlotState.OPEN` of
`Slot.with_state_on`. The board, the notices and the start page's counts all read
`vacant_slots`. In SQL the free days of a slot in a window are its spells minus its pauses
minus its placements, as PostgreSQL date multiranges; each read is a fixed number of
queries, whatever the rows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    DateField,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest

from core.db import DateRange, RangeAgg, Sql, Upper, date_value
from placements.models import Placement, Slot, SlotPause, SlotSpell


def _union_of_pauses(start: dt.date, end: dt.date):
    """The slot's pauses that touch start–end, as one multirange."""
    return Subquery(
        SlotPause.objects.filter(slot=OuterRef("pk"), starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .order_by()
        .values("slot")
        .annotate(days=RangeAgg(DateRange(F("starts_on"), F("ends_on"))))
        .values("days")
    )


def _union_of_spells(start: dt.date, end: dt.date):
    """The slot's spells that touch start–end, as one multirange."""
    return Subquery(
        SlotSpell.objects.filter(slot=OuterRef("pk"), opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=start))
        .order_by()
        .values("slot")
        .annotate(days=RangeAgg(DateRange(F("opened_on"), F("closed_on"), "[)")))
        .values("days")
    )


def _union_of_placements(start: dt.date, end: dt.date):
    """The slot's placements that touch start–end, as one multirange."""
    return Subquery(
        Placement.objects.filter(slot=OuterRef("pk"))
        .in_period(start, end)
        .order_by()
        .values("slot")
        .annotate(days=RangeAgg("period"))
        .values("days")
    )


def _first_free_day(start: dt.date, end: dt.date) -> Sql:
    """The first day from start to end (inclusive) the slot exists, is not paused or filled."""
    return Sql(
        "lower(COALESCE(?, datemultirange()) * datemultirange(daterange(?::date, ?::date, '[]'))"
        " - COALESCE(?, datemultirange()) - COALESCE(?, datemultirange()))",
        _union_of_spells(start, end),
        date_value(start),
        date_value(end),
        _union_of_pauses(start, end),
        _union_of_placements(start, end),
        output_field=DateField(),
    )


def _last_placement_end_before(day) -> Subquery:
    """The day after the slot's last placement that ended before `day` (NULL: none)."""
    return Subquery(
        Placement.objects.filter(slot=OuterRef("pk"))
        .annotate(after=Upper(F("period")))
        .filter(after__lte=day)
        .order_by()
        .values("slot")
        .annotate(last=Max("after"))
        .values("last")
    )


def _last_pause_end_before(day) -> Subquery:
    """The day after the slot's last pause that ended before `day` (NULL: none)."""
    return Subquery(
        SlotPause.objects.filter(slot=OuterRef("pk"), ends_on__lt=day)
        .order_by()
        .values("slot")
        .annotate(last=Max("ends_on"))
        .values("last")
    )


def _spell_pause_and_placement_on(day: dt.date) -> dict:
    """The slot's spell, pause and placement covering `day`, as LEFT JOINs: a slot has at
    most one of each on a day (the database refuses overlaps), so rows are not multiplied."""
    return {
        "spell_today": FilteredRelation(
            "spells",
            condition=Q(spells__opened_on__lte=day)
            & (Q(spells__closed_on__isnull=True) | Q(spells__closed_on__gt=day)),
        ),
        "pause_today": FilteredRelation(
            "pauses",
            condition=Q(pauses__starts_on__lte=day)
            & (Q(pauses__ends_on__isnull=True) | Q(pauses__ends_on__gte=day)),
        ),
        "placement_today": FilteredRelation(
            "placements", condition=Q(placements__period__contains=day)
        ),
    }


def vacant_slots(today: dt.date, window_days: int = 0) -> QuerySet[Slot]:
    """Slots åben on some day from today to today + window, with vacancy annotations.

    `free_from`: the first such day. `vacant_since`: the day the vacancy began: the day
    after the last placement ended, the slot's (re)opening, or the day after its last pause,
    whichever is latest; a slot that is free only later is vacant from that day.
    `days_vacant`: days from `vacant_since` to today (0 for a vacancy still to come).
    """
    end = today + dt.timedelta(days=window_days)
    since_today = Greatest(
        F("spell_today__opened_on"),
        _last_placement_end_before(date_value(today)),
        Sql("(? + 1)", _last_pause_end_before(date_value(today)), output_field=DateField()),
    )
    slots = (
        Slot.objects.filter(opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .alias(**_spell_pause_and_placement_on(today))
    )
    # Åben today, as Slot.with_state_on decides it: in a spell, not paused, not filled.
    # Tested on the three joins once: the test is repeated in several annotations below.
    open_today = Q(
        Q(spell_today__isnull=False), Q(pause_today__isnull=True), Q(placement_today__isnull=True)
    )
    if window_days == 0:
        slots = slots.filter(open_today).annotate(
            free_from=date_value(today), vacant_since=since_today
        )
    else:
        # Not open today but free later in the window: something ends in it first (the
        # slot's (re)opening, a placement, a pause). Only those few pay for the multirange.
        ends_in_window = (
            Q(opened_on__gt=today)
            | Q(
                pk__in=SlotSpell.objects.filter(opened_on__gt=today, opened_on__lte=end).values(
                    "slot_id"
                )
            )
            | Q(
                pk__in=Placement.objects.in_period(today, end)  # the period index first
                .annotate(after=Upper(F("period")))
                .filter(after__gt=today, after__lte=end)
                .values("slot_id")
            )
            | Q(
                pk__in=SlotPause.objects.filter(ends_on__gte=today, ends_on__lt=end).values(
                    "slot_id"
                )
            )
        )
        slots = (
            slots.filter(open_today | ends_in_window)
            .annotate(
                free_from=Case(
                    When(open_today, then=date_value(today)),
                    default=_first_free_day(today, end),
                    output_field=DateField(),
                )
            )
            .filter(free_from__isnull=False)
            .annotate(
                vacant_since=Case(
                    When(open_today, then=since_today),
                    default=F("free_from"),
                    output_field=DateField(),
                )
            )
        )
    return slots.annotate(
        days_vacant=Greatest(
            Sql("(?::date - ?)", date_value(today), F("vacant_since"), output_field=IntegerField()),
            Value(0),
        )
    )
