"""Referrals (henvisninger): propose, accept, decline, withdraw; services and HTTP."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import Notice, Referral, ReferralState
from placements.models import Placement, Slot, SlotState
from tests.factories import (
    CandidateProfileFactory,
    CitizenFactory,
    PlacementFactory,
    ReferralFactory,
    scheme,
    vacant_slot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def propose(slot, citizen, user, **kw):
    values = {
        "starts_on": timezone.localdate(),
        "planned_end_on": timezone.localdate() + dt.timedelta(days=60),
        "hours_per_week": Decimal("20"),
    }
    values.update(kw)
    return services.referral_create(slot=slot, citizen=citizen, acting_user=user, **values)


def state_today(slot) -> str:
    return Slot.objects.filter(pk=slot.pk).with_state_on(timezone.localdate()).get().state


# --- Services -------------------------------------------------------------------------------------


def test_a_proposal_tells_the_workplaces_hr(consultant, hr_sof, hr_buf):
    slot = vacant_slot("SOF", title="Køkkenhjælp")
    referral = propose(slot, CitizenFactory(name="Eva Eksempel"), consultant)
    assert referral.state == ReferralState.PROPOSED
    notice = Notice.objects.get(user=hr_sof)
    assert notice.referral == referral and "Køkkenhjælp" in notice.text
    assert "Eva" not in notice.text
    assert not Notice.objects.filter(user=hr_buf).exists()


def test_a_proposal_checks_the_schemes_rules(consultant):
    slot = vacant_slot(scheme=scheme("smaajob"), hours_per_week=None)
    citizen = CitizenFactory(frikort_number="FK-9", frikort_valid_until=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        propose(slot, citizen, consultant)
    assert "gyldigt socialt frikort" in str(error.value.message_dict)


def test_a_proposal_refuses_a_citizen_already_placed(consultant, today):
    citizen = CitizenFactory()
    PlacementFactory(citizen=citizen, starts_on=today - dt.timedelta(days=10))
    with pytest.raises(ValidationError) as error:
        propose(vacant_slot(), citizen, consultant)
    assert "allerede i et forløb" in error.value.message_dict["starts_on"][0]


def test_one_open_proposal_per_citizen_and_slot(consultant):
    slot, citizen = vacant_slot(), CitizenFactory()
    propose(slot, citizen, consultant)
    with pytest.raises(ValidationError) as error:
        propose(slot, citizen, consultant)
    assert error.value.messages == ["Borgeren er allerede foreslået til pladsen."]


def test_accepting_creates_the_placement_and_supersedes_overlapping_proposals(
    consultant, hr_sof, today
):
    slot = vacant_slot()
    first = propose(slot, CitizenFactory(), consultant)
    overlapping = propose(slot, CitizenFactory(), consultant)
    later = propose(
        slot,
        CitizenFactory(),
        consultant,
        starts_on=today + dt.timedelta(days=100),
        planned_end_on=today + dt.timedelta(days=150),
    )
    services.referral_accept(referral=first, acting_user=hr_sof)

    first.refresh_from_db()
    assert first.state == ReferralState.ACCEPTED
    assert first.placement.slot == slot and first.placement.citizen == first.citizen
    assert first.placement.planned_end_on == today + dt.timedelta(days=60)
    assert state_today(slot) == SlotState.FILLED
    overlapping.refresh_from_db()
    assert overlapping.state == ReferralState.SUPERSEDED
    assert "besat af en anden kandidat" in overlapping.decision_reason
    later.refresh_from_db()
    assert later.state == ReferralState.PROPOSED  # after the placement: still open
    assert first.history.count() == 2  # proposed, accepted: simple-history keeps both
    assert first.history.first().history_user == hr_sof


def test_a_superseded_proposal_cannot_be_accepted(consultant, hr_sof):
    slot = vacant_slot()
    first = propose(slot, CitizenFactory(), consultant)
    second = propose(slot, CitizenFactory(), consultant)
    services.referral_accept(referral=first, acting_user=hr_sof)
    with pytest.raises(ValidationError) as error:
        services.referral_accept(referral=second, acting_user=hr_sof)
    assert "allerede besat af en anden kandidat" in error.value.messages[0]
    assert Placement.objects.filter(slot=slot).count() == 1


def test_the_exclusion_constraint_refuses_a_placement_registered_meanwhile(
    consultant, hr_sof, today
):
    slot = vacant_slot()
    referral = propose(slot, CitizenFactory(), consultant)
    PlacementFactory(slot=slot, starts_on=today + dt.timedelta(days=5))  # HR placed someone
    with pytest.raises(ValidationError) as error:
        services.referral_accept(referral=referral, acting_user=hr_sof)
    assert "besat" in " ".join(error.value.messages)
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED  # the whole acceptance rolled back


def test_declining_needs_a_reason_and_tells_the_consultant(consultant, hr_sof):
    referral = propose(vacant_slot(title="Pedelmedhjælp"), CitizenFactory(), consultant)
    with pytest.raises(ValidationError):
        services.referral_decline(referral=referral, reason=" ", acting_user=hr_sof)
    services.referral_decline(referral=referral, reason="Ingen kørekort", acting_user=hr_sof)
    referral.refresh_from_db()
    assert (referral.state, referral.decision_reason) == (ReferralState.DECLINED, "Ingen kørekort")
    assert Notice.objects.filter(user=consultant, text__contains="afvist").exists()


def test_withdrawing_only_an_open_proposal(consultant, hr_sof):
    referral = propose(vacant_slot(), CitizenFactory(), consultant)
    services.referral_withdraw(referral=referral, acting_user=consultant)
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN
    with pytest.raises(ValidationError) as error:
        services.referral_accept(referral=referral, acting_user=hr_sof)
    assert error.value.messages == ["Henvisningen er trukket tilbage af jobcentret."]


# --- Through HTTP ---------------------------------------------------------------------------------


def test_consultant_proposes_from_the_slots_candidate_page(client, consultant, today):
    slot = vacant_slot(title="Køkkenhjælp", hours_per_week=Decimal("20"))
    profile = CandidateProfileFactory(citizen__name="Eva Eksempel")
    client.force_login(consultant)
    page = client.get(reverse("matching:slot_detail", args=[slot.pk]))
    assert "Eva Eksempel" in page.text and "Bor i samme bydel (Nørrebro)" in page.text
    url = reverse("matching:referral_create", args=[slot.pk, profile.citizen_id])
    form = client.get(url)
    assert form.context["form"].initial["starts_on"] == today
    response = client.post(
        url,
        {
            "starts_on": today.isoformat(),
            "planned_end_on": (today + dt.timedelta(days=90)).isoformat(),
            "hours_per_week": "20",
            "note": "God til køkkenarbejde",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("matching:referral_detail", args=[referral.pk])
    assert referral.proposed_by == consultant


def test_a_rule_failure_is_shown_next_to_the_field(client, consultant, today):
    slot = vacant_slot(hours_per_week=Decimal("20"))
    profile = CandidateProfileFactory()
    client.force_login(consultant)
    response = client.post(
        reverse("matching:referral_create", args=[slot.pk, profile.citizen_id]),
        {"starts_on": today.isoformat(), "planned_end_on": "", "hours_per_week": "40"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "højst være 37 timer" in errors["hours_per_week"][0]
    assert "højst vare" in errors["planned_end_on"][0]
    assert not Referral.objects.exists()


def test_hr_accepts_through_the_page_and_the_slot_is_besat(client, consultant, hr_sof):
    slot = vacant_slot("SOF")
    referral = propose(slot, CitizenFactory(), consultant)
    client.force_login(hr_sof)
    page = client.get(reverse("matching:referral_detail", args=[referral.pk]))
    assert "Acceptér og opret forløb" in page.text
    response = client.post(reverse("matching:referral_accept", args=[referral.pk]), follow=True)
    assert "Henvisningen er accepteret, og forløbet er oprettet." in response.text
    assert '<span class="badge" data-testid="slot-state">besat</span>' in response.text
    assert Placement.objects.filter(slot=slot, citizen=referral.citizen).exists()


def test_a_second_acceptance_gets_a_message_not_an_error(client, consultant, hr_sof):
    slot = vacant_slot("SOF")
    first = propose(slot, CitizenFactory(), consultant)
    second = propose(slot, CitizenFactory(), consultant)
    client.force_login(hr_sof)
    client.post(reverse("matching:referral_accept", args=[first.pk]))
    response = client.post(reverse("matching:referral_accept", args=[second.pk]), follow=True)
    assert response.status_code == 200
    assert "Henvisningen kunne ikke accepteres: Pladsen er allerede besat" in response.text


def test_hr_declines_through_the_page(client, consultant, hr_sof):
    referral = ReferralFactory(slot=vacant_slot("SOF"), proposed_by=consultant)
    client.force_login(hr_sof)
    url = reverse("matching:referral_decline", args=[referral.pk])
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 400
    assert "Dette felt er påkrævet" in missing.text
    client.post(url, {"reason": "Pladsen kræver kørekort"})
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED


def test_the_consultant_withdraws_through_the_page_after_confirming(client, consultant):
    referral = ReferralFactory(slot=vacant_slot(), proposed_by=consultant)
    client.force_login(consultant)
    url = reverse("matching:referral_withdraw", args=[referral.pk])
    assert url in client.get(reverse("matching:referral_detail", args=[referral.pk])).text
    confirm = client.get(url)
    assert "Ja, træk henvisningen tilbage" in confirm.text
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED  # asking changes nothing
    client.post(url)
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN


def test_hr_lists_open_proposals_for_its_own_department_only(client, hr_sof):
    own = ReferralFactory(slot=vacant_slot("SOF"), citizen__name="Egen Kandidat")
    ReferralFactory(slot=vacant_slot("BUF"), citizen__name="Anden Kandidat")
    client.force_login(hr_sof)
    response = client.get(reverse("matching:referral_list"))
    assert [row.record.pk for row in response.context["table"].paginated_rows] == [own.pk]
    assert "Egen Kandidat" in response.text and "Anden Kandidat" not in response.text
    assert own.citizen.cpr not in response.text  # masked: ddmmyy-xxxx
    assert f"{own.citizen.cpr[:6]}-xxxx" in response.text
