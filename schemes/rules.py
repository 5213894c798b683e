"""The registration rules (docs/design.md) as plain functions over explicit arguments.

Two kinds of function live here:
- lookups that read the rule version in force on a date (`scheme_rules_between`,
  `frikort_limit_on`): the law is data with validity dates, never a constant in code;
- checks that take plain values (and rule rows already fetched) and return the failures as
  `{field name: [Danish message]}`; they never query and never raise, so they are tested
  without a database request and the caller decides which form field shows each message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from core.formatting import date as fmt
from core.formatting import kroner as _kr
from core.formatting import number as _hours
from core.periods import last_day_of_months
from schemes.models import DurationCap, FrikortLimit, SchemeRule

Errors = dict[str, list[str]]

FRIKORT_WARNING_SHARE = Decimal("0.8")


def merge(*parts: Errors) -> Errors:
    """Combine the failures of several checks, field by field."""
    merged: Errors = {}
    for part in parts:
        for field, messages in part.items():
            merged.setdefault(field, []).extend(messages)
    return merged


# --- Lookups: the version of the law in force ---------------------------------------------


def scheme_rules_between(scheme_id: int, start: dt.date, end: dt.date | None) -> list[SchemeRule]:
    """The scheme's rule versions in force on any day from `start` to `end` (None: open)."""
    overlapping = Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    if end is not None:
        overlapping &= Q(valid_from__lte=end)
    return list(
        SchemeRule.objects.filter(overlapping, scheme_id=scheme_id)
        .prefetch_related(Prefetch("duration_caps", queryset=DurationCap.objects.all()))
        .order_by("valid_from")
    )


def rule_on(rules: Sequence[SchemeRule], day: dt.date) -> SchemeRule | None:
    """The version in force on `day` among rules already fetched."""
    return next((rule for rule in rules if rule.is_valid_on(day)), None)


def frikort_limit_on(day: dt.date) -> FrikortLimit | None:
    return FrikortLimit.objects.valid_on(day).order_by("-valid_from").first()


# --- Dates ------------------------------------------------------------------------------------


def check_dates(*, starts_on: dt.date, end_on: dt.date | None, end_field: str) -> Errors:
    """Start ≤ end; an open end (None) is always after the start."""
    if end_on is not None and end_on < starts_on:
        return {end_field: [_("Slutdatoen må ikke ligge før startdatoen.")]}
    return {}


def check_rule_coverage(
    *,
    rules: Sequence[SchemeRule],
    scheme_name: str,
    starts_on: dt.date,
    end_on: dt.date | None,
    end_field: str,
) -> Errors:
    """The scheme must be in force on the start date and on every later day of the period."""
    start_rule = rule_on(rules, starts_on)
    if start_rule is None:
        return {
            "starts_on": [
                _("Ordningen %(scheme)s gælder ikke den %(day)s.")
                % {"scheme": scheme_name, "day": fmt(starts_on)}
            ]
        }
    # Walk forward through consecutive versions; a gap or an end before `end_on` fails.
    covered_to = start_rule.valid_to
    for rule in rules:
        if covered_to is None:
            break
        if rule.valid_from <= covered_to + dt.timedelta(days=1) and (
            rule.valid_to is None or rule.valid_to > covered_to
        ):
            covered_to = rule.valid_to
    if covered_to is not None and (end_on is None or end_on > covered_to):
        return {
            end_field: [
                _("Ordningen %(scheme)s gælder kun til og med %(day)s.")
                % {"scheme": scheme_name, "day": fmt(covered_to)}
            ]
        }
    return {}


# --- Duration caps ------------------------------------------------------------------------------


def cap_for(rule: SchemeRule, benefit_id: int | None) -> DurationCap | None:
    """The benefit's own cap under a rule version, else the one for every benefit."""
    caps = list(rule.duration_caps.all())
    own = next((cap for cap in caps if benefit_id and cap.benefit_id == benefit_id), None)
    return own or next((cap for cap in caps if cap.benefit_id is None), None)


def cap_last_day(cap: DurationCap, starts_on: dt.date, *, extended: bool) -> dt.date:
    if cap.max_months:
        return last_day_of_months(starts_on, cap.max_months)
    weeks = cap.extendable_to_weeks if extended and cap.extendable_to_weeks else cap.max_weeks
    return starts_on + dt.timedelta(days=7 * weeks - 1)


def describe_cap(cap: DurationCap, *, extended: bool) -> str:
    if cap.max_months:
        return _("%(n)s måneder") % {"n": cap.max_months}
    weeks = cap.extendable_to_weeks if extended and cap.extendable_to_weeks else cap.max_weeks
    return _("%(n)s uger") % {"n": weeks}


def check_duration(
    *,
    rule: SchemeRule | None,
    benefit_id: int | None,
    benefit_name: str,
    scheme_name: str,
    starts_on: dt.date,
    end_on: dt.date | None,
    end_field: str,
    extended: bool = False,
) -> Errors:
    """The cap of the rule version in force on the start date, for the citizen's benefit.

    `extended` allows the cap's extension (virksomhedspraktik up to 26 weeks): used when a
    placement is extended, not when it is created.
    """
    cap = cap_for(rule, benefit_id) if rule else None
    if cap is None:
        return {}
    last_day = cap_last_day(cap, starts_on, extended=extended)
    params = {
        "scheme": scheme_name,
        "benefit": benefit_name,
        "cap": describe_cap(cap, extended=extended),
        "day": fmt(last_day),
    }
    if end_on is None:
        return {
            end_field: [
                _(
                    "%(scheme)s for en borger på %(benefit)s må højst vare %(cap)s: "
                    "angiv en slutdato senest %(day)s."
                )
                % params
            ]
        }
    if end_on > last_day:
        message = _(
            "%(scheme)s for en borger på %(benefit)s må højst vare %(cap)s, "
            "dvs. til og med %(day)s."
        )
        if not extended and cap.extendable_to_weeks:
            message += " " + _("Forløbet kan forlænges til %(weeks)s uger.") % {
                "weeks": cap.extendable_to_weeks
            }
        return {end_field: [message % params]}
    return {}


