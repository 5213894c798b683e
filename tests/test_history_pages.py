"""The administrator's policy page per year, the move page with its confirmation, and the
hours-weighted and forecast table on the status page and in its export."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from core.periods import Period
from organisation.models import DepartmentSpell
from reports.pdf import render_report_pdf
from reports.status import build_report
from reports.weighting import hours_and_forecast_table
from schemes.models import TargetCategory, TargetCategoryScheme
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department, scheme
from tests.status_scenario import pdf_text

D = dt.date


def test_the_policy_page_changes_a_year_after_a_confirmation(client, administrator):
    client.force_login(administrator)
    url = reverse("schemes:policy_edit") + "?year=2026"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    category = TargetCategory.objects.get(code="nytteindsats")
    name = f"c{category.pk}_s{scheme('nytteindsats').pk}"
    data = {field.html_name: field.value() for field in form}
    assert data[name] == "open_slots"
    data[name] = "counts"

    confirm = client.post(url, data)
    assert confirm.status_code == 200
    assert "Bekræft ændringer fra 1. januar 2026" in confirm.content.decode()
    assert TargetCategoryScheme.objects.filter(category=category).count() == 1  # not yet

    done = client.post(url, {**data, "confirm": "1"}, follow=True)
    assert "Politikken er ændret fra 1. januar 2026" in done.content.decode()
    links = TargetCategoryScheme.objects.filter(category=category).order_by("valid_from")
    assert [(link.valid_from, link.valid_to, link.open_slots_count) for link in links] == [
        (D(2000, 1, 1), D(2025, 12, 31), True),
        (D(2026, 1, 1), None, False),
    ]
    assert links[1].history.first().history_user == administrator


def test_the_policy_page_is_for_administrators_and_survives_a_bad_year(
    client, hr_sof, administrator
):
    client.force_login(hr_sof)
    assert client.get(reverse("schemes:policy_edit")).status_code == 403
    client.force_login(administrator)
    assert client.get(reverse("schemes:policy_edit") + "?year=abc").status_code == 200


@pytest.fixture
def workplace(db):
    return WorkplaceFactory(department=department("SOF"), name="Værkstedet")


def test_a_workplace_is_moved_from_a_date_after_a_confirmation(client, administrator, workplace):
    client.force_login(administrator)
    url = reverse("organisation:workplace_move", args=[workplace.pk])
    assert "Værkstedet" in client.get(url).content.decode()
    data = {"department": department("BUF").pk, "from_date": "2025-07-01"}
    confirm = client.post(url, data)
    assert "Bekræft flytningen" in confirm.content.decode()
    assert workplace.department_spells.count() == 1  # not yet

    client.post(url, {**data, "confirm": "1"})
    spells = DepartmentSpell.objects.filter(workplace=workplace).order_by("valid_from")
    assert [(s.department.code, s.valid_to) for s in spells] == [
        ("SOF", D(2025, 6, 30)),
        ("BUF", None),
    ]
    workplace.refresh_from_db()
    assert workplace.department.code == "BUF"


def test_a_move_dated_in_the_future_is_refused_next_to_the_field(client, administrator, workplace):
    client.force_login(administrator)
    url = reverse("organisation:workplace_move", args=[workplace.pk])
    data = {"department": department("BUF").pk, "from_date": "2999-01-01", "confirm": "1"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.context["form"].errors["from_date"] == [
        "En flytning kan gælde fra i dag eller en tidligere dato."
    ]
    assert workplace.department_spells.count() == 1


def test_hr_moves_only_workplaces_it_sees(client, hr_buf, workplace):
    client.force_login(hr_buf)
    url = reverse("organisation:workplace_move", args=[workplace.pk])
    assert client.get(url).status_code == 404


def test_every_creation_path_leaves_a_department_history(db, administrator, client):
    made = WorkplaceFactory(department=department("SOF"))
    client.force_login(administrator)
    client.post(
        reverse("admin:organisation_workplace_add"),
        {
            "department": department("BUF").pk,
            "name": "Fra admin",
            "p_number": "1234567890",
            "district": made.district_id,
            "ordinary_employees": 5,
            "is_public": "on",
            "department_spells-TOTAL_FORMS": 0,
            "department_spells-INITIAL_FORMS": 0,
            "monthly_figures-TOTAL_FORMS": 0,
            "monthly_figures-INITIAL_FORMS": 0,
        },
    )
    from organisation.models import Workplace

    assert Workplace.objects.filter(name="Fra admin").exists()
    assert not Workplace.objects.filter(department_spells__isnull=True).exists()


def test_the_status_page_and_export_show_hours_weighted_and_forecast(client, secretary):
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department("SOF")), scheme=scheme("fleksjob")
    )
    PlacementFactory(slot=slot, starts_on=D(2024, 1, 1), hours_per_week=18.5)
    client.force_login(secretary)
    query = "?year=2024&half=2"
    page = client.get(reverse("reports:status") + query)
    html = page.content.decode()
    assert "Helårspersoner efter timer (÷ 37)" in html and "heraf prognose" in html
    exported = client.get(reverse("reports:export", args=["hours_and_forecast", "json"]) + query)
    rows = json.loads(exported.content)["rows"]
    (fleks,) = [r for r in rows if r["department"] == "SOF" and r["category"] == "Fleksjob"]
    assert (fleks["full_year_persons"], fleks["hours_weighted"]) == (1.0, 0.5)
    assert fleks["full_year_persons_forecast"] == 0.0  # 2024 is over
    table = hours_and_forecast_table(page.context["data"])
    assert table.rows[-1].cells[-1] == 1  # one person in the municipality


def test_the_pdf_labels_the_forecast_of_a_period_not_yet_over(db):
    today = timezone.localdate()
    year = Period.half_year(today.year, 2)
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department("SOF")), scheme=scheme("fleksjob")
    )
    PlacementFactory(slot=slot, starts_on=year.start, hours_per_week=37)
    text = " ".join(" ".join(pdf_text(render_report_pdf(build_report(year)))).split())
    assert "Helårspersoner efter timer og prognose" in text
    assert f"prognose: dagene efter {today:%d-%m-%Y}" in text
    assert "personer og pladser ved periodens udgang er også en prognose" in text
