"""The start page per role shows that role's real numbers."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department


@pytest.fixture
def today_data(db):
    today = dt.date.today()
    sof = WorkplaceFactory(department=department("SOF"))
    buf = WorkplaceFactory(department=department("BUF"))
    PlacementFactory(slot=SlotFactory(workplace=sof), starts_on=today - dt.timedelta(days=10))
    SlotFactory(workplace=sof, opened_on=today - dt.timedelta(days=5))  # open
    SlotFactory(workplace=buf, opened_on=today - dt.timedelta(days=5))  # open, other department
    return today


def test_it_redirects_anonymous_users_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_hr_sees_own_department_figures(client, hr_sof, today_data):
    client.force_login(hr_sof)
    response = client.get(reverse("home"))
    assert response.context["hr"]["active_placements"] == 1
    assert response.context["hr"]["open_slots"] == 1  # BUF's open slot is not counted
    assert "consultant" not in response.context
    assert "secretary" not in response.context


def test_consultant_sees_every_vacant_slot(client, consultant, today_data):
    client.force_login(consultant)
    response = client.get(reverse("home"))
    assert response.context["consultant"]["open_slots"] == 2
    assert "hr" not in response.context


def test_secretary_sees_full_year_persons_per_department(client, secretary, today_data):
    client.force_login(secretary)
    response = client.get(reverse("home"))
    rows = {
        r["department"].code: r["full_year_persons"]
        for r in response.context["secretary"]["per_department"]
    }
    assert rows["SOF"] > 0
    assert rows["BUF"] == 0
    assert "hr" not in response.context
    assert "Helårspersoner" in response.content.decode()


def test_login_page_is_danish(client):
    response = client.get(reverse("login"))
    assert b'lang="da"' in response.content
    assert "Brugernavn" in response.content.decode()


def test_health_check_answers(client, db):
    assert client.get(reverse("health")).json() == {"status": "ok"}
