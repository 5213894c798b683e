"""The breakdown tables with figures known by hand: on the page, in the exports and the PDF."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.periods import Period
from organisation.moves import move_workplace
from placements.models import Outcome, VacancyReason
from reports import breakdowns
from reports.pdf import render_report_html, render_report_pdf
from reports.status import build_report
from schemes.models import ReadinessCategory
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    SlotPauseFactory,
    WorkplaceFactory,
    department,
    district,
    scheme,
)
from tests.status_scenario import html_tables, pdf_text

D = dt.date
H1_2021 = Period.half_year(2021, 1)


def readiness(code):
    return ReadinessCategory.objects.get(code=code)


def export(client, table, year, half=2):
    url = reverse("reports:export", args=[table, "json"]) + f"?year={year}&half={half}"
    return json.loads(client.get(url).content)


def placements(n, *, code, readiness_code=None, starts_on, **fields):
    workplace = WorkplaceFactory(department=department("SOF"))
    for _ in range(n):
        citizen = CitizenFactory(readiness=readiness(readiness_code) if readiness_code else None)
        PlacementFactory(
            slot=SlotFactory(workplace=workplace, scheme=scheme(code), opened_on=D(2019, 1, 1)),
            citizen=citizen,
            starts_on=starts_on,
            **fields,
        )


@pytest.fixture
def smaajobbers(db):
    """60 young people in småjob on 30-06-2021: 3 jobparat, 25 åbenlyst uddannelsesparat,
    15 uddannelsesparat, 17 aktivitetsparat; by hand 5,0 / 41,7 / 25,0 / 28,3 %."""
    for code, n in [
        ("jobparat", 3),
        ("aabenlyst-uddannelsesparat", 25),
        ("uddannelsesparat", 15),
        ("aktivitetsparat", 17),
    ]:
        placements(n, code="smaajob", readiness_code=code, starts_on=D(2021, 3, 1))
    # Ended the day before: not a participant on 30-06-2021.
    placements(1, code="smaajob", readiness_code="jobparat", starts_on=D(2021, 1, 1),
               ended_on=D(2021, 6, 29), outcome=Outcome.EDUCATION)  # fmt: skip


def test_readiness_distribution_reproduces_the_hand_computed_shares(
    client, administrator, smaajobbers
):
    # Re-assessed after the start: the placement keeps the readiness it started with.
    citizen = CitizenFactory._meta.model.objects.filter(readiness__code="jobparat").first()
    citizen.readiness = readiness("aktivitetsparat")
    citizen.save()
    client.force_login(administrator)

    rows = export(client, "readiness", 2021, half=1)["rows"]

    smaajob = next(r for r in rows if r["scheme"] == "Småjob under socialt frikort")
    assert smaajob["n_jobparat"] == 3 and smaajob["pct_jobparat"] == 5.0
    assert smaajob["n_aabenlyst-uddannelsesparat"] == 25
    assert smaajob["pct_aabenlyst-uddannelsesparat"] == 41.7  # 25 / 60
    assert smaajob["pct_uddannelsesparat"] == 25.0
    assert smaajob["pct_aktivitetsparat"] == 28.3  # 17 / 60
    assert smaajob["total"] == 60


def test_the_readiness_table_is_on_the_page_and_in_the_pdf(client, administrator, smaajobbers):
    client.force_login(administrator)
    page = client.get(reverse("reports:status") + "?year=2021&half=1").content.decode()
    data = build_report(H1_2021)
    for html in (page, render_report_html(data)):
        row = html_tables(html)["table-readiness"][0]
        assert row[0] == "Småjob under socialt frikort"
        assert "41,7" in row and "28,3" in row and "5,0" in row
    lines = "\n".join(pdf_text(render_report_pdf(data))).splitlines()
    # Aktivitetsparat, jobparat, uddannelsesparat, åbenlyst uddannelsesparat, i alt.
    expected = ["17", "28,3", "3", "5,0", "15", "25,0", "25", "41,7", "60"]
    assert any(line.split()[-9:] == expected for line in lines if "Småjob" in line)


def test_breakdown_tables_take_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    def queries(n):
        placements(n, code="smaajob", readiness_code="jobparat", starts_on=D(2021, 3, 1))
        data = build_report(H1_2021)
        with CaptureQueriesContext(connection) as captured:
            breakdowns.report_tables(data)
        return len(captured)

    assert queries(2) == queries(20)


@pytest.fixture
def outcomes_two_years(db):
    """Småjob ended in 2021: 10, of them 3 to a job and 2 to education (50,0 %);
    in 2020: 17, of them 4 to a job and 3 to education (7 / 17 = 41,2 %)."""
    for year, job, education, other in [(2021, 3, 2, 5), (2020, 4, 3, 10)]:
        for outcome, n in [
            (Outcome.ORDINARY_JOB, job),
            (Outcome.EDUCATION, education),
            (Outcome.BENEFITS, other),
        ]:
            placements(
                n,
                code="smaajob",
                readiness_code="uddannelsesparat",
                starts_on=D(year, 1, 4),
                ended_on=D(year, 7, 2),
                outcome=outcome,
            )


@pytest.mark.small_numbers
def test_year_on_year_outcomes_reproduce_the_hand_computed_shares(
    client, secretary, outcomes_two_years
):
    client.force_login(secretary)  # every count is 5 or more: nothing is hidden
    table = export(client, "outcomes_years", 2021)
    smaajob = next(r for r in table["rows"] if r["scheme"] == "Småjob under socialt frikort")
    assert (smaajob["ended"], smaajob["to_job_or_education"], smaajob["share"]) == (10, 5, 50.0)
    assert (
        smaajob["ended_last_year"],
        smaajob["to_job_or_education_last_year"],
        smaajob["share_last_year"],
    ) == (17, 7, 41.2)
    assert smaajob["change_points"] == 8.8
    assert "Helår 2021" in table["caption"] and "Helår 2020" in table["caption"]


def test_outcomes_by_readiness_use_the_readiness_at_the_start(
    client, administrator, outcomes_two_years
):
    client.force_login(administrator)
    rows = export(client, "outcomes_by_readiness", 2021)["rows"]
    assert [r["readiness"] for r in rows] == ["Uddannelsesparat", "Alle"]
    assert rows[0]["ended"] == 10 and rows[0]["share_job_or_education"] == 50.0


@pytest.mark.parametrize(
    "cpr, day, band",
    [
        ("3006034001", D(2021, 6, 30), "18_24"),  # 18th birthday on the day
        ("3006034001", D(2021, 6, 29), "under_18"),  # the day before
        ("2902044001", D(2022, 2, 28), "under_18"),  # born 29-02-2004: 18 on 1 March
        ("2902044001", D(2022, 3, 1), "18_24"),
        ("0101601234", D(2021, 1, 1), "60_plus"),  # 7th digit 1: born 1960
        ("0101251234", D(2021, 1, 1), "60_plus"),  # 7th digit 1: born 1925
        ("0101994001", D(2024, 1, 1), "25_29"),  # 7th digit 4, year 99: born 1999
    ],
)
def test_age_band_from_the_cpr_birth_date(cpr, day, band):
    from core import cpr as cpr_numbers

    assert breakdowns.age_band(cpr_numbers.birth_date(cpr), day) == band


def test_age_groups_count_participants_on_the_date(client, administrator, db):
    workplace = WorkplaceFactory(department=department("SOF"))
    for number in ("3006034001", "0101994001", "0101601234"):  # 18, 22 and 61 on 30-06-2021
        PlacementFactory(
            slot=SlotFactory(workplace=workplace, scheme=scheme("smaajob")),
            citizen=CitizenFactory(cpr=number),
            starts_on=D(2021, 1, 1),
        )
    client.force_login(administrator)
    row = export(client, "age_groups", 2021, half=1)["rows"][0]
    assert (row["n_18_24"], row["pct_18_24"], row["n_60_plus"], row["total"]) == (2, 66.7, 1, 3)
    assert "n_under_18" not in row  # bands nobody is in are left out


def test_district_table_counts_by_the_citizens_district(client, administrator, db):
    workplace = WorkplaceFactory(department=department("SOF"))
    for place, outcome in [("noerrebro", Outcome.ORDINARY_JOB), ("noerrebro", ""), (None, "")]:
        PlacementFactory(
            slot=SlotFactory(workplace=workplace, scheme=scheme("virksomhedspraktik")),
            citizen=CitizenFactory(district=district(place) if place else None),
            starts_on=D(2021, 1, 1),
            ended_on=D(2021, 4, 1) if outcome else None,
            outcome=outcome,
        )
    client.force_login(administrator)
    rows = {r["district"]: r for r in export(client, "districts", 2021, half=1)["rows"]}
    assert rows["Nørrebro"]["persons_at_end"] == 1
    assert rows["Nørrebro"]["started"] == 2
    assert rows["Nørrebro"]["to_job_or_education"] == 1
    assert rows["Ikke angivet"]["persons_at_end"] == 1
    assert rows["I alt"]["started"] == 3


def test_open_slots_are_counted_by_the_reason_hr_gave(client, administrator, db):
    reason = VacancyReason.objects.get(name="Borgerne er kun kort tid i pladsen")
    workplace = WorkplaceFactory(department=department("SOF"))
    nytte = scheme("nytteindsats")
    SlotFactory(workplace=workplace, scheme=nytte, opened_on=D(2015, 1, 1), vacancy_reason=reason)
    SlotFactory(workplace=workplace, scheme=nytte, opened_on=D(2015, 1, 1))
    filled = SlotFactory(
        workplace=workplace, scheme=nytte, opened_on=D(2015, 1, 1), vacancy_reason=reason
    )
    PlacementFactory(slot=filled, starts_on=D(2015, 9, 1))
    paused = SlotFactory(
        workplace=workplace, scheme=nytte, opened_on=D(2015, 1, 1), vacancy_reason=reason
    )
    SlotPauseFactory(slot=paused, starts_on=D(2015, 9, 1))
    client.force_login(administrator)
    rows = export(client, "vacancy_reasons", 2015)["rows"]
    assert [(r["reason"], r["open_slots"]) for r in rows] == [
        ("Borgerne er kun kort tid i pladsen", 1),
        ("Ikke angivet", 1),
        ("Alle årsager", 2),
        ("Alle årsager", 2),
    ]


def test_hr_chooses_the_vacancy_reason_on_the_slot_form(client, hr_sof, db):
    reason = VacancyReason.objects.get(name="Ingen egnet kandidat til pladsen")
    slot = SlotFactory(workplace=WorkplaceFactory(department=department("SOF")))
    client.force_login(hr_sof)
    url = reverse("placements:slot_update", args=[slot.pk])
    assert "Ingen egnet kandidat til pladsen" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "workplace": slot.workplace_id,
            "scheme": slot.scheme_id,
            "title": slot.title,
            "hours_per_week": "20",
            "opened_on": "01-01-2020",
            "vacancy_reason": reason.pk,
        },
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.vacancy_reason == reason


def test_a_citizen_who_moves_later_stays_in_the_district_of_the_period(client, administrator, db):
    citizen = CitizenFactory(district=district("noerrebro"))
    # The citizen's record as registered back then; the move is today.
    citizen.history.update(history_date=dt.datetime(2021, 1, 1, 12, tzinfo=dt.UTC))
    PlacementFactory(
        slot=SlotFactory(workplace=WorkplaceFactory(department=department("SOF"))),
        citizen=citizen,
        starts_on=D(2021, 1, 1),
    )
    citizen.district = district("bispebjerg")
    citizen.save()
    client.force_login(administrator)
    before = [r["district"] for r in export(client, "districts", 2021, half=1)["rows"]]
    now = [r["district"] for r in export(client, "districts", timezone.localdate().year)["rows"]]
    assert (before, now) == (["Nørrebro", "I alt"], ["Bispebjerg", "I alt"])


def test_an_open_slot_keeps_the_reason_it_had_on_the_day(client, administrator, db):
    first, later = VacancyReason.objects.order_by("sort_order")[:2]
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department("SOF")),
        opened_on=D(2015, 1, 1),
        vacancy_reason=first,
    )
    slot.history.update(history_date=dt.datetime(2015, 1, 1, 12, tzinfo=dt.UTC))
    slot.vacancy_reason = later
    slot.save()
    client.force_login(administrator)
    rows = export(client, "vacancy_reasons", 2015)["rows"]
    assert rows[0]["reason"] == first.name


def test_breakdowns_count_in_the_department_of_the_day(client, administrator, db):
    """A workplace moved from SOF to BUF on 01-07-2025: its participant on 30-06-2025 is SOF's."""
    workplace = WorkplaceFactory(department=department("SOF"))
    PlacementFactory(
        slot=SlotFactory(workplace=workplace, scheme=scheme("fleksjob"), opened_on=D(2025, 1, 1)),
        citizen=CitizenFactory(readiness=readiness("jobparat")),
        starts_on=D(2025, 1, 1),
    )
    move_workplace(workplace=workplace, department=department("BUF"), from_date=D(2025, 7, 1))
    client.force_login(administrator)

    def participants(code, half):
        url = reverse("reports:export", args=["readiness", "json"])
        query = f"?year=2025&half={half}&department={department(code).pk}"
        return [r.get("total") for r in json.loads(client.get(url + query).content)["rows"]]

    assert (participants("SOF", 1), participants("BUF", 1)) == ([1, 1], [])
    assert (participants("SOF", 2), participants("BUF", 2)) == ([], [1, 1])
