"""The council's category policy per year: which schemes a target category counts, and
whether their open slots count too.

The policy is dated (`TargetCategoryScheme`); the status counts each day by the row in
force on it, so a change from one year never alters an earlier year's figures. The
administrator edits it per year: a change applies from 1 January of the chosen year
until the next change already recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.db import valid_on_q
from organisation.models import HISTORY_ORIGIN
from schemes.models import Scheme, TargetCategory, TargetCategoryScheme


class Membership(models.TextChoices):
    NONE = "none", _("Tæller ikke")
    COUNTS = "counts", _("Tæller")
    WITH_OPEN_SLOTS = "open_slots", _("Tæller, også åbne pladser")


def membership_of(link: TargetCategoryScheme | None) -> Membership:
    if link is None:
        return Membership.NONE
    return Membership.WITH_OPEN_SLOTS if link.open_slots_count else Membership.COUNTS


@dataclass
class PolicyYear:
    """The policy on 1 January of a year, and the changes dated later in that year."""

    year: int
    categories: list[TargetCategory]
    schemes: list[Scheme]
    cells: dict[tuple[int, int], Membership]  # (category_id, scheme_id) -> membership
    changes_in_year: list[TargetCategoryScheme]


def policy_for_year(year: int) -> PolicyYear:
    first = dt.date(year, 1, 1)
    links = TargetCategoryScheme.objects.select_related("category", "scheme")
    cells = {
        (link.category_id, link.scheme_id): membership_of(link)
        for link in links.filter(valid_on_q(first))
    }
    later = links.filter(valid_from__gt=first, valid_from__year=year).order_by("valid_from")
    ended = links.filter(valid_to__gte=first, valid_to__lt=dt.date(year, 12, 31))
    return PolicyYear(
        year=year,
        categories=list(TargetCategory.objects.all()),
        schemes=list(Scheme.objects.order_by("sort_order", "name")),
        cells=cells,
        changes_in_year=sorted([*later, *ended], key=lambda link: link.valid_from),
    )


@transaction.atomic
def set_membership_from_year(
    *, category: TargetCategory, scheme: Scheme, year: int, membership: Membership
) -> bool:
    """Category and scheme have `membership` from 1 January `year` until the next change
    already recorded; earlier days keep theirs. Returns whether anything changed. The old
    row is closed on 31 December the year before (or replaced when it began that
    1 January) and a new row opened; simple-history audits each row in this transaction."""
    first = dt.date(year, 1, 1)
    if first <= HISTORY_ORIGIN:
        raise ValueError("The policy before the history's origin cannot change.")
    links = TargetCategoryScheme.objects.select_for_update().filter(
        category=category, scheme=scheme
    )
    current = links.filter(valid_on_q(first)).first()
    if membership_of(current) == membership:
        return False
    if current is not None:
        until = current.valid_to
        if current.valid_from == first:
            current.delete()
        else:
            current.valid_to = first - dt.timedelta(days=1)
            current.save(update_fields=["valid_to"])
    else:
        following = links.filter(valid_from__gt=first).order_by("valid_from").first()
        until = following.valid_from - dt.timedelta(days=1) if following else None
    if membership != Membership.NONE:
        TargetCategoryScheme.objects.create(
            category=category,
            scheme=scheme,
            open_slots_count=membership == Membership.WITH_OPEN_SLOTS,
            valid_from=first,
            valid_to=until,
        )
    return True
