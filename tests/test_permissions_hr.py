"""Every route of the placements app, for every role: the owner gets the page, HR of
another department gets 404 (or sees none of the owner's rows), a secretary and a
consultant get 403, an anonymous visitor is sent to the login page.

The route table must name every route in placements.urls: a view added without an entry
here makes `test_every_route_is_in_the_table` fail, and the generic checks below then
demand that it is scoped.
"""

import datetime as dt

import pytest
from django.urls import reverse

from placements import urls as placement_urls
from placements.models import CitizenAccess
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)

# How each route is requested. Routes with object ids in the path take them from the
# objects below by the name of the path parameter.
ROUTES = {
    "slot_list": "get",
    "slot_create": "get",
    "slot_detail": "get",
    "slot_update": "get",
    "slot_pause": "get",
    "slot_close": "get",
    "slot_reopen": "get",
    "workplace_headroom": "get",
    "placement_start": "get",
    "placement_create": "get",
    "placement_list": "get",
    "placement_detail": "get",
    "placement_update": "get",
    "placement_extend": "get",
    "placement_end": "get",
    "frikort_payment_create": "get",
    "citizen_search": "get",
    "citizen_create": "get",
    "citizen_detail": "get",
    "citizen_update": "get",
    "import": "get",
    "import_confirm": "post",
    "import_template": "get",
}
# Routes that take an object id in the query string instead of the path.
QUERY = {
    "workplace_headroom": lambda objs: {"workplace": objs["workplace"].pk},
    "citizen_create": lambda objs: {"plads": objs["slot"].pk},
}
# Without an object to look up, the owner's answer to a POST-only route is a redirect.
OWNER_STATUS = {"import_confirm": 302}
SECRETS = ("Hemmelig SOF-plads", "SOF Værested", "Hemmelig Borger")


@pytest.fixture
def sof_objects(db):
    workplace = WorkplaceFactory(department=department("SOF"), name="SOF Værested")
    slot = SlotFactory(workplace=workplace, scheme=scheme("smaajob"), title="Hemmelig SOF-plads")
    citizen = CitizenFactory(name="Hemmelig Borger", frikort_number="FK-1")
    placement = PlacementFactory(
        slot=slot, citizen=citizen, starts_on=dt.date(2024, 1, 1), hours_per_week=10
    )
    return {"workplace": workplace, "slot": slot, "citizen": citizen, "placement": placement}


def _pattern(name):
    return next(p for p in placement_urls.urlpatterns if p.name == name)


def _request(client, name, objs):
    kwargs = {key: objs[key].pk for key in _pattern(name).pattern.converters}
    url = reverse(f"placements:{name}", kwargs=kwargs)
    query = QUERY[name](objs) if name in QUERY else {}
    if ROUTES[name] == "post":
        return client.post(
            url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        )
    return client.get(url, query)


def _scoped_by_object(name) -> bool:
    return bool(_pattern(name).pattern.converters) or name in QUERY


def test_every_route_is_in_the_table():
    assert set(ROUTES) == {p.name for p in placement_urls.urlpatterns}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_hr_of_the_owning_department_gets_the_page(client, hr_sof, sof_objects, name):
    client.force_login(hr_sof)
    assert _request(client, name, sof_objects).status_code == OWNER_STATUS.get(name, 200)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_hr_of_another_department_gets_404_or_none_of_the_rows(client, hr_buf, sof_objects, name):
    client.force_login(hr_buf)
    response = _request(client, name, sof_objects)
    if _scoped_by_object(name):
        assert response.status_code == 404
    else:
        assert response.status_code == OWNER_STATUS.get(name, 200)
        content = response.content.decode("utf-8", "replace")  # the XLSX template is binary
        for secret in SECRETS:
            assert secret not in content
    assert not CitizenAccess.objects.filter(user=hr_buf).exists()


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_secretary_gets_403(client, secretary, sof_objects, name):
    client.force_login(secretary)
    assert _request(client, name, sof_objects).status_code == 403


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_consultant_gets_403(client, consultant, sof_objects, name):
    client.force_login(consultant)
    assert _request(client, name, sof_objects).status_code == 403


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_an_anonymous_visitor_is_sent_to_login(client, sof_objects, name):
    response = _request(client, name, sof_objects)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_an_administrator_sees_every_department(client, administrator, sof_objects, name):
    client.force_login(administrator)
    assert _request(client, name, sof_objects).status_code == OWNER_STATUS.get(name, 200)
