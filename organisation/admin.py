"""Administration of departments, workplaces, districts and users' scope."""

from django.contrib import admin

from organisation.models import (
    Department,
    DepartmentHeadcount,
    DepartmentSpell,
    District,
    Municipality,
    UserScope,
    Workplace,
    WorkplaceMonthlyFigure,
)


class DepartmentHeadcountInline(admin.TabularInline):
    model = DepartmentHeadcount
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [DepartmentHeadcountInline]


class WorkplaceMonthlyFigureInline(admin.TabularInline):
    """Ordinary årsværk per month: the rimelighedskrav averages the 4 before a start."""

    model = WorkplaceMonthlyFigure
    extra = 1


class DepartmentSpellInline(admin.TabularInline):
    """The department history, read only: a move from a date is made on the move page."""

    model = DepartmentSpell
    fields = readonly_fields = ("department", "valid_from", "valid_to")
    extra = max_num = 0
    can_delete = False


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "p_number", "district", "ordinary_employees")
    list_filter = ("department", "district", "is_public")
    search_fields = ("name", "p_number")
    list_select_related = ("department", "district")
    inlines = [DepartmentSpellInline, WorkplaceMonthlyFigureInline]

    def get_readonly_fields(self, request, obj=None):
        # An existing workplace changes department from a date (organisation:workplace_move).
        return ("department",) if obj else ()


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    filter_horizontal = ("neighbours",)


@admin.register(UserScope)
class UserScopeAdmin(admin.ModelAdmin):
    list_display = ("user",)
    filter_horizontal = ("departments",)
    search_fields = ("user__username",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """One row: the administrator edits it; it is never added twice nor deleted."""

    fieldsets = (
        (None, {"fields": ("name", "council_name")}),
        (
            "Ord",
            {
                "fields": (
                    "department_singular",
                    "department_plural",
                    "district_singular",
                    "district_plural",
                )
            },
        ),
        ("Rapportens forside", {"fields": ("logo", "primary_colour", "accent_colour")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Municipality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
