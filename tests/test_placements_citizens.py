"""Citizens: found only by exact CPR (POST), created when absent, CPR masked, every view logged."""

import datetime as dt
import logging

import pytest
from django.urls import reverse

from placements.models import Citizen, CitizenAccess
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
)

CPR = "2902921234"  # born 29 Feb 1992


@pytest.fixture
def sof_slot(db):
    return SlotFactory(workplace=WorkplaceFactory(department=department("SOF")))


def test_hr_cannot_open_a_citizen_placed_elsewhere_without_the_cpr(client, hr_sof):
    elsewhere = PlacementFactory(slot__workplace=WorkplaceFactory(department=department("BUF")))
    client.force_login(hr_sof)
    url = reverse("placements:citizen_detail", kwargs={"citizen": elsewhere.citizen_id})
    assert client.get(url).status_code == 404


def test_a_cpr_search_finds_the_citizen_and_logs_it(client, hr_sof, caplog):
    citizen = CitizenFactory(cpr=CPR, name="Ali Nør")
    client.force_login(hr_sof)
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("placements:citizen_search"), {"cpr": "290292-1234"})
        assert response.url == reverse("placements:citizen_detail", kwargs={"citizen": citizen.pk})
        page = client.get(response.url).content.decode()
    assert CPR not in response.url
    assert "290292-xxxx" in page and CPR not in page and "290292-1234" not in page
    assert CPR not in caplog.text and "290292-1234" not in caplog.text
    purposes = list(
        CitizenAccess.objects.filter(citizen=citizen, user=hr_sof).values_list("purpose", flat=True)
    )
    assert sorted(purposes) == ["Søgning på CPR-nummer", "Visning af borger"]
    entry = CitizenAccess.objects.filter(citizen=citizen).first()
    assert entry.username == "hanne" and entry.at is not None and CPR not in entry.path


def test_the_search_is_a_post_only_lookup(client, hr_sof):
    CitizenFactory(cpr=CPR)
    client.force_login(hr_sof)
    response = client.get(reverse("placements:citizen_search"), {"cpr": CPR})
    assert response.status_code == 200
    assert CitizenAccess.objects.count() == 0  # a GET never looks anyone up


def test_an_invalid_cpr_is_refused_in_danish(client, hr_sof):
    client.force_login(hr_sof)
    response = client.post(reverse("placements:citizen_search"), {"cpr": "3102921234"})
    assert "Ugyldigt CPR-nummer" in response.context["form"].errors["cpr"][0]


def test_an_absent_citizen_is_created_and_goes_on_to_the_placement_form(client, hr_sof, sof_slot):
    client.force_login(hr_sof)
    start = reverse("placements:placement_start", kwargs={"slot": sof_slot.pk})
    response = client.post(start, {"cpr": CPR})
    assert response.status_code == 200
    create_form = response.context["create_form"]
    assert create_form["cpr"].value() == CPR
    response = client.post(
        response.context["create_url"], {"cpr": CPR, "name": "Ny Borger", "email": ""}
    )
    citizen = Citizen.objects.get(cpr=CPR)
    assert response.url == reverse(
        "placements:placement_create", kwargs={"slot": sof_slot.pk, "citizen": citizen.pk}
    )
    assert citizen.history.get().history_user == hr_sof
    assert client.get(response.url).status_code == 200
    assert CitizenAccess.objects.filter(citizen=citizen, purpose="Oprettelse af forløb").exists()


def test_a_second_citizen_with_the_same_cpr_is_refused(client, hr_sof):
    CitizenFactory(cpr=CPR)
    client.force_login(hr_sof)
    response = client.post(reverse("placements:citizen_create"), {"cpr": CPR, "name": "Dublet"})
    assert "findes allerede" in response.context["form"].errors["cpr"][0]
    assert Citizen.objects.filter(cpr=CPR).count() == 1


def test_a_found_citizen_can_be_updated(client, hr_sof):
    citizen = CitizenFactory(cpr=CPR)
    client.force_login(hr_sof)
    client.post(reverse("placements:citizen_search"), {"cpr": CPR})
    client.post(
        reverse("placements:citizen_update", kwargs={"citizen": citizen.pk}),
        {"name": "Nyt Navn", "frikort_number": "FK-9", "frikort_valid_until": "2025-12-31"},
    )
    citizen.refresh_from_db()
    assert (citizen.name, citizen.frikort_number) == ("Nyt Navn", "FK-9")
    assert citizen.frikort_valid_until == dt.date(2025, 12, 31)
    assert citizen.cpr == CPR


def test_the_placement_list_logs_every_citizen_it_shows(client, hr_sof, sof_slot):
    placements = [
        PlacementFactory(
            slot=SlotFactory(workplace=sof_slot.workplace), starts_on=dt.date(2024, 1, 1)
        )
        for _ in range(3)
    ]
    client.force_login(hr_sof)
    page = client.get(reverse("placements:placement_list")).content.decode()
    for placement in placements:
        assert placement.citizen.cpr not in page
        assert placement.citizen.cpr[:6] + "-xxxx" in page
    logged = set(
        CitizenAccess.objects.filter(purpose="Liste over forløb").values_list("citizen", flat=True)
    )
    assert logged == {p.citizen_id for p in placements}
