"""Notices (beskeder) and Mine abonnementer."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..access import jobcenter_required, notices_for, referral_reader_required
from ..forms import SubscriptionForm
from ..models import Subscription

NOTICES_PER_PAGE = 25


@referral_reader_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = notices_for(request).select_related("slot", "referral")
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matching/notice_list.html", {"page": page})


@referral_reader_required
@require_GET
def notice_open(request: HttpRequest, notice: int) -> HttpResponse:
    """Follow a notice: it is read now, and the user lands on what it is about."""
    notice = get_object_or_404(notices_for(request), pk=notice)
    services.notices_mark_read(user=request.user, notice_ids=[notice.pk])
    if notice.referral_id:
        return redirect("matching:referral_detail", referral=notice.referral_id)
    return redirect("matching:slot_detail", slot=notice.slot_id)


@referral_reader_required
@require_POST
def notice_read(request: HttpRequest) -> HttpResponse:
    """Mark one notice (`notice` in the form) or all of the user's notices as read."""
    value = request.POST.get("notice", "")
    ids = [int(value)] if value.isdigit() else None
    services.notices_mark_read(user=request.user, notice_ids=ids)
    return redirect("matching:notice_list")


@jobcenter_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Mine abonnementer: the schemes and districts whose vacant slots I am told about."""
    subscription = Subscription.objects.filter(user=request.user).first()
    form = SubscriptionForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        services.subscription_save(
            user=request.user,
            schemes=form.cleaned_data["schemes"],
            districts=form.cleaned_data["districts"],
            by_email=form.cleaned_data["by_email"],
        )
        messages.success(request, _("Dine abonnementer er gemt."))
        return redirect("matching:subscriptions")
    return render(
        request,
        "matching/subscriptions.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
