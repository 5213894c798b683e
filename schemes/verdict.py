"""The one verdict on a proposed placement: every rule of the law combined, in one place.

`assess` takes plain facts (already fetched) and returns the refusals (keyed by the field at
fault) and the warnings. Every path that proposes a placement asks it: the HR forms and the
import through `placements.verdict.assess_placement`, the referral accept through the
same services, and the matching ranking with facts it fetched in bulk. The function never
queries, so the ranking can ask it for thousands of pairs, and tests feed it by hand.

A fact the caller did not fetch is `None` and its rule is left out: the ranking leaves out
the slot (its SQL offers only vacant slots) and the workplace's rimelighedskrav (a warning,
never a refusal). docs/regler.md lists every rule with its source.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formatting import number
from schemes import rules
from schemes.models import EarlyRetirementAge, SchemeRule, TargetGroup, TargetGroupRule

Period = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class RuleBook:
    """The law for one scheme as fetched: its versions, its målgruppe rules, the målgrupper."""

    scheme_name: str
    versions: tuple[SchemeRule, ...]
    group_rules: tuple[TargetGroupRule, ...] = ()
    groups: tuple[TargetGroup, ...] = ()
    retirement_ages: tuple[EarlyRetirementAge, ...] = ()


@dataclass(frozen=True)
class Person:
    """What the rules need to know about the citizen."""

    frikort_number: str = ""
    frikort_valid_until: dt.date | None = None
    has_fleksjob_visitation: bool = False
    has_seniorjob_entitlement: bool = False
    birth_date: dt.date | None = None
    part_time_insured: tuple[Period, ...] = ()
    # The citizen's other placements (first day, last day or None = open).
    busy: tuple[Period, ...] = ()

    def has_valid_frikort(self, day: dt.date) -> bool:
        return bool(self.frikort_number) and (
            self.frikort_valid_until is None or self.frikort_valid_until >= day
        )

    def is_part_time_insured(self, day: dt.date) -> bool:
        return any(
            start <= day and (end is None or day <= end) for start, end in self.part_time_insured
        )

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        birthday_passed = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if birthday_passed else 1)


@dataclass(frozen=True)
class SlotTerms:
    """The slot's own dates and what else occupies it during the proposed period."""

    opened_on: dt.date
    closed_on: dt.date | None = None
    closed_between: tuple[Period, ...] = ()  # nedlagt between a closing and a reopening
    pauses: tuple[Period, ...] = ()
    occupied: tuple[Period, ...] = ()


@dataclass(frozen=True)
class WorkplaceLoad:
    """The rimelighedskrav's facts: ordinary årsværk and the other counted placements."""

    workplace_name: str
    ordinary_fte: Decimal
    from_monthly_figures: bool
    counted: tuple[tuple[dt.date, dt.date | None, Decimal], ...] = ()


@dataclass(frozen=True)
class Proposal:
    starts_on: dt.date
    end_on: dt.date | None
    hours_per_week: Decimal | None
    benefit_id: int | None = None
    readiness_id: int | None = None
    qualifier: str = ""
    extension: str = ""
    extension_reason: str = ""
    previous_end_on: dt.date | None = None
    tr_name: str = ""
    tr_statement_on: dt.date | None = None
    end_field: str = "planned_end_on"
    # A new start (create, or a moved start): eligibility and the last start date apply.
    new_start: bool = True


@dataclass
class Verdict:
    refusals: rules.Errors = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.refusals.values() for message in messages]


def target_group(book: RuleBook, proposal: Proposal) -> TargetGroup | None:
    return rules.target_group_for(
        book.groups,
        benefit_id=proposal.benefit_id,
        readiness_id=proposal.readiness_id,
        qualifier=proposal.qualifier,
        day=proposal.starts_on,
    )


def ordinary_last_day(book: RuleBook, proposal: Proposal) -> dt.date | None:
    """The last day of the målgruppe's ordinary cap (the ranking proposes it as the end)."""
    rule = rules.group_rule_for(book.group_rules, target_group(book, proposal), proposal.starts_on)
    if rule is None or rule.excluded:
        return None
    return rules.cap_last_day(rule, proposal.starts_on)


def _overlaps(start: dt.date, end: dt.date | None, other: Period) -> bool:
    lower, upper = other
    return (upper is None or start <= upper) and (end is None or lower <= end)


