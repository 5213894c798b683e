"""Retention: anonymise citizens with no placement for RETENTION_YEARS (docs/personal-data.md).

Anonymising keeps the citizen row and its placements, so every aggregate for past periods
stays correct; it blanks what identifies the person, in the row and in its history rows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal

from core.periods import years_before
from placements.models import Citizen, Placement

ANONYMOUS_NAME = "Anonymiseret borger"
PERSONAL_FIELDS = {
    "cpr": None,
    "name": ANONYMOUS_NAME,
    "phone": "",
    "email": "",
    "frikort_number": "",
    "frikort_valid_until": None,
}


# Apps above the registry (matching) tell what else counts as recent activity, and blank
# what else identifies a person, by receiving these signals: the registry never imports them.
# recent_activity(cutoff=date): each receiver returns a queryset of citizen ids active since.
recent_activity = Signal()
# citizens_anonymised(citizen_ids=[...]): sent inside the anonymising transaction.
citizens_anonymised = Signal()


def retention_cutoff(today: dt.date, years: int) -> dt.date:
    return years_before(today, years)


def citizens_due_for_anonymisation(*, today: dt.date, years: int):
    """Citizens created before the cutoff with no placement (or other activity) since it."""
    cutoff = retention_cutoff(today, years)
    recent = Placement.objects.filter(citizen=OuterRef("pk")).filter(
        Q(period__upper_inf=True) | Q(period__overlap=(cutoff, None))
    )
    due = Citizen.objects.filter(anonymised_on__isnull=True, created_at__date__lt=cutoff).exclude(
        Exists(recent)
    )
    for _receiver, active_ids in recent_activity.send(sender=Citizen, cutoff=cutoff):
        due = due.exclude(pk__in=active_ids)
    return due


@transaction.atomic
def citizens_anonymise(*, today: dt.date, years: int) -> int:
    """Anonymise every citizen due; returns how many. Safe to run again (idempotent)."""
    due = list(
        citizens_due_for_anonymisation(today=today, years=years).values_list("pk", flat=True)
    )
    if not due:
        return 0
    Citizen.objects.filter(pk__in=due).update(
        anonymised_on=today, consultant=None, **PERSONAL_FIELDS
    )
    Citizen.history.filter(id__in=due).update(**PERSONAL_FIELDS)
    citizens_anonymised.send(sender=Citizen, citizen_ids=due)
    return len(due)
