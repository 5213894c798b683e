"""The vacant-slot board, time to fill, a slot's ranked candidates, and proposing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from core.versioned_cache import CachedQuerySet
from core.views import FilteredTableView, ReplicaReadsMixin, run_service
from placements.access import get_slot, log_citizen_access
from placements.models import Slot

from .. import ranked, selectors, services
from ..access import (
    JobcenterRequiredMixin,
    get_candidate,
    jobcenter_required,
)
from ..filters import BoardFilter
from ..forms import ReferralForm
from ..models import ReferralState
from ..tables import BoardTable

SHOWN_PER_LIST = 50
CANDIDATES_PER_PAGE = 20


class BoardView(JobcenterRequiredMixin, ReplicaReadsMixin, FilteredTableView):
    """Every department's vacant slots, longest vacant first, and the time to fill them."""

    table_class = BoardTable
    filterset_class = BoardFilter
    template_name = "matching/board.html"
    export_name = "ledige-pladser"

    def dispatch(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Slot.objects.none()  # BoardFilter.qs builds the board for the chosen window

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": self.today}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": self.today}

    def get_table(self, **kwargs):
        """The page and the count of the sorted, filtered board from the cache: every
        consultant sees the same vacancy until a placement, slot or proposal changes."""
        table = self.get_table_class()(data=self.get_table_data(), **kwargs)
        RequestConfig(self.request, paginate=False).configure(table)  # sorting
        table.data.data = CachedQuerySet(table.data.data, ranked.VERSION, ranked.TIMEOUT)
        return self.paginate_table(table)


TIME_TO_FILL_CACHE_SECONDS = 600


@jobcenter_required
@require_GET
def time_to_fill(request: HttpRequest) -> HttpResponse:
    """The board's time-to-fill panel: a year of placements, so it loads on its own (htmx)
    and is kept for a few minutes; alone (without htmx) it is a page of its own."""
    today = timezone.localdate()
    figures = cache.get_or_set(
        f"matching:time-to-fill:{today.isoformat()}",
        lambda: selectors.time_to_fill(today),
        TIME_TO_FILL_CACHE_SECONDS,
    )
    template = (
        "matching/includes/time_to_fill.html" if request.htmx else "matching/time_to_fill.html"
    )
    return render(request, template, {"time_to_fill": figures})


def _citizen_of(pair) -> int:
    return pair[0].candidate.citizen_id


@jobcenter_required
@require_GET
def slot_detail(request: HttpRequest, slot: int) -> HttpResponse:
    """A slot and its candidates: eligible ones ranked with the score's reasons, then the
    others with what stops them."""
    slot = get_slot(request, slot)
    today = timezone.localdate()
    eligible_ids, ineligible_ids = ranked.candidate_order(slot, today)
    # Ranked candidates a page at a time; those who do not fit, the first page of them.
    page = Paginator(eligible_ids, CANDIDATES_PER_PAGE).get_page(request.GET.get("side"))
    shown_ids = list(page.object_list) + ineligible_ids[:SHOWN_PER_LIST]
    vacancy, matches = ranked.ranked_candidates(slot, today, citizen_ids=shown_ids)
    eligible = ranked.in_order(page.object_list, matches, _citizen_of)
    ineligible = ranked.in_order(ineligible_ids[:SHOWN_PER_LIST], matches, _citizen_of)
    referrals = list(
        slot.referrals.select_related("citizen", "proposed_by").order_by("-created_at")[:20]
    )
    shown = eligible + ineligible
    log_citizen_access(
        request,
        [m.candidate.citizen_id for m, _p in shown] + [r.citizen_id for r in referrals],
        purpose=_("Kandidater til plads"),
    )
    proposed = {r.citizen_id for r in referrals if r.state == ReferralState.PROPOSED}
    return render(
        request,
        "matching/slot_detail.html",
        {
            "slot": slot,
            "state": slot.state_on(today),
            "vacancy": vacancy,
            "eligible": eligible,
            "page": page,
            "eligible_count": len(eligible_ids),
            "ineligible": ineligible,
            "ineligible_count": len(ineligible_ids),
            "referrals": referrals,
            "proposed": proposed,
            "today": today,
        },
    )


@jobcenter_required
def referral_create(request: HttpRequest, slot: int, citizen: int) -> HttpResponse:
    """Propose a candidate for a slot; the dates and hours start as the ranking suggests."""
    slot = get_slot(request, slot)
    profile = get_candidate(request, citizen, purpose=gettext_lazy("Henvisning til plads"))
    match = selectors.match_one(slot, profile, timezone.localdate())
    initial = {}
    if match is not None:
        initial = {
            "starts_on": match.starts_on,
            "planned_end_on": match.end_on,
            "hours_per_week": match.hours_per_week,
        }
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        referral = run_service(
            form,
            services.referral_create,
            slot=slot,
            citizen=profile.citizen,
            acting_user=request.user,
            **form.cleaned_data,
        )
        if referral is not None:
            messages.success(
                request, _("Kandidaten er foreslået. Arbejdsstedets HR får besked i portalen.")
            )
            return redirect("matching:referral_detail", referral=referral.pk)
    return render(
        request,
        "matching/referral_form.html",
        {"form": form, "slot": slot, "profile": profile, "match": match},
    )
