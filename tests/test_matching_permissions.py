"""Who may use which matching view. Every URL pattern is checked, so a new view without a
role check (or one forgotten here) fails."""

from decimal import Decimal

import pytest
from django.urls import reverse

from matching import urls as matching_urls
from matching.models import Notice
from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY
from placements.models import FrikortPayment
from tests.factories import (
    CandidateProfileFactory,
    CitizenFactory,
    PlacementFactory,
    ReferralFactory,
    SlotFactory,
    scheme,
    vacant_slot,
)

pytestmark = pytest.mark.django_db

JOBCENTER = {CONSULTANT, ADMINISTRATOR}
READERS = {HR, CONSULTANT, ADMINISTRATOR}
DECIDERS = {HR, ADMINISTRATOR}

# Every route of matching and the roles that may open it. A route missing here fails.
ALLOWED = {
    "board": JOBCENTER,
    "time_to_fill": JOBCENTER,
    "slot_detail": JOBCENTER,
    "referral_create": JOBCENTER,
    "candidate_list": JOBCENTER,
    "candidate_search": JOBCENTER,
    "candidate_create": JOBCENTER,
    "candidate_detail": JOBCENTER,
    "candidate_update": JOBCENTER,
    "referral_list": READERS,
    "referral_detail": READERS,
    "referral_accept": DECIDERS,
    "referral_decline": DECIDERS,
    "referral_withdraw": JOBCENTER,
    "notice_list": READERS,
    "notice_read": READERS,
    "notice_open": READERS,
    "subscriptions": JOBCENTER,
}
POST_ONLY = {"referral_accept", "referral_decline", "notice_read"}
PATTERNS = {pattern.name: pattern for pattern in matching_urls.urlpatterns}


@pytest.fixture
def objects(consultant):
    slot = vacant_slot("SOF")
    profile = CandidateProfileFactory()
    referral = ReferralFactory(slot=slot, citizen=profile.citizen, proposed_by=consultant)
    notice = Notice.objects.create(user=consultant, slot=slot, text="Pladsen er ledig")
    return {
        "slot": slot.pk,
        "citizen": profile.citizen_id,
        "referral": referral.pk,
        "notice": notice.pk,
    }


def url_for(name: str, objects: dict) -> str:
    converters = PATTERNS[name].pattern.converters
    return reverse(f"matching:{name}", kwargs={key: objects[key] for key in converters})


def test_every_route_is_listed_with_its_roles():
    assert set(PATTERNS) == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_view_declares_the_roles_it_allows(name):
    callback = PATTERNS[name].callback
    view = getattr(callback, "view_class", callback)
    assert set(view.required_roles) == ALLOWED[name]
    assert SECRETARY not in view.required_roles


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_secretaries_get_403_on_every_matching_view(client, secretary, objects, name):
    client.force_login(secretary)
    url = url_for(name, objects)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_anonymous_users_go_to_the_login_page(client, objects, name):
    response = client.get(url_for(name, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(PATTERNS))
@pytest.mark.parametrize("persona", ["hr_sof", "consultant", "administrator"])
def test_each_role_is_let_in_or_refused(request, client, objects, name, persona):
    user = request.getfixturevalue(persona)
    role = {"hr_sof": HR, "consultant": CONSULTANT, "administrator": ADMINISTRATOR}[persona]
    client.force_login(user)
    status = client.get(url_for(name, objects)).status_code
    if role not in ALLOWED[name]:
        assert status == 403
    elif name in POST_ONLY:
        assert status == 405
    elif name == "notice_open":  # the consultant's own notice: followed; no one else's
        assert status == (302 if persona == "consultant" else 404)
    else:
        assert status == 200


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("referral_detail", "get"),
        ("referral_accept", "post"),
        ("referral_decline", "post"),
    ],
)
def test_hr_gets_404_for_another_departments_referral(client, hr_sof, consultant, name, method):
    referral = ReferralFactory(slot=vacant_slot("BUF"), proposed_by=consultant)
    client.force_login(hr_sof)
    url = reverse(f"matching:{name}", args=[referral.pk])
    response = getattr(client, method)(url, {"reason": "Nej"})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.state == "proposed"


def test_hr_sees_nothing_but_its_own_departments_referrals_in_the_list(client, hr_buf):
    ReferralFactory(slot=vacant_slot("SOF"))
    client.force_login(hr_buf)
    response = client.get(reverse("matching:referral_list"), {"state": ""})
    assert list(response.context["table"].paginated_rows) == []


def test_consultants_see_every_vacant_slot_but_no_wages_or_payments(client, consultant):
    smaajob = scheme("smaajob")
    citizen = CitizenFactory(name="Frida Frikort", frikort_number="FK-77")
    profile = CandidateProfileFactory(citizen=citizen)
    paid_slot = SlotFactory(workplace=vacant_slot("KFF").workplace, scheme=smaajob)
    placement = PlacementFactory(slot=paid_slot, citizen=citizen, hours_per_week=Decimal("5"))
    FrikortPayment.objects.create(
        placement=placement, paid_on=placement.starts_on, amount=Decimal("12345.67"), hours=10
    )
    slots = [vacant_slot(dept) for dept in ("SOF", "BUF", "TMF", "SUF", "KFF")]
    referral = ReferralFactory(slot=slots[0], citizen=citizen, proposed_by=consultant)
    client.force_login(consultant)
    pages = [
        client.get(reverse("matching:board")),
        client.get(reverse("matching:board"), {"_export": "csv"}),
        client.get(reverse("matching:slot_detail", args=[paid_slot.pk])),
        client.get(reverse("matching:candidate_detail", args=[profile.citizen_id])),
        client.get(reverse("matching:candidate_list")),
        client.get(reverse("matching:referral_detail", args=[referral.pk])),
        *(client.get(reverse("matching:slot_detail", args=[s.pk])) for s in slots),
    ]
    assert all(page.status_code == 200 for page in pages)
    board_rows = {row.record.pk for row in pages[0].context["table"].paginated_rows}
    assert {s.pk for s in slots} <= board_rows
    for page in pages:
        body = page.content.decode()
        for amount in ("12345", "12.345", "12 345"):
            assert amount not in body
