"""The only ways a matching view fetches rows: by role, scoped, and logged when personal.

- The jobcenter (consultants) and administrators see every slot, candidate and referral.
- HR sees referrals for slots in its own departments (others answer 404) and decides them.
- Secretaries see nothing here (403 on every view).
Every fetch that shows a citizen goes through placements.access (the read log).
"""

from __future__ import annotations

from core.views import RoleRequiredMixin, role_required
from organisation.scope import ADMINISTRATOR, CONSULTANT, HR
from placements.access import get_citizen, get_personal
from placements.models import Citizen

from .models import CandidateProfile, Notice, Referral

JOBCENTER = (CONSULTANT, ADMINISTRATOR)
DECIDERS = (HR, ADMINISTRATOR)
REFERRAL_READERS = (HR, CONSULTANT, ADMINISTRATOR)

jobcenter_required = role_required(*JOBCENTER)
decider_required = role_required(*DECIDERS)
referral_reader_required = role_required(*REFERRAL_READERS)


class JobcenterRequiredMixin(RoleRequiredMixin):
    required_roles = JOBCENTER


class ReferralReaderRequiredMixin(RoleRequiredMixin):
    required_roles = REFERRAL_READERS


def candidates_for(request):
    return CandidateProfile.objects.for_user(request.user)


def get_candidate_citizen(request, pk: int, *, purpose: str) -> Citizen:
    """A candidate's citizen, or one this session found by CPR to make a candidate of; any
    other citizen in the register answers 404 (the jobcenter does not browse it)."""
    candidates = Citizen.objects.filter(
        anonymised_on__isnull=True, pk__in=candidates_for(request).values("citizen_id")
    )
    return get_citizen(request, pk, purpose=purpose, among=candidates)


def get_candidate(request, citizen_pk: int, *, purpose: str) -> CandidateProfile:
    return get_personal(
        request,
        candidates_for(request).select_related(
            "citizen__district", "citizen__readiness", "citizen__benefit", "consultant"
        ),
        purpose=purpose,
        citizen_id=citizen_pk,
    )


def referrals_for(request):
    return Referral.objects.for_user(request.user)


def get_referral(request, pk: int, *, purpose: str) -> Referral:
    return get_personal(
        request,
        referrals_for(request).select_related(
            "slot__workplace__department",
            "slot__workplace__district",
            "slot__scheme",
            "citizen__district",
            "citizen__readiness",
            "proposed_by",
            "decided_by",
            "placement",
        ),
        purpose=purpose,
        pk=pk,
    )


def notices_for(request):
    return Notice.objects.filter(user=request.user)
