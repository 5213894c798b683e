"""The HR import's citizen columns, slot history and frikort payments: all or nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.importers import import_hr
from placements.models import Citizen, FrikortPayment, Placement, Slot, SlotPause, SlotState
from tests.factories import WorkplaceFactory, department

HEADER = (
    "P-nummer;Ordning;Betegnelse;Oprettet fra;Timer pr. uge;CPR-nummer;Navn;Startdato;"
    "Planlagt slutdato;Frikortnummer;Frikort gyldigt til;Ret til seniorjob;Udbetalt den;"
    "Beløb;Timer udbetalt;I bero fra;I bero til og med;Begrundelse for bero;Nedlagt pr.;"
    "Genåbnet pr."
)
SLOT = "1234567890;Småjob under socialt frikort;Café"
PLACED = f"{SLOT};01-01-2025;8;0101701234;Anna Andersen;01-02-2025;31-07-2025;FK1;31-12-2025;"


@pytest.fixture
def workplace(db):
    return WorkplaceFactory(department=department("SOF"), p_number="1234567890")


def _import(*rows: str, commit: bool = True):
    content = "\n".join([HEADER, *rows]).encode("utf-8")
    return import_hr(filename="hr.csv", content=content, acting_user=None, commit=commit)


def test_citizen_columns_payments_pause_close_and_reopen_are_written(workplace):
    result = _import(
        PLACED + ";28-02-2025;1.200,00;20;;;;;",
        f"{SLOT};;;0101701234;;01-02-2025;;;;;31-03-2025;900;15;;;;;",
        f"{SLOT};;;;;;;;;;;;;01-08-2025;31-08-2025;Sommerlukket;;",
        f"{SLOT};;;;;;;;;;;;;;;;01-10-2025;",
        f"{SLOT};;;;;;;;;;;;;;;;;01-12-2025",
    )
    assert result.errors == []
    anna = Citizen.objects.get()
    assert anna.frikort_number == "FK1" and anna.frikort_valid_until == dt.date(2025, 12, 31)
    assert Placement.objects.count() == 1  # the second row adds to the first row's placement
    assert sorted(FrikortPayment.objects.values_list("amount", flat=True)) == [
        Decimal("900"),
        Decimal("1200"),
    ]
    slot = Slot.objects.get()
    assert slot.closed_on is None
    assert list(SlotPause.objects.order_by("starts_on").values_list("starts_on", "ends_on")) == [
        (dt.date(2025, 8, 1), dt.date(2025, 8, 31)),
    ]
    # Closed, then reopened: two spells, nedlagt in between.
    assert list(slot.spells.values_list("opened_on", "closed_on")) == [
        (dt.date(2025, 1, 1), dt.date(2025, 10, 1)),
        (dt.date(2025, 12, 1), None),
    ]
    assert slot.state_on(dt.date(2025, 11, 30)) == SlotState.CLOSED
    assert result.history_entries == 5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        # A payment needs a placement on its row.
        (f"{SLOT};01-01-2025;8;;;;;;;;28-02-2025;100;2;;;;;", "Udbetalt den: En udbetaling"),
        # A payment before the placement starts.
        (PLACED + ";31-01-2025;100;2;;;;;", "Udbetalt den: Udbetalingen ligger før"),
        # A pause over the placement's days names the pause's column, not the placement's.
        (PLACED + ";;;;01-03-2025;31-03-2025;;;", "I bero fra: Pladsen er besat"),
        # Closing while the placement runs.
        (PLACED + ";;;;;;;01-05-2025;", "Nedlagt pr.: Pladsen har et forløb"),
        # Reopening a slot that is neither closed nor paused.
        (PLACED + ";;;;;;;;01-09-2025", "Genåbnet pr.: Pladsen er hverken nedlagt"),
        # A yes/no column with something else.
        (
            f"{SLOT};01-01-2025;8;0101701234;Anna;01-02-2025;31-07-2025;FK1;31-12-2025;kanske;;;;;;;;",
            "Ret til seniorjob: Skriv ja eller nej",
        ),
    ],
)
def test_a_bad_history_or_payment_cell_refuses_the_whole_file(workplace, row, message):
    result = _import(f"{SLOT};01-01-2025;8", row)  # row 2 is fine: a new slot
    assert [number for number, _messages in result.errors] == [3]
    assert message in " ".join(result.errors[0][1]), result.errors
    assert (Slot.objects.count(), Citizen.objects.count(), FrikortPayment.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_import_pages_offer_an_xlsx_template_with_an_example_row(client, hr_sof):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(hr_sof)
    assert (
        reverse("placements:import_template")
        in client.get(reverse("placements:import")).content.decode()
    )
    response = client.get(reverse("placements:import_template"))
    header, example = list(
        load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert {"P-nummer", "Frikortnummer", "I bero fra", "Genåbnet pr.", "Udbetalt den"} <= set(
        header
    )
    assert dict(zip(header, example, strict=True))["Ordning"] == "Småjob under socialt frikort"
