"""Move a workplace to another department from a date (HR and administrators), with a
confirmation step; the page shows the workplace's department history."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting
from core.forms import DKFDSForm
from core.views import role_required
from organisation.models import Department, Workplace, department_label
from organisation.moves import department_history, move_workplace
from organisation.scope import ADMINISTRATOR, HR


class MoveWorkplaceForm(DKFDSForm):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=department_label)
    from_date = forms.DateField(
        label=gettext_lazy("Fra og med"),
        help_text=gettext_lazy(
            "Dagene fra denne dato tælles det nye sted; dagene før bliver, hvor de var."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_user(user)


@role_required(HR, ADMINISTRATOR)
def workplace_move(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = get_object_or_404(
        Workplace.objects.for_user(request.user).select_related("department"), pk=pk
    )
    form = MoveWorkplaceForm(request.POST or None, user=request.user)
    context = {"workplace": workplace, "form": form, "history": department_history(workplace)}
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"]
        from_date = form.cleaned_data["from_date"]
        if "confirm" not in request.POST:
            return render(request, "organisation/move_confirm.html", context)
        try:
            move_workplace(workplace=workplace, department=department, from_date=from_date)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(workplace)s hører til %(department)s fra %(day)s.")
                % {
                    "workplace": workplace.name,
                    "department": department.code,
                    "day": formatting.date(from_date),
                },
            )
            return redirect("organisation:workplace_move", pk=workplace.pk)
    return render(request, "organisation/move.html", context)
