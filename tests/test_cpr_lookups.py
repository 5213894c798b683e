"""CPR searches are limited per user and logged hit or miss; no CPR reaches a log or a URL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements import services
from placements.models import Citizen, CprLookup
from tests.factories import CitizenFactory

CPR = "0101704321"


def search(client, cpr):
    return client.post(reverse("placements:citizen_search"), {"cpr": cpr})


def test_every_lookup_is_logged_hit_or_miss_without_the_number(client, hr_sof):
    citizen = CitizenFactory(cpr=CPR)
    client.force_login(hr_sof)
    search(client, "010170-4322")  # absent
    search(client, CPR)
    miss, hit = CprLookup.objects.order_by("at", "pk")
    assert (miss.username, miss.citizen) == ("hanne", None)
    assert hit.citizen == citizen
    assert hit.cpr_digest == services.cpr_digest("010170-4321") != miss.cpr_digest
    for row in CprLookup.objects.values():
        assert not any("0101704" in str(value) for value in row.values())


@pytest.mark.parametrize("view", ["placements:citizen_search", "matching:candidate_search"])
def test_lookups_are_refused_past_the_limit(client, hr_sof, consultant, settings, view):
    settings.CPR_LOOKUP_LIMIT = 3
    CitizenFactory(cpr=CPR)
    client.force_login(hr_sof if view.startswith("placements") else consultant)
    for guess in ("0101704318", "0101704319", "0101704320"):
        assert client.post(reverse(view), {"cpr": guess}).status_code == 200
    response = client.post(reverse(view), {"cpr": CPR})  # the right number, too late
    assert response.status_code == 200
    assert "for mange CPR-numre" in response.content.decode()
    assert CprLookup.objects.count() == 3


def test_a_known_cpr_is_refused_before_any_insert(hr_sof):
    CitizenFactory(cpr=CPR)
    with CaptureQueriesContext(connection) as queries, pytest.raises(Exception) as raised:
        services.citizen_create(cpr=CPR, name="Dublet", acting_user=hr_sof)
    assert "allerede en borger" in str(raised.value)
    assert not [q for q in queries if q["sql"].startswith('INSERT INTO "placements_citizen"')]
    assert Citizen.objects.count() == 1


def test_the_admin_does_not_search_by_cpr(admin_client):
    CitizenFactory(cpr=CPR, name="Søgbar Borger")
    response = admin_client.get(reverse("admin:placements_citizen_changelist"), {"q": CPR})
    assert "Søgbar Borger" not in response.content.decode()
