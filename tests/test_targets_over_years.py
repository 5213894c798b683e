"""Targets with figures known by hand: "antal forløb", a target for 2024–2025 entered once,
a target for the whole municipality against the total, and the council decision in the page,
the exports and the PDF."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import Period
from organisation.moves import move_workplace
from reports.pdf import render_report_pdf
from reports.status import build_report, build_status
from schemes.models import Target, TargetCategory, TargetUnit
from schemes.targets import Decision, target_set, targets_import
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department, scheme
from tests.status_scenario import D, pdf_text


@pytest.fixture
def fleksjob(db):
    return TargetCategory.objects.get(code="fleksjob")


def fleksjob_placement(code, starts_on, ends_on=None):
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department(code)),
        scheme=scheme("fleksjob"),
        opened_on=D(2020, 1, 1),
    )
    return PlacementFactory(
        slot=slot, starts_on=starts_on, planned_end_on=ends_on, ended_on=ends_on
    )


def target(category, code, first_year, last_year, value, unit, **decision):
    return Target.objects.create(
        department=department(code) if code else None,
        category=category,
        first_year=first_year,
        last_year=last_year,
        value=Decimal(value),
        unit=unit,
        **decision,
    )


def row_of(status, code, category):
    if code is None:
        return next(r for r in status.totals if r.category == category)
    return next(r for r in status.rows[department(code).pk] if r.category == category)


def test_antal_forloeb_counts_placements_active_in_the_period(fleksjob):
    """H1 2025 (1 January–30 June): 4 fleksjob placements in SOF, 2 of them active in H1."""
    fleksjob_placement("SOF", D(2024, 9, 1), D(2025, 2, 14))  # ends in H1: counts
    fleksjob_placement("SOF", D(2025, 6, 30))  # its first day is H1's last: counts
    fleksjob_placement("SOF", D(2024, 1, 1), D(2024, 12, 31))  # ended before: no
    fleksjob_placement("SOF", D(2025, 7, 1))  # starts after: no
    target(fleksjob, "SOF", 2025, 2025, 4, TargetUnit.PLACEMENTS)
    row = row_of(build_status(Period.h1(2025)), "SOF", fleksjob)
    assert (row.placements, row.realised, row.target, row.fulfilment) == (
        2,
        Decimal(2),
        Decimal(4),
        Decimal(50),
    )
    assert row.target_persons is None  # placements are not persons
    h2 = row_of(build_status(Period.h2(2025)), "SOF", fleksjob)
    # H2: the open one from 30 June and the one from 1 July; the yearly target, unchanged.
    assert (h2.placements, h2.target) == (2, Decimal(4))


def test_antal_forloeb_follows_the_department_of_the_day_and_counts_once_in_the_total(
    fleksjob,
):
    """A fleksjob placement all of 2025 at a workplace moved from SOF to BUF on 1 July: one
    forløb in each department for the year, one in the municipality; H1 in SOF only."""
    workplace = WorkplaceFactory(department=department("SOF"))
    slot = SlotFactory(workplace=workplace, scheme=scheme("fleksjob"), opened_on=D(2025, 1, 1))
    PlacementFactory(slot=slot, starts_on=D(2025, 1, 1))
    move_workplace(workplace=workplace, department=department("BUF"), from_date=D(2025, 7, 1))
    year = build_status(Period.whole_year(2025))
    assert [row_of(year, code, fleksjob).placements for code in ("SOF", "BUF", None)] == [1, 1, 1]
    h1 = build_status(Period.h1(2025))
    assert [row_of(h1, code, fleksjob).placements for code in ("SOF", "BUF", None)] == [1, 0, 1]


def test_a_2024_2025_target_entered_once_is_seen_in_both_years(client, administrator, fleksjob):
    fleksjob_placement("SOF", D(2024, 1, 1))  # 1,0 full-year person in every period
    target(fleksjob, "SOF", 2024, 2025, "2", TargetUnit.FULL_YEAR_PERSONS)
    for period in (Period.whole_year(2024), Period.h1(2025), Period.h2(2025)):
        row = row_of(build_status(period), "SOF", fleksjob)
        assert (row.target, row.realised, row.fulfilment) == (Decimal(2), Decimal(1), Decimal(50))
    assert row_of(build_status(Period.whole_year(2026)), "SOF", fleksjob).target is None
    assert row_of(build_status(Period.whole_year(2023)), "SOF", fleksjob).target is None

    client.force_login(administrator)
    for year in (2024, 2025):
        html = client.get(reverse("schemes:target_list") + f"?year={year}").content.decode()
        assert "2,0 helårspersoner" in html and "gælder 2024–2025" in html
    assert (
        "2,0 helårspersoner"
        not in client.get(reverse("schemes:target_list") + "?year=2026").content.decode()
    )


def test_a_municipality_target_is_compared_with_the_total(client, secretary, hr_sof, fleksjob):
    """SOF 1,0 and BUF 0,5 full-year persons in 2025; SOF's own target is 1, the council's
    target for the whole municipality 3: the total is 1,5 of 3 = 50 %, not 1,5 of 1."""
    fleksjob_placement("SOF", D(2025, 1, 1), D(2025, 12, 31))
    fleksjob_placement("BUF", D(2025, 7, 3), D(2025, 12, 31))  # 182 of 365 days
    fleksjob_placement("BUF", D(2025, 1, 1), D(2025, 1, 1))  # 1 day: 183 of 365 = 0,5…
    target(fleksjob, "SOF", 2025, 2025, 1, TargetUnit.FULL_YEAR_PERSONS)
    target(fleksjob, None, 2025, 2025, 3, TargetUnit.FULL_YEAR_PERSONS)
    status = build_status(Period.whole_year(2025))
    total = row_of(status, None, fleksjob)
    assert total.realised == Decimal(365 + 183) / 365
    assert total.target == Decimal(3)
    assert total.fulfilment == total.realised * 100 / 3
    assert row_of(status, "SOF", fleksjob).fulfilment == Decimal(100)

    client.force_login(secretary)
    body = client.get(reverse("reports:export", args=["status", "json"]) + "?period=year&year=2025")
    rows = json.loads(body.content)["rows"]
    total_row = next(r for r in rows if r["is_total_row"] and r["category"] == "Fleksjob")
    assert (total_row["target"], total_row["realised"], total_row["fulfilment_percent"]) == (
        3.0,
        1.5,
        50.0,
    )
    # HR sees their department only: its own target, not the municipality's.
    sof = build_status(Period.whole_year(2025), [department("SOF").pk])
    assert row_of(sof, None, fleksjob).target == Decimal(1)


def test_a_municipality_share_of_employees_uses_every_departments_headcount(fleksjob):
    from organisation.models import DepartmentHeadcount

    fleksjob_placement("SOF", D(2025, 1, 1), D(2025, 12, 31))
    fleksjob_placement("BUF", D(2025, 1, 1), D(2025, 12, 31))
    DepartmentHeadcount.objects.create(department=department("SOF"), year=2025, employees=100)
    DepartmentHeadcount.objects.create(department=department("BUF"), year=2025, employees=300)
    target(fleksjob, None, 2025, 2025, 1, TargetUnit.SHARE_OF_EMPLOYEES)
    total = row_of(build_status(Period.whole_year(2025)), None, fleksjob)
    # 2 full-year persons of 400 employees = 0,5 %; the target 1 % is 4 persons.
    assert (total.realised, total.target_persons, total.fulfilment) == (
        Decimal("0.5"),
        Decimal(4),
        Decimal(50),
    )


DECISION = {
    "decided_by": "Borgerrepræsentationen",
    "decided_on": D(2024, 2, 1),
    "case_number": "2024-0095075",
}


def test_the_council_decision_is_in_the_page_the_exports_and_the_pdf(client, secretary, fleksjob):
    target(
        fleksjob,
        "SOF",
        2024,
        2025,
        "2.5",
        TargetUnit.SHARE_OF_EMPLOYEES,
        **DECISION,
    )
    target(fleksjob, None, 2024, 2025, 40, TargetUnit.PLACEMENTS, **DECISION)
    client.force_login(secretary)
    query = "?period=h1&year=2025"
    page = client.get(reverse("reports:status") + query).content.decode()
    assert "Måltal og politiske beslutninger" in page
    for text in (
        "Borgerrepræsentationen",
        "01-02-2024",
        "2024-0095075",
        "2024–2025",
        "antal forløb",
    ):
        assert text in page

    body = client.get(reverse("reports:export", args=["targets", "json"]) + query)
    rows = json.loads(body.content)["rows"]
    assert rows == [
        {
            "scope": "SOF",
            "category": "Fleksjob",
            "target": 2.5,
            "unit": "% af ansatte",
            "years": "2024–2025",
            "decided_by": "Borgerrepræsentationen",
            "decided_on": "01-02-2024",
            "case_number": "2024-0095075",
            "is_total_row": False,
        },
        {
            "scope": "Hele kommunen",
            "category": "Fleksjob",
            "target": 40.0,
            "unit": "antal forløb",
            "years": "2024–2025",
            "decided_by": "Borgerrepræsentationen",
            "decided_on": "01-02-2024",
            "case_number": "2024-0095075",
            "is_total_row": True,
        },
    ]
    response = client.get(reverse("reports:export", args=["targets", "csv"]) + query)
    assert "targets-2025-h1-kommunen.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["SOF", "Fleksjob", "2,5", "% af ansatte", "2024–2025"] == lines[1][:5]
    assert lines[1][5:] == ["Borgerrepræsentationen", "01-02-2024", "2024-0095075"]

    text = " ".join(pdf_text(render_report_pdf(build_report(Period.h1(2025)))))
    assert "Måltal og politiske beslutninger" in text
    for word in ("Borgerrepræsentationen", "01-02-2024", "2024-0095075", "2024–2025"):
        assert word in text


def edit_data(categories, **values):
    data = {f"unit_{c.pk}": TargetUnit.FULL_YEAR_PERSONS for c in categories}
    data |= {f"last_year_{c.pk}": "" for c in categories}
    return data | values


def test_a_target_for_two_years_is_entered_once_and_a_change_from_2025_keeps_2024(
    client, administrator, fleksjob
):
    categories = list(TargetCategory.objects.all())
    client.force_login(administrator)
    url = reverse("schemes:target_edit", args=[2024, department("SOF").pk])
    response = client.post(
        url,
        edit_data(
            categories,
            **{f"value_{fleksjob.pk}": "10", f"last_year_{fleksjob.pk}": "2025"},
            decided_by="Borgerrepræsentationen",
            decided_on="2024-02-01",
            case_number="2024-0095075",
        ),
    )
    assert response.status_code == 302
    made = Target.objects.get()
    assert (made.first_year, made.last_year, made.value) == (2024, 2025, Decimal(10))
    assert made.decision_label == "Borgerrepræsentationen 01-02-2024, sag 2024-0095075"

    url_2025 = reverse("schemes:target_edit", args=[2025, department("SOF").pk])
    form = client.get(url_2025).content.decode()
    assert 'value="2025"' in form and "Borgerrepræsentationen" in form
    client.post(
        url_2025,
        edit_data(
            categories,
            **{f"value_{fleksjob.pk}": "12", f"last_year_{fleksjob.pk}": "2025"},
            decided_by="Økonomiudvalget",
            decided_on="2025-03-05",
            case_number="2025-1",
        ),
    )
    years = {
        (t.first_year, t.last_year): (t.value, t.decided_by)
        for t in Target.objects.filter(category=fleksjob)
    }
    assert years == {
        (2024, 2024): (Decimal(10), "Borgerrepræsentationen"),
        (2025, 2025): (Decimal(12), "Økonomiudvalget"),
    }


def test_a_target_reaching_into_a_later_one_is_refused_next_to_the_field(
    client, administrator, fleksjob
):
    target(fleksjob, "SOF", 2026, 2026, 5, TargetUnit.FULL_YEAR_PERSONS)
    client.force_login(administrator)
    response = client.post(
        reverse("schemes:target_edit", args=[2025, department("SOF").pk]),
        edit_data(
            list(TargetCategory.objects.all()),
            **{f"value_{fleksjob.pk}": "4", f"last_year_{fleksjob.pk}": "2027"},
        ),
    )
    assert response.status_code == 200
    assert "kan højst gælde til og med 2025, fordi der er et måltal fra 2026" in (
        response.content.decode()
    )
    assert Target.objects.count() == 1


def test_the_municipality_row_is_edited_on_its_own_page(client, administrator, fleksjob):
    client.force_login(administrator)
    url = reverse("schemes:target_edit_municipality", args=[2025])
    assert "Måltal 2025: hele kommunen" in client.get(url).content.decode()
    client.post(
        url,
        edit_data(
            list(TargetCategory.objects.all()),
            **{f"value_{fleksjob.pk}": "40", f"unit_{fleksjob.pk}": TargetUnit.PLACEMENTS},
        ),
    )
    made = Target.objects.get()
    assert (made.department, made.unit, made.value) == (None, TargetUnit.PLACEMENTS, Decimal(40))
    html = client.get(reverse("schemes:target_list") + "?year=2025").content.decode()
    assert "Hele kommunen" in html and "40,0 antal forløb" in html


def test_removing_from_2025_keeps_2024(db, administrator, fleksjob):
    target(fleksjob, "SOF", 2024, 2026, 5, TargetUnit.FULL_YEAR_PERSONS)
    target_set(
        department=department("SOF"),
        category=fleksjob,
        year=2025,
        value=None,
        unit=TargetUnit.FULL_YEAR_PERSONS,
        acting_user=administrator,
    )
    assert list(Target.objects.values_list("first_year", "last_year")) == [(2024, 2024)]


def test_changing_the_middle_year_keeps_the_years_around_it(db, administrator, fleksjob):
    target(fleksjob, "SOF", 2024, 2026, 5, TargetUnit.FULL_YEAR_PERSONS, **DECISION)
    target_set(
        department=department("SOF"),
        category=fleksjob,
        year=2025,
        value=Decimal(7),
        unit=TargetUnit.FULL_YEAR_PERSONS,
        decision=Decision("Økonomiudvalget"),
        acting_user=administrator,
    )
    rows = Target.objects.order_by("first_year").values_list(
        "first_year", "last_year", "value", "case_number"
    )
    assert list(rows) == [
        (2024, 2024, Decimal(5), "2024-0095075"),
        (2025, 2025, Decimal(7), ""),
        (2026, 2026, Decimal(5), "2024-0095075"),
    ]


def test_the_import_takes_years_the_municipality_and_the_decision(db, administrator, fleksjob):
    text = (
        "år;til år;forvaltning;måltalskategori;måltal;enhed;besluttet af;beslutningsdato;sagsnummer\n"
        "2024;2025;SOF;fleksjob;12;helårspersoner;Borgerrepræsentationen;01-02-2024;2024-0095075\n"
        "2024;2025;;fleksjob;40;antal forløb;Borgerrepræsentationen;2024-02-01;2024-0095075\n"
        "2025;;BUF;fleksjob;3;antal personer;;;\n"
    )
    result = targets_import(name="m.csv", content=text.encode(), acting_user=administrator)
    assert result.created == 3
    made = {
        (t.department.code if t.department else None): t
        for t in Target.objects.select_related("department")
    }
    assert (made["SOF"].first_year, made["SOF"].last_year) == (2024, 2025)
    assert made[None].unit == TargetUnit.PLACEMENTS
    assert made[None].decided_on == D(2024, 2, 1)
    assert made["SOF"].decision_label == "Borgerrepræsentationen 01-02-2024, sag 2024-0095075"
    assert (made["BUF"].first_year, made["BUF"].last_year, made["BUF"].decided_by) == (
        2025,
        2025,
        "",
    )


def test_import_refuses_overlapping_years_and_bad_decision_dates(db, administrator):
    from schemes.targets import ImportFailed

    text = (
        "år;til år;forvaltning;måltalskategori;måltal;enhed;beslutningsdato\n"
        "2024;2025;SOF;fleksjob;12;helårspersoner;01-02-2024\n"
        "2025;2026;SOF;fleksjob;12;helårspersoner;1. februar\n"
        "2026;2025;BUF;fleksjob;12;helårspersoner;\n"
    )
    with pytest.raises(ImportFailed) as failure:
        targets_import(name="m.csv", content=text.encode(), acting_user=administrator)
    assert failure.value.errors == [
        (3, "beslutningsdato skal være en dato, fx 01-02-2024 (fik »1. februar«)"),
        (4, "til år skal være det samme som år eller senere"),
    ]
    assert not Target.objects.exists()


def test_copying_a_year_skips_a_target_that_already_covers_it(client, administrator, fleksjob):
    target(fleksjob, "SOF", 2024, 2025, 10, TargetUnit.FULL_YEAR_PERSONS, **DECISION)
    client.force_login(administrator)
    response = client.post(reverse("schemes:target_copy"), {"year": 2025}, follow=True)
    assert "0 måltal er kopieret fra 2024; 1 fandtes allerede" in response.content.decode()
    client.post(reverse("schemes:target_copy"), {"year": 2026})
    copy = Target.objects.get(first_year=2026)
    assert (copy.last_year, copy.value, copy.decision_label) == (2026, Decimal(10), "")


def test_the_history_names_the_municipality_and_the_years(client, administrator, fleksjob):
    target_set(
        department=None,
        category=fleksjob,
        year=2025,
        last_year=2026,
        value=Decimal(40),
        unit=TargetUnit.PLACEMENTS,
        acting_user=administrator,
    )
    client.force_login(administrator)
    html = client.get(reverse("schemes:target_history") + "?year=2026").content.decode()
    assert "Hele kommunen" in html and "40,0 antal forløb (2025–2026)" in html


def test_the_admin_refuses_overlapping_years_with_a_message(admin_client, fleksjob):
    target(fleksjob, None, 2024, 2025, 40, TargetUnit.PLACEMENTS)
    data = {
        "department": "",
        "category": fleksjob.pk,
        "first_year": 2025,
        "last_year": 2026,
        "value": "30",
        "unit": TargetUnit.PLACEMENTS,
        "decided_by": "",
        "decided_on": "",
        "case_number": "",
    }
    response = admin_client.post(reverse("admin:schemes_target_add"), data)
    assert response.status_code == 200
    assert "Der er allerede et måltal for kategorien i en del af årene." in response.content.decode()
    response = admin_client.post(reverse("admin:schemes_target_add"), data | {"first_year": 2026})
    assert response.status_code == 302
    assert Target.objects.filter(department=None).count() == 2
