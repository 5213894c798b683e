"""State changes of the registry: every write goes through one of these functions.

Each is keyword-only, typed and atomic, checks the registration rules in force on the dates
it is given (schemes.rules) and raises django's ValidationError with a dict keyed by the
field at fault, in Danish. The acting user is recorded on the history row it writes.
Matching calls `placement_create` from an accepted referral: keep its signature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import cpr as cpr_numbers
from core.services import raise_errors, save_as
from organisation.scope import ADMINISTRATOR, roles_of
from placements.models import (
    Citizen,
    CitizenAccess,
    Extension,
    FrikortPayment,
    Outcome,
    Placement,
    Slot,
)
from placements.slot_services import (  # re-exported: callers use placements.services only
    slot_close,
    slot_create,
    slot_pause,
    slot_reopen,
    slot_update,
)
from placements.verdict import assess_placement
from schemes import rules
from schemes.models import Benefit, ReadinessCategory
from schemes.verdict import Proposal

__all__ = [
    "CITIZEN_FIELDS",
    "OVERLAP_MESSAGE",
    "citizen_access_log",
    "citizen_create",
    "citizen_find_by_cpr",
    "citizen_update",
    "frikort_payment_create",
    "frikort_year_total",
    "placement_create",
    "placement_end",
    "placement_extend",
    "placement_update",
    "slot_close",
    "slot_create",
    "slot_pause",
    "slot_reopen",
    "slot_update",
]

OVERLAP_MESSAGE = gettext_lazy("Pladsen er allerede besat i en del af perioden.")


# --- Citizens -------------------------------------------------------------------------------------


def citizen_find_by_cpr(*, cpr: str) -> Citizen | None:
    """The one way HR reaches a citizen outside its own placements: the exact CPR number."""
    return Citizen.objects.filter(cpr=cpr_numbers.clean(cpr)).first()


CITIZEN_FIELDS = (
    "name",
    "phone",
    "email",
    "district",
    "readiness",
    "benefit",
    "frikort_number",
    "frikort_valid_until",
    "has_fleksjob_visitation",
    "has_seniorjob_entitlement",
)


@transaction.atomic
def citizen_create(*, cpr: str, name: str, acting_user, **details) -> Citizen:
    """Register a citizen found absent by CPR. `details`: the other fields in CITIZEN_FIELDS."""
    unknown = set(details) - set(CITIZEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown citizen fields: {sorted(unknown)}")
    try:
        cpr = cpr_numbers.clean(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from error
    citizen = Citizen(cpr=cpr, name=name, **details)
    try:
        with transaction.atomic():
            save_as(citizen, acting_user)
    except IntegrityError as error:
        raise ValidationError(
            {"cpr": [_("Der findes allerede en borger med dette CPR-nummer.")]}
        ) from error
    return citizen


@transaction.atomic
def citizen_update(*, citizen: Citizen, acting_user, **details) -> Citizen:
    """Change a citizen's details (not the CPR number)."""
    unknown = set(details) - set(CITIZEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown citizen fields: {sorted(unknown)}")
    for field, value in details.items():
        setattr(citizen, field, value)
    save_as(citizen, acting_user)
    return citizen


def citizen_access_log(
    *, user, citizen_ids: Iterable[int], purpose: str, path: str
) -> list[CitizenAccess]:
    """Write who saw which citizens, when and why (docs/personal-data.md): one insert for any number."""
    return CitizenAccess.objects.bulk_create(
        CitizenAccess(
            citizen_id=citizen_id,
            user=user,
            username=user.get_username(),
            purpose=purpose[:200],
            path=path[:300],
        )
        for citizen_id in dict.fromkeys(citizen_ids)
    )


# --- Placements -----------------------------------------------------------------------------------

TERMS = ("qualifier", "extension", "extension_reason", "tr_name", "tr_statement_on")


def _checked(slot: Slot, citizen: Citizen, proposal: Proposal, exclude_pk=None) -> list[str]:
    """Raise the verdict's refusals; return its warnings."""
    verdict = assess_placement(slot=slot, citizen=citizen, proposal=proposal, exclude_pk=exclude_pk)
    raise_errors(verdict.refusals)
    return verdict.warnings


def _terms(placement: Placement) -> dict:
    return {name: getattr(placement, name) for name in TERMS}


def _save_placement(placement: Placement, acting_user) -> None:
    """Save; the database's exclusion constraint is the last word on overlaps (races)."""
    try:
        with transaction.atomic():
            save_as(placement, acting_user)
    except IntegrityError as error:
        if "one_placement_per_slot_per_day" not in str(error):
            raise
        raise ValidationError({"starts_on": [OVERLAP_MESSAGE]}) from error
    placement.refresh_from_db(fields=["period"])


def _locked(slot: Slot) -> Slot:
    """Serialise registrations in one slot so the rule checks see each other's rows."""
    return (
        Slot.objects.select_for_update(of=("self",))
        .select_related("workplace", "scheme")
        .get(pk=slot.pk)
    )


@transaction.atomic
def placement_create(
    *,
    slot: Slot,
    citizen: Citizen,
    starts_on: dt.date,
    planned_end_on: dt.date | None,
    hours_per_week: Decimal,
    benefit: Benefit | None,
    acting_user,
    readiness: ReadinessCategory | None = None,
    **terms,
) -> Placement:
    """Place a citizen in a slot (nyt forløb) after checking every rule in force.

    `benefit` and `readiness` are the citizen's at the start (the snapshot that decides the
    målgruppe); `terms`: the other fields in TERMS. The verdict's warnings are left on the
    placement as `rule_warnings` for the caller to show.
    """
    unknown = set(terms) - set(TERMS)
    if unknown:
        raise TypeError(f"Unknown placement terms: {sorted(unknown)}")
    slot = _locked(slot)
    placement = Placement(
        slot=slot,
        citizen=citizen,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        hours_per_week=hours_per_week,
        benefit=benefit,
        readiness=readiness,
        **terms,
    )
    warnings = _checked(slot, citizen, _proposal(placement, end_on=planned_end_on))
    _save_placement(placement, acting_user)
    placement.rule_warnings = warnings
    return placement


def _proposal(placement: Placement, *, end_on, **changes) -> Proposal:
    values = {
        "starts_on": placement.starts_on,
        "end_on": end_on,
        "hours_per_week": placement.hours_per_week,
        "benefit_id": placement.benefit_id,
        "readiness_id": placement.readiness_id,
        **_terms(placement),
    }
    values.update(changes)
    return Proposal(**values)


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    starts_on: dt.date,
    hours_per_week: Decimal,
    benefit: Benefit | None,
    acting_user,
    readiness: ReadinessCategory | None = None,
    **terms,
) -> Placement:
    """Correct a placement's start, hours, snapshot (benefit, visitation) or terms; its end
    changes by extend or end. The history keeps what it was."""
    unknown = set(terms) - set(TERMS)
    if unknown:
        raise TypeError(f"Unknown placement terms: {sorted(unknown)}")
    slot = _locked(placement.slot)
    moved = starts_on != placement.starts_on
    placement.starts_on, placement.hours_per_week = starts_on, hours_per_week
    placement.benefit, placement.readiness = benefit, readiness
    for name, value in terms.items():
        setattr(placement, name, value)
    warnings = _checked(
        slot,
        placement.citizen,
        _proposal(placement, end_on=placement.end_on, end_field="starts_on", new_start=moved),
        exclude_pk=placement.pk,
    )
    _save_placement(placement, acting_user)
    placement.rule_warnings = warnings
    return placement


