"""The HR import (docs/import.md): all or nothing, every rule, every failing row named.

Through the importer, the upload page (preview, then confirm) and `manage.py import_hr`.
"""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from placements.importers import ImportFormatError, import_hr
from placements.models import Citizen, CitizenAccess, Placement, Slot
from tests.factories import CitizenFactory, WorkplaceFactory, department

FIXTURES = Path(__file__).parent / "fixtures" / "hr"
D = dt.date


@pytest.fixture
def workplaces(db):
    return (
        WorkplaceFactory(
            department=department("SOF"), p_number="1234567890", name="Café Ravnsborg"
        ),
        WorkplaceFactory(department=department("SOF"), p_number="1234567891", name="Borgerservice"),
    )


def _nothing_written():
    return (Slot.objects.count(), Citizen.objects.count(), Placement.objects.count()) == (0, 0, 0)


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.split(";") for line in lines]


def _xlsx(rows: list[list]) -> bytes:
    """The fixture's rows as a workbook, with real dates and numbers where a sheet has them."""
    book = Workbook()
    sheet = book.active
    for n, row in enumerate(rows):
        cells = []
        for value in row:
            if n and value[:4].isdigit() and len(value) == 10 and value[4] == "-":
                value = dt.date.fromisoformat(value)
            elif n and value.replace(",", "", 1).isdigit() and len(value) < 6:
                value = float(value.replace(",", "."))
            cells.append(value if value != "" else None)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _assert_valid_file_created_everything(hr_sof):
    assert Slot.objects.count() == 3
    kitchen = Slot.objects.get(title="Køkkenhjælper")
    assert (kitchen.opened_on, kitchen.hours_per_week) == (D(2024, 1, 1), Decimal("30.5"))
    assert Slot.objects.get(title="Pedelmedhjælper").opened_on == D(2024, 2, 29)
    assert Slot.objects.get(title="Kontorhjælp").workplace.p_number == "1234567891"
    anna = Placement.objects.get(citizen__cpr="0101701234")
    assert (anna.starts_on, anna.planned_end_on, anna.benefit.code) == (
        D(2024, 2, 1),
        D(2024, 3, 25),
        "kontanthjaelp",
    )
    bo = Placement.objects.get(citizen__name="Bo Berg")
    assert (bo.ended_on, bo.outcome, bo.citizen.cpr) == (
        D(2024, 5, 15),
        "ordinary_job",
        "0202802345",
    )
    assert anna.history.first().history_user == hr_sof


# --- The importer --------------------------------------------------------------------------------


