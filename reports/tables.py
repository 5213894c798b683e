"""django-tables2 tables: the report archive."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.models import ReportState, StatusReport


class ReportTable(tables.Table):
    caption = _("Statusrapporter, nyeste først")

    period = tables.Column(
        verbose_name=_("Periode"), accessor="starts_on", order_by=("starts_on", "ends_on"), attrs={}
    )
    scope = tables.Column(verbose_name=_("Omfang"), accessor="department__code", empty_values=())
    requested_by = tables.Column(
        verbose_name=_("Bestilt af"), accessor="requested_by_name", default=""
    )
    requested_at = tables.DateTimeColumn(verbose_name=_("Bestilt"), format="d-m-Y H:i")
    state = tables.Column(verbose_name=_("Status"))
    finished_at = tables.DateTimeColumn(verbose_name=_("Færdig"), format="d-m-Y H:i", default="–")
    download = tables.Column(verbose_name=_("Fil"), accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = StatusReport
        fields = ("period", "scope", "requested_by", "requested_at", "state", "finished_at")
        sequence = ("period", "scope", "requested_by", "requested_at", "state", "finished_at")
        order_by = ("-requested_at",)
        empty_text = _("Der er endnu ingen rapporter.")
        attrs = {"class": "table table--compact table--zebra", "data-testid": "report-archive"}

    def render_period(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("reports:report_detail", args=[record.pk]),
            record.period.label,
        )

    def render_scope(self, record):
        return record.scope_label

    def render_requested_by(self, record):
        return record.requester_label

    def render_download(self, record):
        if record.state != ReportState.DONE:
            return "–"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("reports:report_download", args=[record.pk]),
            _("Hent PDF"),
            str(record),
        )
