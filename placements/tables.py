"""django-tables2 tables of the HR lists (their exports are in the import's columns: exports.py)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import cpr as cpr_numbers
from organisation.models import district_label
from placements.models import Placement, Slot, SlotState

STATE_LABELS = dict(SlotState.choices)
STATE_BADGES = {
    SlotState.OPEN: "badge-success",
    SlotState.FILLED: "badge-info",
    SlotState.PAUSED: "badge-warning",
    SlotState.CLOSED: "badge-error",
}


def state_badge(state: str):
    return format_html(
        '<span class="badge {}">{}</span>',
        STATE_BADGES.get(state, ""),
        STATE_LABELS.get(state, state),
    )


class SlotColumns(tables.Table):
    """The columns every list of slots has (the HR list, the vacant-slot board)."""

    workplace = tables.Column(verbose_name=_("Arbejdssted"), order_by=("workplace__name", "pk"))
    district = tables.Column(
        accessor="workplace__district",
        verbose_name=district_label(),
        order_by=("workplace__district__name", "pk"),
    )
    scheme = tables.Column(verbose_name=_("Ordning"), order_by=("scheme__sort_order", "pk"))


class SlotTable(SlotColumns):
    title = tables.Column(
        verbose_name=_("Plads"), linkify=("placements:slot_detail", {"slot": tables.A("pk")})
    )
    hours_per_week = tables.Column(verbose_name=_("Timer/uge"), attrs={"td": {"class": "num"}})
    opened_on = tables.DateColumn(verbose_name=_("Oprettet fra"), format="d-m-Y")
    closed_on = tables.DateColumn(verbose_name=_("Nedlagt pr."), format="d-m-Y", default="–")
    state = tables.Column(verbose_name=_("Status"), order_by=("state", "pk"))
    # The page's rows by hand (templates/tables/table.html); exports still go cell by cell.
    row_template = "placements/tables/slot_row.html"

    class Meta:
        model = Slot
        fields = ()
        sequence = (
            "title",
            "workplace",
            "district",
            "scheme",
            "hours_per_week",
            "opened_on",
            "closed_on",
            "state",
        )
        empty_text = _("Ingen pladser matcher filteret.")
        attrs = {"class": "table table--compact table--zebra", "data-testid": "slot-table"}

    def render_state(self, value):
        return state_badge(value)


class PlacementTable(tables.Table):
    citizen = tables.Column(
        verbose_name=_("Borger"),
        linkify=("placements:placement_detail", {"placement": tables.A("pk")}),
        order_by=("citizen__name", "pk"),
    )
    cpr = cpr_numbers.CprColumn()
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
    starts_on = tables.DateColumn(verbose_name=_("Start"), format="d-m-Y")
    planned_end_on = tables.DateColumn(verbose_name=_("Planlagt slut"), format="d-m-Y", default="–")
    ended_on = tables.DateColumn(verbose_name=_("Afsluttet"), format="d-m-Y", default="–")
    hours_per_week = tables.Column(verbose_name=_("Timer/uge"), attrs={"td": {"class": "num"}})
    outcome = tables.Column(verbose_name=_("Udfald"), default="–")
    row_template = "placements/tables/placement_row.html"

    class Meta:
        model = Placement
        fields = ()
        sequence = (
            "citizen",
            "cpr",
            "slot",
            "workplace",
            "scheme",
            "starts_on",
            "planned_end_on",
            "ended_on",
            "hours_per_week",
            "outcome",
        )
        empty_text = _("Ingen forløb matcher filteret.")
        attrs = {"class": "table table--compact table--zebra", "data-testid": "placement-table"}
