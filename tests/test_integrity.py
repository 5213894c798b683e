"""Slot writes are serialised and the database refuses overlapping pauses (by constraint name)."""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.db import violated_constraint
from organisation.scope import HR
from placements import services
from placements.models import Slot, SlotPause
from tests.conftest import transactional
from tests.factories import SlotFactory, SlotPauseFactory, user_with_role

D = dt.date


def test_the_database_refuses_overlapping_pauses_by_name(db):
    slot = SlotFactory()
    SlotPauseFactory(slot=slot, starts_on=D(2024, 1, 1), ends_on=D(2024, 2, 29))
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        SlotPause.objects.create(slot=slot, starts_on=D(2024, 2, 29), ends_on=None)
    assert violated_constraint(raised.value) == "one_pause_per_slot_per_day"


def test_pauses_in_other_slots_or_back_to_back_are_allowed(db):
    slot = SlotFactory()
    SlotPauseFactory(slot=slot, starts_on=D(2024, 1, 1), ends_on=D(2024, 2, 29))
    SlotPause.objects.create(slot=slot, starts_on=D(2024, 3, 1), ends_on=None)
    SlotPause.objects.create(slot=SlotFactory(), starts_on=D(2024, 1, 1), ends_on=None)


@pytest.mark.parametrize(
    "call",
    [
        lambda slot, user: services.slot_pause(
            slot=slot, starts_on=D(2024, 6, 1), ends_on=None, acting_user=user
        ),
        lambda slot, user: services.slot_close(
            slot=slot, closed_on=D(2024, 6, 1), acting_user=user
        ),
        lambda slot, user: services.slot_reopen(
            slot=slot, reopens_on=D(2024, 6, 1), acting_user=user
        ),
    ],
    ids=["pause", "close", "reopen"],
)
@transactional
def test_pause_close_and_reopen_wait_for_the_slots_lock(call):
    user = user_with_role("hr-lock", HR, departments=["SOF"])
    slot = SlotFactory()
    SlotPauseFactory(slot=slot, starts_on=D(2024, 5, 1), ends_on=None)
    finished = threading.Event()
    outcome = []

    def other_writer():
        try:
            try:
                outcome.append(call(Slot.objects.get(pk=slot.pk), user))
            except ValidationError as error:
                outcome.append(error)
        finally:
            finished.set()
            connection.close()

    with transaction.atomic():
        Slot.objects.select_for_update().get(pk=slot.pk)  # as a concurrent placement does
        thread = threading.Thread(target=other_writer)
        thread.start()
        time.sleep(0.5)
        assert not finished.is_set(), "the write did not wait for the slot's lock"
    thread.join(timeout=10)
    assert finished.is_set() and outcome
