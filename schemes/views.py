"""Target administration (administrators): a year's targets, copy last year's, import, history."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.periods import year_choices
from core.views import role_required
from organisation.models import Department, DepartmentHeadcount
from organisation.scope import ADMINISTRATOR
from organisation.spreadsheets import template_xlsx
from organisation.views import xlsx_response
from schemes.forms import CopyYearForm, DepartmentTargetsForm, TargetImportForm
from schemes.models import Target, TargetCategory, TargetUnit
from schemes.targets import (
    ImportFailed,
    targets_copy_previous_year,
    targets_import,
    targets_set_for_department,
)

# Targets are entered by administrators only.
administrator_required = role_required(ADMINISTRATOR)


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@administrator_required
def target_list(request: HttpRequest) -> HttpResponse:
    """A year's targets: departments down, categories across."""
    year = _year(request)
    targets = Target.objects.filter(year=year).select_related("department", "category")
    by_cell = {(t.department_id, t.category_id): t for t in targets}
    used = {t.category_id for t in targets}
    categories = [c for c in TargetCategory.objects.all() if c.pk in used]
    employees = dict(
        DepartmentHeadcount.objects.filter(year=year).values_list("department_id", "employees")
    )
    rows = []
    for department in Department.objects.all():
        cells = []
        for category in categories:
            target = by_cell.get((department.pk, category.pk))
            persons = None
            if target and target.unit == TargetUnit.SHARE_OF_EMPLOYEES:
                count = employees.get(department.pk)
                persons = target.value * count / 100 if count else None
            cells.append({"target": target, "persons": persons})
        rows.append(
            {"department": department, "cells": cells, "employees": employees.get(department.pk)}
        )
    return render(
        request,
        "schemes/targets/list.html",
        {
            "year": year,
            "years": year_choices(ahead=1),
            "categories": categories,
            "rows": rows,
            "has_targets": bool(by_cell),
            "previous_count": Target.objects.filter(year=year - 1).count(),
            "copy_form": CopyYearForm(initial={"year": year}),
        },
    )


@administrator_required
def target_edit(request: HttpRequest, year: int, department_id: int) -> HttpResponse:
    """One department's targets for one year."""
    department = get_object_or_404(Department, pk=department_id)
    form = DepartmentTargetsForm(request.POST or None, department=department, year=year)
    if request.method == "POST" and form.is_valid():
        targets_set_for_department(
            department=department, year=year, entries=form.entries(), acting_user=request.user
        )
        messages.success(
            request,
            _("Måltallene for %(department)s %(year)d er gemt.")
            % {"department": department.code, "year": year},
        )
        return redirect(f"{reverse('schemes:target_list')}?year={year}")
    return render(
        request,
        "schemes/targets/edit.html",
        {"form": form, "department": department, "year": year},
    )


@administrator_required
@require_POST
def target_copy(request: HttpRequest) -> HttpResponse:
    """Copy last year's targets into the year (existing targets are kept)."""
    form = CopyYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldigt år."))
        return redirect("schemes:target_list")
    year = form.cleaned_data["year"]
    copied, kept = targets_copy_previous_year(year=year, acting_user=request.user)
    messages.success(
        request,
        _(
            "%(copied)d måltal er kopieret fra %(previous)d; %(kept)d fandtes allerede og er beholdt."
        )
        % {"copied": copied, "previous": year - 1, "kept": kept},
    )
    return redirect(f"{reverse('schemes:target_list')}?year={year}")


@administrator_required
def target_import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX to fill in: the headers and an example row."""
    headers = ["år", "forvaltning", "måltalskategori", "måltal", "enhed"]
    department = Department.objects.order_by("code").first()
    example = [timezone.localdate().year, department.code if department else "ADM"]
    example += ["virksomhedsrettede", 2.5, "% af ansatte"]
    return xlsx_response(
        template_xlsx([(_("Måltal"), headers, [example])]), "maaltal-skabelon.xlsx"
    )


@administrator_required
def target_import(request: HttpRequest) -> HttpResponse:
    """Import a CSV or XLSX file of targets: all rows or none."""
    form = TargetImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = targets_import(
                name=upload.name, content=upload.read(), acting_user=request.user
            )
        except ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request,
                _(
                    "Importeret: %(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede måltal."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            years = sorted({row["year"] for row in result.rows})
            return redirect(f"{reverse('schemes:target_list')}?year={years[-1]}")
    return render(request, "schemes/targets/import.html", {"form": form, "errors": errors})


@administrator_required
def target_history(request: HttpRequest) -> HttpResponse:
    """Every change to a year's targets: who, when, old → new (deleted targets included)."""
    year = _year(request)
    records = list(
        Target.history.filter(year=year)
        .select_related("history_user", "department", "category")
        .order_by("history_date", "history_id")
    )
    previous: dict[int, object] = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        changes.append({"record": record, "before": before})
        previous[record.id] = record
    changes.reverse()
    kinds = defaultdict(lambda: "", {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")})
    for change in changes:
        change["kind"] = kinds[change["record"].history_type]
    return render(
        request,
        "schemes/targets/history.html",
        {"year": year, "years": year_choices(ahead=1), "changes": changes},
    )
