"""Helpers shared by placements.services and placements.slot_services."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from placements.models import Placement, Slot, SlotPause


def placements_overlapping(slot: Slot, start: dt.date, end: dt.date | None, exclude_pk=None):
    return (
        Placement.objects.filter(slot=slot)
        .in_period(start, end)
        .exclude(pk=exclude_pk)
        .order_by("starts_on")
    )


def pauses_overlapping(slot: Slot, start: dt.date, end: dt.date | None, exclude_pk=None):
    qs = SlotPause.objects.filter(slot=slot).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if end is not None:
        qs = qs.filter(starts_on__lte=end)
    return qs.exclude(pk=exclude_pk).order_by("starts_on")
