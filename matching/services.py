"""State changes of matching: candidate profiles, referrals, subscriptions and notices.

Keyword-only, typed, atomic; rule failures are Django ValidationErrors in Danish keyed by
the field at fault (as `placements.services`). An accepted referral creates its placement
through `placements.services.placement_create`, so every registry rule applies.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import violated_constraint
from core.services import raise_errors, save_as
from organisation.scope import CONSULTANT, HR
from placements import services as registry
from placements.models import Citizen, Slot
from placements.verdict import assess_placement
from schemes import rules
from schemes.verdict import Proposal, Verdict

from . import selectors
from .models import CandidateProfile, Notice, Referral, ReferralState, Subscription

PROFILE_FIELDS = ("wanted_hours_per_week", "earliest_start", "competences", "active", "consultant")
NOTICE_WINDOW_DAYS = 30
# A vacancy that began longer ago than this is not news (a late registration is; a
# historic import is not), so it makes no notice.
NOTICE_LOOKBACK_DAYS = 7

NOT_OPEN_MESSAGES = {
    ReferralState.ACCEPTED: gettext_lazy("Henvisningen er allerede accepteret."),
    ReferralState.DECLINED: gettext_lazy("Henvisningen er afvist og kan ikke længere ændres."),
    ReferralState.WITHDRAWN: gettext_lazy("Henvisningen er trukket tilbage af jobcentret."),
    ReferralState.SUPERSEDED: gettext_lazy(
        "Pladsen er allerede besat af en anden kandidat i perioden: "
        "henvisningen kan ikke accepteres."
    ),
}


# --- Candidates ---------------------------------------------------------------------------------


@transaction.atomic
def candidate_save(
    *,
    citizen: Citizen | None,
    acting_user,
    preferred_schemes,
    citizen_details: dict,
    cpr: str = "",
    **profile_fields,
) -> CandidateProfile:
    """Create or update a candidate: the citizen's registry details and the profile.

    With `citizen` None the citizen is new and is registered by CPR first.
    """
    unknown = set(profile_fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    if citizen is None:
        details = dict(citizen_details)
        citizen = registry.citizen_create(
            cpr=cpr, name=details.pop("name"), acting_user=acting_user, **details
        )
    else:
        registry.citizen_update(citizen=citizen, acting_user=acting_user, **citizen_details)
    profile = CandidateProfile.objects.filter(citizen=citizen).first() or CandidateProfile(
        citizen=citizen
    )
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    save_as(profile, acting_user)
    profile.preferred_schemes.set(preferred_schemes)
    return profile


# --- Referrals ----------------------------------------------------------------------------------


def referral_verdict(
    *,
    slot: Slot,
    citizen: Citizen,
    starts_on: dt.date,
    planned_end_on: dt.date | None,
    hours_per_week: Decimal | None,
    **terms,
) -> Verdict:
    """The verdict the placement would get: the registry's one call, at proposal time."""
    proposal = Proposal(
        starts_on=starts_on,
        end_on=planned_end_on,
        hours_per_week=hours_per_week,
        benefit_id=citizen.benefit_id,
        readiness_id=citizen.readiness_id,
        **terms,
    )
    return assess_placement(slot=slot, citizen=citizen, proposal=proposal)


def _hr_users_of(slot: Slot):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=HR,
            scope__departments=slot.workplace.department_id,
        )
        .distinct()
    )


@transaction.atomic
def referral_create(
    *,
    slot: Slot,
    citizen: Citizen,
    starts_on: dt.date,
    planned_end_on: dt.date | None,
    hours_per_week: Decimal,
    note: str = "",
    acting_user,
    **terms,
) -> Referral:
    """A consultant proposes a citizen for a slot; the workplace's HR is told in the portal.

    `terms`: the placement's terms (registry.TERMS) the proposal carries.
    """
    unknown = set(terms) - set(registry.TERMS)
    if unknown:
        raise TypeError(f"Unknown referral terms: {sorted(unknown)}")
    slot = Slot.objects.select_related("workplace", "scheme").get(pk=slot.pk)
    raise_errors(
        referral_verdict(
            slot=slot,
            citizen=citizen,
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            hours_per_week=hours_per_week,
            **terms,
        ).refusals
    )
    referral = Referral(
        slot=slot,
        citizen=citizen,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        hours_per_week=hours_per_week,
        note=note.strip(),
        proposed_by=acting_user,
        **terms,
    )
    try:
        with transaction.atomic():
            save_as(referral, acting_user)
    except IntegrityError as error:
        if violated_constraint(error) != "one_open_referral_per_citizen_and_slot":
            raise
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("Borgeren er allerede foreslået til pladsen.")]}
        ) from error
    text = _("Ny henvisning til pladsen %(slot)s (%(scheme)s) fra jobcentret.") % {
        "slot": slot.title,
        "scheme": slot.scheme,
    }
    hr_users = list(_hr_users_of(slot))
    Notice.objects.bulk_create(
        Notice(user=user, slot=slot, referral=referral, text=text) for user in hr_users
    )
    _email_after_commit(
        subject=_("Ny henvisning til pladsen %(slot)s") % {"slot": slot.title},
        text=text,
        path=reverse("matching:referral_detail", kwargs={"referral": referral.pk}),
        recipients=[user.email for user in hr_users if user.email],
    )
    return referral


