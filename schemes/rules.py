"""The rules of the law as plain functions over explicit arguments (docs/regler.md).

`schemes.verdict.assess` combines them for a proposed placement. Two kinds of function
live here:
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

from django.db.models import Q
from django.utils.translation import gettext as _

from core.formatting import date as fmt
from core.formatting import kroner as _kr
from core.formatting import number as _hours
from core.periods import last_day_of_months
from schemes.models import FrikortLimit, SchemeRule, TargetGroup, TargetGroupRule

Errors = dict[str, list[str]]
NON_FIELD = "__all__"  # django.core.exceptions.NON_FIELD_ERRORS
FULL_TIME_HOURS = Decimal("37")  # a full-time equivalent in the rimelighedskrav (hours ÷ 37)

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
    return list(SchemeRule.objects.filter(overlapping, scheme_id=scheme_id).order_by("valid_from"))


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


def target_group_for(
    groups: Iterable[TargetGroup],
    *,
    benefit_id: int | None,
    readiness_id: int | None,
    qualifier: str,
    day: dt.date,
) -> TargetGroup | None:
    """The most specific målgruppe in force on `day` that fits benefit × visitation."""
    best, best_score = None, -1
    for group in groups:
        if not group.is_valid_on(day):
            continue
        score = group.specificity(benefit_id, readiness_id, qualifier)
        if score is not None and score > best_score:
            best, best_score = group, score
    return best


def group_rule_for(
    rules: Iterable[TargetGroupRule], group: TargetGroup | None, day: dt.date
) -> TargetGroupRule | None:
    """The scheme's rule for the målgruppe on `day`, else its rule for all other groups."""
    in_force = [rule for rule in rules if rule.is_valid_on(day)]
    own = next((r for r in in_force if group and r.target_group_id == group.pk), None)
    return own or next((r for r in in_force if r.target_group_id is None), None)


def cap_last_day(
    rule: TargetGroupRule,
    starts_on: dt.date,
    *,
    extension: str = "",
    previous_end_on: dt.date | None = None,
) -> dt.date | None:
    """The last day the målgruppe's rule allows; None when it has no cap.

    `extension`: "" (the ordinary cap), "assessed" (up to `extendable_to_weeks`) or
    "special_need" (a further `special_need_weeks` at a time beyond the extended cap or
    the end already reached).
    """
    if rule.max_months:
        return last_day_of_months(starts_on, rule.max_months)
    if not rule.max_weeks:
        return None
    ordinary = starts_on + dt.timedelta(days=7 * rule.max_weeks - 1)
    if not extension or not rule.extendable_to_weeks:
        return ordinary
    extended = starts_on + dt.timedelta(days=7 * rule.extendable_to_weeks - 1)
    if extension != "special_need" or not rule.special_need_weeks:
        return extended
    base = max(extended, previous_end_on) if previous_end_on else extended
    return base + dt.timedelta(days=7 * rule.special_need_weeks)


