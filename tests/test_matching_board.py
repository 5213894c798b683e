"""The vacant-slot board: vacancy derived in SQL, filters, time to fill, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from matching import selectors
from tests.factories import (
    CandidateProfileFactory,
    PlacementFactory,
    SlotFactory,
    SlotPauseFactory,
    scheme,
    vacant_slot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def board_rows(today, window=0):
    return {s.pk: s for s in selectors.board(today, window)}


# --- Vacancy in SQL ----------------------------------------------------------------------------


def test_a_slot_never_filled_is_vacant_since_it_opened(today):
    slot = vacant_slot(days_ago=10)
    row = board_rows(today)[slot.pk]
    assert (row.vacant_since, row.days_vacant, row.free_from) == (today - days(10), 10, today)


def test_vacant_since_is_the_day_after_the_last_placement_ended(today):
    slot = vacant_slot(days_ago=400)
    PlacementFactory(slot=slot, starts_on=today - days(300), ended_on=today - days(200))
    PlacementFactory(slot=slot, starts_on=today - days(100), ended_on=today - days(6))
    row = board_rows(today)[slot.pk]
    assert (row.vacant_since, row.days_vacant) == (today - days(5), 5)


def test_vacant_since_is_the_day_after_the_last_pause(today):
    slot = vacant_slot(days_ago=100)
    SlotPauseFactory(slot=slot, starts_on=today - days(50), ends_on=today - days(3))
    assert board_rows(today)[slot.pk].vacant_since == today - days(2)


def test_filled_paused_closed_and_future_slots_are_not_on_todays_board(today):
    filled = vacant_slot()
    PlacementFactory(slot=filled, starts_on=today - days(5))
    paused = vacant_slot()
    SlotPauseFactory(slot=paused, starts_on=today - days(1))
    closed = vacant_slot(days_ago=100, closed_on=today)
    future = vacant_slot(days_ago=-5)
    vacant = vacant_slot()
    assert set(board_rows(today)) == {vacant.pk}
    assert {filled.pk, paused.pk, closed.pk, future.pk}.isdisjoint(board_rows(today, 0))


def test_a_window_shows_slots_that_become_vacant_soon(today):
    ending = vacant_slot(days_ago=100)
    PlacementFactory(slot=ending, starts_on=today - days(60), planned_end_on=today + days(9))
    opening = vacant_slot(days_ago=-12)
    later = vacant_slot(days_ago=-40)
    rows = board_rows(today, 14)
    assert set(rows) == {ending.pk, opening.pk}
    assert (rows[ending.pk].free_from, rows[ending.pk].vacant_since) == (today + days(10),) * 2
    assert rows[ending.pk].days_vacant == 0
    assert rows[opening.pk].vacant_since == today + days(12)
    assert later.pk in board_rows(today, 60)


def test_a_reopened_slot_is_vacant_from_its_reopening(today):
    from placements import services

    slot = vacant_slot(days_ago=200)
    services.slot_close(slot=slot, closed_on=today - days(100), acting_user=None)
    assert slot.pk not in board_rows(today)
    services.slot_reopen(slot=slot, reopens_on=today - days(7), acting_user=None)
    assert board_rows(today)[slot.pk].vacant_since == today - days(7)


def test_the_board_lists_longest_vacant_first(today):
    newer = vacant_slot(days_ago=3)
    older = vacant_slot(days_ago=90)
    middle = vacant_slot(days_ago=30)
    assert [s.pk for s in selectors.board(today)] == [older.pk, middle.pk, newer.pk]


# --- Time to fill -----------------------------------------------------------------------------


def test_time_to_fill_is_the_median_per_scheme_and_department(today):
    praktik = scheme("virksomhedspraktik")
    a = vacant_slot("SOF", days_ago=200)
    PlacementFactory(slot=a, starts_on=today - days(190), ended_on=today - days(101))  # 10 days
    PlacementFactory(slot=a, starts_on=today - days(96))  # 4 days after the last one ended
    b = vacant_slot("SOF", days_ago=80)
    PlacementFactory(slot=b, starts_on=today - days(60))  # 20 days
    c = vacant_slot("BUF", days_ago=50)
    SlotPauseFactory(slot=c, starts_on=today - days(50), ends_on=today - days(41))
    PlacementFactory(slot=c, starts_on=today - days(30))  # 10 days after the pause
    old = vacant_slot("BUF", days_ago=900)
    PlacementFactory(slot=old, starts_on=today - days(800), ended_on=today - days(700))

    result = selectors.time_to_fill(today)
    sof, buf = (d.pk for d in sorted(result.departments, key=lambda d: d.code != "SOF"))
    assert result.cells[(praktik.pk, sof)]["median"] == 10.0
    assert result.cells[(praktik.pk, sof)]["count"] == 3
    assert result.cells[(praktik.pk, buf)]["median"] == 10.0
    assert result.per_scheme[praktik.pk] == {"scheme_id": praktik.pk, "median": 10.0, "count": 4}
    row = result.rows()[0]
    assert row["scheme"] == praktik and row["total"]["count"] == 4


# --- The page ---------------------------------------------------------------------------------


def test_consultant_sees_every_departments_vacant_slots(client, consultant):
    sof = vacant_slot("SOF", title="Køkkenhjælp")
    tmf = vacant_slot("TMF", title="Parkarbejder")
    client.force_login(consultant)
    response = client.get(reverse("matching:board"))
    assert response.status_code == 200
    shown = {row.record.pk for row in response.context["table"].paginated_rows}
    assert shown == {sof.pk, tmf.pk}
    assert "Køkkenhjælp" in response.text and "Parkarbejder" in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"scheme": "fleksjob"}, {"fleks"}),
        ({"district": "valby"}, {"valby"}),
        ({"department": "TMF"}, {"tmf"}),
        ({"hours_min": "30"}, {"fleks"}),
        ({"hours_max": "15"}, {"valby"}),
        ({"vacant_since": "old"}, {"old"}),
        ({"window": "30"}, {"fleks", "valby", "tmf", "old", "soon"}),
    ],
)
def test_the_board_filters(client, consultant, today, params, expected):
    slots = {
        "fleks": vacant_slot(scheme=scheme("fleksjob"), hours_per_week=Decimal("32")),
        "valby": vacant_slot(district_code="valby", hours_per_week=Decimal("10")),
        "tmf": vacant_slot("TMF"),
        "old": vacant_slot(days_ago=300),
        "soon": vacant_slot(days_ago=-20),
    }
    query = dict(params)
    if "scheme" in query:
        query["scheme"] = scheme(query["scheme"]).pk
    if "district" in query:
        query["district"] = slots["valby"].workplace.district_id
    if "department" in query:
        query["department"] = slots["tmf"].workplace.department_id
    if "vacant_since" in query:
        query["vacant_since"] = (today - days(100)).isoformat()
    client.force_login(consultant)
    response = client.get(reverse("matching:board"), query)
    shown = {row.record.pk for row in response.context["table"].paginated_rows}
    assert shown == {slots[name].pk for name in expected}


def test_the_board_shows_days_vacant_and_loads_time_to_fill(client, consultant, today):
    cache.clear()
    slot = vacant_slot(days_ago=400)
    PlacementFactory(slot=slot, starts_on=today - days(300), ended_on=today - days(43))
    client.force_login(consultant)
    response = client.get(reverse("matching:board"))
    assert '<td class="num" data-testid="days-vacant">42</td>' in response.text
    url = reverse("matching:time_to_fill")
    assert f'hx-get="{url}"' in response.text
    panel = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in panel.text  # the fragment only
    assert 'data-testid="time-to-fill"' in panel.text
    assert "<strong>100</strong>" in panel.text  # opened 400 days ago, placed after 100
    assert 'data-testid="time-to-fill"' in client.get(url).text  # and as a page of its own


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_does_not_grow_with_the_rows_shown(
    client, consultant, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        slot = vacant_slot(days_ago=20)
        PlacementFactory(slot=slot, starts_on=slot.opened_on, ended_on=slot.opened_on + days(3))
    client.force_login(consultant)
    with django_assert_max_num_queries(9):  # 8, and one COUNT for the number of rows
        response = client.get(reverse("matching:board"), {"per_page": 100})
    assert len(response.context["table"].paginated_rows) == rows


def test_the_board_exports_csv_without_personal_data(client, consultant):
    slot = vacant_slot(title="Lagermedhjælper")
    PlacementFactory(slot=SlotFactory(workplace=slot.workplace), citizen__name="Hemmelig Borger")
    client.force_login(consultant)
    response = client.get(reverse("matching:board"), {"_export": "csv"})
    body = response.content.decode()
    assert "Lagermedhjælper" in body and "Hemmelig Borger" not in body


def test_factories_make_a_vacant_slot_and_a_candidate(db):
    slot = vacant_slot()
    profile = CandidateProfileFactory()
    assert slot.workplace.district == profile.citizen.district


def test_the_candidate_window_cut_from_the_longest_window_is_the_window_itself(today):
    """Candidate pages take their 14 days from the 90-day vacancy kept in each process: the
    slots free by the 14th day, with the same free day and vacancy, are the 14-day query's."""
    from matching import ranked

    ending = vacant_slot(days_ago=100)
    PlacementFactory(slot=ending, starts_on=today - days(60), planned_end_on=today + days(13))
    last_day = vacant_slot(days_ago=-14)
    day_after = vacant_slot(days_ago=-15)
    paused = vacant_slot(days_ago=50)
    SlotPauseFactory(slot=paused, starts_on=today - days(1), ends_on=today + days(20))
    vacant_slot()
    window = selectors.CANDIDATE_WINDOW_DAYS
    cut = {
        pk: (row["free_from"], row["vacant_since"], row["days_vacant"])
        for pk, row in ranked.vacant(today).rows.items()
        if row["free_from"] <= today + days(window)
    }
    rows = board_rows(today, window)
    assert cut == {pk: (r.free_from, r.vacant_since, r.days_vacant) for pk, r in rows.items()}
    assert ending.pk in cut and last_day.pk in cut
    assert day_after.pk not in cut and paused.pk not in cut
    assert day_after.pk in ranked.vacant(today).rows and paused.pk in ranked.vacant(today).rows