# --- Hours ------------------------------------------------------------------------------------


def check_hours(
    *,
    rules: Iterable[SchemeRule],
    scheme_name: str,
    hours_per_week: Decimal | None,
    field: str = "hours_per_week",
) -> Errors:
    """Hours within every rule version in force during the period (praktik ≤ 37, …)."""
    if hours_per_week is None:
        return {}
    if hours_per_week <= 0:
        return {field: [_("Timetallet skal være større end 0.")]}
    for rule in rules:
        if rule.max_hours_per_week is not None and hours_per_week > rule.max_hours_per_week:
            return {
                field: [
                    _("%(scheme)s må højst være %(hours)s timer om ugen.")
                    % {"scheme": scheme_name, "hours": _hours(rule.max_hours_per_week)}
                ]
            }
        if rule.min_hours_per_week is not None and hours_per_week < rule.min_hours_per_week:
            return {
                field: [
                    _("%(scheme)s skal være mindst %(hours)s timer om ugen.")
                    % {"scheme": scheme_name, "hours": _hours(rule.min_hours_per_week)}
                ]
            }
    return {}


# --- Eligibility ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenFacts:
    """What eligibility needs to know about a citizen on a date."""

    has_valid_frikort: bool
    has_fleksjob_visitation: bool
    has_seniorjob_entitlement: bool


def check_citizen_eligibility(
    *, rule: SchemeRule, citizen: CitizenFacts, field: str = "citizen"
) -> Errors:
    """Småjob needs a valid frikort; seniorjob the entitlement; fleksjob a visitation."""
    messages = []
    if rule.needs_frikort and not citizen.has_valid_frikort:
        messages.append(_("Borgeren har ikke et gyldigt socialt frikort på startdatoen."))
    if rule.needs_fleksjob_visitation and not citizen.has_fleksjob_visitation:
        messages.append(_("Borgeren er ikke visiteret til fleksjob."))
    if rule.needs_seniorjob_entitlement and not citizen.has_seniorjob_entitlement:
        messages.append(_("Borgeren har ikke ret til seniorjob."))
    return {field: messages} if messages else {}


def check_workplace_eligibility(
    *, rule: SchemeRule, scheme_name: str, workplace_is_public: bool, field: str = "workplace"
) -> Errors:
    """Nytteindsats only at public workplaces."""
    if rule.public_workplace_only and not workplace_is_public:
        message = _("%(scheme)s kan kun ske på en offentlig arbejdsplads.")
        return {field: [message % {"scheme": scheme_name}]}
    return {}


# --- Rimelighedskrav ------------------------------------------------------------------------------


def reasonableness_limit(ordinary_employees: int) -> int:
    """People in løntilskud + praktik allowed: 1 per 5 up to 50 (at least 1), 1 per 10 above."""
    up_to_50 = max(1, min(ordinary_employees, 50) // 5)
    above_50 = max(0, ordinary_employees - 50) // 10
    return up_to_50 + above_50


def max_overlap(
    periods: Iterable[tuple[dt.date, dt.date | None]], start: dt.date, end: dt.date | None
) -> int:
    """The most of `periods` (inclusive, None = open) in force together on a day of start–end."""
    events: list[tuple[dt.date, int]] = []
    for lower, upper in periods:
        lower = max(lower, start)
        upper = upper if end is None else (end if upper is None else min(upper, end))
        if upper is not None and upper < lower:
            continue
        events.append((lower, 1))
        if upper is not None:
            events.append((upper + dt.timedelta(days=1), -1))
    # Ends (-1) sort before starts (+1) on the same day: a period ending the day before
    # another starts does not overlap it.
    current = highest = 0
    for _day, delta in sorted(events):
        current += delta
        highest = max(highest, current)
    return highest


# --- Socialt frikort ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrikortVerdict:
    """A payment measured against the year's limit in force on its date."""

    limit: Decimal
    total_before: Decimal
    amount: Decimal

    @property
    def total_after(self) -> Decimal:
        return self.total_before + self.amount

    @property
    def share_after(self) -> Decimal:
        return self.total_after / self.limit if self.limit else Decimal(0)

    @property
    def warn(self) -> bool:
        return self.share_after >= FRIKORT_WARNING_SHARE

    @property
    def exceeds(self) -> bool:
        return self.total_after > self.limit


def check_frikort(
    *,
    verdict: FrikortVerdict,
    may_override: bool,
    override_reason: str,
) -> Errors:
    """Refuse a payment that passes 100 % unless an administrator overrides with a reason."""
    if not verdict.exceeds:
        return {}
    params = {
        "total": _kr(verdict.total_after),
        "limit": _kr(verdict.limit),
    }
    if not may_override:
        return {
            "amount": [
                _(
                    "Udbetalingen bringer borgerens frikortbeløb i år op på %(total)s kr. "
                    "og over grænsen på %(limit)s kr. Kun en administrator kan godkende en "
                    "overskridelse."
                )
                % params
            ]
        }
    if not override_reason.strip():
        return {
            "override_reason": [
                _(
                    "Udbetalingen bringer borgerens frikortbeløb i år op på %(total)s kr. "
                    "og over grænsen på %(limit)s kr.: skriv en begrundelse for overskridelsen."
                )
                % params
            ]
        }
    return {}
