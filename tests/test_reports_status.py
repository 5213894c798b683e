"""The status numbers, known by hand, agree on the page, in the exports and in the PDF."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.periods import Period
from reports.pdf import render_report_pdf
from reports.presentation import STATUS_COLUMNS, TEXT, format_cell, rounded
from reports.status import build_report, build_status
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department, scheme
from tests.status_scenario import (
    EXPECTED_2023,
    D,
    build_scenario,
    html_tables,
    pdf_text,
)

YEAR_2023 = Period.whole_year(2023)
NUMBER_KEYS = [c.key for c in STATUS_COLUMNS if c.kind != TEXT]
NUMBER = re.compile(r"(?<!\S)(–|-?\d{1,3}(?:\.\d{3})*(?:,\d+)?)(?!\S)")


def printed(value) -> str:
    """A JSON number as the page prints it (one decimal, comma)."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(str(value)):.1f}".replace(".", ",")


@pytest.fixture
def scenario(db):
    build_scenario()


def status_url(**params):
    query = "&".join(f"{k}={v}" for k, v in {"year": 2023, "period": "year", **params}.items())
    return f"{reverse('reports:status')}?{query}"


def test_build_status_gives_the_hand_computed_full_year_persons(scenario):
    status = build_status(YEAR_2023)
    rows = {
        (row.department.code, row.category.name): row
        for _, department_rows in status.department_rows()
        for row in department_rows
    }
    assert rows[("SOF", "Virksomhedspraktik")].figures.full_year_persons == Decimal(438) / 365
    assert rows[("SOF", "Løntilskud")].figures.full_year_persons == Decimal(73) / 365
    nytte = rows[("SOF", "Nytteindsats")]
    assert nytte.figures.full_year_persons == Decimal(146) / 365
    assert nytte.figures.with_open_slots == Decimal(365) / 365
    assert rows[("SOF", "Virksomhedspraktik")].figures.with_open_slots is None  # never count
    fleks = rows[("BUF", "Fleksjob")]
    assert fleks.target_persons == Decimal(2)  # 2 % of 100 employees
    assert fleks.realised == Decimal(1)  # 1.0 full-year person of 100 employees = 1 %
    assert fleks.fulfilment == Decimal(50)
    assert fleks.previous.full_year_persons == Decimal(73) / 365


def test_status_page_json_export_and_pdf_show_the_same_hand_computed_figures(
    client, secretary, scenario
):
    client.force_login(secretary)

    # 1. The status page's tables.
    response = client.get(status_url())
    assert response.status_code == 200
    tables = html_tables(response.content.decode())
    page = {}
    for code in ("SOF", "BUF"):
        for cells in tables[f"table-status_{code}"]:
            page[(code, cells[0])] = dict(zip([c.key for c in STATUS_COLUMNS], cells, strict=True))

    # 2. The JSON export of the status table.
    response = client.get(reverse("reports:export", args=["status", "json"]) + "?year=2023&period=year")
    assert response.status_code == 200
    exported = {
        (row["department"], row["category"]): {key: printed(row[key]) for key in NUMBER_KEYS}
        for row in json.loads(response.content)["rows"]
    }

    # 3. The PDF's text, page by page: the department's page, the category's line.
    pages = pdf_text(render_report_pdf(build_report(YEAR_2023)))
    in_pdf = {}
    for code in ("SOF", "BUF"):
        (text,) = [p for p in pages if f"({code}), Helår 2023" in p]
        for _, category in [key for key in EXPECTED_2023 if key[0] == code]:
            first_word = category.split()[0]
            (line,) = [ln for ln in text.splitlines() if ln.strip().startswith(first_word)]
            tokens = NUMBER.findall(line)
            if len(tokens) == len(NUMBER_KEYS) + 1:
                del tokens[1]  # no target: the unit column prints "–" too
            in_pdf[(code, category)] = dict(zip(NUMBER_KEYS, tokens, strict=True))

    for key, figures in EXPECTED_2023.items():
        for column, value in figures.items():
            assert page[key][column] == value, (key, column, "page")
            assert exported[key][column] == value, (key, column, "json")
            assert in_pdf[key][column] == value, (key, column, "pdf")


def test_totals_add_up_the_departments(scenario):
    data = build_report(YEAR_2023)
    totals = {row.category.name: row for row in data.status.totals}
    assert totals["Virksomhedsrettede forløb"].figures.full_year_persons == Decimal(511 + 219) / 365
    # Only SOF has a target (2.0); BUF's 0.6 still counts in the municipality's realised.
    assert totals["Virksomhedsrettede forløb"].target == Decimal(2)
    assert totals["Virksomhedsrettede forløb"].fulfilment == Decimal(100)
    # A share of employees adds up in persons: 2.0 target persons of 100 known employees.
    assert totals["Fleksjob"].target == Decimal(2)


