"""Matching's part of the retention job (placements/retention.py): a referral counts as
activity, and anonymising blanks the candidate profile's free text."""

import datetime as dt

from django.dispatch import receiver

from matching.models import CandidateProfile, Referral
from placements.retention import citizens_anonymised, recent_activity


@receiver(recent_activity, dispatch_uid="matching_recent_referrals")
def recent_referrals(sender, *, cutoff: dt.date, **kwargs):
    """Citizens proposed for a slot on or after the cutoff."""
    return Referral.objects.filter(created_at__date__gte=cutoff).values("citizen_id")


@receiver(citizens_anonymised, dispatch_uid="matching_anonymise_profiles")
def anonymise_profiles(sender, *, citizen_ids: list[int], **kwargs) -> None:
    """Blank the free text and stop the search; the history loses the text too."""
    CandidateProfile.objects.filter(citizen_id__in=citizen_ids).update(
        competences="", active=False, consultant=None
    )
    CandidateProfile.history.filter(citizen_id__in=citizen_ids).update(competences="")
