"""Small numbers: no output a secretary can open holds a person count between 1 and the
threshold, and no total gives a hidden cell back.

The walk opens every URL pattern of the project as the secretary (the status page, every
export table in every format, the archive's PDF, the start page, …) over a world where every
table has cells of 1–4 persons, and fails on any person-count cell in 1..threshold-1.
"""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.periods import Period
from placements.models import Outcome
from reports import presentation, services, suppression
from reports.models import StatusReport
from reports.pdf import render_report_html
from reports.presentation import INTEGER, Column, Row, Table
from reports.status import build_report
from schemes.models import ReadinessCategory, Target, TargetCategory, TargetUnit
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    district,
    scheme,
)
from tests.status_scenario import pdf_text
from tests.test_access_walk import _routes

pytestmark = pytest.mark.small_numbers

D = dt.date
THRESHOLD = 5
H2_2023 = Period.half_year(2023, 2)


def key(row, column):
    return (row, column)


# --- The rule, by hand -----------------------------------------------------------------------


def test_one_small_cell_in_a_row_takes_the_next_smallest_with_it(settings):
    settings.SMALL_NUMBER_THRESHOLD = THRESHOLD
    values = {key(0, "a"): 3, key(0, "b"): 10, key(0, "c"): 12, key(0, "total"): 25}
    groups = [(key(0, "total"), [key(0, "a"), key(0, "b"), key(0, "c")])]
    hidden = suppression.cells_to_hide({key(0, "a")}, values, groups)
    # 25 − 12 would give a + b, not a: two unknowns, and a stays "<5".
    assert hidden == {key(0, "a"): "<5", key(0, "b"): ".."}


def test_a_complement_that_breaks_a_column_takes_another_cell_there(settings):
    settings.SMALL_NUMBER_THRESHOLD = THRESHOLD
    # Two rows and their total row; columns x, y and a row total t.
    values = {
        key(0, "x"): 2, key(0, "y"): 9, key(0, "t"): 11,
        key(1, "x"): 7, key(1, "y"): 8, key(1, "t"): 15,
        key(2, "x"): 9, key(2, "y"): 17, key(2, "t"): 26,
    }  # fmt: skip
    groups = [((r, "t"), [(r, "x"), (r, "y")]) for r in range(3)]
    groups += [((2, c), [(0, c), (1, c)]) for c in ("x", "y", "t")]
    hidden = suppression.cells_to_hide({key(0, "x")}, values, groups)
    for total, members in groups:  # no equation has exactly one unknown left
        assert sum(k in hidden for k in (total, *members)) != 1
    assert hidden[key(0, "x")] == "<5"


def table(rows):
    return Table(
        key="outcomes",
        caption="",
        columns=[
            Column("scheme", "Ordning", "text", header=True),
            *[Column(k, k, INTEGER) for k in ("ended", *suppression.OUTCOME_COUNTS)],
            Column("share_job_or_education", "Andel"),
        ],
        rows=rows,
    )


def test_shares_of_a_hidden_count_are_hidden(settings):
    settings.SMALL_NUMBER_THRESHOLD = THRESHOLD
    shown = suppression.hide_small_numbers(
        table(
            [
                Row(["A", 20, 3, 7, 0, 10, 0, 0, Decimal("50.0")]),
                Row(["Alle", 20, 3, 7, 0, 10, 0, 0, Decimal("50.0")], total=True),
            ]
        )
    )
    first = dict(zip([c.key for c in shown.columns], shown.rows[0].cells, strict=True))
    assert first["ordinary_job"] == "<5"
    assert first["education"] == ".."  # the next smallest non-zero in the row
    assert first["share_job_or_education"] == ".."


# --- Who sees what ---------------------------------------------------------------------------


