"""The start page per role, and a health check for the load balancer."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY, roles_of
from reports import dashboards


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    context = {"roles": roles}
    if HR in roles or ADMINISTRATOR in roles:
        context["hr"] = dashboards.hr_overview(request.user)
    if CONSULTANT in roles or ADMINISTRATOR in roles:
        context["consultant"] = dashboards.consultant_overview(request.user)
    if SECRETARY in roles or ADMINISTRATOR in roles:
        context["secretary"] = dashboards.secretary_overview()
    return render(request, "home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
