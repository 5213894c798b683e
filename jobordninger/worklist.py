"""The start page's work items per role: what needs doing now, each a link to where it is
done. A few queries per list, each limited to what the page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import cpr as cpr_numbers
from core.periods import Period
from matching.models import Referral, ReferralState
from placements.models import Citizen, FrikortPayment, Placement, Slot
from placements.vacancy import vacant_slots
from reports.models import ReportState, StatusReport
from schemes import rules

SHOWN = 5
ENDING_WITHIN_DAYS = 14
VACANT_FOR_DAYS = 30


@dataclass
class Item:
    label: str
    url: str
    detail: str = ""


@dataclass
class WorkList:
    key: str
    title: str
    count: int
    items: list[Item]
    more_url: str = ""
    empty_text: str = ""
    citizen_ids: list[int] = field(default_factory=list)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def hr_work(user, today: dt.date) -> list[WorkList]:
    return [
        _waiting_referrals(user),
        _placements_ending(user, today),
        _long_vacant(user, today),
        _near_frikort_limit(user, today),
    ]


def _waiting_referrals(user) -> WorkList:
    referrals = (
        Referral.objects.for_user(user).open().select_related("slot__workplace", "citizen")
    ).order_by("created_at", "pk")
    shown = list(referrals[:SHOWN])
    return WorkList(
        key="referrals",
        title=_("Forslag, der venter på svar"),
        count=referrals.count(),
        items=[
            Item(
                f"{r.citizen.name} ({cpr_numbers.mask(r.citizen.cpr)}) – {r.slot.title}",
                reverse("matching:referral_detail", args=[r.pk]),
                _("foreslået %(day)s") % {"day": _date(timezone.localdate(r.created_at))},
            )
            for r in shown
        ],
        more_url=reverse("matching:referral_list") + f"?state={ReferralState.PROPOSED}",
        empty_text=_("Ingen forslag venter."),
        citizen_ids=[r.citizen_id for r in shown],
    )


def _placements_ending(user, today: dt.date) -> WorkList:
    last = today + dt.timedelta(days=ENDING_WITHIN_DAYS)
    placements = (
        Placement.objects.for_user(user)
        .filter(ended_on__isnull=True, planned_end_on__gte=today, planned_end_on__lte=last)
        .select_related("citizen", "slot")
        .order_by("planned_end_on", "pk")
    )
    shown = list(placements[:SHOWN])
    return WorkList(
        key="ending",
        title=_("Forløb, der slutter inden for %(days)s dage") % {"days": ENDING_WITHIN_DAYS},
        count=placements.count(),
        items=[
            Item(
                f"{p.citizen.name} ({cpr_numbers.mask(p.citizen.cpr)}) – {p.slot.title}",
                reverse("placements:placement_detail", args=[p.pk]),
                _("slutter %(day)s") % {"day": _date(p.planned_end_on)},
            )
            for p in shown
        ],
        more_url=reverse("placements:placement_list")
        + f"?status=active&ends_from={today:%Y-%m-%d}&ends_to={last:%Y-%m-%d}",
        empty_text=_("Ingen forløb slutter de næste %(days)s dage.") % {"days": ENDING_WITHIN_DAYS},
        citizen_ids=[p.citizen_id for p in shown],
    )


def _long_vacant(user, today: dt.date) -> WorkList:
    slots = (
        vacant_slots(today)
        .filter(pk__in=Slot.objects.for_user(user).values("pk"))
        .filter(days_vacant__gt=VACANT_FOR_DAYS)
        .select_related("workplace")
        .order_by("-days_vacant", "pk")
    )
    shown = list(slots[:SHOWN])
    return WorkList(
        key="vacant",
        title=_("Pladser, der har været ledige i mere end %(days)s dage")
        % {"days": VACANT_FOR_DAYS},
        count=slots.count(),
        items=[
            Item(
                f"{s.title} – {s.workplace.name}",
                reverse("placements:slot_detail", args=[s.pk]),
                _("ledig i %(days)s dage") % {"days": s.days_vacant},
            )
            for s in shown
        ],
        more_url=reverse("placements:slot_list") + "?state=open",
        empty_text=_("Ingen pladser har været ledige så længe."),
    )


def _near_frikort_limit(user, today: dt.date) -> WorkList:
    """Citizens in a placement of the user's departments whose frikort payments this year
    (in every department: the limit is the citizen's) reach the warning share."""
    limit = rules.frikort_limit_on(today)
    title = _("Borgere tæt på frikortets beløbsgrænse")
    if limit is None:
        return WorkList(key="frikort", title=title, count=0, items=[], empty_text="")
    threshold = limit.amount * rules.FRIKORT_WARNING_SHARE
    in_scope = Placement.objects.for_user(user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__year=today.year)
    )
    totals = (
        FrikortPayment.objects.filter(paid_on__year=today.year)
        .filter(placement__citizen__in=in_scope.values("citizen_id"))
        .values("placement__citizen")
        .annotate(total=Sum("amount"))
        .filter(total__gte=threshold)
        .order_by("-total", "placement__citizen")
    )
    rows = list(totals[:SHOWN])
    citizens = Citizen.objects.in_bulk([row["placement__citizen"] for row in rows])
    return WorkList(
        key="frikort",
        title=title,
        count=totals.count(),
        items=[
            Item(
                f"{citizens[row['placement__citizen']].name} "
                f"({cpr_numbers.mask(citizens[row['placement__citizen']].cpr)})",
                reverse("placements:citizen_detail", args=[row["placement__citizen"]]),
                _("%(percent)s %% af grænsen i %(year)s")
                % {"percent": int(row["total"] * 100 / limit.amount), "year": today.year},
            )
            for row in rows
        ],
        empty_text=_("Ingen borgere er tæt på grænsen."),
        citizen_ids=[row["placement__citizen"] for row in rows],
    )