def _email_after_commit(*, subject: str, text: str, path: str, recipients: list[str]) -> None:
    """One e-mail per recipient, after the commit (never for a rolled-back referral).
    It names the slot and links to the portal; never the citizen."""
    if not recipients:
        return
    body = f"{text}\n\n{_('Se henvisningen')}: {settings.SITE_URL.rstrip('/')}{path}\n"
    messages = [(subject, body, None, [address]) for address in recipients]

    def send_referral_emails():  # a named function: Django logs its __qualname__
        send_mass_mail(messages)

    transaction.on_commit(send_referral_emails, robust=True)


def _lock_open(referral_id: int) -> tuple[Slot, Referral]:
    """Lock the slot, then read the referral afresh: one decision per slot at a time.

    The slot is locked before the referral so that two acceptances in the same slot always
    take their locks in the same order (no deadlock), and the second one sees the first's
    result when it gets the lock.
    """
    slot_id = Referral.objects.values_list("slot_id", flat=True).get(pk=referral_id)
    slot = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("workplace", "scheme")
        .get(pk=slot_id)
    )
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("citizen__benefit", "citizen__readiness")
        .get(pk=referral_id)
    )
    if referral.state != ReferralState.PROPOSED:
        raise_errors({NON_FIELD_ERRORS: [str(NOT_OPEN_MESSAGES[referral.state])]})
    return slot, referral


def _decide(referral: Referral, state: str, reason: str, acting_user) -> None:
    referral.state = state
    referral.decided_by = acting_user
    referral.decided_at = timezone.now()
    referral.decision_reason = reason
    save_as(referral, acting_user)


def _tell_proposer(referral: Referral, text: str) -> None:
    if referral.proposed_by_id:
        Notice.objects.create(
            user_id=referral.proposed_by_id, slot=referral.slot, referral=referral, text=text
        )


@transaction.atomic
def referral_accept(*, referral: Referral, acting_user) -> Referral:
    """HR accepts: the placement is created and the slot is besat, in one transaction.

    The placement's warnings (rimelighedskrav, TR statement, …) are left on the referral as
    `rule_warnings`: the same the HR form shows. Other open proposals for overlapping dates in the slot become superseded. The
    database's exclusion constraint on placements is the final guarantee against a
    second placement, should anything get past the lock.
    """
    slot, referral = _lock_open(referral.pk)
    placement = registry.placement_create(
        slot=slot,
        citizen=referral.citizen,
        starts_on=referral.starts_on,
        planned_end_on=referral.planned_end_on,
        hours_per_week=referral.hours_per_week,
        benefit=referral.citizen.benefit,
        readiness=referral.citizen.readiness,
        acting_user=acting_user,
        **{name: getattr(referral, name) for name in registry.TERMS},
    )
    referral.placement = placement
    referral.rule_warnings = placement.rule_warnings
    _decide(referral, ReferralState.ACCEPTED, "", acting_user)
    start, end = referral.starts_on, referral.planned_end_on
    overlapping = Referral.objects.open().filter(slot=slot).exclude(pk=referral.pk)
    overlapping = overlapping.filter(Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=start))
    if end is not None:
        overlapping = overlapping.filter(starts_on__lte=end)
    reason = _("Pladsen blev besat af en anden kandidat fra %(day)s.") % {"day": rules.fmt(start)}
    for other in overlapping.select_for_update(of=("self",)).select_related("slot"):
        _decide(other, ReferralState.SUPERSEDED, reason, acting_user)
        _tell_proposer(
            other, _("Pladsen %(slot)s blev besat af en anden kandidat.") % {"slot": slot.title}
        )
    _tell_proposer(
        referral,
        _("Din henvisning til pladsen %(slot)s er accepteret: forløbet starter %(day)s.")
        % {"slot": slot.title, "day": rules.fmt(start)},
    )
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, reason: str, acting_user) -> Referral:
    """HR declines with a reason the consultant can read."""
    if not reason.strip():
        raise_errors(
            {"reason": [_("Skriv en begrundelse, så jobcentret kan finde en bedre kandidat.")]}
        )
    slot, referral = _lock_open(referral.pk)
    _decide(referral, ReferralState.DECLINED, reason.strip(), acting_user)
    _tell_proposer(
        referral, _("Din henvisning til pladsen %(slot)s er afvist.") % {"slot": slot.title}
    )
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, acting_user) -> Referral:
    """The jobcenter withdraws a proposal that is still open."""
    _slot, referral = _lock_open(referral.pk)
    _decide(referral, ReferralState.WITHDRAWN, "", acting_user)
    return referral


