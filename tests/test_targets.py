"""Targets: administrators enter, copy and import them; every change is in the history."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from organisation.models import DepartmentHeadcount
from schemes.models import Target, TargetCategory, TargetUnit
from schemes.targets import ImportFailed, parse_targets, targets_import
from tests.factories import department


@pytest.fixture
def categories(db):
    return {c.code: c for c in TargetCategory.objects.all()}


def edit_url(year, code):
    return reverse("schemes:target_edit", args=[year, department(code).pk])


def test_administrator_enters_a_departments_targets(client, administrator, categories):
    client.force_login(administrator)
    fleks, virk = categories["fleksjob"], categories["virksomhedsrettede"]
    data = {f"unit_{c.pk}": TargetUnit.FULL_YEAR_PERSONS for c in categories.values()}
    data |= {f"value_{fleks.pk}": "120,5", f"value_{virk.pk}": "2,5"}
    data[f"unit_{virk.pk}"] = TargetUnit.SHARE_OF_EMPLOYEES
    response = client.post(edit_url(2025, "SOF"), data)
    assert response.status_code == 302
    targets = {t.category.code: t for t in Target.objects.in_year(2025)}
    assert set(targets) == {"fleksjob", "virksomhedsrettede"}
    assert targets["fleksjob"].value == Decimal("120.5")
    assert targets["virksomhedsrettede"].unit == TargetUnit.SHARE_OF_EMPLOYEES
    assert targets["fleksjob"].history.get().history_user == administrator


def test_the_list_shows_a_share_in_persons_from_the_headcount(client, administrator, categories):
    Target.objects.create(
        department=department("SOF"),
        category=categories["virksomhedsrettede"],
        first_year=2025,
        last_year=2025,
        value=Decimal("2.5"),
        unit=TargetUnit.SHARE_OF_EMPLOYEES,
    )
    DepartmentHeadcount.objects.create(department=department("SOF"), year=2025, employees=8000)
    client.force_login(administrator)
    html = client.get(reverse("schemes:target_list") + "?year=2025").content.decode()
    assert "2,5 % af ansatte (≈ 200,0 personer)" in html


def test_an_empty_value_removes_the_target_and_history_keeps_it(client, administrator, categories):
    fleks = categories["fleksjob"]
    Target.objects.create(
        department=department("SOF"),
        category=fleks,
        first_year=2025,
        last_year=2025,
        value=10,
        unit="head_count",
    )
    client.force_login(administrator)
    data = {f"unit_{c.pk}": TargetUnit.FULL_YEAR_PERSONS for c in categories.values()}
    client.post(edit_url(2025, "SOF"), data)
    assert not Target.objects.exists()
    html = client.get(reverse("schemes:target_history") + "?year=2025").content.decode()
    assert "Slettet" in html and "10,0 antal personer" in html


def test_a_share_above_100_is_refused_next_to_the_field(client, administrator, categories):
    client.force_login(administrator)
    virk = categories["virksomhedsrettede"]
    data = {f"unit_{c.pk}": TargetUnit.FULL_YEAR_PERSONS for c in categories.values()}
    data |= {f"value_{virk.pk}": "120", f"unit_{virk.pk}": TargetUnit.SHARE_OF_EMPLOYEES}
    response = client.post(edit_url(2025, "SOF"), data)
    assert response.status_code == 200
    assert "højst være 100 %" in response.content.decode()
    assert not Target.objects.exists()


def test_copy_last_years_targets_keeps_what_exists(client, administrator, categories):
    for code, value in (("fleksjob", 10), ("seniorjob", 4)):
        Target.objects.create(
            department=department("SOF"),
            category=categories[code],
            first_year=2024,
            last_year=2024,
            value=value,
            unit="full_year_persons",
        )
    Target.objects.create(
        department=department("SOF"),
        category=categories["fleksjob"],
        first_year=2025,
        last_year=2025,
        value=12,
        unit="full_year_persons",
    )
    client.force_login(administrator)
    response = client.post(reverse("schemes:target_copy"), {"year": 2025}, follow=True)
    assert "1 måltal er kopieret fra 2024; 1 fandtes allerede" in response.content.decode()
    values = dict(Target.objects.in_year(2025).values_list("category__code", "value"))
    assert values == {"fleksjob": Decimal(12), "seniorjob": Decimal(4)}


def test_history_shows_who_changed_what(client, administrator, categories):
    client.force_login(administrator)
    fleks = categories["fleksjob"]
    data = {f"unit_{c.pk}": TargetUnit.FULL_YEAR_PERSONS for c in categories.values()}
    client.post(edit_url(2025, "BUF"), data | {f"value_{fleks.pk}": "10"})
    client.post(edit_url(2025, "BUF"), data | {f"value_{fleks.pk}": "15"})
    html = client.get(reverse("schemes:target_history") + "?year=2025").content.decode()
    assert html.count("anders") >= 2
    assert "Ændret" in html and "Oprettet" in html
    assert "10,0 helårspersoner" in html and "15,0 helårspersoner" in html


CSV_OK = (
    "år;forvaltning;måltalskategori;måltal;enhed\n"
    "2025;SOF;Fleksjob;120;helårspersoner\n"
    "2025;Børne- og Ungdomsforvaltningen;virksomhedsrettede;2,5;% af ansatte\n"
    "\n"
    "2025;ØKF;seniorjob;1.200,5;pladser\n"
)


def test_a_csv_file_is_imported(db, administrator):
    result = targets_import(
        name="maal.csv", content=CSV_OK.encode("utf-8-sig"), acting_user=administrator
    )
    assert (result.created, result.updated) == (3, 0)
    values = dict(Target.objects.values_list("department__code", "value"))
    assert values == {"SOF": Decimal(120), "BUF": Decimal("2.5"), "ØKF": Decimal("1200.5")}
    again = targets_import(
        name="maal.csv", content=CSV_OK.encode("utf-8"), acting_user=administrator
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_comma_separated_cp1252_file_is_read(db, administrator):
    text = "aar,forvaltning,kategori,maaltal,enhed\n2025,SOF,Fleksjob,7.5,antal personer\n"
    targets_import(name="maal.csv", content=text.encode("cp1252"), acting_user=administrator)
    target = Target.objects.get()
    assert (target.value, target.unit) == (Decimal("7.5"), TargetUnit.HEAD_COUNT)


def test_an_xlsx_file_is_imported(db, administrator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["År", "Forvaltning", "Måltalskategori", "Måltal", "Enhed"])
    sheet.append([2025, "SOF", "Nytteindsats", 30, "helårspersoner"])
    out = io.BytesIO()
    workbook.save(out)
    targets_import(name="maal.xlsx", content=out.getvalue(), acting_user=administrator)
    assert Target.objects.get().category.code == "nytteindsats"


def test_a_file_with_one_bad_row_writes_nothing_and_names_every_row(db, administrator):
    bad = CSV_OK + (
        "2025;XYZ;Fleksjob;5;helårspersoner\n"
        "20x5;SOF;Ukendt;fem;timer\n"
        "2025;SOF;Fleksjob;121;helårspersoner\n"
        "2025;BUF;fleksjob;101;% af ansatte\n"
    )
    with pytest.raises(ImportFailed) as failure:
        targets_import(name="maal.csv", content=bad.encode(), acting_user=administrator)
    errors = failure.value.errors
    rows = sorted({row for row, _ in errors})
    assert rows == [6, 7, 8, 9]  # spreadsheet rows: the header is row 1, row 4 is empty
    messages = dict()
    for row, message in errors:
        messages.setdefault(row, []).append(message)
    assert messages[6] == ["ukendt forvaltning »XYZ«"]
    assert len(messages[7]) == 4  # year, category, unit and value all wrong
    assert messages[8] == ["samme forvaltning, kategori og år som række 2"]
    assert messages[9] == ["en andel af ansatte kan højst være 100 %"]
    assert not Target.objects.exists()


def test_a_missing_column_is_reported_on_the_header_row(db):
    with pytest.raises(ImportFailed) as failure:
        parse_targets("maal.csv", "år;forvaltning;måltal\n2025;SOF;3\n".encode())
    assert failure.value.errors == [
        (1, "Overskriftsrækken mangler kolonnen: måltalskategori, enhed.")
    ]


def test_the_import_page_lists_errors_with_row_numbers(client, administrator):
    client.force_login(administrator)
    upload = io.BytesIO(
        "år;forvaltning;måltalskategori;måltal;enhed\n2025;XYZ;Fleksjob;1;pladser\n".encode()
    )
    upload.name = "maal.csv"
    response = client.post(reverse("schemes:target_import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Række 2: ukendt forvaltning »XYZ«" in html
    assert "Intet er gemt" in html


def test_the_import_page_imports_and_shows_the_year(client, administrator):
    client.force_login(administrator)
    upload = io.BytesIO(CSV_OK.encode())
    upload.name = "maal.csv"
    response = client.post(reverse("schemes:target_import"), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?year=2025")
    assert "Importeret: 3 nye" in response.content.decode()


def test_hr_and_consultants_may_not_touch_targets(client, hr_sof, consultant):
    for user in (hr_sof, consultant):
        client.force_login(user)
        assert client.get(reverse("schemes:target_list")).status_code == 403
        assert client.get(edit_url(2025, "SOF")).status_code == 403
        assert client.post(reverse("schemes:target_copy"), {"year": 2025}).status_code == 403
        assert client.get(reverse("schemes:target_history")).status_code == 403
