"""Matching's part of the retention job (placements/retention.py, DESIGN §6)."""

import datetime as dt

from matching.models import CandidateProfile, Referral


def recent_referrals(cutoff: dt.date):
    """Citizens proposed for a slot on or after the cutoff."""
    return Referral.objects.filter(created_at__date__gte=cutoff).values("citizen_id")


def anonymise_profiles(citizen_ids: list[int]) -> None:
    """Blank the free text and stop the search; the history loses the text too."""
    CandidateProfile.objects.filter(citizen_id__in=citizen_ids).update(
        competences="", active=False, consultant=None
    )
    CandidateProfile.history.filter(citizen_id__in=citizen_ids).update(competences="")
