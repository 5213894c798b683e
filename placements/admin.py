"""Administration of the registry. CPR numbers stay masked in lists; the access log is
read-only and kept; every page that shows a citizen writes to it (placements.access)."""

import datetime as dt
from itertools import pairwise

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core import cpr as cpr_numbers
from core import exports
from placements.access import ReadLoggedAdmin, log_citizen_access
from placements.models import (
    Citizen,
    CitizenAccess,
    CprLookup,
    FrikortPayment,
    PartTimeInsurance,
    Placement,
    Slot,
    SlotPause,
    SlotSpell,
    VacancyReason,
)


class SlotPauseInline(admin.TabularInline):
    model = SlotPause
    extra = 0


class SlotSpellFormSet(BaseInlineFormSet):
    def clean(self):
        """Spells that overlap each other: a form error, not the database's refusal (a 500)."""
        super().clean()
        spells = sorted(
            (form.cleaned_data["opened_on"], form.cleaned_data.get("closed_on"))
            for form in self.forms
            if form.cleaned_data.get("opened_on") and not form.cleaned_data.get("DELETE")
        )
        for (_opened, closed), (next_opened, _closed) in pairwise(spells):
            if closed is None or closed > next_opened:
                raise ValidationError(_("Åbningsperioderne må ikke overlappe hinanden."))


class SlotSpellInline(admin.TabularInline):
    """The slot's open spells. The first opening and the last closing are copied onto the
    slot on save, so the slot's own dates are read-only here."""

    model = SlotSpell
    formset = SlotSpellFormSet
    extra = 0
    min_num = 1


@admin.register(Slot)
class SlotAdmin(SimpleHistoryAdmin):
    list_display = ("title", "workplace", "scheme", "opened_on", "closed_on")
    list_filter = ("scheme", "workplace__department")
    search_fields = ("title", "workplace__name", "workplace__p_number")
    list_select_related = ("workplace", "scheme")
    autocomplete_fields = ("workplace",)
    readonly_fields = ("opened_on", "closed_on")
    inlines = [SlotSpellInline, SlotPauseInline]

    def save_model(self, request, obj, form, change):
        if not change:  # a placeholder until the spells are saved just after (same transaction)
            obj.opened_on = dt.date.min
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        slot = form.instance
        slot.summarise_spells()
        slot._history_user = request.user
        slot.save(update_fields=["opened_on", "closed_on"])


@admin.register(VacancyReason)
class VacancyReasonAdmin(admin.ModelAdmin):
    """The reasons HR chooses between when a slot stands open; the administrator keeps them."""

    list_display = ("name", "sort_order", "active")
    list_editable = ("sort_order", "active")
    list_filter = ("active",)


class PartTimeInsuranceInline(admin.TabularInline):
    """Periods as deltidsforsikret: seniorjob hours follow them."""

    model = PartTimeInsurance
    extra = 0


@admin.register(Citizen)
class CitizenAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
    citizen_path = "pk"
    list_display = ("name", "masked_cpr", "district", "benefit", "anonymised_on")
    list_filter = ("district", "benefit", "readiness")
    # Not by CPR: the search is a GET, and the number would end up in access logs. The CPR
    # search of the HR pages (a POST, limited and logged) finds a citizen by number.
    search_fields = ("name",)
    list_select_related = ("district", "benefit")
    actions = ["export_access_log"]
    inlines = [PartTimeInsuranceInline]

    @admin.display(description="CPR-nummer")
    def masked_cpr(self, obj):
        return cpr_numbers.mask(obj.cpr)

    @admin.action(description="Eksportér opslag på de valgte borgere (CSV, til indsigtsanmodning)")
    def export_access_log(self, request, queryset):
        """A citizen's own access log on request (their right of access): who looked, when, why."""
        log_citizen_access(
            request,
            queryset.values_list("pk", flat=True),
            purpose=_("Administration: eksport af opslag (indsigt)"),
        )
        log = CitizenAccess.objects.filter(citizen__in=queryset).select_related("citizen")
        rows = [
            [
                entry.citizen.name,
                timezone.localtime(entry.at),
                entry.username,
                entry.purpose,
                entry.path,
            ]
            for entry in log.order_by("citizen_id", "at")
        ]
        header = ["Borger", "Tidspunkt", "Bruger", "Formål", "Side"]
        return exports.response(exports.to_csv(header, rows), "csv", "opslag-paa-borgere")


@admin.register(Placement)
class PlacementAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
    list_display = ("citizen", "slot", "starts_on", "planned_end_on", "ended_on", "outcome")
    list_filter = ("slot__scheme", "outcome", "slot__workplace__department")
    list_select_related = ("citizen", "slot__workplace", "slot__scheme")
    raw_id_fields = ("slot", "citizen")
    date_hierarchy = "starts_on"


@admin.register(FrikortPayment)
class FrikortPaymentAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
    citizen_path = "placement.citizen_id"
    list_display = ("placement", "paid_on", "amount", "hours", "override_reason")
    raw_id_fields = ("placement",)
    list_select_related = (
        "placement__citizen",
        "placement__slot__workplace",
        "placement__slot__scheme",
    )


class ReadOnlyLogAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    """A log: read, never added to, changed or deleted by hand."""

    raw_id_fields = ("citizen", "user")
    list_select_related = ("citizen",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CitizenAccess)
class CitizenAccessAdmin(ReadOnlyLogAdmin):
    list_display = ("at", "username", "citizen", "purpose", "path")
    list_filter = ("purpose",)
    search_fields = ("username", "citizen__name")


@admin.register(CprLookup)
class CprLookupAdmin(ReadOnlyLogAdmin):
    """Every search by CPR number, found or not (the number only as a keyed digest)."""

    list_display = ("at", "username", "citizen", "path")
    search_fields = ("username",)