def _period_text(period: Period) -> str:
    start, end = period
    if end is None:
        return _("fra %(start)s og frem") % {"start": rules.fmt(start)}
    return _("fra %(start)s til og med %(end)s") % {
        "start": rules.fmt(start),
        "end": rules.fmt(end),
    }


def _slot_errors(slot: SlotTerms, p: Proposal) -> rules.Errors:
    errors: rules.Errors = {}
    if p.starts_on < slot.opened_on:
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
        if p.starts_on >= slot.closed_on:
            errors = rules.merge(
                errors, {"starts_on": [_("Pladsen er nedlagt pr. %(day)s.") % params]}
            )
        elif p.end_on is None or p.end_on >= slot.closed_on:
            message = _("Pladsen nedlægges pr. %(day)s: forløbet skal slutte senest dagen før.")
            errors = rules.merge(errors, {p.end_field: [message % params]})
    # A conflict that begins after the start is the end date's fault, otherwise the start's.
    for periods, message in (
        (slot.closed_between, _("Pladsen er nedlagt %(period)s.")),
        (slot.pauses, _("Pladsen er i bero %(period)s.")),
        (slot.occupied, _("Pladsen er allerede besat %(period)s af et andet forløb.")),
    ):
        hit = next((q for q in sorted(periods) if _overlaps(p.starts_on, p.end_on, q)), None)
        if hit is not None:
            key = p.end_field if hit[0] > p.starts_on else "starts_on"
            errors = rules.merge(errors, {key: [message % {"period": _period_text(hit)}]})
    return errors


def _person_errors(person: Person, rule: SchemeRule, p: Proposal) -> rules.Errors:
    errors: rules.Errors = {}
    busy = next((q for q in sorted(person.busy) if _overlaps(p.starts_on, p.end_on, q)), None)
    if busy is not None:
        errors["starts_on"] = [
            _("Borgeren er allerede i et forløb %(period)s.") % {"period": _period_text(busy)}
        ]
    if p.new_start:
        messages = []
        if rule.needs_frikort and not person.has_valid_frikort(p.starts_on):
            messages.append(_("Borgeren har ikke et gyldigt socialt frikort på startdatoen."))
        if rule.needs_fleksjob_visitation and not person.has_fleksjob_visitation:
            messages.append(_("Borgeren er ikke visiteret til fleksjob."))
        if rule.needs_seniorjob_entitlement and not person.has_seniorjob_entitlement:
            messages.append(_("Borgeren har ikke ret til seniorjob."))
        if messages:
            errors = rules.merge(errors, {"citizen": messages})
    return errors


def _early_retirement_day(book: RuleBook, birth_date: dt.date) -> dt.date | None:
    """The day the citizen reaches efterlønsalderen (birth date + the age for that cohort)."""
    for age in book.retirement_ages:
        if age.born_from <= birth_date and (age.born_to is None or birth_date <= age.born_to):
            index = birth_date.month - 1 + age.months
            year, month = birth_date.year + age.years + index // 12, index % 12 + 1
            return dt.date(year, month, min(birth_date.day, calendar.monthrange(year, month)[1]))
    return None


def _warnings(
    book: RuleBook, rule: SchemeRule, group_rule, person: Person, p: Proposal
) -> list[str]:
    warnings = []
    if rule.tr_requirement and not (p.tr_name.strip() and p.tr_statement_on):
        if rule.tr_requirement == "statement":
            warnings.append(
                _(
                    "Der er ikke registreret en udtalelse fra tillidsrepræsentanten "
                    "(navn og dato) før start af %(scheme)s."
                )
                % {"scheme": book.scheme_name}
            )
        else:
            warnings.append(
                _(
                    "Der er ikke registreret, at tillidsrepræsentanten er orienteret "
                    "(navn og dato) før start af %(scheme)s."
                )
                % {"scheme": book.scheme_name}
            )
    if group_rule is not None and group_rule.prior_benefit_months and not group_rule.excluded:
        warnings.append(
            _(
                "Kontrollér, at borgeren har modtaget offentlig forsørgelse i mindst "
                "%(months)s måneder før start (%(source)s)."
            )
            % {"months": group_rule.prior_benefit_months, "source": group_rule.legal_source}
        )
    if rule.runs_until_early_retirement and person.birth_date:
        retirement = _early_retirement_day(book, person.birth_date)
        if retirement and (p.end_on is None or p.end_on >= retirement):
            warnings.append(
                _("%(scheme)s ophører ved efterlønsalderen: borgeren når den %(day)s.")
                % {"scheme": book.scheme_name, "day": rules.fmt(retirement)}
            )
    return warnings


