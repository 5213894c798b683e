"""Every page that shows a citizen writes a read-log row: a walk over every URL pattern.

The walk resolves every route of the project (the admin included), fills its path with the
ids of one world of objects around a citizen, and opens it as an administrator (who may
open everything), and a list once more as an export. A page whose answer names the citizen
(name or masked CPR) must have written a CitizenAccess row for them with a purpose and the
page's path. A new view that shows a citizen without going through placements.access fails.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from matching.models import Notice
from placements.models import CitizenAccess, FrikortPayment
from reports.models import StatusReport
from tests.factories import (
    CandidateProfileFactory,
    CitizenFactory,
    PlacementFactory,
    ReferralFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)

NAME = "Walther Gennemgang"
CPR = "0101709999"
MASKED = "010170-xxxx"
# Path parameters that name no object: a value that opens a real page.
PLAIN = {"year": 2024, "half": 1, "fmt": "csv", "table": "overview"}


def _routes(resolver=None, prefix=""):
    """(route string, pattern name, converters) of every URL pattern, depth first."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name, entry.pattern.converters


def _admin_model(name: str | None):
    """The model of an admin route named app_model_action, else None."""
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name and name.startswith(info):
            return model
    return None


@pytest.fixture
def world(db, consultant):
    workplace = WorkplaceFactory(department=department("SOF"))
    slot = SlotFactory(workplace=workplace, scheme=scheme("smaajob"), hours_per_week=10)
    citizen = CitizenFactory(name=NAME, cpr=CPR, frikort_number="FK-9")
    placement = PlacementFactory(
        slot=slot, citizen=citizen, starts_on=dt.date(2024, 1, 1), hours_per_week=10
    )
    FrikortPayment.objects.create(
        placement=placement, paid_on=dt.date(2024, 3, 1), amount=Decimal(500), hours=5
    )
    profile = CandidateProfileFactory(citizen=citizen)
    vacant = SlotFactory(workplace=workplace, opened_on=timezone.localdate() - dt.timedelta(30))
    referral = ReferralFactory(slot=vacant, citizen=citizen, proposed_by=consultant)
    Notice.objects.create(user=consultant, slot=vacant, referral=referral, text="Ny henvisning")
    CitizenAccess.objects.create(citizen=citizen, username="x", purpose="opslag", path="/")
    StatusReport.objects.create(starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    return {
        "citizen": citizen.pk,
        "slot": slot.pk,
        "vacant_slot": vacant.pk,
        "placement": placement.pk,
        "referral": referral.pk,
        "workplace": workplace.pk,
        "department_id": department("SOF").pk,
        "profile": profile.pk,
    }


def _kwargs(name, converters, objects):
    model = _admin_model(name)
    values = {}
    for key in converters:
        if key in objects:
            values[key] = objects[key]
        elif key in PLAIN:
            values[key] = PLAIN[key]
        elif key == "object_id" and model is not None:
            obj = model._default_manager.order_by("pk").last()
            if obj is None:
                return None
            values[key] = obj.pk
        elif key == "version_id" and model is not None and hasattr(model, "history"):
            record = model.history.filter(id=values.get("object_id")).last()
            if record is None:
                return None
            values[key] = record.history_id
        elif key == "pk":
            values[key] = StatusReport.objects.get().pk
        else:
            return None  # a parameter with no object behind it (content types, app labels)
    return values


def _fill(route: str, values: dict) -> str:
    """Put the values into the route's <converter:name> parts."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def _shows_the_citizen(response) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    content = response.content.decode("utf-8", errors="replace")
    return NAME in content or MASKED in content


def test_every_page_that_shows_a_citizen_writes_a_read_log_row(client, administrator, world):
    client.force_login(administrator)
    citizen = world["citizen"]
    opened, shown, unlogged = 0, [], []
    for route, name, converters in _routes():
        if "(?P" in route or "^" in route:
            continue  # the admin's regex routes (app index, catch-all) show no citizen
        # A slot page twice: the filled slot (its placement) and the vacant one (referrals).
        variants = (
            [world, {**world, "slot": world["vacant_slot"]}] if "slot" in converters else [world]
        )
        paths = {
            _fill(route, v) for v in filter(None, (_kwargs(name, converters, w) for w in variants))
        }
        exports = ("",) if route.startswith("admin/") else ("", "?_export=csv")
        for path, query in ((p, q) for p in sorted(paths) for q in exports):
            last = CitizenAccess.objects.aggregate(last=Max("pk"))["last"]
            response = client.get(path + query)
            opened += 1
            if not _shows_the_citizen(response):
                continue
            shown.append(path + query)
            logged = CitizenAccess.objects.filter(
                pk__gt=last, citizen_id=citizen, user=administrator, path=path
            ).exclude(purpose="")
            if not logged.exists():
                unlogged.append(path + query)
    assert opened > 100  # the walk really walked
    # Pages the citizen is known to be on were among those found.
    assert f"/hr/borgere/{citizen}/" in shown
    assert f"/admin/placements/citizen/{citizen}/change/" in shown
    assert f"/matchning/pladser/{world['vacant_slot']}/" in shown  # its referral
    assert unlogged == [], "\n".join(unlogged)


# Pages for anyone signed in (or for no one in particular): no role is needed.
OPEN_TO_ALL = {"home", "login", "logout", "health"}
# One's own account: password change and reset, and single sign-on (404 while it is off).
OPEN_TO_ALL |= {
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}


def test_a_user_without_a_role_is_refused_on_every_page(client, world):
    """Every page but the start page asks for a role before it fetches anything."""
    user = get_user_model().objects.create_user("uden-rolle", password="test-password-1")
    client.force_login(user)
    answered = {}
    for route, name, converters in _routes():
        if route.startswith("admin/") or name in OPEN_TO_ALL:
            continue
        values = _kwargs(name, converters, world)
        if values is None:
            continue
        path = _fill(route, values)
        response = client.get(path)
        if response.status_code == 302:  # a plain redirect (/status/): where it leads
            response = client.get(response.url)
        if response.status_code == 405:  # POST only: the role is checked for a POST too
            response = client.post(path)
        answered[route] = response.status_code
    assert len(answered) > 30
    assert {route: code for route, code in answered.items() if code != 403} == {}
    assert not CitizenAccess.objects.filter(user=user).exists()
