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


# --- Work items: each a link to where the work is done -------------------------------------------


def _work(response, key):
    (work,) = [w for w in response.context["work"] if w.key == key]
    return work


def test_hr_sees_waiting_referrals_placements_ending_and_long_vacant_slots(client, hr_sof, db):
    from django.utils import timezone

    from placements.models import CitizenAccess
    from tests.factories import ReferralFactory, vacant_slot

    today = timezone.localdate()
    waiting = ReferralFactory(slot=vacant_slot("SOF", days_ago=40, title="Pedel"))
    ReferralFactory(slot=vacant_slot("BUF"))  # another department's
    vacant_slot("SOF", days_ago=20)  # vacant, but not for long
    ending = PlacementFactory(
        slot=SlotFactory(workplace=WorkplaceFactory(department=department("SOF"))),
        starts_on=today - dt.timedelta(days=60),
        planned_end_on=today + dt.timedelta(days=14),
    )
    PlacementFactory(  # ends in 15 days: not yet
        slot=SlotFactory(workplace=WorkplaceFactory(department=department("SOF"))),
        starts_on=today - dt.timedelta(days=60),
        planned_end_on=today + dt.timedelta(days=15),
    )
    client.force_login(hr_sof)
    response = client.get(reverse("home"))
    html = response.content.decode()

    referrals = _work(response, "referrals")
    assert referrals.count == 1
    assert reverse("matching:referral_detail", args=[waiting.pk]) in html
    assert _work(response, "ending").count == 1
    assert reverse("placements:placement_detail", args=[ending.pk]) in html
    vacant = _work(response, "vacant")
    assert [item.label.split(" – ")[0] for item in vacant.items] == ["Pedel"]
    assert reverse("placements:slot_detail", args=[waiting.slot.pk]) in html
    # Names on the start page are reads of those citizens.
    logged = set(CitizenAccess.objects.values_list("citizen_id", flat=True))
    assert {waiting.citizen_id, ending.citizen_id} <= logged


def test_a_consultant_sees_slots_vacant_since_the_last_visit_and_answered_proposals(
    client, consultant, db
):
    from django.utils import timezone

    from matching.models import ReferralState
    from tests.factories import ReferralFactory, vacant_slot

    consultant.last_login = timezone.now() - dt.timedelta(days=3)
    consultant.set_password("pw-test-123")
    consultant.save()
    new = vacant_slot("SOF", days_ago=1, title="Ny plads")
    vacant_slot("SOF", days_ago=10, title="Gammel plads")
    answered = ReferralFactory(
        slot=vacant_slot("BUF", days_ago=50),
        proposed_by=consultant,
        state=ReferralState.DECLINED,
        decided_at=timezone.now() - dt.timedelta(days=1),
    )
    client.post(reverse("login"), {"username": consultant.username, "password": "pw-test-123"})
    response = client.get(reverse("home"))
    assert [i.label.split(" – ")[0] for i in _work(response, "new-vacancies").items] == ["Ny plads"]
    assert reverse("matching:slot_detail", args=[new.pk]) in response.content.decode()
    answers = _work(response, "answers")
    assert answers.count == 1 and answers.items[0].detail == "afvist"
    assert reverse("matching:referral_detail", args=[answered.pk]) in response.content.decode()


def test_the_secretary_sees_the_next_report_due(client, secretary, today_data):
    client.force_login(secretary)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Der er endnu ingen færdige rapporter." in html
    assert "Næste rapport:" in html
    assert (
        "Helårspersoner pr. forvaltning, " + ("1. halvår" if today_data.month <= 6 else "helår")
        in html
    )