def _reasonableness_warning(
    load: WorkplaceLoad, rule: SchemeRule, person: Person, p: Proposal
) -> str | None:
    """Supported placements in årsværk against the ordinary employees' (BEK, warning)."""
    if not rule.counts_in_reasonableness or p.hours_per_week is None:
        return None
    age = person.age_on(p.starts_on)
    own = Decimal(0) if age is not None and age < 18 else rules.fte(p.hours_per_week)
    together = rules.max_load(load.counted, p.starts_on, p.end_on) + own
    limit = rules.reasonableness_limit(load.ordinary_fte)
    if together <= limit:
        return None
    basis = (
        _("gennemsnittet af de 4 måneder før start")
        if load.from_monthly_figures
        else _("arbejdsstedets oplyste antal; der er ingen månedstal")
    )
    return _(
        "Rimelighedskravet for %(workplace)s er overskredet: %(together)s årsværk i "
        "løntilskud og virksomhedspraktik på samme tid, men højst %(limit)s ved %(employees)s "
        "ordinært ansatte i årsværk (%(basis)s)."
    ) % {
        "workplace": load.workplace_name,
        "together": _number(together),
        "limit": limit,
        "employees": _number(load.ordinary_fte),
        "basis": basis,
    }


def _number(value: Decimal) -> str:
    return number(value.quantize(Decimal("0.01")))


def assess(
    proposal: Proposal,
    *,
    book: RuleBook,
    person: Person,
    workplace_is_public: bool,
    slot: SlotTerms | None = None,
    load: WorkplaceLoad | None = None,
) -> Verdict:
    """Every rule in force on the proposal's dates: refusals by field, and warnings."""
    p = proposal
    dates = rules.check_dates(starts_on=p.starts_on, end_on=p.end_on, end_field=p.end_field)
    if dates:
        return Verdict(refusals=dates)
    errors = _slot_errors(slot, p) if slot is not None else {}
    versions: Sequence[SchemeRule] = [
        v for v in book.versions if _overlaps(p.starts_on, p.end_on, (v.valid_from, v.valid_to))
    ]
    errors = rules.merge(
        errors,
        rules.check_rule_coverage(
            rules=versions,
            scheme_name=book.scheme_name,
            starts_on=p.starts_on,
            end_on=p.end_on,
            end_field=p.end_field,
        ),
        rules.check_hours(
            rules=versions, scheme_name=book.scheme_name, hours_per_week=p.hours_per_week
        ),
    )
    rule = rules.rule_on(versions, p.starts_on)
    if rule is None:
        return Verdict(refusals=errors)
    if p.new_start and rule.last_start_on and p.starts_on > rule.last_start_on:
        errors = rules.merge(
            errors,
            {
                "starts_on": [
                    _("Nye forløb i %(scheme)s kan ikke starte efter %(day)s.")
                    % {"scheme": book.scheme_name, "day": rules.fmt(rule.last_start_on)}
                ]
            },
        )
    group = target_group(book, p)
    group_rule = rules.group_rule_for(book.group_rules, group, p.starts_on)
    errors = rules.merge(
        errors,
        rules.check_insured_hours(
            rule=rule,
            scheme_name=book.scheme_name,
            hours_per_week=p.hours_per_week,
            part_time_insured=person.is_part_time_insured(p.starts_on),
        ),
        rules.check_duration(
            rule=group_rule,
            group_name=str(group) if group else _("uden oplyst målgruppe"),
            scheme_name=book.scheme_name,
            starts_on=p.starts_on,
            end_on=p.end_on,
            end_field=p.end_field,
            extension=p.extension,
            extension_reason=p.extension_reason,
            previous_end_on=p.previous_end_on,
        ),
        _person_errors(person, rule, p),
    )
    if p.new_start:
        errors = rules.merge(
            errors,
            rules.check_workplace_eligibility(
                rule=rule,
                scheme_name=book.scheme_name,
                workplace_is_public=workplace_is_public,
                field=rules.NON_FIELD,
            ),
        )
    warnings = _warnings(book, rule, group_rule, person, p)
    if load is not None:
        warning = _reasonableness_warning(load, rule, person, p)
        if warning:
            warnings.append(warning)
    return Verdict(refusals=errors, warnings=warnings)
