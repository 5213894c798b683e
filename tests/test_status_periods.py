"""The status for any period, with figures known by hand: the 2nd half-year, a custom
period, last year's comparison across 29 February, refused periods, and the report request."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import Period
from reports.models import StatusReport
from reports.status import build_status
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department, scheme
from tests.status_scenario import D


def _fleksjob_placement(starts_on, ends_on=None):
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department("SOF")),
        scheme=scheme("fleksjob"),
        opened_on=D(2020, 1, 1),
    )
    return PlacementFactory(
        slot=slot, starts_on=starts_on, planned_end_on=ends_on, ended_on=ends_on
    )


def _fleksjob(status):
    return next(row for row in status.totals if row.category.code == "fleksjob")


def _export_row(client, query: str) -> dict:
    body = client.get(reverse("reports:export", args=["status", "json"]) + query)
    assert body.status_code == 200
    payload = json.loads(body.content)
    row = next(r for r in payload["rows"] if r["is_total_row"] and r["category"] == "Fleksjob")
    return payload, row


def test_second_half_year_on_its_own(db, client, secretary):
    """1 May–30 September 2025: 92 of the 184 days of H2 = 0,5; 61 of H1's 181 days; started
    in H1, ended in H2."""
    _fleksjob_placement(D(2025, 5, 1), D(2025, 9, 30))
    h2 = _fleksjob(build_status(Period.h2(2025)))
    assert h2.figures.full_year_persons == Decimal(92) / 184
    assert (h2.figures.started, h2.figures.ended) == (0, 1)
    h1 = _fleksjob(build_status(Period.h1(2025)))
    assert h1.figures.full_year_persons == Decimal(61) / 181
    assert (h1.figures.started, h1.figures.ended) == (1, 0)

    client.force_login(secretary)
    page = client.get(reverse("reports:status") + "?period=h2&year=2025").content.decode()
    assert "Halvårsstatus: 2. halvår 2025" in page
    payload, row = _export_row(client, "?period=h2&year=2025")
    assert payload["period"] == {
        "label": "2. halvår 2025",
        "start": "2025-07-01",
        "end": "2025-12-31",
    }
    assert row["full_year_persons"] == 0.5
    response = client.get(
        reverse("reports:export", args=["status", "csv"]) + "?period=h2&year=2025"
    )
    assert "status-2025-h2-kommunen.csv" in response["Content-Disposition"]


def test_custom_period(db, client, secretary):
    """1 March–31 May 2025 is 92 days; a placement from 1 April: 61 days = 0,663… → 0,7."""
    _fleksjob_placement(D(2025, 4, 1))
    query = "?period=custom&starts_on=01-03-2025&ends_on=31-05-2025"
    row = _fleksjob(build_status(Period(D(2025, 3, 1), D(2025, 5, 31))))
    assert row.figures.full_year_persons == Decimal(61) / 92

    client.force_login(secretary)
    page = client.get(reverse("reports:status") + query).content.decode()
    assert "Halvårsstatus: 01-03-2025 – 31-05-2025" in page
    assert 'type="date" name="starts_on" value="2025-03-01"' in page  # the picker's format
    payload, export_row = _export_row(client, query)
    assert payload["period"]["start"] == "2025-03-01"
    assert export_row["full_year_persons"] == 0.7
    # ISO dates (the date picker's) are read too, and the file name says the days.
    response = client.get(
        reverse("reports:export", args=["status", "xlsx"])
        + "?period=custom&starts_on=2025-03-01&ends_on=2025-05-31"
    )
    assert "status-2025-03-01-2025-05-31-kommunen.xlsx" in response["Content-Disposition"]


def test_last_year_across_29_february(db):
    """February 2025 is compared with the whole of February 2024: a placement on 29-02-2024
    only is 1 of its 29 days (with plain 'a year back' it would be lost)."""
    _fleksjob_placement(D(2024, 2, 29), D(2024, 2, 29))
    _fleksjob_placement(D(2025, 2, 15), D(2025, 2, 28))
    status = build_status(Period(D(2025, 2, 1), D(2025, 2, 28)))
    assert status.previous_period == Period(D(2024, 2, 1), D(2024, 2, 29))
    row = _fleksjob(status)
    assert row.previous.full_year_persons == Decimal(1) / 29
    assert row.figures.full_year_persons == Decimal(14) / 28  # 15–28 February = 0,5
    assert row.change == Decimal(14) / 28 - Decimal(1) / 29


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?period=custom&starts_on=31-05-2025&ends_on=01-03-2025", "Slutdatoen skal ligge på"),
        ("?period=custom&starts_on=01-07-2024&ends_on=30-06-2025", "inden for ét kalenderår"),
        ("?period=custom&starts_on=01-01-2010&ends_on=31-01-2010", "mellem 1. januar 2015"),
        ("?period=custom&starts_on=01-03-2025", "Angiv en dato for den selvvalgte periode."),
        ("?period=custom&starts_on=31-02-2025&ends_on=01-03-2025", "gyldig dato"),
        ("?period=quarter&year=2025", "Marker en gyldig valgmulighed"),
        ("?period=h2&year=1999", "Marker en gyldig valgmulighed"),
    ],
)
def test_a_bad_period_gets_a_danish_error_next_to_the_field(db, client, secretary, query, message):
    client.force_login(secretary)
    response = client.get(reverse("reports:status") + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="form-error-message"' in page
    assert "Sammenfatning" not in page  # no figures for a period that is not one
    export = client.get(reverse("reports:export", args=["status", "csv"]) + query)
    assert export.status_code == 400


def test_links_from_before_still_open_the_same_period(db, client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("reports:status") + "?year=2023&half=2").content.decode()
    assert "Halvårsstatus: Helår 2023" in page
    page = client.get(reverse("reports:status") + "?year=2023&half=1").content.decode()
    assert "Halvårsstatus: 1. halvår 2023" in page


@pytest.mark.parametrize(
    ("posted", "period", "label", "filename"),
    [
        ({"period": "h2", "year": 2025}, Period.h2(2025), "2. halvår 2025", "status-2025-h2-"),
        (
            {"period": "custom", "starts_on": "2025-03-01", "ends_on": "2025-05-31"},
            Period(D(2025, 3, 1), D(2025, 5, 31)),
            "01-03-2025 – 31-05-2025",
            "status-2025-03-01-2025-05-31-",
        ),
    ],
)
def test_a_report_is_requested_for_the_period_shown(
    db, client, secretary, posted, period, label, filename, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    page = client.get(
        reverse("reports:status") + "?" + "&".join(f"{k}={v}" for k, v in posted.items())
    )
    for name, value in posted.items():
        assert f'name="{name}" value="{value}"' in page.content.decode()
    response = client.post(reverse("reports:request_report"), posted)
    assert response.status_code == 302
    report = StatusReport.objects.get()
    assert report.period == period
    assert str(report).startswith(label)
    assert report.filename().startswith(filename)
    archive = client.get(reverse("reports:archive") + "?period=" + period.kind.value)
    assert label in archive.content.decode()
    other = "h1" if period.kind.value != "h1" else "h2"
    assert label not in client.get(reverse("reports:archive") + "?period=" + other).content.decode()


def test_a_bad_report_request_says_why(db, client, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("reports:request_report"),
        {"period": "custom", "starts_on": "2025-05-31", "ends_on": "2025-03-01"},
        follow=True,
    )
    assert "Slutdatoen skal ligge på eller efter startdatoen." in response.content.decode()
    assert not StatusReport.objects.exists()
