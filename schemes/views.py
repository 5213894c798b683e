"""Target administration (administrators): a year's targets, copy last year's, import, history."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.periods import FIRST_YEAR, year_choices
from core.views import role_required
from organisation.models import Department, DepartmentHeadcount, Municipality
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


def _valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year + 1


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if _valid_year(year) else timezone.localdate().year


@administrator_required
def target_list(request: HttpRequest) -> HttpResponse:
    """A year's targets in force: departments (and the whole municipality) down, categories
    across; a target for several years says which."""
    year = _year(request)
    targets = Target.objects.in_year(year).select_related("department", "category")
    by_cell = {(t.department_id, t.category_id): t for t in targets}
    used = {t.category_id for t in targets}
    categories = [c for c in TargetCategory.objects.all() if c.pk in used]
    employees = dict(
        DepartmentHeadcount.objects.filter(year=year).values_list("department_id", "employees")
    )
    rows = []
    for department in [*Department.objects.all(), None]:
        department_id = department.pk if department else None
        cells = []
        for category in categories:
            target = by_cell.get((department_id, category.pk))
            persons = None
            if target and target.unit == TargetUnit.SHARE_OF_EMPLOYEES:
                count = employees.get(department_id) if department else sum(employees.values())
                persons = target.value * count / 100 if count else None
            cells.append({"target": target, "persons": persons})
        rows.append(
            {
                "department": department,
                "cells": cells,
                "employees": employees.get(department_id) if department else None,
            }
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
            "previous_count": Target.objects.in_year(year - 1).count(),
            "copy_form": CopyYearForm(initial={"year": year}),
        },
    )


@administrator_required
def target_edit(request: HttpRequest, year: int, department_id: int | None = None) -> HttpResponse:
    """One department's targets from one year; no department: the whole municipality's."""
    if not _valid_year(year):
        raise Http404
    department = get_object_or_404(Department, pk=department_id) if department_id else None
    form = DepartmentTargetsForm(request.POST or None, department=department, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            targets_set_for_department(
                department=department,
                year=year,
                entries=form.entries(),
                decision=form.decision(),
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Måltallene for %(department)s %(year)d er gemt.")
                % {
                    "department": department.code if department else _("hele kommunen"),
                    "year": year,
                },
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
    headers = ["år", "til år", "forvaltning", "måltalskategori", "måltal", "enhed"]
    headers += ["besluttet af", "beslutningsdato", "sagsnummer"]
    department = Department.objects.order_by("code").first()
    year = timezone.localdate().year
    example = [year, year + 1, department.code if department else "ADM"]
    example += ["virksomhedsrettede", 2.5, "% af ansatte"]
    example += [Municipality.current().council_name, f"01-02-{year}", f"{year}-0001"]
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
        Target.history.filter(first_year__lte=year, last_year__gte=year)
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
