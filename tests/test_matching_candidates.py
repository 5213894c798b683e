"""Candidates: found by CPR, created and edited by consultants, every view access-logged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import CandidateProfile
from placements.models import Citizen, CitizenAccess
from tests.factories import (
    CandidateProfileFactory,
    CitizenFactory,
    PlacementFactory,
    district,
    scheme,
    vacant_slot,
)

pytestmark = pytest.mark.django_db

NEW_CPR = "0202801234"


def profile_data(**extra):
    data = {
        "wanted_hours_per_week": "15",
        "earliest_start": "",
        "preferred_schemes": [scheme("virksomhedspraktik").pk],
        "competences": "Truckcertifikat, taler arabisk",
        "active": "on",
    }
    data.update(extra)
    return data


def test_a_new_citizen_is_searched_by_cpr_then_created_with_a_profile(client, consultant):
    client.force_login(consultant)
    found = client.post(reverse("matching:candidate_search"), {"cpr": "020280-1234"})
    assert found.status_code == 200
    assert found.context["citizen_form"].initial["cpr"] == NEW_CPR
    assert "Skriv aldrig helbredsoplysninger" in found.text
    response = client.post(
        reverse("matching:candidate_create"),
        {
            "cpr": NEW_CPR,
            "name": "Nadia Nyborg",
            "district": district("valby").pk,
            **profile_data(consultant=consultant.pk),
        },
    )
    citizen = Citizen.objects.get(cpr=NEW_CPR)
    assert response.status_code == 302
    assert response.url == reverse("matching:candidate_detail", args=[citizen.pk])
    profile = citizen.candidate_profile
    assert profile.wanted_hours_per_week == Decimal("15")
    assert profile.consultant == consultant
    assert list(profile.preferred_schemes.all()) == [scheme("virksomhedspraktik")]
    assert profile.history.get().history_user == consultant
    assert NEW_CPR not in response.url


def test_an_existing_citizen_goes_to_the_profile_form(client, consultant):
    citizen = CitizenFactory()
    client.force_login(consultant)
    response = client.post(reverse("matching:candidate_search"), {"cpr": citizen.cpr})
    assert response.url == reverse("matching:candidate_update", args=[citizen.pk])
    response = client.post(
        response.url, {"name": citizen.name, "has_fleksjob_visitation": "on", **profile_data()}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.has_fleksjob_visitation
    assert CandidateProfile.objects.filter(citizen=citizen, active=True).exists()


def test_a_citizen_who_is_no_candidate_is_not_opened_by_id(client, consultant):
    """The jobcenter does not browse the register: a citizen is reached by CPR first."""
    citizen = CitizenFactory()
    client.force_login(consultant)
    url = reverse("matching:candidate_update", args=[citizen.pk])
    assert client.get(url).status_code == 404
    assert not CitizenAccess.objects.filter(citizen=citizen).exists()
    client.post(reverse("matching:candidate_search"), {"cpr": citizen.cpr})
    assert client.get(url).status_code == 200


def test_a_candidate_is_opened_by_id(client, consultant):
    profile = CandidateProfileFactory()
    client.force_login(consultant)
    url = reverse("matching:candidate_update", args=[profile.citizen_id])
    assert client.get(url).status_code == 200


def test_an_existing_candidate_is_shown_not_duplicated(client, consultant):
    profile = CandidateProfileFactory()
    client.force_login(consultant)
    response = client.post(reverse("matching:candidate_search"), {"cpr": profile.citizen.cpr})
    assert response.url == reverse("matching:candidate_detail", args=[profile.citizen_id])


def test_an_invalid_cpr_is_refused_next_to_the_field(client, consultant):
    client.force_login(consultant)
    response = client.post(reverse("matching:candidate_search"), {"cpr": "3113991234"})
    assert "Ugyldigt CPR-nummer" in response.context["form"].errors["cpr"][0]


def test_the_candidate_page_masks_the_cpr_and_logs_the_view(client, consultant):
    profile = CandidateProfileFactory(citizen__name="Ali Andersen")
    client.force_login(consultant)
    response = client.get(reverse("matching:candidate_detail", args=[profile.citizen_id]))
    assert "Ali Andersen" in response.text
    assert profile.citizen.cpr not in response.text
    assert f"{profile.citizen.cpr[:6]}-xxxx" in response.text
    access = CitizenAccess.objects.get(citizen=profile.citizen)
    assert (access.user, access.purpose) == (consultant, "Visning af kandidat")


def test_the_candidate_page_ranks_the_slots_that_fit(client, consultant):
    profile = CandidateProfileFactory(citizen__district=district("noerrebro"))
    near = vacant_slot(district_code="noerrebro", title="Tæt på")
    far = vacant_slot(district_code="valby", title="Langt væk")
    vacant_slot(scheme=scheme("seniorjob"), title="Seniorjob uden ret")
    client.force_login(consultant)
    response = client.get(reverse("matching:candidate_detail", args=[profile.citizen_id]))
    assert [slot["pk"] for _m, slot in response.context["matches"]] == [near.pk, far.pk]
    assert response.context["ineligible_count"] == 1


def test_the_list_logs_only_the_citizens_on_the_page(client, consultant):
    for n in range(30):
        CandidateProfileFactory(citizen__name=f"Kandidat {n:02d}")
    client.force_login(consultant)
    response = client.get(reverse("matching:candidate_list"), {"per_page": 10})
    assert len(response.context["table"].paginated_rows) == 10
    assert CitizenAccess.objects.count() == 10
    assert "xlsx" not in response.text.lower()
    export = client.get(reverse("matching:candidate_list"), {"_export": "csv"})
    assert export["Content-Type"].startswith("text/html")  # no export of personal data


def test_the_slot_page_logs_every_candidate_it_shows(client, consultant):
    slot = vacant_slot()
    shown = [CandidateProfileFactory() for _ in range(3)]
    placed = CandidateProfileFactory()
    PlacementFactory(citizen=placed.citizen, starts_on=timezone.localdate() - dt.timedelta(days=3))
    CandidateProfileFactory(active=False)
    client.force_login(consultant)
    response = client.get(reverse("matching:slot_detail", args=[slot.pk]))
    assert response.context["eligible_count"] == 3
    assert response.context["ineligible_count"] == 1
    logged = set(CitizenAccess.objects.values_list("citizen_id", flat=True))
    assert logged == {p.citizen_id for p in [*shown, placed]}


def test_the_slot_page_shows_its_candidates_a_page_at_a_time(client, consultant):
    slot = vacant_slot()
    for _ in range(23):
        CandidateProfileFactory()
    client.force_login(consultant)
    url = reverse("matching:slot_detail", args=[slot.pk])
    first = client.get(url)
    assert first.context["eligible_count"] == 23
    assert len(first.context["eligible"]) == 20
    assert "Side 1 af 2" in first.text
    CitizenAccess.objects.all().delete()
    second = client.get(url, {"side": 2})
    assert len(second.context["eligible"]) == 3
    assert '<td class="num">21</td>' in second.text  # the ranking goes on
    assert CitizenAccess.objects.count() == 3  # only those shown are logged
