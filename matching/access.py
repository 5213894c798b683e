"""The only ways a matching view fetches rows: by role, scoped, and logged when personal.

- The jobcenter (consultants) and administrators see every slot, candidate and referral.
- HR sees referrals for slots in its own departments (others answer 404) and decides them.
- Secretaries see nothing here (403 on every view).
Every fetch that shows a citizen writes a CitizenAccess row with its purpose (DESIGN §6).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from jobordninger.mixins import RoleRequiredMixin, role_required
from organisation.scope import ADMINISTRATOR, CONSULTANT, HR
from placements.models import Citizen, Slot
from placements.services import citizen_access_log

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


def log_citizen_access(request, citizen_ids, *, purpose: str) -> None:
    ids = list(citizen_ids)
    if ids:
        citizen_access_log(
            user=request.user, citizen_ids=ids, purpose=str(purpose), path=request.path
        )


def get_slot(request, pk: int) -> Slot:
    """Any slot in the municipality for the jobcenter (Slot.for_user sees all for them)."""
    return get_object_or_404(
        Slot.objects.for_user(request.user).select_related(
            "workplace__department", "workplace__district", "scheme"
        ),
        pk=pk,
    )


def get_citizen(request, pk: int, *, purpose: str) -> Citizen:
    citizen = get_object_or_404(
        Citizen.objects.for_user(request.user).select_related("district", "readiness", "benefit"),
        pk=pk,
        anonymised_on__isnull=True,
    )
    log_citizen_access(request, [citizen.pk], purpose=purpose)
    return citizen


def get_candidate(request, citizen_pk: int, *, purpose: str) -> CandidateProfile:
    profile = get_object_or_404(
        CandidateProfile.objects.for_user(request.user).select_related(
            "citizen__district", "citizen__readiness", "citizen__benefit", "consultant"
        ),
        citizen_id=citizen_pk,
    )
    log_citizen_access(request, [profile.citizen_id], purpose=purpose)
    return profile


def referrals_for(request):
    return Referral.objects.for_user(request.user)


def get_referral(request, pk: int, *, purpose: str) -> Referral:
    referral = get_object_or_404(
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
        pk=pk,
    )
    log_citizen_access(request, [referral.citizen_id], purpose=purpose)
    return referral


def notices_for(request):
    return Notice.objects.filter(user=request.user)
