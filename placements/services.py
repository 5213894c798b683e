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
from core.periods import period_text
from core.services import raise_errors, save_as
from organisation.scope import ADMINISTRATOR, roles_of
from placements import service_utils as common
from placements.models import (
    Citizen,
    CitizenAccess,
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
from schemes import rules
from schemes.models import Benefit

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
    "placement_rule_errors",
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


def _citizen_facts(citizen: Citizen, day: dt.date) -> rules.CitizenFacts:
    return rules.CitizenFacts(
        has_valid_frikort=citizen.has_valid_frikort(day),
        has_fleksjob_visitation=citizen.has_fleksjob_visitation,
        has_seniorjob_entitlement=citizen.has_seniorjob_entitlement,
    )


def _slot_availability_errors(
    *,
    slot: Slot,
    starts_on: dt.date,
    end_on: dt.date | None,
    end_field: str,
    exclude_pk: int | None,
) -> rules.Errors:
    """The slot exists, is not closed or paused, and holds no other placement on the dates."""
    errors: rules.Errors = {}
    if starts_on < slot.opened_on:
        errors = rules.merge(
            errors,
            {
                "starts_on": [
                    _("Pladsen er først oprettet fra %(day)s.") % {"day": rules.fmt(slot.opened_on)}
                ]
            },
        )
    if slot.closed_on is not None:
        params = {"day": rules.fmt(slot.closed_on)}
        if starts_on >= slot.closed_on:
            errors = rules.merge(
                errors, {"starts_on": [_("Pladsen er nedlagt pr. %(day)s.") % params]}
            )
        elif end_on is None or end_on >= slot.closed_on:
            errors = rules.merge(
                errors,
                {
                    end_field: [
                        _("Pladsen nedlægges pr. %(day)s: forløbet skal slutte senest dagen før.")
                        % params
                    ]
                },
            )
    # A conflict that begins after the start is the end date's fault, otherwise the start's.
    pause = common.pauses_overlapping(slot, starts_on, end_on).first()
    if pause is not None:
        errors = rules.merge(
            errors,
            {
                end_field if pause.starts_on > starts_on else "starts_on": [
                    _("Pladsen er i bero %(period)s.")
                    % {"period": period_text(pause.starts_on, pause.ends_on)}
                ]
            },
        )
    other = common.placements_overlapping(slot, starts_on, end_on, exclude_pk).first()
    if other is not None:
        errors = rules.merge(
            errors,
            {
                end_field if other.starts_on > starts_on else "starts_on": [
                    _("Pladsen er allerede besat %(period)s af et andet forløb.")
                    % {"period": period_text(other.starts_on, other.end_on)}
                ]
            },
        )
    return errors


def placement_rule_errors(
    *,
    slot: Slot,
    citizen: Citizen,
    starts_on: dt.date,
    end_on: dt.date | None,
    end_field: str,
    hours_per_week: Decimal | None,
    benefit: Benefit | None,
    exclude_pk: int | None = None,
    extended: bool = False,
    check_eligibility: bool = True,
) -> rules.Errors:
    """Every registration rule in force on the placement's dates, keyed by the field at fault."""
    errors = rules.check_dates(starts_on=starts_on, end_on=end_on, end_field=end_field)
    if errors:
        return errors
    scheme = slot.scheme
    errors = _slot_availability_errors(
        slot=slot, starts_on=starts_on, end_on=end_on, end_field=end_field, exclude_pk=exclude_pk
    )
    versions = rules.scheme_rules_between(scheme.pk, starts_on, end_on)
    coverage = rules.check_rule_coverage(
        rules=versions,
        scheme_name=str(scheme),
        starts_on=starts_on,
        end_on=end_on,
        end_field=end_field,
    )
    errors = rules.merge(
        errors,
        coverage,
        rules.check_hours(rules=versions, scheme_name=str(scheme), hours_per_week=hours_per_week),
    )
    rule = rules.rule_on(versions, starts_on)
    if rule is None:
        return errors
    errors = rules.merge(
        errors,
        rules.check_duration(
            rule=rule,
            benefit_id=benefit.pk if benefit else None,
            benefit_name=str(benefit) if benefit else _("ingen oplyst ydelse"),
            scheme_name=str(scheme),
            starts_on=starts_on,
            end_on=end_on,
            end_field=end_field,
            extended=extended,
        ),
    )
    if check_eligibility:
        errors = rules.merge(
            errors,
            rules.check_citizen_eligibility(rule=rule, citizen=_citizen_facts(citizen, starts_on)),
            rules.check_workplace_eligibility(
                rule=rule,
                scheme_name=str(scheme),
                workplace_is_public=slot.workplace.is_public,
                field=NON_FIELD_ERRORS,
            ),
        )
    return errors


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
) -> Placement:
    """Place a citizen in a slot (nyt forløb) after checking every rule in force."""
    slot = _locked(slot)
    raise_errors(
        placement_rule_errors(
            slot=slot,
            citizen=citizen,
            starts_on=starts_on,
            end_on=planned_end_on,
            end_field="planned_end_on",
            hours_per_week=hours_per_week,
            benefit=benefit,
        )
    )
    placement = Placement(
        slot=slot,
        citizen=citizen,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        hours_per_week=hours_per_week,
        benefit=benefit,
    )
    _save_placement(placement, acting_user)
    return placement