def test_a_valid_csv_with_semicolons_and_bom_creates_every_row(workplaces, hr_sof):
    content = (FIXTURES / "valid.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    result = import_hr(filename="valid.csv", content=content, acting_user=hr_sof, commit=True)
    assert result.errors == []
    assert (result.slots_created, result.citizens_created, result.placements_created) == (3, 2, 2)
    _assert_valid_file_created_everything(hr_sof)


def test_a_csv_with_one_bad_row_creates_nothing_and_names_the_row(workplaces, hr_sof):
    content = (FIXTURES / "one_bad_row.csv").read_bytes()
    result = import_hr(filename="one_bad_row.csv", content=content, acting_user=hr_sof, commit=True)
    assert not result.committed
    assert len(result.errors) == 1
    number, messages = result.errors[0]
    assert number == 3  # the spreadsheet's row: header is row 1
    assert messages == [
        "Startdato: Pladsen er allerede besat fra 01-02-2024 til og med 25-03-2024 af et andet forløb."
    ]
    assert _nothing_written()


def test_a_valid_xlsx_creates_every_row(workplaces, hr_sof):
    content = _xlsx(_rows(FIXTURES / "valid.csv"))
    result = import_hr(filename="pladser.xlsx", content=content, acting_user=hr_sof, commit=True)
    assert result.errors == []
    _assert_valid_file_created_everything(hr_sof)


def test_an_xlsx_with_one_bad_row_creates_nothing_and_names_the_row(workplaces, hr_sof):
    rows = _rows(FIXTURES / "valid.csv")
    rows[0].append("Visitation")
    for row in rows[1:]:
        row.append("")
    # Bo is jobparat on kontanthjælp: praktik one day past 4 weeks (LAB § 61).
    rows[2][10:13] = ["2024-04-29", "", ""]
    rows[2][-1] = "Jobparat"
    content = _xlsx(rows)
    result = import_hr(filename="pladser.xlsx", content=content, acting_user=hr_sof, commit=True)
    assert result.errors == [
        (
            3,
            [
                "Planlagt slutdato: Virksomhedspraktik for målgruppen Jobparat "
                "kontanthjælpsmodtager må højst vare 4 uger, dvs. til og med 28-04-2024."
            ],
        )
    ]
    assert _nothing_written()


def test_every_failing_row_is_listed(workplaces, hr_sof):
    rows = _rows(FIXTURES / "valid.csv")
    rows[1][9] = "31-02-2024"  # no such date
    rows[3][0] = "9999999999"  # unknown P-nummer
    rows[4][1] = "Ukendt ordning"
    content = "\n".join(";".join(row) for row in rows).encode()
    result = import_hr(filename="x.csv", content=content, acting_user=hr_sof, commit=True)
    numbers = [number for number, _ in result.errors]
    assert numbers == [2, 3, 4, 5]  # row 3 fails too: its slot was never created in row 2
    assert "Startdato: “31-02-2024” er ikke en dato (dd-mm-åååå)." in result.errors[0][1]
    assert "P-nummer: Ukendt P-nummer “9999999999”" in result.errors[2][1][0]
    assert _nothing_written()


def test_a_comma_separated_file_without_bom_with_quoted_decimal_commas(workplaces, hr_sof):
    content = (
        "P-nummer,Ordning,Betegnelse,Oprettet fra,Timer pr. uge\n"
        '1234567890,Seniorjob,Gårdmand,2024-01-01,"36,5"\n'
    ).encode()
    result = import_hr(filename="x.csv", content=content, acting_user=hr_sof, commit=True)
    assert result.errors == []
    assert Slot.objects.get().hours_per_week == Decimal("36.5")


def test_a_workplace_of_another_department_is_refused(workplaces, hr_buf):
    content = (FIXTURES / "valid.csv").read_bytes()
    result = import_hr(filename="valid.csv", content=content, acting_user=hr_buf, commit=True)
    assert len(result.errors) == 4
    assert "hører ikke til din forvaltning" in result.errors[0][1][0]
    assert _nothing_written()


def test_a_file_without_the_required_columns_is_refused(workplaces, hr_sof):
    with pytest.raises(ImportFormatError, match="P-nummer, Ordning"):
        import_hr(filename="x.csv", content=b"Betegnelse\nX\n", acting_user=hr_sof, commit=True)


def test_a_preview_writes_nothing(workplaces, hr_sof):
    content = (FIXTURES / "valid.csv").read_bytes()
    result = import_hr(filename="valid.csv", content=content, acting_user=hr_sof, commit=False)
    assert (result.errors, result.placements_created) == ([], 2)
    assert _nothing_written()


# --- The upload page --------------------------------------------------------------------------------


def _upload(client, name, content):
    return client.post(reverse("placements:import"), {"file": SimpleUploadedFile(name, content)})


def test_the_page_previews_then_imports_on_confirmation(client, workplaces, hr_sof):
    client.force_login(hr_sof)
    response = _upload(client, "valid.csv", (FIXTURES / "valid.csv").read_bytes())
    page = response.content.decode()
    assert "Importen vil oprette 3 pladser, 2 borgere og 2 forløb." in page
    assert "010170-xxxx" in page and "0101701234" not in page
    assert _nothing_written()
    response = client.post(reverse("placements:import_confirm"))
    assert response.url == reverse("placements:slot_list")
    _assert_valid_file_created_everything(hr_sof)


def test_the_page_lists_the_failing_rows_and_offers_no_import(client, workplaces, hr_sof):
    client.force_login(hr_sof)
    response = _upload(client, "one_bad_row.csv", (FIXTURES / "one_bad_row.csv").read_bytes())
    page = response.content.decode()
    assert "1 række fejler. Intet er importeret." in page
    assert "Række 3: Startdato: Pladsen er allerede besat" in page
    assert reverse("placements:import_confirm") not in page
    assert client.post(reverse("placements:import_confirm")).url == reverse("placements:import")
    assert _nothing_written()


def test_the_page_refuses_other_file_types(client, hr_sof):
    client.force_login(hr_sof)
    response = _upload(client, "pladser.pdf", b"%PDF-1.4")
    assert "CSV- eller XLSX-fil" in response.context["form"].errors["file"][0]


# --- The management command ---------------------------------------------------------------------------


def test_the_command_imports_a_valid_file(workplaces, hr_sof, capsys):
    call_command("import_hr", str(FIXTURES / "valid.csv"), "--user", "hanne")
    assert "Oprettet: 3 pladser, 2 borgere, 2 forløb." in capsys.readouterr().out
    _assert_valid_file_created_everything(hr_sof)


def test_the_command_refuses_a_bad_file_and_names_the_row(workplaces, capsys):
    with pytest.raises(CommandError, match="1 række"):
        call_command("import_hr", str(FIXTURES / "one_bad_row.csv"))
    assert "Række 3: Startdato: Pladsen er allerede besat" in capsys.readouterr().err
    assert _nothing_written()


def test_the_command_dry_run_writes_nothing(workplaces, capsys):
    call_command("import_hr", str(FIXTURES / "valid.csv"), "--dry-run")
    assert "Ville oprette: 3 pladser" in capsys.readouterr().out
    assert _nothing_written()


def test_the_page_logs_the_citizens_it_shows(client, workplaces, hr_sof):
    anna = CitizenFactory(cpr="0101701234", name="Anna Andersen")
    client.force_login(hr_sof)
    _upload(client, "valid.csv", (FIXTURES / "valid.csv").read_bytes())
    assert list(CitizenAccess.objects.values_list("citizen", "purpose")) == [
        (anna.pk, "Forhåndsvisning af import")
    ]
    client.post(reverse("placements:import_confirm"))
    imported = CitizenAccess.objects.filter(purpose="Import af forløb")
    assert set(imported.values_list("citizen__cpr", flat=True)) == {"0101701234", "0202802345"}
