"""Matching's part of the retention job (placements/retention.py)."""

import datetime as dt

from django.db.models import Q

from matching.models import CandidateProfile, Referral


def recent_referrals(cutoff: dt.date):
    """Citizens proposed for a slot, or whose referral was decided, on or after the cutoff."""
    return Referral.objects.filter(
        Q(created_at__date__gte=cutoff) | Q(decided_at__date__gte=cutoff)
    ).values("citizen_id")


def anonymise_profiles(citizen_ids: list[int]) -> None:
    """Blank the free text and stop the search; the history loses the text too."""
    CandidateProfile.objects.filter(citizen_id__in=citizen_ids).update(
        competences="", active=False, consultant=None
    )
    CandidateProfile.history.filter(citizen_id__in=citizen_ids).update(competences="")
    # The consultant's note and HR's reason for declining are free text about the person.
    Referral.objects.filter(citizen_id__in=citizen_ids).update(note="", decision_reason="")
    Referral.history.filter(citizen_id__in=citizen_ids).update(note="", decision_reason="")
