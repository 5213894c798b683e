"""Administration of the rulebook: reference data with validity dates (docs/design.md, rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from schemes.models import (
    Benefit,
    EarlyRetirementAge,
    FrikortLimit,
    ReadinessCategory,
    Scheme,
    SchemeRule,
    Target,
    TargetCategory,
    TargetCategoryScheme,
    TargetGroup,
    TargetGroupRule,
)


class SchemeRuleInline(admin.TabularInline):
    model = SchemeRule
    extra = 0
    show_change_link = True


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "valid_from", "valid_to", "sort_order")
    search_fields = ("name", "code")
    inlines = [SchemeRuleInline]


@admin.register(SchemeRule)
class SchemeRuleAdmin(admin.ModelAdmin):
    list_display = ("scheme", "valid_from", "valid_to", "max_hours_per_week", "last_start_on")
    list_filter = ("scheme",)


@admin.register(FrikortLimit)
class FrikortLimitAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "valid_to", "amount", "legal_source", "confirmed")
    list_filter = ("confirmed",)


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "benefit",
        "readiness",
        "qualifier",
        "valid_from",
        "valid_to",
        "legal_source",
        "confirmed",
    )
    list_filter = ("confirmed",)
    search_fields = ("name", "code")


@admin.register(TargetGroupRule)
class TargetGroupRuleAdmin(admin.ModelAdmin):
    """Caps, extensions and exclusions by målgruppe: unconfirmed values are corrected here
    by closing the row (gælder til) and adding a new one."""

    list_display = (
        "scheme",
        "target_group",
        "excluded",
        "max_weeks",
        "max_months",
        "extendable_to_weeks",
        "valid_from",
        "valid_to",
        "legal_source",
        "confirmed",
    )
    list_filter = ("scheme", "confirmed")
    list_select_related = ("scheme", "target_group")


@admin.register(EarlyRetirementAge)
class EarlyRetirementAgeAdmin(admin.ModelAdmin):
    list_display = ("born_from", "born_to", "years", "months", "legal_source", "confirmed")


@admin.register(Benefit, ReadinessCategory)
class ValidityReferenceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "valid_from", "valid_to")
    search_fields = ("name", "code")


class TargetCategorySchemeInline(admin.TabularInline):
    """The dated policy, read only: it is changed per year at /maaltal/politik/."""

    model = TargetCategoryScheme
    fields = readonly_fields = ("scheme", "open_slots_count", "valid_from", "valid_to")
    extra = max_num = 0
    can_delete = False


@admin.register(TargetCategory)
class TargetCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [TargetCategorySchemeInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("department", "category", "year", "value", "unit")
    list_filter = ("year", "department", "category")