@transaction.atomic
def placement_extend(
    *,
    placement: Placement,
    planned_end_on: dt.date,
    acting_user,
    special_need_reason: str = "",
) -> Placement:
    """Forlæng: a later planned end, up to the målgruppe's extended cap after a concrete
    assessment, or a further step for a "helt særligt behov" with its reason."""
    if placement.ended_on is not None:
        raise_errors({"planned_end_on": [_("Forløbet er afsluttet og kan ikke forlænges.")]})
    if placement.planned_end_on is None:
        raise_errors({"planned_end_on": [_("Forløbet er tidsubegrænset og kan ikke forlænges.")]})
    if planned_end_on <= placement.planned_end_on:
        raise_errors(
            {
                "planned_end_on": [
                    _("Den nye slutdato skal ligge efter den nuværende (%(day)s).")
                    % {"day": rules.fmt(placement.planned_end_on)}
                ]
            }
        )
    slot = _locked(placement.slot)
    if special_need_reason.strip():
        extension, reason = Extension.SPECIAL_NEED, special_need_reason.strip()
    else:
        extension = placement.extension or Extension.ASSESSED
        reason = placement.extension_reason
    previous_end = placement.planned_end_on
    placement.extension, placement.extension_reason = extension, reason
    warnings = _checked(
        slot,
        placement.citizen,
        _proposal(placement, end_on=planned_end_on, previous_end_on=previous_end, new_start=False),
        exclude_pk=placement.pk,
    )
    placement.planned_end_on = planned_end_on
    _save_placement(placement, acting_user)
    placement.rule_warnings = warnings
    return placement


