"""Spreadsheet exports (core/exports.py): Danish CSV, XLSX with real values, formula
injection neutralised, and HR exports that the import takes back without a change."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import exports
from placements.importers import import_hr
from placements.models import Citizen, Placement, Slot
from tests.factories import WorkplaceFactory, department

FIXTURES = Path(__file__).parent / "fixtures" / "hr"


def test_csv_is_danish_excel():
    content = exports.to_csv(
        ["Navn", "Timer", "Dato", "Tom"],
        [["Anna", Decimal("30.5"), dt.date(2024, 2, 29), None]],
    )
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines() == [
        "Navn;Timer;Dato;Tom",
        "Anna;30,5;29-02-2024;",
    ]


def test_xlsx_has_real_dates_and_numbers_a_frozen_header_and_a_filter():
    content = exports.to_xlsx(
        ["Navn", "Timer", "Dato", "Tom"],
        [["Anna", Decimal("30.5"), dt.date(2024, 2, 29), None]],
        title="pladser",
    )
    sheet = load_workbook(io.BytesIO(content)).active
    name, hours, day, empty = next(sheet.iter_rows(min_row=2))
    assert hours.value == 30.5 and hours.data_type == "n"
    assert day.value == dt.datetime(2024, 2, 29) and day.is_date
    assert day.number_format == "DD-MM-YYYY"
    assert empty.value is None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D2"
    assert sheet["A1"].font.bold


@pytest.mark.parametrize(
    ("value", "csv_text", "xlsx_value"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+45 12 34", "'+45 12 34", "'+45 12 34"),
        ("-1+2", "'-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"),
        ("Kok = chef", "Kok = chef", "Kok = chef"),
        (Decimal("-1.5"), "-1,5", -1.5),
        (-3, "-3", -3),
    ],
)
def test_formula_injection_is_neutralised_but_negative_numbers_stay_numbers(
    value, csv_text, xlsx_value
):
    csv_row = exports.to_csv(["A"], [[value]]).decode("utf-8-sig").splitlines()[1]
    assert csv_row.strip('"').replace('""', '"') == csv_text
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(["A"], [[value]]))).active
    assert sheet["A2"].value == xlsx_value
    assert sheet["A2"].data_type == ("n" if not isinstance(value, str) else "s")


# --- Export → import ----------------------------------------------------------------------------


@pytest.fixture
def registry(hr_sof):
    WorkplaceFactory(department=department("SOF"), p_number="1234567890", name="Café Ravnsborg")
    WorkplaceFactory(department=department("SOF"), p_number="1234567891", name="Borgerservice")
    content = (FIXTURES / "valid.csv").read_bytes()
    result = import_hr(filename="valid.csv", content=content, acting_user=hr_sof, commit=True)
    assert result.committed and not result.errors
    return hr_sof


def _snapshot():
    slots = list(
        Slot.objects.order_by("pk").values(
            "pk", "workplace", "scheme", "title", "description", "opened_on", "hours_per_week"
        )
    )
    placements = list(
        Placement.objects.order_by("pk").values(
            "pk",
            "slot",
            "citizen",
            "benefit",
            "starts_on",
            "planned_end_on",
            "ended_on",
            "hours_per_week",
            "outcome",
        )
    )
    history = (Slot.history.count(), Placement.history.count(), Citizen.history.count())
    return slots, placements, Citizen.objects.count(), history


@pytest.mark.parametrize("list_name", ["placements:slot_list", "placements:placement_list"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_file_imported_again_changes_nothing(client, registry, list_name, fmt):
    client.force_login(registry)
    response = client.get(reverse(list_name), {"_export": fmt})
    assert response.status_code == 200
    before = _snapshot()
    assert len(before[0]) == 3 and len(before[1]) == 2

    result = import_hr(
        filename=f"export.{fmt}", content=response.content, acting_user=registry, commit=True
    )

    assert result.errors == []
    assert (result.slots_created, result.citizens_created, result.placements_created) == (0, 0, 0)
    assert _snapshot() == before


def test_an_exported_placement_ended_in_the_file_is_ended_on_import(client, registry):
    client.force_login(registry)
    content = client.get(reverse("placements:placement_list"), {"_export": "csv"}).content
    text = content.decode("utf-8-sig").replace(
        "01-02-2024;25-03-2024;;", "01-02-2024;25-03-2024;20-03-2024;uddannelse"
    )
    result = import_hr(
        filename="rettet.csv", content=text.encode(), acting_user=registry, commit=True
    )
    assert result.errors == []
    anna = Placement.objects.get(citizen__name="Anna Andersen")
    assert (anna.ended_on, anna.outcome) == (dt.date(2024, 3, 20), "education")
    assert Placement.objects.count() == 2


def test_a_masked_cpr_number_cannot_create_a_placement(registry):
    content = (
        "P-nummer;Ordning;Betegnelse;CPR-nummer;Navn;Startdato;Timer pr. uge\r\n"
        "1234567891;Fleksjob;Kontorhjælp;010170-xxxx;Anna Andersen;01-06-2024;15\r\n"
    ).encode()
    result = import_hr(filename="x.csv", content=content, acting_user=registry, commit=True)
    assert len(result.errors) == 1
    assert "maskeret CPR-nummer" in result.errors[0][1][0]
    assert Placement.objects.count() == 2
