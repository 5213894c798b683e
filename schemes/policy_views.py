"""The category policy per year (administrators): see it, change it from 1 January."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import FIRST_YEAR, year_choices
from schemes.policy import Membership, PolicyYear, policy_for_year, set_membership_from_year
from schemes.views import administrator_required


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


def _field_name(category_id: int, scheme_id: int) -> str:
    return f"c{category_id}_s{scheme_id}"


class PolicyForm(forms.Form):
    """One choice per category and scheme: not counted, counted, counted with open slots."""

    def __init__(self, *args, policy: PolicyYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        for category in policy.categories:
            for scheme in policy.schemes:
                current = policy.cells.get((category.pk, scheme.pk), Membership.NONE)
                self.fields[_field_name(category.pk, scheme.pk)] = forms.ChoiceField(
                    label=f"{category.name}: {scheme.name}",
                    choices=Membership.choices,
                    initial=current,
                )

    def groups(self):
        """(category, [(scheme, bound field)]) for the template."""
        return [
            (c, [(s, self[_field_name(c.pk, s.pk)]) for s in self.policy.schemes])
            for c in self.policy.categories
        ]

    def changes(self):
        """(category, scheme, old, new) for every choice that differs from the year's policy."""
        found = []
        for category in self.policy.categories:
            for scheme in self.policy.schemes:
                old = self.policy.cells.get((category.pk, scheme.pk), Membership.NONE)
                new = Membership(self.cleaned_data[_field_name(category.pk, scheme.pk)])
                if new != old:
                    found.append((category, scheme, old, new))
        return found


@administrator_required
def policy_edit(request: HttpRequest) -> HttpResponse:
    """The policy in force on 1 January of a year; changes apply from that day on, after a
    confirmation that lists them."""
    year = _year(request)
    policy = policy_for_year(year)
    form = PolicyForm(request.POST or None, policy=policy)
    context = {"year": year, "years": year_choices(ahead=1), "form": form, "policy": policy}
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Der var ingen ændringer."))
            return redirect(f"{reverse('schemes:policy_edit')}?year={year}")
        if "confirm" not in request.POST:
            return render(request, "schemes/policy/confirm.html", {**context, "changes": changes})
        for category, scheme, _old, new in changes:
            set_membership_from_year(category=category, scheme=scheme, year=year, membership=new)
        messages.success(
            request,
            _("Politikken er ændret fra 1. januar %(year)d (%(count)d ændringer).")
            % {"year": year, "count": len(changes)},
        )
        return redirect(f"{reverse('schemes:policy_edit')}?year={year}")
    return render(request, "schemes/policy/edit.html", context)