def _is_extended(placement: Placement) -> bool:
    """Whether the placement already runs past its scheme's ordinary cap (was extended)."""
    end = placement.end_on
    if end is None:
        return False
    versions = rules.scheme_rules_between(placement.slot.scheme_id, placement.starts_on, None)
    rule = rules.rule_on(versions, placement.starts_on)
    cap = rules.cap_for(rule, placement.benefit_id) if rule else None
    return bool(cap and end > rules.cap_last_day(cap, placement.starts_on, extended=False))


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    starts_on: dt.date,
    hours_per_week: Decimal,
    benefit: Benefit | None,
    acting_user,
) -> Placement:
    """Correct a placement's start, hours or benefit; its end changes by extend or end."""
    slot = _locked(placement.slot)
    raise_errors(
        placement_rule_errors(
            slot=slot,
            citizen=placement.citizen,
            starts_on=starts_on,
            end_on=placement.end_on,
            end_field="starts_on",
            hours_per_week=hours_per_week,
            benefit=benefit,
            exclude_pk=placement.pk,
            extended=_is_extended(placement),
            check_eligibility=starts_on != placement.starts_on,
        )
    )
    placement.starts_on, placement.hours_per_week, placement.benefit = (
        starts_on,
        hours_per_week,
        benefit,
    )
    _save_placement(placement, acting_user)
    return placement


@transaction.atomic
def placement_extend(*, placement: Placement, planned_end_on: dt.date, acting_user) -> Placement:
    """Forlæng: a later planned end, up to the scheme's extended cap."""
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
    raise_errors(
        placement_rule_errors(
            slot=slot,
            citizen=placement.citizen,
            starts_on=placement.starts_on,
            end_on=planned_end_on,
            end_field="planned_end_on",
            hours_per_week=placement.hours_per_week,
            benefit=placement.benefit,
            exclude_pk=placement.pk,
            extended=True,
            check_eligibility=False,
        )
    )
    placement.planned_end_on = planned_end_on
    _save_placement(placement, acting_user)
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
    raise_errors(
        placement_rule_errors(
            slot=slot,
            citizen=placement.citizen,
            starts_on=placement.starts_on,
            end_on=ended_on,
            end_field="ended_on",
            hours_per_week=placement.hours_per_week,
            benefit=placement.benefit,
            exclude_pk=placement.pk,
            extended=True,  # ending later than planned is an extension
            check_eligibility=False,
        )
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
    limit = rules.frikort_limit_on(paid_on)
    if limit is None:
        errors = rules.merge(
            errors,
            {
                "paid_on": [
                    _("Der er ingen frikortgrænse for %(day)s.") % {"day": rules.fmt(paid_on)}
                ]
            },
        )
    raise_errors(errors)
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
    payment = FrikortPayment(
        placement=placement,
        paid_on=paid_on,
        amount=amount,
        hours=hours,
        override_reason=override_reason.strip() if verdict.exceeds else "",
        created_by=acting_user,
    )
    save_as(payment, acting_user)
    return payment
