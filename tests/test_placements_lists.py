"""The slot and placement lists: filters, sorting, export of the filtered rows, and a
number of queries that does not grow with the page size (and never counts the table)."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organisation.models import District, Workplace
from tests.factories import (
    PlacementFactory,
    SlotFactory,
    SlotPauseFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date
LISTS = ["placements:slot_list", "placements:placement_list"]


@pytest.fixture
def hundred(db):
    """100 slots, each with a placement, in SOF across 5 workplaces; 3 more in BUF."""
    workplaces = [WorkplaceFactory(department=department("SOF")) for _ in range(5)]
    for n in range(100):
        PlacementFactory(
            slot=SlotFactory(workplace=workplaces[n % 5]), starts_on=D(2024, 1, 1) + dt.timedelta(n)
        )
    buf = WorkplaceFactory(department=department("BUF"))
    for _ in range(3):
        PlacementFactory(slot=SlotFactory(workplace=buf))


def _queries(client, url, params) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("name", LISTS)
def test_queries_do_not_grow_with_the_page_size(
    client, hr_sof, hundred, name, django_assert_max_num_queries
):
    client.force_login(hr_sof)
    url = reverse(name)
    # 10, and one COUNT for "Side x af y (n rækker)".
    with django_assert_max_num_queries(11):
        small = client.get(url, {"per_page": 10})
    with django_assert_max_num_queries(11):
        large = client.get(url, {"per_page": 100})
    assert len(small.context["table"].page.object_list) == 10
    assert len(large.context["table"].page.object_list) == 100
    assert _queries(client, url, {"per_page": 10})[0] == _queries(client, url, {"per_page": 100})[0]


@pytest.mark.parametrize("name", LISTS)
def test_pages_show_the_total_and_the_first_and_last_page(client, hr_sof, hundred, name):
    client.force_login(hr_sof)
    response = client.get(reverse(name), {"per_page": 10, "page": 3})
    assert "Side 3 af 10 (100 rækker)" in response.text
    assert "page=10" in response.text and "Sidste side" in response.text
    assert "page=1" in response.text and "Første side" in response.text


def test_the_slot_list_filters_by_state_on_a_date(client, hr_sof):
    workplace = WorkplaceFactory(department=department("SOF"))
    filled = SlotFactory(workplace=workplace, title="Besat")
    PlacementFactory(slot=filled, starts_on=D(2024, 1, 1), planned_end_on=D(2024, 6, 30))
    paused = SlotFactory(workplace=workplace, title="Hviler")
    SlotPauseFactory(slot=paused, starts_on=D(2024, 6, 1), ends_on=D(2024, 6, 30))
    SlotFactory(workplace=workplace, title="Nedlagt", closed_on=D(2024, 6, 30))
    SlotFactory(workplace=workplace, title="Ledig")
    client.force_login(hr_sof)

    def titles(**params):
        response = client.get(reverse("placements:slot_list"), params)
        return sorted(row.record.title for row in response.context["table"].page.object_list)

    assert titles(state="open", day="2024-06-30") == ["Ledig"]
    assert titles(state="filled", day="2024-06-30") == ["Besat"]
    assert titles(state="paused", day="2024-06-30") == ["Hviler"]
    assert titles(state="closed", day="2024-06-30") == ["Nedlagt"]
    assert titles(state="open", day="2024-07-01") == ["Besat", "Hviler", "Ledig"]


def test_the_slot_list_filters_by_scheme_district_and_workplace(client, hr_sof):
    here = WorkplaceFactory(department=department("SOF"))
    there = WorkplaceFactory(
        department=department("SOF"), district=District.objects.get(code="valby")
    )
    SlotFactory(workplace=here, scheme=scheme("fleksjob"), title="A")
    SlotFactory(workplace=there, scheme=scheme("fleksjob"), title="B")
    SlotFactory(workplace=there, scheme=scheme("seniorjob"), title="C")
    client.force_login(hr_sof)

    def titles(**params):
        response = client.get(reverse("placements:slot_list"), params)
        return sorted(row.record.title for row in response.context["table"].page.object_list)

    assert titles(scheme=scheme("fleksjob").pk) == ["A", "B"]
    assert titles(district=there.district_id) == ["B", "C"]
    assert titles(workplace=here.p_number) == ["A"]
    assert titles(workplace=here.name.upper()) == ["A"]
    assert titles(workplace="ingen sådan") == []
    assert titles(district=there.district_id, scheme=scheme("seniorjob").pk) == ["C"]


def test_the_slot_list_sorts(client, hr_sof):
    workplace = WorkplaceFactory(department=department("SOF"))
    for title, opened in (("B", D(2021, 1, 1)), ("A", D(2023, 1, 1)), ("C", D(2022, 1, 1))):
        SlotFactory(workplace=workplace, title=title, opened_on=opened)
    client.force_login(hr_sof)

    def titles(sort):
        response = client.get(reverse("placements:slot_list"), {"sort": sort})
        return [row.record.title for row in response.context["table"].page.object_list]

    assert titles("title") == ["A", "B", "C"]
    assert titles("-opened_on") == ["A", "C", "B"]


def test_the_placement_list_filters(client, hr_sof):
    slot = SlotFactory(workplace=WorkplaceFactory(department=department("SOF")))
    PlacementFactory(
        slot=slot,
        starts_on=D(2024, 1, 1),
        ended_on=D(2024, 6, 30),
        outcome="education",
        citizen__name="Ended",
    )
    PlacementFactory(slot=slot, starts_on=D(2024, 7, 1), citizen__name="Running")
    client.force_login(hr_sof)

    def names(**params):
        response = client.get(reverse("placements:placement_list"), params)
        return sorted(row.record.citizen.name for row in response.context["table"].page.object_list)

    assert names(active_on="2024-06-30") == ["Ended"]
    assert names(active_on="2024-07-01") == ["Running"]
    assert names(status="active") == ["Running"]
    assert names(outcome="education") == ["Ended"]


def test_csv_export_holds_the_filtered_rows_only(client, hr_sof, hundred):
    client.force_login(hr_sof)
    first = Workplace.objects.filter(department__code="SOF").order_by("pk").first()
    response = client.get(
        reverse("placements:slot_list"),
        {"workplace": first.p_number, "_export": "csv", "per_page": 5},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="pladser.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["P-nummer", "Arbejdssted", "Ordning", "Betegnelse"]
    assert len(rows) == 1 + 20  # every filtered row, not one page
    assert {row[1] for row in rows[1:]} == {first.name}


def test_xlsx_export_of_placements_masks_the_cpr(client, hr_sof, hundred):
    client.force_login(hr_sof)
    response = client.get(reverse("placements:placement_list"), {"_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    cpr = rows[0].index("CPR-nummer")
    assert len(rows) == 1 + 100  # BUF's three are not exported to SOF
    assert all(row[cpr].endswith("-xxxx") for row in rows[1:])
