"""Pages every role shares: error pages, help, the header search, signing out."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from jobordninger.pages import server_error
from tests.factories import SlotFactory, WorkplaceFactory, department


def test_the_500_page_renders_without_a_database_or_a_user(django_db_blocker):
    with django_db_blocker.block():  # any query would raise
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="da">' in html and "Der skete en fejl" in html
    assert 'href="/"' in html  # the way back


def test_404_and_403_are_danish_in_the_site_layout(client, secretary, settings):
    settings.DEBUG = False
    client.force_login(secretary)
    missing = client.get("/findes-ikke/")
    assert missing.status_code == 404
    assert "Siden findes ikke" in missing.content.decode()
    assert 'aria-label="Hovedmenu"' in missing.content.decode()
    forbidden = client.get(reverse("placements:slot_list"))
    assert forbidden.status_code == 403
    assert "Du har ikke adgang til siden" in forbidden.content.decode()


def test_help_renders_the_import_guide_with_its_tables(client, hr_sof):
    client.force_login(hr_sof)
    index = client.get(reverse("help")).content.decode()
    assert reverse("help_page", args=["import"]) in index
    page = client.get(reverse("help_page", args=["import"])).content.decode()
    assert "<h1" in page and "<table>" in page and "P-nummer" in page
    assert client.get(reverse("help_page", args=["ukendt"])).status_code == 404


@pytest.fixture
def places(db):
    sof = WorkplaceFactory(
        department=department("SOF"), name="Café Ravnsborg", p_number="1011121314"
    )
    buf = WorkplaceFactory(department=department("BUF"), name="Café Nord", p_number="2021222324")
    SlotFactory(workplace=sof, title="Køkkenhjælper")
    SlotFactory(workplace=buf, title="Køkkenhjælper ved Nord")
    return sof, buf


def test_hr_finds_own_workplaces_by_name_or_p_number_and_slots_by_title(client, hr_sof, places):
    client.force_login(hr_sof)
    by_name = client.get(reverse("search"), {"q": "café"}).context
    assert [w.name for w in by_name["workplaces"]] == ["Café Ravnsborg"]  # not BUF's
    by_number = client.get(reverse("search"), {"q": "101112"}).context
    assert [w.p_number for w in by_number["workplaces"]] == ["1011121314"]
    slots = client.get(reverse("search"), {"q": "køkken"}).context["slots"]
    assert [s.title for s in slots] == ["Køkkenhjælper"]


def test_a_consultant_finds_vacant_slots_everywhere_and_a_secretary_may_not_search(
    client, consultant, secretary, places
):
    client.force_login(consultant)
    slots = client.get(reverse("search"), {"q": "café"}).context["slots"]
    assert sorted(s.title for s in slots) == ["Køkkenhjælper", "Køkkenhjælper ved Nord"]
    client.force_login(secretary)
    assert client.get(reverse("search"), {"q": "café"}).status_code == 403


def test_signing_out_says_so(client, hr_sof):
    client.force_login(hr_sof)
    response = client.post(reverse("logout"), follow=True)
    assert "Du er logget af." in response.content.decode()
