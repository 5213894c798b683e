"""The long lists render their rows by hand (a `row_template`) instead of django-tables2's
cell-by-cell work. The hand-written rows must be the very cells django-tables2 renders:
each page is rendered both ways and compared."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.tables import BoardTable
from placements.tables import PlacementTable, SlotTable
from tests.factories import (
    PlacementFactory,
    ReferralFactory,
    SlotFactory,
    SlotPauseFactory,
    WorkplaceFactory,
    department,
    vacant_slot,
)

D = dt.date


def _rows(client, url: str) -> str:
    html = client.get(url).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body))


def _both_ways(client, monkeypatch, table, url: str) -> tuple[str, str]:
    by_hand = _rows(client, url)
    monkeypatch.setattr(table, "row_template", None)
    return by_hand, _rows(client, url)


@pytest.fixture
def registry(db):
    """Slots in each state, an ended placement with an outcome, an open-ended one."""
    workplace = WorkplaceFactory(department=department("SOF"))
    today = timezone.localdate()
    filled = SlotFactory(workplace=workplace, title="Besat & co", hours_per_week=Decimal("17.5"))
    PlacementFactory(slot=filled, starts_on=today - dt.timedelta(days=10), planned_end_on=None)
    ended = SlotFactory(workplace=workplace, title="Ledig", opened_on=D(2020, 2, 29))
    PlacementFactory(
        slot=ended,
        starts_on=D(2023, 1, 1),
        planned_end_on=D(2023, 6, 30),
        ended_on=D(2023, 6, 30),
        outcome="education",
    )
    paused = SlotFactory(workplace=workplace, title="Hviler")
    SlotPauseFactory(slot=paused, starts_on=today - dt.timedelta(days=1))
    SlotFactory(workplace=workplace, title="Nedlagt", closed_on=D(2024, 6, 30))


def test_slot_rows_by_hand_are_django_tables2s(client, hr_sof, registry, monkeypatch):
    client.force_login(hr_sof)
    by_hand, by_cell = _both_ways(client, monkeypatch, SlotTable, reverse("placements:slot_list"))
    assert by_hand.count("<tr") == 4
    assert by_hand == by_cell


def test_placement_rows_by_hand_are_django_tables2s(client, hr_sof, registry, monkeypatch):
    client.force_login(hr_sof)
    url = reverse("placements:placement_list")
    by_hand, by_cell = _both_ways(client, monkeypatch, PlacementTable, url)
    assert by_hand.count("<tr") == 2
    assert by_hand == by_cell


def test_board_rows_by_hand_are_django_tables2s(client, consultant, monkeypatch):
    today = timezone.localdate()
    now = vacant_slot(days_ago=40, hours_per_week=None)
    ReferralFactory(slot=now)
    later = vacant_slot(dept="BUF", days_ago=400, hours_per_week=Decimal("12.5"))
    PlacementFactory(
        slot=later, starts_on=today - dt.timedelta(days=30), planned_end_on=today + dt.timedelta(5)
    )
    client.force_login(consultant)
    url = reverse("matching:board") + "?window=30"
    by_hand, by_cell = _both_ways(client, monkeypatch, BoardTable, url)
    assert by_hand.count("<tr") == 2
    assert "kommende" in by_hand
    assert by_hand == by_cell
