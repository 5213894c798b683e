"""Slots (pladser): create, edit, pause, close with confirmation, reopen; headroom; history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.models import Slot, SlotPause, SlotState
from placements.selectors import slot_history
from tests.factories import (
    PlacementFactory,
    SlotFactory,
    SlotPauseFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date


@pytest.fixture
def workplace(db):
    return WorkplaceFactory(
        department=department("SOF"), name="Café Ravnsborg", ordinary_employees=23
    )


def _state(slot, day):
    return Slot.objects.with_state_on(day).get(pk=slot.pk).state


def _errors(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


def test_it_creates_a_slot_from_the_form(client, hr_sof, workplace):
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:slot_create"),
        {
            "workplace": workplace.pk,
            "scheme": scheme("loentilskud").pk,
            "title": "Pedelmedhjælper",
            "hours_per_week": "37",
            "opened_on": "2024-02-29",
        },
    )
    slot = Slot.objects.get(title="Pedelmedhjælper")
    assert response.url == reverse("placements:slot_detail", kwargs={"slot": slot.pk})
    assert (slot.opened_on, slot.hours_per_week) == (D(2024, 2, 29), Decimal("37"))
    assert slot.history.get().history_user == hr_sof


def test_the_form_offers_only_the_users_own_workplaces(client, hr_sof, workplace):
    other = WorkplaceFactory(department=department("BUF"), name="BUF-skolen")
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:slot_create"),
        {
            "workplace": other.pk,
            "scheme": scheme("fritidsjob").pk,
            "title": "X",
            "opened_on": "2024-01-01",
        },
    )
    assert "workplace" in response.context["form"].errors
    assert "BUF-skolen" not in response.content.decode()
    assert not Slot.objects.exists()


@pytest.mark.parametrize(
    ("code", "hours", "opened_on", "public", "field", "message"),
    [
        pytest.param(
            "virksomhedspraktik",
            "38",
            "2024-01-01",
            True,
            "hours_per_week",
            "højst være 37",
            id="hours",
        ),
        pytest.param(
            "jobrotation",
            "",
            "2026-01-01",
            True,
            "scheme",
            "kan ikke starte efter 31-12-2025",
            id="abolished",
        ),
        pytest.param(
            "nytteindsats",
            "",
            "2024-01-01",
            False,
            "workplace",
            "offentlig arbejdsplads",
            id="private",
        ),
    ],
)
def test_the_slot_form_shows_rules_on_the_field(
    client, hr_sof, code, hours, opened_on, public, field, message
):
    workplace = WorkplaceFactory(department=department("SOF"), is_public=public)
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:slot_create"),
        {
            "workplace": workplace.pk,
            "scheme": scheme(code).pk,
            "title": "Plads",
            "hours_per_week": hours,
            "opened_on": opened_on,
        },
    )
    assert message in " ".join(response.context["form"].errors[field])
    assert not Slot.objects.exists()


def test_the_slot_form_shows_the_workplace_headroom(client, hr_sof, workplace):
    # 23 ordinary employees allow 4; two in løntilskud/praktik today, fleksjob does not count.
    today = dt.date.today()
    for code in ("loentilskud", "virksomhedspraktik", "fleksjob"):
        PlacementFactory(
            slot=SlotFactory(workplace=workplace, scheme=scheme(code)),
            starts_on=today - dt.timedelta(days=3),
            planned_end_on=today + dt.timedelta(days=3),
        )
    client.force_login(hr_sof)
    page = client.get(reverse("placements:slot_create")).content.decode()
    assert 'data-testid="headroom"' in page
    assert "2 af højst 4 årsværk" in page  # three full-time placements, one is fleksjob
    fragment = client.get(reverse("placements:workplace_headroom"), {"workplace": workplace.pk})
    assert "2 af højst 4 årsværk" in fragment.content.decode()
    assert "Der er plads til 2 årsværk mere." in fragment.content.decode()


def test_the_headroom_fragment_is_empty_without_a_workplace(client, hr_sof):
    client.force_login(hr_sof)
    assert client.get(reverse("placements:workplace_headroom")).content.strip() == b""


def test_editing_a_slot_with_placements_keeps_its_scheme(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace, scheme=scheme("fritidsjob"), opened_on=D(2024, 1, 1))
    PlacementFactory(slot=slot, starts_on=D(2024, 3, 1))
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:slot_update", kwargs={"slot": slot.pk}),
        {
            "workplace": workplace.pk,
            "scheme": scheme("loentilskud").pk,
            "title": "Ny titel",
            "opened_on": "2024-03-02",
        },
    )
    errors = response.context["form"].errors
    assert "Ordningen kan ikke ændres" in errors["scheme"][0]
    assert "forløb fra 01-03-2024" in errors["opened_on"][0]
    slot.refresh_from_db()
    assert slot.title != "Ny titel"


def test_editing_a_slot_saves_and_records_history(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace, scheme=scheme("fritidsjob"), title="Gammel")
    client.force_login(hr_sof)
    client.post(
        reverse("placements:slot_update", kwargs={"slot": slot.pk}),
        {
            "workplace": workplace.pk,
            "scheme": slot.scheme_id,
            "title": "Ny",
            "hours_per_week": "12,5",
            "opened_on": slot.opened_on.isoformat(),
        },
    )
    slot.refresh_from_db()
    assert (slot.title, slot.hours_per_week) == ("Ny", Decimal("12.5"))
    page = client.get(reverse("placements:slot_detail", kwargs={"slot": slot.pk})).content.decode()
    assert "Betegnelse: Gammel → Ny" in page
    assert "hanne" in page  # who


# --- Pause ----------------------------------------------------------------------------------------


def test_it_pauses_a_slot(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace, opened_on=D(2024, 1, 1))
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:slot_pause", kwargs={"slot": slot.pk}),
        {"starts_on": "2024-06-30", "ends_on": "2024-07-01", "reason": "Ombygning"},
    )
    assert response.status_code == 302
    assert _state(slot, D(2024, 6, 29)) == SlotState.OPEN
    assert _state(slot, D(2024, 6, 30)) == SlotState.PAUSED
    assert _state(slot, D(2024, 7, 1)) == SlotState.PAUSED
    assert _state(slot, D(2024, 7, 2)) == SlotState.OPEN


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        pytest.param(
            D(2024, 3, 1), D(2024, 2, 29), "ends_on", "før startdatoen", id="end before start"
        ),
        pytest.param(
            D(2024, 2, 1), D(2024, 2, 29), "starts_on", "besat fra 01-02-2024", id="filled"
        ),
        pytest.param(D(2024, 5, 1), None, "starts_on", "allerede i bero", id="already paused"),
        pytest.param(
            D(2019, 12, 31), D(2020, 1, 5), "starts_on", "først oprettet", id="before opening"
        ),
    ],
)
def test_a_pause_must_not_overlap(hr_sof, workplace, starts_on, ends_on, field, message):
    slot = SlotFactory(workplace=workplace, opened_on=D(2020, 1, 1))
    PlacementFactory(slot=slot, starts_on=D(2024, 2, 1), planned_end_on=D(2024, 2, 29))
    SlotPauseFactory(slot=slot, starts_on=D(2024, 6, 1), ends_on=D(2024, 6, 30))
    errors = _errors(
        services.slot_pause,
        slot=slot,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="",
        acting_user=hr_sof,
    )
    assert message in " ".join(errors[field])


# --- Close and reopen --------------------------------------------------------------------------------


def test_closing_asks_for_confirmation_first(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace)
    client.force_login(hr_sof)
    page = client.get(reverse("placements:slot_close", kwargs={"slot": slot.pk})).content.decode()
    assert "Ja, nedlæg pladsen" in page
    slot.refresh_from_db()
    assert slot.closed_on is None
    client.post(
        reverse("placements:slot_close", kwargs={"slot": slot.pk}), {"closed_on": "2024-07-01"}
    )
    slot.refresh_from_db()
    assert slot.closed_on == D(2024, 7, 1)
    assert _state(slot, D(2024, 6, 30)) == SlotState.OPEN
    assert _state(slot, D(2024, 7, 1)) == SlotState.CLOSED


def test_a_slot_with_a_running_placement_cannot_be_closed(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace)
    PlacementFactory(slot=slot, starts_on=D(2024, 1, 1), planned_end_on=None)
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:slot_close", kwargs={"slot": slot.pk}), {"closed_on": "2024-07-01"}
    )
    assert "Afslut forløbet senest dagen før" in response.context["form"].errors["closed_on"][0]
    slot.refresh_from_db()
    assert slot.closed_on is None


def test_reopening_a_closed_slot_keeps_the_gap_nedlagt(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace, closed_on=D(2024, 3, 1))
    client.force_login(hr_sof)
    client.post(
        reverse("placements:slot_reopen", kwargs={"slot": slot.pk}), {"reopens_on": "2024-07-01"}
    )
    slot.refresh_from_db()
    assert slot.closed_on is None
    assert not SlotPause.objects.filter(slot=slot).exists()
    assert list(slot.spells.values_list("opened_on", "closed_on")) == [
        (D(2020, 1, 1), D(2024, 3, 1)),
        (D(2024, 7, 1), None),
    ]
    assert _state(slot, D(2024, 2, 29)) == SlotState.OPEN
    assert _state(slot, D(2024, 3, 1)) == SlotState.CLOSED
    assert _state(slot, D(2024, 6, 30)) == SlotState.CLOSED
    assert _state(slot, D(2024, 7, 1)) == SlotState.OPEN


def test_reopening_a_paused_slot_ends_the_pause_the_day_before(hr_sof, workplace):
    slot = SlotFactory(workplace=workplace)
    pause = SlotPauseFactory(slot=slot, starts_on=D(2024, 1, 1), ends_on=None)
    services.slot_reopen(slot=slot, reopens_on=D(2024, 3, 1), acting_user=hr_sof)
    pause.refresh_from_db()
    assert pause.ends_on == D(2024, 2, 29)
    assert _state(slot, D(2024, 3, 1)) == SlotState.OPEN


def test_reopening_on_the_first_day_of_a_pause_removes_it(hr_sof, workplace):
    slot = SlotFactory(workplace=workplace)
    SlotPauseFactory(slot=slot, starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 31))
    services.slot_reopen(slot=slot, reopens_on=D(2024, 3, 1), acting_user=hr_sof)
    assert not SlotPause.objects.filter(slot=slot).exists()
    # The deleted pause stays in the slot's history.
    history = [entry.kind for entry in slot_history(slot)]
    assert "Slettet" in history


def test_an_open_slot_cannot_be_reopened(hr_sof, workplace):
    slot = SlotFactory(workplace=workplace)
    errors = _errors(services.slot_reopen, slot=slot, reopens_on=D(2024, 3, 1), acting_user=hr_sof)
    assert "hverken nedlagt eller i bero" in errors["reopens_on"][0]


def test_the_detail_page_shows_placements_pauses_and_history(client, hr_sof, workplace):
    slot = SlotFactory(workplace=workplace, title="Køkken")
    placement = PlacementFactory(slot=slot, citizen__name="Ida Jensen", citizen__cpr="0101701234")
    SlotPauseFactory(
        slot=slot, starts_on=D(2025, 1, 1), ends_on=D(2025, 1, 31), reason="Ferielukket"
    )
    client.force_login(hr_sof)
    page = client.get(reverse("placements:slot_detail", kwargs={"slot": slot.pk})).content.decode()
    assert "Ida Jensen" in page and "010170-xxxx" in page and "0101701234" not in page
    assert "Ferielukket" in page
    assert 'data-testid="history"' in page
    assert placement.citizen.access_log.filter(user=hr_sof, purpose="Visning af plads").exists()
