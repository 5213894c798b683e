"""The only ways an HR view fetches registry rows: scoped to the user's departments.

Each `get_*` goes through the model's `for_user` and answers 404 for anything outside it.
A citizen is reachable when placed in the user's departments, or when the user has just
found them by exact CPR in this session (HR cannot browse the register); every fetch of a
citizen writes an access-log row with its purpose.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from jobordninger.mixins import RoleRequiredMixin, role_required
from organisation.models import Workplace
from organisation.scope import ADMINISTRATOR, HR
from placements.models import Citizen, Placement, Slot
from placements.services import citizen_access_log

HR_ROLES = (HR, ADMINISTRATOR)
hr_required = role_required(*HR_ROLES)

GRANTS_SESSION_KEY = "placements_citizens_found"
GRANTS_KEPT = 20


class HRRequiredMixin(RoleRequiredMixin):
    required_roles = HR_ROLES


def slots_for(request):
    return Slot.objects.for_user(request.user)


def get_slot(request, pk: int) -> Slot:
    return get_object_or_404(slots_for(request).select_related("workplace", "scheme"), pk=pk)


def get_placement(request, pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.for_user(request.user).select_related(
            "slot__workplace", "slot__scheme", "citizen", "benefit", "readiness"
        ),
        pk=pk,
    )


def get_workplace(request, pk: int) -> Workplace:
    return get_object_or_404(Workplace.objects.for_user(request.user), pk=pk)


def grant_citizen(request, citizen: Citizen) -> None:
    """Remember that this session found the citizen by CPR (the newest few are kept)."""
    found = [pk for pk in request.session.get(GRANTS_SESSION_KEY, []) if pk != citizen.pk]
    request.session[GRANTS_SESSION_KEY] = [citizen.pk, *found][:GRANTS_KEPT]


def citizens_for(request):
    """Citizens placed in the user's departments, plus those found by CPR this session."""
    found = request.session.get(GRANTS_SESSION_KEY, [])
    in_scope = Citizen.objects.for_user(request.user).values("pk")
    return Citizen.objects.filter(Q(pk__in=in_scope) | Q(pk__in=found))


def get_citizen(request, pk: int, *, purpose: str) -> Citizen:
    citizen = get_object_or_404(
        citizens_for(request).select_related("district", "readiness", "benefit"), pk=pk
    )
    log_citizen_access(request, [citizen.pk], purpose=purpose)
    return citizen


def log_citizen_access(request, citizen_ids, *, purpose: str) -> None:
    ids = list(citizen_ids)
    if ids:
        citizen_access_log(
            user=request.user, citizen_ids=ids, purpose=str(purpose), path=request.path
        )
