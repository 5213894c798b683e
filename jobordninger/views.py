"""The start page per role, and a health check for the load balancer."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobordninger import worklist
from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY, roles_of
from placements.access import log_citizen_access
from reports import dashboards

PREVIOUS_LOGIN = "previous_login"  # set at sign-in (jobordninger.pages.LoginView)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    today = timezone.localdate()
    context = {"roles": roles, "work": []}
    if HR in roles or ADMINISTRATOR in roles:
        context["hr"] = dashboards.hr_overview(request.user)
        context["work"] += worklist.hr_work(request.user, today)
    if CONSULTANT in roles or ADMINISTRATOR in roles:
        context["consultant"] = dashboards.consultant_overview(request.user)
        context["work"] += worklist.consultant_work(request.user, today, _previous_login(request))
    if SECRETARY in roles or ADMINISTRATOR in roles:
        context["secretary"] = dashboards.secretary_overview()
        context["reports"] = worklist.secretary_work(today)
    log_citizen_access(
        request,
        {pk for work in context["work"] for pk in work.citizen_ids},
        purpose=_("Forside: opgaver"),
    )
    return render(request, "home.html", context)


def _previous_login(request) -> dt.datetime | None:
    value = request.session.get(PREVIOUS_LOGIN)
    return dt.datetime.fromisoformat(value) if value else None


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
