"""A slot's life as spells: closed 01-08-2015 and reopened 01-11-2015 is nedlagt in between,
on every path that asks what a slot was on a day."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from core.periods import Period
from jobordninger import status_sql
from matching.selectors import time_to_fill
from placements import services
from placements.models import Slot, SlotSpell, SlotState
from placements.vacancy import vacant_slots
from reports import selectors
from reports.status import build_status
from schemes.models import TargetCategory
from tests.factories import (
    CitizenFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)
from tests.slot_history_scenario import AT_YEAR_END, DAY, ON_DAY, build_slot_history, reopened_slot

D = dt.date


@pytest.fixture
def slot(db):
    return reopened_slot(WorkplaceFactory(department=department("SOF")))


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (D(2014, 12, 31), SlotState.NOT_OPENED),  # before the first opening: no slot yet
        (D(2015, 1, 1), SlotState.OPEN),
        (D(2015, 2, 1), SlotState.FILLED),
        (D(2015, 4, 30), SlotState.FILLED),
        (D(2015, 5, 1), SlotState.PAUSED),
        (D(2015, 5, 31), SlotState.PAUSED),
        (D(2015, 6, 1), SlotState.OPEN),
        (D(2015, 7, 31), SlotState.OPEN),  # the last day before the closing
        (D(2015, 8, 1), SlotState.CLOSED),  # closed from and including 01-08-2015
        (D(2015, 9, 30), SlotState.CLOSED),  # the committee's day: nedlagt, not i bero
        (D(2015, 10, 31), SlotState.CLOSED),
        (D(2015, 11, 1), SlotState.OPEN),  # reopened
        (D(2015, 11, 30), SlotState.OPEN),
        (D(2015, 12, 1), SlotState.FILLED),
        (D(2016, 2, 29), SlotState.FILLED),  # leap day, open-ended placement
    ],
)
def test_closed_then_reopened_slot_has_the_state_of_each_day(slot, day, state):
    assert slot.state_on(day) == state


def test_reopening_keeps_two_spells_and_no_pause_for_the_closed_days(slot):
    assert list(slot.spells.values_list("opened_on", "closed_on")) == [
        (D(2015, 1, 1), D(2015, 8, 1)),
        (D(2015, 11, 1), None),
    ]
    assert list(slot.pauses.values_list("starts_on", "ends_on")) == [
        (D(2015, 5, 1), D(2015, 5, 31))
    ]
    slot.refresh_from_db()
    assert (slot.opened_on, slot.closed_on) == (D(2015, 1, 1), None)


def test_spells_of_one_slot_cannot_overlap_in_the_database(slot):
    with pytest.raises(IntegrityError):
        SlotSpell.objects.create(slot=slot, opened_on=D(2015, 7, 1), closed_on=D(2015, 9, 1))


def test_the_slot_table_on_any_date_counts_the_reopened_slots_as_nedlagt(db):
    build_slot_history()
    praktik = scheme("virksomhedspraktik").pk
    assert selectors.slot_states_on(DAY) == {praktik: ON_DAY}
    assert selectors.slot_states_on(D(2015, 12, 31)) == {praktik: AT_YEAR_END}
    sof = department("SOF").pk
    # Available (open or filled) on 30-09-2015: 6 + 7 in each category praktik counts in;
    # the reopened ones are not.
    categories = TargetCategory.objects.filter(scheme_links__scheme_id=praktik)
    assert categories
    assert selectors.available_slots_by_category_on(DAY) == {
        (sof, category.pk): 13 for category in categories
    }


def test_open_slot_days_leave_out_the_closed_days_and_match_the_hand_written_sql(db):
    nytte = reopened_slot(
        WorkplaceFactory(department=department("SOF")), scheme=scheme("nytteindsats")
    )
    period = Period.whole_year(2015)  # the whole of 2015: 365 days
    category = TargetCategory.objects.get(code="nytteindsats")
    # Open: January (31), June and July (61), November (30); filled Feb–Apr and December,
    # i bero in May, nedlagt August–October.
    figures = selectors.open_slot_full_year_by_category(period)
    assert figures[(nytte.workplace.department_id, category.pk)] == Decimal(31 + 61 + 30) / 365
    assert status_sql.status_mismatches(build_status(period), period) == []


def test_a_reopened_slot_is_vacant_from_its_reopening_not_while_nedlagt(slot):
    assert not vacant_slots(DAY).filter(pk=slot.pk).exists()
    coming = vacant_slots(DAY, window_days=45).get(pk=slot.pk)
    assert coming.free_from == D(2015, 11, 1)
    vacant = vacant_slots(D(2015, 11, 15)).get(pk=slot.pk)
    assert (vacant.vacant_since, vacant.days_vacant) == (D(2015, 11, 1), 14)


@pytest.mark.parametrize(
    ("starts_on", "planned_end_on", "field"),
    [
        (D(2015, 9, 1), D(2015, 9, 30), "starts_on"),  # inside the closed days
        (D(2015, 6, 1), D(2015, 11, 30), "planned_end_on"),  # runs through them
        (D(2015, 8, 1), D(2015, 8, 1), "starts_on"),  # the closing day itself
        (D(2015, 10, 31), D(2015, 11, 30), "starts_on"),  # the last closed day
    ],
)
def test_a_placement_in_the_closed_days_is_refused(db, starts_on, planned_end_on, field):
    slot = reopened_slot(scheme=scheme("fritidsjob"))
    with pytest.raises(ValidationError) as raised:
        services.placement_create(
            slot=slot,
            citizen=CitizenFactory(),
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            hours_per_week=Decimal("10"),
            benefit=None,
            acting_user=None,
        )
    assert (
        "Pladsen er nedlagt fra 01-08-2015 til og med 31-10-2015."
        in raised.value.message_dict[field]
    )


def test_a_placement_after_the_reopening_is_accepted(db):
    slot = reopened_slot(scheme=scheme("fritidsjob"))
    placement = services.placement_create(
        slot=slot,
        citizen=CitizenFactory(),
        starts_on=D(2015, 11, 1),
        planned_end_on=D(2015, 11, 30),
        hours_per_week=Decimal("10"),
        benefit=None,
        acting_user=None,
    )
    assert placement.pk


def _errors(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


def test_reopening_on_the_closing_day_or_before_a_planned_closing_cancels_it(db):
    same_day = SlotFactory(opened_on=D(2015, 1, 1), closed_on=D(2015, 8, 1))
    services.slot_reopen(slot=same_day, reopens_on=D(2015, 8, 1), acting_user=None)
    planned = SlotFactory(opened_on=D(2015, 1, 1), closed_on=D(2015, 8, 1))
    services.slot_reopen(slot=planned, reopens_on=D(2015, 7, 1), acting_user=None)
    for slot in (same_day, planned):
        assert list(slot.spells.values_list("opened_on", "closed_on")) == [(D(2015, 1, 1), None)]
        assert Slot.objects.get(pk=slot.pk).closed_on is None


def test_reopening_refuses_an_open_slot_and_a_day_before_the_last_reopening(slot):
    message = _errors(services.slot_reopen, slot=slot, reopens_on=D(2015, 11, 5), acting_user=None)
    assert message["reopens_on"] == ["Pladsen er hverken nedlagt eller i bero den 05-11-2015."]
    message = _errors(services.slot_reopen, slot=slot, reopens_on=D(2015, 9, 1), acting_user=None)
    assert "genåbning kan tidligst ske da" in message["reopens_on"][0]


def test_closing_waits_for_the_placement_and_a_pause_cannot_start_while_nedlagt(slot):
    assert (
        "Afslut forløbet"
        in _errors(services.slot_close, slot=slot, closed_on=D(2016, 1, 1), acting_user=None)[
            "closed_on"
        ][0]
    )
    message = _errors(
        services.slot_pause, slot=slot, starts_on=D(2015, 9, 1), ends_on=None, acting_user=None
    )
    assert message["starts_on"] == ["Pladsen er nedlagt den 01-09-2015."]


def test_moving_the_opening_moves_the_first_spell_only(slot, hr_sof):
    services.slot_update(
        slot=slot,
        workplace=slot.workplace,
        scheme=slot.scheme,
        title=slot.title,
        opened_on=D(2014, 12, 1),
        hours_per_week=slot.hours_per_week,
        acting_user=hr_sof,
    )
    assert list(slot.spells.values_list("opened_on", "closed_on")) == [
        (D(2014, 12, 1), D(2015, 8, 1)),
        (D(2015, 11, 1), None),
    ]
    assert Slot.objects.get(pk=slot.pk).opened_on == D(2014, 12, 1)


MIGRATION = importlib.import_module("placements.migrations.0008_fill_slot_spells")


@pytest.mark.parametrize(
    ("opened_on", "closed_on", "gaps", "spells"),
    [
        (D(2015, 1, 1), None, [], [(D(2015, 1, 1), None)]),
        (D(2015, 1, 1), D(2016, 1, 1), [], [(D(2015, 1, 1), D(2016, 1, 1))]),
        # Closed 01-08-2015, reopened 01-11-2015: the old pause ran 01-08 to 31-10.
        (
            D(2015, 1, 1),
            None,
            [(D(2015, 8, 1), D(2015, 10, 31))],
            [(D(2015, 1, 1), D(2015, 8, 1)), (D(2015, 11, 1), None)],
        ),
        # Two reopenings (one over a leap day), then closed for good.
        (
            D(2015, 1, 1),
            D(2017, 1, 1),
            [(D(2016, 2, 29), D(2016, 2, 29)), (D(2015, 6, 30), D(2015, 7, 1))],
            [
                (D(2015, 1, 1), D(2015, 6, 30)),
                (D(2015, 7, 2), D(2016, 2, 29)),
                (D(2016, 3, 1), D(2017, 1, 1)),
            ],
        ),
    ],
)
def test_the_data_migration_turns_reopen_pauses_into_spells(opened_on, closed_on, gaps, spells):
    assert MIGRATION.spells_of(opened_on, closed_on, gaps) == spells


def test_the_slot_page_lists_the_spells(client, hr_sof, slot):
    client.force_login(hr_sof)
    page = client.get(reverse("placements:slot_detail", kwargs={"slot": slot.pk})).content.decode()
    assert "01-01-2015 – nedlagt pr. 01-08-2015" in page
    assert "01-11-2015 – indtil videre" in page


def _admin_add_slot(client, workplace, second_opened_on: str):
    return client.post(
        reverse("admin:placements_slot_add"),
        {
            "workplace": workplace.pk,
            "scheme": scheme("nytteindsats").pk,
            "title": "Pedelmedhjælper",
            "description": "",
            "hours_per_week": "",
            "spells-TOTAL_FORMS": "2",
            "spells-INITIAL_FORMS": "0",
            "spells-MIN_NUM_FORMS": "1",
            "spells-MAX_NUM_FORMS": "1000",
            "spells-0-opened_on": "2015-01-01",
            "spells-0-closed_on": "2015-08-01",
            "spells-1-opened_on": second_opened_on,
            "spells-1-closed_on": "",
            "pauses-TOTAL_FORMS": "0",
            "pauses-INITIAL_FORMS": "0",
            "pauses-MIN_NUM_FORMS": "0",
            "pauses-MAX_NUM_FORMS": "1000",
        },
    )


def test_the_admin_saves_spells_and_copies_them_onto_the_slot(client, administrator):
    client.force_login(administrator)
    response = _admin_add_slot(client, WorkplaceFactory(department=department("SOF")), "2015-11-01")
    assert response.status_code == 302, response.content.decode()[:2000]
    slot = Slot.objects.get(title="Pedelmedhjælper")
    assert (slot.opened_on, slot.closed_on) == (D(2015, 1, 1), None)
    assert slot.state_on(DAY) == SlotState.CLOSED


def test_time_to_fill_counts_from_the_reopening(slot):
    # Started 01-12-2015: vacant from the reopening on 01-11-2015 (30 days), not from the
    # day after the May pause; the February start waited 31 days from the opening.
    figures = time_to_fill(D(2015, 12, 31)).per_scheme[slot.scheme_id]
    assert (figures["median"], figures["count"]) == ((31 + 30) / 2, 2)


def test_the_admin_refuses_overlapping_spells_with_a_message(client, administrator):
    client.force_login(administrator)
    response = _admin_add_slot(client, WorkplaceFactory(department=department("SOF")), "2015-07-01")
    assert response.status_code == 200
    assert "Åbningsperioderne må ikke overlappe hinanden." in response.content.decode()
    assert not Slot.objects.filter(title="Pedelmedhjælper").exists()