# --- Subscriptions and notices ------------------------------------------------------------------


@transaction.atomic
def subscription_save(*, user, schemes, districts, by_email: bool) -> Subscription:
    """Mine abonnementer: the schemes and districts a consultant follows."""
    subscription, _created = Subscription.objects.get_or_create(user=user)
    subscription.by_email = by_email
    subscription.save()
    subscription.schemes.set(schemes)
    subscription.districts.set(districts)
    return subscription


def vacancy_text(slot: Slot) -> str:
    """What a notice says about a vacant slot: never a citizen's name or CPR number."""
    params = {
        "title": slot.title,
        "scheme": slot.scheme,
        "workplace": slot.workplace,
        "district": slot.workplace.district,
        "day": rules.fmt(slot.vacant_since),
    }
    if slot.free_from > timezone.localdate():
        return (
            _(
                "Pladsen %(title)s (%(scheme)s) på %(workplace)s, %(district)s, bliver ledig "
                "%(day)s."
            )
            % params
        )
    return (
        _("Pladsen %(title)s (%(scheme)s) på %(workplace)s, %(district)s, er ledig fra %(day)s.")
        % params
    )


def _followers(slot: Slot):
    return (
        get_user_model()
        .objects.filter(
            Q(matching_subscription__schemes=slot.scheme_id)
            | Q(matching_subscription__districts=slot.workplace.district_id),
            is_active=True,
            groups__name=CONSULTANT,
        )
        .distinct()
    )


def notices_for_vacancy(*, slot_id: int) -> list[int]:
    """Tell the consultants who follow the slot's scheme or district that it is vacant.

    Idempotent: one notice per user and vacancy. Returns the notices still to e-mail.
    """
    today = timezone.localdate()
    slot = (
        selectors.vacant_slots(today, NOTICE_WINDOW_DAYS)
        .select_related("workplace__district", "scheme")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or slot.vacant_since < today - dt.timedelta(days=NOTICE_LOOKBACK_DAYS):
        return []
    text = vacancy_text(slot)
    Notice.objects.bulk_create(
        [
            Notice(user=user, slot=slot, vacant_since=slot.vacant_since, text=text)
            for user in _followers(slot)
        ],
        ignore_conflicts=True,
    )
    return list(
        notices_awaiting_email()
        .filter(slot=slot, vacant_since=slot.vacant_since)
        .values_list("pk", flat=True)
    )


def notices_awaiting_email():
    """The outbox: vacancy notices whose reader wants an e-mail that has not been sent.

    A notice is stored before its e-mail is queued, so an e-mail the broker did not take
    (Redis down) is still here, and the periodic sweep (tasks.send_waiting_notice_emails)
    sends it later.
    """
    return Notice.objects.filter(
        referral__isnull=True,
        emailed_at__isnull=True,
        user__matching_subscription__by_email=True,
    ).exclude(user__email="")


def notice_claim_for_email(*, notice_id: int) -> Notice | None:
    """Mark a notice as e-mailed unless someone already did: each is sent at most once."""
    claimed = Notice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return None
    return Notice.objects.select_related("user", "slot__scheme", "slot__workplace").get(
        pk=notice_id
    )


def notice_release(*, notice: Notice) -> None:
    """Sending failed: let a retry send it."""
    Notice.objects.filter(pk=notice.pk).update(emailed_at=None)


def notices_mark_read(*, user, notice_ids=None) -> int:
    notices = Notice.objects.filter(user=user).unread()
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())