def consultant_work(user, today: dt.date, since: dt.datetime | None) -> list[WorkList]:
    since_day = timezone.localdate(since) if since else today - dt.timedelta(days=7)
    slots = (
        vacant_slots(today)
        .filter(vacant_since__gte=since_day)
        .select_related("workplace")
        .order_by("-vacant_since", "pk")
    )
    answered = (
        Referral.objects.filter(proposed_by=user)
        .filter(state__in=[ReferralState.ACCEPTED, ReferralState.DECLINED])
        .filter(decided_at__date__gte=since_day)
        .select_related("slot", "citizen")
        .order_by("-decided_at", "pk")
    )
    new_slots, answers = list(slots[:SHOWN]), list(answered[:SHOWN])
    return [
        WorkList(
            key="new-vacancies",
            title=_("Pladser ledige siden %(day)s") % {"day": _date(since_day)},
            count=slots.count(),
            items=[
                Item(
                    f"{s.title} – {s.workplace.name}",
                    reverse("matching:slot_detail", args=[s.pk]),
                    _("ledig fra %(day)s") % {"day": _date(s.vacant_since)},
                )
                for s in new_slots
            ],
            more_url=reverse("matching:board"),
            empty_text=_("Ingen nye ledige pladser."),
        ),
        WorkList(
            key="answers",
            title=_("Dine forslag, der er besvaret siden %(day)s") % {"day": _date(since_day)},
            count=answered.count(),
            items=[
                Item(
                    f"{r.citizen.name} ({cpr_numbers.mask(r.citizen.cpr)}) – {r.slot.title}",
                    reverse("matching:referral_detail", args=[r.pk]),
                    r.get_state_display(),
                )
                for r in answers
            ],
            more_url=reverse("matching:referral_list"),
            empty_text=_("Ingen svar siden da."),
            citizen_ids=[r.citizen_id for r in answers],
        ),
    ]


def secretary_work(today: dt.date) -> dict:
    """The latest finished municipality report, and when the next half-year closes."""
    latest = (
        StatusReport.objects.filter(state=ReportState.DONE)
        .select_related("department")
        .order_by("-finished_at", "-pk")
        .first()
    )
    current = Period.current_reporting_period(today)
    return {
        "latest": latest,
        "next_period": current,
        "next_due": current.end + dt.timedelta(days=1),
    }