@pytest.fixture
def small_world(db, settings):
    """Cells of 1–4 persons in every table; a head-count target so 'realised' counts persons."""
    settings.SMALL_NUMBER_THRESHOLD = THRESHOLD
    sof = WorkplaceFactory(department=department("SOF"))
    buf = WorkplaceFactory(department=department("BUF"))
    aktivitetsparat = ReadinessCategory.objects.get(code="aktivitetsparat")
    jobparat = ReadinessCategory.objects.get(code="jobparat")
    many = [(sof, "virksomhedspraktik", jobparat, 9), (buf, "virksomhedspraktik", jobparat, 8)]
    few = [(sof, "smaajob", aktivitetsparat, 3), (buf, "fleksjob", aktivitetsparat, 2)]
    for workplace, code, readiness, n in many + few:
        for i in range(n):
            PlacementFactory(
                slot=SlotFactory(workplace=workplace, scheme=scheme(code)),
                citizen=CitizenFactory(
                    readiness=readiness,
                    district=district("noerrebro" if i else "bispebjerg"),
                    cpr=f"0101{'99' if i % 2 else '60'}{(4000 if i % 2 else 1000) + i * 7 + n}",
                ),
                readiness=readiness,
                starts_on=D(2023, 2, 1),
                ended_on=D(2023, 10, 1) if i < (2 if n > THRESHOLD else 1) else None,
                outcome=Outcome.ORDINARY_JOB if i == 0 else (Outcome.EDUCATION if i == 1 else ""),
            )
    kff = WorkplaceFactory(department=department("KFF"))
    for _ in range(3):  # KFF's 3 in praktik hide the next smallest department's too (BUF's)
        PlacementFactory(
            slot=SlotFactory(workplace=kff, scheme=scheme("virksomhedspraktik")),
            starts_on=D(2023, 2, 1),
        )
    category = TargetCategory.objects.get(code="fleksjob")
    Target.objects.create(
        department=department("BUF"),
        category=category,
        year=2023,
        value=Decimal(4),
        unit=TargetUnit.HEAD_COUNT,
    )
    return build_report(H2_2023)


def json_export(client, name):
    url = reverse("reports:export", args=[name, "json"]) + "?year=2023&half=2"
    return json.loads(client.get(url).content)


def test_the_administrator_sees_the_figures_the_secretary_sees_hidden(
    client, administrator, secretary, small_world
):
    client.force_login(administrator)
    plain = json_export(client, "status")
    client.force_login(secretary)
    hidden = json_export(client, "status")

    def cell(payload, dept, category, column):
        row = next(
            r for r in payload["rows"] if (r["department"], r["category"]) == (dept, category)
        )
        return row[column]

    assert cell(plain, "BUF", "Fleksjob", "head_count_at_end") == 1
    assert cell(hidden, "BUF", "Fleksjob", "head_count_at_end") == "<5"
    assert cell(hidden, "BUF", "Fleksjob", "realised") == "<5"  # target in persons
    assert cell(hidden, "BUF", "Fleksjob", "fulfilment_percent") == ".."
    assert cell(plain, "SOF", "Virksomhedspraktik", "head_count_at_end") == 7
    assert cell(hidden, "SOF", "Virksomhedspraktik", "head_count_at_end") == 7
    assert cell(hidden, "SOF", "Virksomhedspraktik", "full_year_persons") == cell(
        plain, "SOF", "Virksomhedspraktik", "full_year_persons"
    )  # not a person count


def test_a_table_repeating_the_status_head_counts_hides_the_same_cells(
    client, secretary, small_world
):
    client.force_login(secretary)
    status = {(r["department"], r["category"]): r for r in json_export(client, "status")["rows"]}
    hours = json_export(client, "hours_and_forecast")["rows"]
    repeated = [r for r in hours if (r["department"], r["category"]) in status]
    assert status[("BUF", "Virksomhedspraktik")]["head_count_at_end"] == ".."
    assert repeated
    for row in repeated:
        key = (row["department"], row["category"])
        assert row["head_count_at_end"] == status[key]["head_count_at_end"], key


def test_the_pdf_hides_small_numbers_for_everyone(client, administrator, small_world):
    report = StatusReport.objects.create(year=2023, half=2, requested_by=administrator)
    services.status_report_build(report.pk)
    report.refresh_from_db()
    text = "\n".join(pdf_text(report.file.read()))
    assert "<5" in text and ".." in text


# --- The walk ---------------------------------------------------------------------------------

PERSON_UNITS = suppression.person_unit_labels()
NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d)?$")