@transaction.atomic
def placement_end(
    *, placement: Placement, ended_on: dt.date, outcome: str, acting_user
) -> Placement:
    """Afslut: the last day of the placement and how it ended."""
    errors: rules.Errors = {}
    if placement.ended_on is not None:
        errors = {
            "ended_on": [
                _("Forløbet er allerede afsluttet den %(day)s.")
                % {"day": rules.fmt(placement.ended_on)}
            ]
        }
    if outcome not in Outcome.values:
        errors = rules.merge(errors, {"outcome": [_("Vælg et udfald.")]})
    raise_errors(errors)
    slot = _locked(placement.slot)
    # Ending later than planned is an extension (after a concrete assessment).
    _checked(
        slot,
        placement.citizen,
        _proposal(
            placement,
            end_on=ended_on,
            end_field="ended_on",
            extension=placement.extension or Extension.ASSESSED,
            previous_end_on=placement.planned_end_on,
            new_start=False,
        ),
        exclude_pk=placement.pk,
    )
    placement.ended_on, placement.outcome = ended_on, outcome
    _save_placement(placement, acting_user)
    return placement


# --- Socialt frikort ------------------------------------------------------------------------------


def frikort_year_total(*, citizen: Citizen, year: int) -> Decimal:
    """The citizen's frikort payments in a calendar year across every department."""
    total = FrikortPayment.objects.filter(placement__citizen=citizen, paid_on__year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal(0)


@transaction.atomic
def frikort_payment_create(
    *,
    placement: Placement,
    paid_on: dt.date,
    amount: Decimal,
    hours: Decimal,
    acting_user,
    override_reason: str = "",
) -> FrikortPayment:
    """Register a småjob payment; refused past the year's limit unless an admin overrides."""
    # One citizen's payments are registered one at a time, across departments.
    citizen = Citizen.objects.select_for_update().get(pk=placement.citizen_id)
    versions = rules.scheme_rules_between(
        placement.slot.scheme_id, placement.starts_on, placement.starts_on
    )
    rule = rules.rule_on(versions, placement.starts_on)
    if rule is None or not rule.needs_frikort:
        raise_errors({NON_FIELD_ERRORS: [_("Frikortudbetalinger kan kun registreres på småjob.")]})
    errors: rules.Errors = {}
    if amount <= 0:
        errors = {"amount": [_("Beløbet skal være større end 0.")]}
    if hours < 0:
        errors = rules.merge(errors, {"hours": [_("Timetallet kan ikke være negativt.")]})
    if paid_on < placement.starts_on:
        errors = rules.merge(
            errors,
            {
                "paid_on": [
                    _("Udbetalingen ligger før forløbets start (%(day)s).")
                    % {"day": rules.fmt(placement.starts_on)}
                ]
            },
        )
    raise_errors(errors)
    limit = rules.frikort_limit_on(paid_on)
    warnings = []
    exceeds = False
    if limit is None:
        # No amount entered for the year: never last year's silently; an administrator adds it.
        warnings.append(
            _("Beløbsgrænsen for %(year)s er ikke indtastet: udbetalingen er ikke kontrolleret.")
            % {"year": paid_on.year}
        )
    else:
        verdict = rules.FrikortVerdict(
            limit=limit.amount,
            total_before=frikort_year_total(citizen=citizen, year=paid_on.year),
            amount=amount,
        )
        raise_errors(
            rules.check_frikort(
                verdict=verdict,
                may_override=acting_user is not None and ADMINISTRATOR in roles_of(acting_user),
                override_reason=override_reason,
            )
        )
        exceeds = verdict.exceeds
    payment = FrikortPayment(
        placement=placement,
        paid_on=paid_on,
        amount=amount,
        hours=hours,
        override_reason=override_reason.strip() if exceeds else "",
        created_by=acting_user,
    )
    save_as(payment, acting_user)
    payment.rule_warnings = warnings
    return payment