def describe_cap(rule: TargetGroupRule, starts_on: dt.date, last_day: dt.date) -> str:
    if rule.max_months:
        return _("%(n)s måneder") % {"n": rule.max_months}
    return _("%(n)s uger") % {"n": ((last_day - starts_on).days + 1) // 7}


def check_duration(
    *,
    rule: TargetGroupRule | None,
    group_name: str,
    scheme_name: str,
    starts_on: dt.date,
    end_on: dt.date | None,
    end_field: str,
    extension: str = "",
    extension_reason: str = "",
    previous_end_on: dt.date | None = None,
) -> Errors:
    """The målgruppe's cap (or exclusion) under the rule in force on the start date."""
    if rule is None:
        return {}
    params = {"scheme": scheme_name, "group": group_name}
    if rule.excluded:
        return {
            NON_FIELD: [
                _("%(scheme)s kan ikke gives til målgruppen %(group)s (%(source)s).")
                % {**params, "source": rule.legal_source or _("loven")}
            ]
        }
    errors: Errors = {}
    if extension == "special_need" and not extension_reason.strip():
        errors["extension_reason"] = [
            _("Skriv begrundelsen for det helt særlige behov for en længere periode.")
        ]
    last_day = cap_last_day(rule, starts_on, extension=extension, previous_end_on=previous_end_on)
    if last_day is None:
        return errors
    params.update(cap=describe_cap(rule, starts_on, last_day), day=fmt(last_day))
    if end_on is None:
        message = _(
            "%(scheme)s for målgruppen %(group)s må højst vare %(cap)s: "
            "angiv en slutdato senest %(day)s."
        )
        return merge(errors, {end_field: [message % params]})
    if end_on > last_day:
        message = (
            _("%(scheme)s for målgruppen %(group)s må højst vare %(cap)s, dvs. til og med %(day)s.")
            % params
        )
        if not extension and rule.extendable_to_weeks:
            message += " " + _(
                "Efter en konkret vurdering kan forløbet forlænges til %(weeks)s uger."
            ) % {"weeks": rule.extendable_to_weeks}
        elif extension == "assessed" and rule.special_need_weeks:
            message += " " + _(
                "Ved et helt særligt behov kan det forlænges med op til %(weeks)s uger ad gangen."
            ) % {"weeks": rule.special_need_weeks}
        return merge(errors, {end_field: [message]})
    return errors


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


def check_insured_hours(
    *,
    rule: SchemeRule,
    scheme_name: str,
    hours_per_week: Decimal | None,
    part_time_insured: bool,
    field: str = "hours_per_week",
) -> Errors:
    """Seniorjob: full time for fuldtidsforsikrede, the part-time hours for deltidsforsikrede."""
    required = rule.part_time_insured_hours if part_time_insured else rule.full_time_insured_hours
    if hours_per_week is None or required is None or hours_per_week == required:
        return {}
    if part_time_insured:
        message = _("%(scheme)s for en deltidsforsikret skal være %(hours)s timer om ugen.")
    else:
        message = _("%(scheme)s for en fuldtidsforsikret skal være %(hours)s timer om ugen.")
    return {field: [message % {"scheme": scheme_name, "hours": _hours(required)}]}


# --- Eligibility ---------------------------------------------------------------------------------


def check_workplace_eligibility(
    *, rule: SchemeRule, scheme_name: str, workplace_is_public: bool, field: str = "workplace"
) -> Errors:
    """Nytteindsats only at public workplaces."""
    if rule.public_workplace_only and not workplace_is_public:
        message = _("%(scheme)s kan kun ske på en offentlig arbejdsplads.")
        return {field: [message % {"scheme": scheme_name}]}
    return {}


# --- Rimelighedskrav ------------------------------------------------------------------------------


def reasonableness_limit(ordinary_employees: Decimal | int) -> int:
    """People in løntilskud + praktik allowed: 1 per 5 up to 50 (at least 1), 1 per 10 above."""
    employees = Decimal(ordinary_employees)
    up_to_50 = max(1, int(min(employees, 50) // 5))
    above_50 = int(max(Decimal(0), employees - 50) // 10)
    return up_to_50 + above_50


def max_load(
    periods: Iterable[tuple[dt.date, dt.date | None, Decimal]],
    start: dt.date,
    end: dt.date | None,
) -> Decimal:
    """The highest sum of weights of `periods` (inclusive, None = open) on a day of start–end."""
    events: list[tuple[dt.date, int, Decimal]] = []
    for lower, upper, weight in periods:
        lower = max(lower, start)
        upper = upper if end is None else (end if upper is None else min(upper, end))
        if upper is not None and upper < lower:
            continue
        events.append((lower, 1, weight))
        if upper is not None:
            events.append((upper + dt.timedelta(days=1), 0, -weight))
    # Ends (0) sort before starts (1) on the same day: a period ending the day before
    # another starts does not overlap it.
    current = highest = Decimal(0)
    for _day, _kind, delta in sorted(events):
        current += delta
        highest = max(highest, current)
    return highest


def fte(hours_per_week: Decimal) -> Decimal:
    return hours_per_week / FULL_TIME_HOURS


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
        # No total here: it includes what other departments paid, which HR may not see.
        return {
            "amount": [
                _(
                    "Udbetalingen bringer borgerens frikortbeløb i år over grænsen på "
                    "%(limit)s kr. Kun en administrator kan godkende en overskridelse."
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