def small(text) -> bool:
    """A cell that shows a whole number of persons in 1..threshold-1."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = Decimal(str(text))
    elif isinstance(text, str) and NUMBER.match(text.strip()):
        value = Decimal(text.strip().replace(".", "").replace(",", "."))
    else:
        return False
    return 0 < value < THRESHOLD and value == value.to_integral_value()


def persons(table_key: str, columns) -> set[str]:
    """The person-count columns of a table (its layout), realised in person units included."""
    layout = suppression.LAYOUTS.get("status" if table_key.startswith("status") else table_key)
    assert layout is not None, f"{table_key}: no small-number layout declared"
    if not isinstance(layout, suppression.Layout):
        layout = layout(Table(table_key, "", list(columns)))
    return set(layout.persons)


def leaks_in_rows(table_key, columns, rows) -> list:
    """[(table, column, value)] of small person counts; rows are {column key: cell}."""
    keys = persons(table_key, columns)
    found = []
    for row in rows:
        if table_key.startswith("status") and str(row.get("unit")) in PERSON_UNITS:
            keys = keys | {"realised"}
        found += [(table_key, k, row[k]) for k in keys if k in row and small(row[k])]
    return found


class CellReader:
    """Cells of the report tables in a page: {table key: [{data-key: text}]} (+ chart tables)."""

    CELL = re.compile(r'<td class="num" data-key="([^"]+)">([^<]*)</td>')
    TABLE = re.compile(r'data-testid="table-([^"]+)"(.*?)</table>', re.S)
    ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
    CHART = re.compile(
        r'data-testid="chart-numbers-[^"]+">\s*<caption>([^<]*)</caption>(.*?)</table>', re.S
    )

    @classmethod
    def leaks(cls, html: str) -> list:
        found = []
        for table_key, body in cls.TABLE.findall(html):
            keys = dict.fromkeys(k for k, _value in cls.CELL.findall(body))
            columns = [Column(k, k, INTEGER) for k in keys]
            rows = []
            for row in cls.ROW.findall(body):
                cells = dict(cls.CELL.findall(row))
                if any(unit in row for unit in PERSON_UNITS):
                    cells["unit"] = next(u for u in PERSON_UNITS if u in row)
                rows.append(cells)
            found += leaks_in_rows(table_key, columns, rows)
        for caption, body in cls.CHART.findall(html):
            if any(f"({unit})" in caption for unit in PERSON_UNITS):
                for row in cls.ROW.findall(body):
                    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
                    found += [("chart", caption, c) for c in cells[1:] if small(c)]
        return found


def export_leaks(client, name: str, query: str) -> list:
    """Small person counts in one table's JSON, CSV and XLSX exports."""

    def get(fmt):
        return client.get(reverse("reports:export", args=[name, fmt]) + query).content

    payload = json.loads(get("json"))
    columns = [Column(c["key"], c["label"], c["kind"]) for c in payload["columns"]]
    by_label = {str(c.label): c.key for c in columns}

    def keyed(header, rows):
        return [dict(zip([by_label[str(h)] for h in header], r, strict=True)) for r in rows]

    header, *csv_rows = list(csv.reader(io.StringIO(get("csv").decode("utf-8-sig")), delimiter=";"))
    sheet = list(load_workbook(io.BytesIO(get("xlsx"))).active.iter_rows(values_only=True))
    return (
        leaks_in_rows(name, columns, payload["rows"])
        + leaks_in_rows(name, columns, keyed(header, csv_rows))
        + leaks_in_rows(name, columns, keyed(sheet[0], sheet[1:]))
    )


def test_no_output_open_to_the_secretary_holds_a_cell_between_1_and_the_threshold(
    client, secretary, administrator, small_world
):
    # The world has small cells to hide: the administrator sees them.
    client.force_login(administrator)
    assert CellReader.leaks(
        client.get(reverse("reports:status") + "?year=2023&half=2").content.decode()
    )
    assert export_leaks(client, "outcomes", "?year=2023&half=2")

    report = StatusReport.objects.create(year=2023, half=2, requested_by=administrator)
    services.status_report_build(report.pk)
    client.force_login(secretary)
    query = "?year=2023&half=2"
    opened, found = [], []
    for route, name, _converters in _routes():
        if route.startswith("admin/") or name is None:
            continue
        if name == "export":
            for table_name in presentation.EXPORT_TABLES:
                found += export_leaks(client, table_name, query)
                opened.append(f"export {table_name}")
            continue
        path = "/" + route
        for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
            value = {"pk": report.pk, "year": 2023, "half": 2}.get(param)
            if value is None:
                break
            path = re.sub(rf"<(?:\w+:)?{param}>", str(value), path)
        else:
            response = client.get(path + query)
            if response.status_code != 200:
                continue
            opened.append(name)
            content_type = response.get("Content-Type", "")
            if content_type.startswith("text/html"):
                found += [(name, *leak) for leak in CellReader.leaks(response.content.decode())]
            elif content_type == "application/pdf":
                pdf = b"".join(response.streaming_content)
                assert "<5" in "\n".join(pdf_text(pdf))
    # The PDF's text has no columns: its HTML (the same function the task renders) is read.
    found += CellReader.leaks(render_report_html(build_report(H2_2023)))
    assert {"status", "home", "report_download", "archive"} <= set(opened), opened
    assert {f"export {t}" for t in presentation.EXPORT_TABLES} <= set(opened)
    assert found == []


def test_a_sum_of_one_cell_hides_with_it_and_a_lone_total_ends(settings):
    settings.SMALL_NUMBER_THRESHOLD = THRESHOLD
    values = {key(0, "a"): 3, key(1, "a"): 3, key(2, "a"): 2}
    groups = [(key(1, "a"), [key(0, "a")]), (key(2, "a"), [])]
    hidden = suppression.cells_to_hide({key(0, "a"), key(2, "a")}, values, groups)
    assert hidden == {key(0, "a"): "<5", key(1, "a"): "..", key(2, "a"): "<5"}
