"""The slot-state table on a day the user picks: the page, its exports and the PDF agree."""

import json
from unittest import mock

import pytest
from django.urls import reverse

from reports import services, tasks
from reports.models import StatusReport
from tests.slot_history_scenario import AT_YEAR_END, ON_DAY, build_slot_history
from tests.status_scenario import html_tables, pdf_text

ROW_ON_DAY = ["Virksomhedspraktik", "5", "5", "6", "7", "23"]  # nedlagt, i bero, åben, besat


@pytest.fixture
def scenario(db):
    build_slot_history()


def _status(client, **query):
    return client.get(reverse("reports:status"), {"year": 2015, "period": "year", **query})


@pytest.mark.parametrize("typed", ["30-09-2015", "2015-09-30", "30.09.2015"])
def test_the_secretary_gets_the_slot_table_on_the_day_typed(client, secretary, scenario, typed):
    client.force_login(secretary)
    response = _status(client, slots_on=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pladser pr. 30-09-2015 efter ordning og tilstand" in page
    assert html_tables(page)["table-slot_states"][0] == ROW_ON_DAY
    assert "slots_on=2015-09-30" in page  # the export links carry the day


def test_without_a_day_the_table_is_on_the_periods_last_day(client, secretary, scenario):
    client.force_login(secretary)
    page = _status(client).content.decode()
    assert "Pladser pr. 31-12-2015 efter ordning og tilstand" in page
    counts = [str(AT_YEAR_END[s]) for s in ("closed", "paused", "open", "filled")]
    assert html_tables(page)["table-slot_states"][0] == ["Virksomhedspraktik", *counts, "24"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-09-2015", "Skriv datoen som dd-mm-åååå"),
        ("i går", "Skriv datoen som dd-mm-åååå"),
        ("31-12-2014", "Vælg en dato fra 01-01-2015 til 31-12-2100."),
        ("01-01-9999", "Vælg en dato fra 01-01-2015 til 31-12-2100."),
    ],
)
def test_a_bad_day_is_a_danish_error_next_to_the_field_never_a_500(
    client, secretary, scenario, typed, message
):
    client.force_login(secretary)
    response = _status(client, slots_on=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="id_slots_on_error"' in page
    assert "Pladser pr. 31-12-2015" in page  # the table falls back to the period's last day
    export = client.get(
        reverse("reports:export", args=["slot_states", "json"]),
        {"year": 2015, "period": "year", "slots_on": typed},
    )
    assert export.status_code == 400


def test_the_json_csv_and_xlsx_exports_carry_the_day_and_its_figures(client, secretary, scenario):
    client.force_login(secretary)
    query = {"year": 2015, "period": "year", "slots_on": "2015-09-30"}
    response = client.get(reverse("reports:export", args=["slot_states", "json"]), query)
    assert 'filename="slot_states-2015-09-30-kommunen.json"' in response["Content-Disposition"]
    payload = json.loads(response.content)
    assert payload["day"] == "2015-09-30"
    row = payload["rows"][0]
    assert (row["scheme"], row["closed"], row["paused"], row["open"], row["filled"]) == (
        "Virksomhedspraktik",
        *[ON_DAY[s] for s in ("closed", "paused", "open", "filled")],
    )
    csv = client.get(reverse("reports:export", args=["slot_states", "csv"]), query)
    assert "Virksomhedspraktik;5;5;6;7;23" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("reports:export", args=["slot_states", "xlsx"]), query)
    assert xlsx.status_code == 200


def test_the_requested_pdf_shows_the_slots_on_the_day_asked(
    client, secretary, scenario, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    with mock.patch.object(tasks.build_status_report, "apply_async"):
        client.post(
            reverse("reports:request_report"),
            {"year": 2015, "period": "year", "department": "", "slots_on": "2015-09-30"},
        )
    report = StatusReport.objects.get()
    assert report.slots_on.isoformat() == "2015-09-30"
    detail = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Pladsernes tilstand pr.</dt><dd>30-09-2015" in detail
    services.status_report_build(report.pk)
    report.refresh_from_db()
    with report.file.open("rb") as pdf:
        text = "\n".join(pdf_text(pdf.read()))
    assert "Pladser pr. 30-09-2015 efter ordning og tilstand" in text
    table = text[text.index("Pladser pr. 30-09-2015") :]
    line = next(line for line in table.splitlines() if line.strip().startswith("Virksomhedspr"))
    assert line.split() == ROW_ON_DAY


def test_a_pdf_request_with_a_bad_day_is_refused_with_a_message(client, secretary, db):
    client.force_login(secretary)
    response = client.post(
        reverse("reports:request_report"),
        {"year": 2015, "period": "year", "department": "", "slots_on": "30-02-2015"},
        follow=True,
    )
    assert response.status_code == 200
    assert "ugyldig dato for pladserne" in response.content.decode()
    assert not StatusReport.objects.exists()