def test_chart_draws_target_and_realised_per_department_as_accessible_svg(
    client, secretary, scenario
):
    client.force_login(secretary)
    html = client.get(status_url()).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-fleksjob-title chart-fleksjob-desc"' in svg
    assert '<title id="chart-fleksjob-title">' in svg and '<desc id="chart-fleksjob-desc">' in svg
    # The numbers the chart draws also stand in a table beside it.
    numbers = html_tables(html)["chart-numbers-virksomhedsrettede"]
    assert ["SOF", "2,0", "1,4"] in numbers
    assert ["BUF", "–", "0,6"] in numbers


def test_department_status_shows_only_that_department(client, secretary, scenario):
    client.force_login(secretary)
    response = client.get(status_url(department=department("BUF").pk))
    tables = html_tables(response.content.decode())
    assert "table-status_SOF" not in tables
    assert response.context["scope_label"] == "Børne- og Ungdomsforvaltningen"
    assert (
        response.context["total_table"].caption
        == "Børne- og Ungdomsforvaltningen (BUF), Helår 2023"
    )
    fleksjob = next(row for row in tables["table-status_total"] if row[0] == "Fleksjob")
    assert fleksjob[5] == "50,0"  # BUF's own fulfilment, not the municipality's


def test_csv_and_xlsx_exports_carry_the_same_numbers_as_the_json(client, secretary, scenario):
    client.force_login(secretary)

    def url(fmt):
        return reverse("reports:export", args=["status", fmt]) + "?year=2023&period=year"

    as_json = json.loads(client.get(url("json")).content)
    response = client.get(url("csv"))
    assert response["Content-Disposition"].endswith('status-2023-helaar-kommunen.csv"')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Forvaltning", "Måltalskategori", "Måltal"]
    sof = next(r for r in rows if r[:2] == ["SOF", "Virksomhedsrettede forløb"])
    assert sof[7] == "1,4"  # decimal comma for Danish spreadsheets

    workbook = load_workbook(io.BytesIO(client.get(url("xlsx")).content))
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert [str(v) for v in sheet[0]] == [c["label"] for c in as_json["columns"]]
    for row, json_row in zip(sheet[1:], as_json["rows"], strict=True):
        assert list(row) == [json_row[c["key"]] for c in as_json["columns"]]


def test_outcomes_table_shares_to_job_or_education_by_scheme_and_readiness(
    client, secretary, scenario
):
    client.force_login(secretary)
    response = client.get(
        reverse("reports:export", args=["outcomes", "json"]) + "?year=2023&period=year"
    )
    rows = {(r["scheme"], r["readiness"]): r for r in json.loads(response.content)["rows"]}
    loentilskud = rows[("Løntilskud", "Jobparat")]
    assert (loentilskud["ended"], loentilskud["ordinary_job"]) == (1, 1)
    smaajob = rows[("Småjob under socialt frikort", "Aktivitetsparat")]
    assert (smaajob["ended"], smaajob["education"]) == (1, 1)
    total = rows[("Alle ordninger", "Alle")]
    assert total["ended"] == 2
    assert total["share_job_or_education"] == 100.0


def test_slot_states_table_counts_each_state_on_the_period_end(client, secretary, db):
    praktik = scheme("virksomhedspraktik")
    SlotFactory(scheme=praktik, opened_on=D(2020, 1, 1), closed_on=D(2023, 6, 1))  # nedlagt
    SlotFactory(scheme=praktik, opened_on=D(2020, 1, 1))  # åben
    filled = SlotFactory(scheme=praktik, opened_on=D(2020, 1, 1))
    PlacementFactory(slot=filled, starts_on=D(2023, 12, 1))  # besat
    client.force_login(secretary)
    response = client.get(
        reverse("reports:export", args=["slot_states", "json"]) + "?year=2023&period=year"
    )
    payload = json.loads(response.content)
    assert "31-12-2023" in payload["caption"]
    row = next(r for r in payload["rows"] if r["scheme"] == "Virksomhedspraktik")
    assert (row["closed"], row["paused"], row["open"], row["filled"], row["total"]) == (
        1,
        0,
        1,
        1,
        3,
    )


def test_status_takes_a_fixed_number_of_queries(db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            build_report(YEAR_2023)
        return len(captured)

    build_scenario()
    few = queries()
    for code in ("KFF", "SUF", "TMF"):
        workplace = WorkplaceFactory(department=department(code))
        for _ in range(5):
            PlacementFactory(slot=SlotFactory(workplace=workplace), starts_on=D(2023, 2, 1))
    assert queries() == few


def test_numbers_are_printed_the_danish_way(client, secretary, db):
    assert format_cell(Decimal("1234.55")) == "1.234,6"
    assert format_cell(rounded(Decimal(2) / 3)) == "0,7"
    assert format_cell(12000) == "12.000"
    assert format_cell(None) == "–"
    PlacementFactory(starts_on=D(2023, 1, 1))
    client.force_login(secretary)
    html = client.get(status_url()).content.decode()
    assert 'data-key="full_year_persons">1,0<' in html
    assert 'data-key="full_year_persons">1.0<' not in html


def test_status_root_redirects_to_the_half_year_page(client, secretary):
    client.force_login(secretary)
    response = client.get("/status/?year=2023&period=h1")
    assert response.status_code == 302
    assert response.url == reverse("reports:status") + "?year=2023&period=h1"
