"""Many acceptances for one slot at the same moment, on PostgreSQL: exactly one placement.

Each thread has its own database connection, so these tests commit for real (transactional)
and every thread closes its connection at the end.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import Referral, ReferralState
from organisation.scope import CONSULTANT, HR
from placements import services as registry
from placements.models import Placement, Slot, SlotState
from schemes.verdict import Verdict
from tests.conftest import transactional
from tests.factories import CitizenFactory, ReferralFactory, user_with_role, vacant_slot

THREADS = 20
HTTP_THREADS = 6
DANISH_REFUSAL = "Pladsen er allerede besat"


def proposals(count: int):
    consultant = user_with_role("konsulent-race", CONSULTANT)
    slot = vacant_slot("SOF", hours_per_week=Decimal("20"))
    today = timezone.localdate()
    referrals = [
        ReferralFactory(
            slot=slot,
            citizen=CitizenFactory(),
            proposed_by=consultant,
            starts_on=today,
            planned_end_on=today + dt.timedelta(days=60),
        )
        for _ in range(count)
    ]
    return slot, referrals


def run_together(count: int, work) -> list:
    """Run work(i) in `count` threads released at once; collect what each returned."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001  (reported by the test, never swallowed)
            results[i] = ("escaped", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results


def slot_state(slot) -> str:
    return Slot.objects.filter(pk=slot.pk).with_state_on(timezone.localdate()).get().state


@transactional
def test_twenty_threads_accepting_twenty_proposals_give_exactly_one_placement():
    hr = user_with_role("hr-race", HR, departments=["SOF"])
    slot, referrals = proposals(THREADS)

    def accept(i: int):
        try:
            services.referral_accept(referral=referrals[i], acting_user=hr)
        except ValidationError as error:
            return ("refused", " ".join(error.messages))
        return ("accepted", referrals[i].pk)

    results = run_together(THREADS, accept)

    escaped = [r for r in results if r[0] == "escaped"]
    assert escaped == []
    accepted = [r for r in results if r[0] == "accepted"]
    refused = [r for r in results if r[0] == "refused"]
    assert len(accepted) == 1 and len(refused) == THREADS - 1
    assert all(DANISH_REFUSAL in message for _kind, message in refused), refused
    assert Placement.objects.filter(slot=slot).count() == 1
    states = list(Referral.objects.values_list("state", flat=True))
    assert states.count(ReferralState.ACCEPTED) == 1
    assert states.count(ReferralState.SUPERSEDED) == THREADS - 1
    winner = Referral.objects.get(state=ReferralState.ACCEPTED)
    assert winner.pk == accepted[0][1]
    assert winner.placement.citizen_id == winner.citizen_id
    assert slot_state(slot) == SlotState.FILLED


@transactional
def test_concurrent_accepts_through_the_page_never_answer_500():
    hr = user_with_role("hr-race-http", HR, departments=["SOF"])
    slot, referrals = proposals(HTTP_THREADS)
    clients = []
    for _ in range(HTTP_THREADS):
        client = Client()
        client.force_login(hr)
        clients.append(client)

    def post(i: int):
        url = reverse("matching:referral_accept", args=[referrals[i].pk])
        response = clients[i].post(url, follow=True)
        # The page itself, not response.context: the test client's context capture listens
        # to a global signal and would mix the threads' pages.
        return (response.status_code, response.content.decode())

    results = run_together(HTTP_THREADS, post)

    assert [r for r in results if r[0] == "escaped"] == []
    assert all(status == 200 for status, _page in results), results
    messages = [page for _status, page in results]
    assert sum("Henvisningen er accepteret" in m for m in messages) == 1
    refused = [m for m in messages if "Henvisningen kunne ikke accepteres" in m]
    assert len(refused) == HTTP_THREADS - 1
    assert all(DANISH_REFUSAL in m for m in refused)
    assert Placement.objects.filter(slot=slot).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_placement_when_every_check_is_skipped(hr_sof):
    """The exclusion constraint is the last word: with the rule checks gone (as if a bug let
    a second acceptance through), the insert is still refused, with a Danish message."""
    slot = vacant_slot("SOF")
    end = timezone.localdate() + dt.timedelta(days=30)
    first, second = (
        ReferralFactory(slot=slot, citizen=CitizenFactory(), planned_end_on=end) for _ in range(2)
    )
    services.referral_accept(referral=first, acting_user=hr_sof)
    Referral.objects.filter(pk=second.pk).update(state=ReferralState.PROPOSED)
    with pytest.raises(ValidationError) as error:
        with pytest.MonkeyPatch.context() as patch:
            # Skip every rule check: only the database stands between us and a double booking.
            patch.setattr(registry, "assess_placement", lambda **kwargs: Verdict())
            services.referral_accept(referral=second, acting_user=hr_sof)
    assert error.value.messages == ["Pladsen er allerede besat i en del af perioden."]
    assert Placement.objects.filter(slot=slot).count() == 1
