"""A fresh install names no municipality; the migration that removes the demo organisation
never removes rows in use."""

import datetime as dt
import importlib
import io
import json
import re

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from core.periods import Period
from jobordninger.demo_municipalities import COPENHAGEN
from organisation.models import Department, District, Municipality, Workplace
from reports.pdf import render_report_pdf
from reports.status import build_report
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, user_with_role
from tests.status_scenario import pdf_text
from tests.test_onboarding import fresh_install  # noqa: F401  (a fixture)

removal = importlib.import_module("organisation.migrations.0005_copenhagen_organisation_to_demo")

COPENHAGEN_WORDS = re.compile(
    "|".join(
        [r"K[øo]benhavn", "Borgerrepræsentation"]
        + [re.escape(name) for _code, name in COPENHAGEN.departments + COPENHAGEN.districts]
        + [rf"\b{code}\b" for code, _name in COPENHAGEN.departments]
    ),
    re.IGNORECASE,
)


@pytest.fixture
def own_organisation(fresh_install):  # noqa: F811
    department = Department.objects.create(code="ADM", name="Administrationen")
    district = District.objects.create(code="nord", name="Nord")
    workplace = WorkplaceFactory(department=department, district=district, name="Rådhuset")
    slot = SlotFactory(workplace=workplace, opened_on=dt.date(2025, 1, 1))
    PlacementFactory(
        slot=slot,
        starts_on=dt.date(2025, 2, 1),
        planned_end_on=dt.date(2025, 3, 28),
        hours_per_week=20,
    )
    return department


def _copenhagen_names(text: str) -> list[str]:
    return sorted(set(COPENHAGEN_WORDS.findall(text)))


def test_pages_exports_and_pdf_of_a_fresh_install_name_no_copenhagen(client, own_organisation):
    client.force_login(user_with_role("anders", "Administrator", is_staff=True))
    query = "?year=2025&period=h1"
    outputs = {}
    for name, url in [
        ("home", reverse("home")),
        ("status", reverse("reports:status") + query),
        ("slots", reverse("placements:slot_list")),
        ("board", reverse("matching:board")),
        ("targets", reverse("schemes:target_list")),
        ("onboarding", reverse("organisation:onboarding")),
    ]:
        response = client.get(url)
        assert response.status_code == 200, name
        outputs[name] = response.content.decode()
    for fmt in ("csv", "json"):
        response = client.get(reverse("reports:export", args=["status", fmt]) + query)
        outputs[f"status.{fmt}"] = response.content.decode("utf-8-sig")
    json.loads(outputs["status.json"])  # a real export, not an error page
    response = client.get(reverse("reports:export", args=["status", "xlsx"]) + query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    outputs["status.xlsx"] = " ".join(
        str(c) for row in sheet.iter_rows(values_only=True) for c in row
    )
    pages = pdf_text(render_report_pdf(build_report(Period.h1(2025))))
    outputs["pdf"] = "\n".join(pages)

    assert "Administrationen" in outputs["status"] and "Administrationen" in outputs["pdf"]
    assert "Kommunalbestyrelsen" in outputs["pdf"]  # the method text's generic council
    found = {name: _copenhagen_names(text) for name, text in outputs.items()}
    assert found == {name: [] for name in outputs}


def test_the_pdf_cover_carries_the_municipality_s_name(own_organisation):
    Municipality(pk=1, name="Slagelse Kommune", council_name="Byrådet").save()
    pages = pdf_text(render_report_pdf(build_report(Period.h1(2025))))
    assert "Slagelse Kommune" in pages[0]
    assert "Byrådet" in pages[-2] + pages[-1]


def test_the_removal_leaves_an_organisation_in_use_and_removes_an_unused_one(db):
    # The test database holds the Copenhagen demo organisation, unused.
    WorkplaceFactory(department=Department.objects.get(code="SOF"))
    removal.remove_if_unused(apps, None)
    assert Department.objects.count() == 7 and District.objects.count() == 10

    Workplace.objects.all().delete()
    removal.remove_if_unused(apps, None)
    assert Department.objects.count() == 0 and District.objects.count() == 0


def test_a_user_s_scope_alone_keeps_the_organisation(db, hr_sof):
    removal.remove_if_unused(apps, None)
    assert Department.objects.filter(code="SOF").exists()


def test_the_administrator_sets_the_words_logo_and_colours_that_pages_and_pdf_use(
    client, own_organisation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_with_role("anders", "Administrator", is_staff=True))
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:organisation_municipality_add"),
        {
            "name": "Slagelse Kommune",
            "council_name": "Byrådet",
            "department_singular": "center",
            "department_plural": "centre",
            "district_singular": "lokalområde",
            "district_plural": "lokalområder",
            "primary_colour": "#00594F",
            "accent_colour": "#E6F2EF",
            "logo": SimpleUploadedFile("logo.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("reports:status") + "?year=2025&period=h1").content.decode()
    assert "Pr. center" in page and "Byrådet" in page
    slots = client.get(reverse("placements:slot_list")).content.decode()
    assert "Lokalområde" in slots and "Bydel" not in slots

    from reports.pdf import render_report_html

    html = render_report_html(build_report(Period.h1(2025)))
    assert "#00594F" in html and "logo.png" in html
    assert render_report_pdf(build_report(Period.h1(2025))).startswith(b"%PDF")
