"""django-tables2 tables of matching. No column shows wages, payments or a full CPR number."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import cpr as cpr_numbers
from core import formatting
from matching.templatetags.matching_tags import hours
from organisation.models import department_label, district_label
from placements.models import Slot
from placements.tables import SlotColumns

from .models import CandidateProfile, Referral, ReferralState

REFERRAL_BADGES = {
    ReferralState.PROPOSED: "badge-info",
    ReferralState.ACCEPTED: "badge-success",
    ReferralState.DECLINED: "badge-error",
    ReferralState.WITHDRAWN: "badge-warning",
    ReferralState.SUPERSEDED: "badge-warning",
}


class BoardTable(SlotColumns):
    title = tables.Column(
        verbose_name=_("Plads"), linkify=("matching:slot_detail", {"slot": tables.A("pk")})
    )
    department = tables.Column(
        accessor="workplace__department",
        verbose_name=department_label(),
        order_by=("workplace__department__code", "pk"),
    )
    hours_per_week = tables.Column(
        verbose_name=_("Timer/uge"), attrs={"td": {"class": "num"}}, default="–"
    )
    vacant_since = tables.DateColumn(
        verbose_name=_("Ledig siden"), format="d-m-Y", attrs={"td": {"class": "nowrap"}}
    )
    days_vacant = tables.Column(
        verbose_name=_("Dage ledig"),
        attrs={"td": {"class": "num", "data-testid": "days-vacant"}},
        order_by=("-days_vacant", "pk"),
    )
    open_referrals = tables.Column(verbose_name=_("Åbne forslag"), attrs={"td": {"class": "num"}})
    # The page's rows by hand (templates/tables/table.html); exports still go cell by cell.
    row_template = "matching/tables/board_row.html"

    class Meta:
        model = Slot
        fields = ()
        sequence = (
            "title",
            "workplace",
            "department",
            "district",
            "scheme",
            "hours_per_week",
            "vacant_since",
            "days_vacant",
            "open_referrals",
        )
        empty_text = _("Ingen ledige pladser matcher filteret.")
        attrs = {"class": "table table--compact table--zebra", "data-testid": "board-table"}

    def render_vacant_since(self, value):
        if value > timezone.localdate():
            return format_html(
                '{} <span class="form-hint">({})</span>', formatting.date(value), _("kommende")
            )
        return formatting.date(value)

    def value_vacant_since(self, value):
        return value

    def render_hours_per_week(self, value):
        return hours(value)

    def value_hours_per_week(self, value):
        return value


class CandidateTable(tables.Table):
    name = tables.Column(
        accessor="citizen__name",
        verbose_name=_("Borger"),
        linkify=("matching:candidate_detail", {"citizen": tables.A("citizen_id")}),
        order_by=("citizen__name", "pk"),
    )
    cpr = cpr_numbers.CprColumn()
    district = tables.Column(
        accessor="citizen__district",
        verbose_name=district_label(),
        order_by=("citizen__district__name", "pk"),
        default="–",
    )
    readiness = tables.Column(
        accessor="citizen__readiness", verbose_name=_("Visitation"), default="–"
    )
    wanted_hours_per_week = tables.Column(
        verbose_name=_("Ønsker timer/uge"), attrs={"td": {"class": "num"}}, default="–"
    )
    earliest_start = tables.DateColumn(verbose_name=_("Kan starte"), format="d-m-Y", default="–")
    preferred_schemes = tables.ManyToManyColumn(
        verbose_name=_("Ønskede ordninger"), default="–", orderable=False
    )
    consultant = tables.Column(verbose_name=_("Jobkonsulent"), default="–")
    active = tables.BooleanColumn(verbose_name=_("Søger"), yesno=(_("ja"), _("nej")))

    class Meta:
        model = CandidateProfile
        fields = ()
        sequence = (
            "name",
            "cpr",
            "district",
            "readiness",
            "wanted_hours_per_week",
            "earliest_start",
            "preferred_schemes",
            "consultant",
            "active",
        )
        empty_text = _("Ingen kandidater matcher filteret.")
        attrs = {"class": "table table--compact table--zebra", "data-testid": "candidate-table"}

    def render_wanted_hours_per_week(self, value):
        return hours(value)

    def render_consultant(self, value):
        return value.get_full_name() or value.username


class ReferralTable(tables.Table):
    created_at = tables.DateTimeColumn(
        verbose_name=_("Foreslået"),
        format="d-m-Y",
        linkify=("matching:referral_detail", {"referral": tables.A("pk")}),
    )
    slot = tables.Column(
        accessor="slot__title", verbose_name=_("Plads"), order_by=("slot__title", "pk")
    )
    workplace = tables.Column(
        accessor="slot__workplace",
        verbose_name=_("Arbejdssted"),
        order_by=("slot__workplace__name", "pk"),
    )
    scheme = tables.Column(
        accessor="slot__scheme",
        verbose_name=_("Ordning"),
        order_by=("slot__scheme__sort_order", "pk"),
    )
    citizen = tables.Column(
        accessor="citizen__name", verbose_name=_("Borger"), order_by=("citizen__name", "pk")
    )
    cpr = cpr_numbers.CprColumn()
    starts_on = tables.DateColumn(verbose_name=_("Start"), format="d-m-Y")
    state = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Referral
        fields = ()
        sequence = (
            "created_at",
            "slot",
            "workplace",
            "scheme",
            "citizen",
            "cpr",
            "starts_on",
            "state",
        )
        empty_text = _("Ingen henvisninger matcher filteret.")
        attrs = {"class": "table table--compact table--zebra", "data-testid": "referral-table"}

    def value_created_at(self, value):
        return timezone.localdate(value)

    def value_starts_on(self, value):
        return value

    def render_state(self, value, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            REFERRAL_BADGES.get(record.state, ""),
            record.get_state_display(),
        )
