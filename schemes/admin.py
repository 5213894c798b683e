"""Administration of the rulebook: reference data with validity dates (docs/design.md, rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from schemes.models import (
    Benefit,
    DurationCap,
    FrikortLimit,
    ReadinessCategory,
    Scheme,
    SchemeRule,
    Target,
    TargetCategory,
    TargetCategoryScheme,
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


class DurationCapInline(admin.TabularInline):
    model = DurationCap
    extra = 0


@admin.register(SchemeRule)
class SchemeRuleAdmin(admin.ModelAdmin):
    list_display = ("scheme", "valid_from", "valid_to", "max_hours_per_week")
    list_filter = ("scheme",)
    inlines = [DurationCapInline]


@admin.register(FrikortLimit)
class FrikortLimitAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "valid_to", "amount")


@admin.register(Benefit, ReadinessCategory)
class ValidityReferenceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "valid_from", "valid_to")
    search_fields = ("name", "code")


class TargetCategorySchemeInline(admin.TabularInline):
    model = TargetCategoryScheme
    extra = 0


@admin.register(TargetCategory)
class TargetCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [TargetCategorySchemeInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("department", "category", "year", "value", "unit")
    list_filter = ("year", "department", "category")
