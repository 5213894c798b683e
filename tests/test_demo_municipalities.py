"""The two demo municipalities, and DATABASE_NAME on the embedded server."""

import os

import psycopg
import pytest
from django.core.management import call_command
from django.urls import reverse

from jobordninger import embedded
from organisation.models import Department, District, Municipality, Workplace
from placements.models import Placement


@pytest.mark.django_db
def test_seed_demo_slagelse_has_centres_a_byraad_and_ordinary_hours_smaajob(client, capsys):
    Department.objects.all().delete()  # a fresh install: no organisation yet
    District.neighbours.through.objects.all().delete()
    District.objects.all().delete()
    call_command("seed_demo", "--municipality", "slagelse", "--today", "2025-12-31")
    assert "Demodata (slagelse, small)" in capsys.readouterr().out
    assert Municipality.current().council_name == "Byrådet"
    assert set(Department.objects.values_list("code", flat=True)) == {
        "CAI",
        "CSK",
        "CKF",
        "CÆS",
        "CHP",
    }
    ordinary = Placement.objects.filter(slot__scheme__code="smaajob-ordinaer")
    assert ordinary.filter(slot__workplace__department__code="CAI").count() > 50
    assert not Placement.objects.filter(slot__scheme__code="smaajob").exists()
    # Every demo workplace has its department history.
    assert Workplace.objects.exists()
    assert not Workplace.objects.filter(department_spells__isnull=True).exists()
    # For young people: every citizen in it is 18–29 (the demo's births are 1958–2007).
    years = {int(cpr[4:6]) for cpr in ordinary.values_list("citizen__cpr", flat=True)}
    ages = {2025 - (1900 + yy if yy >= 58 else 2000 + yy) for yy in years}
    assert min(ages) >= 18 and max(ages) <= 29, ages

    client.login(username="sekretaer", password="jobordninger-demo")
    page = client.get(reverse("reports:status") + "?year=2025&half=2").content.decode()
    assert "Byrådet" in page and "Center for Arbejdsmarked og Integration" in page
    assert "Småjob med ordinære timer" in page


def test_database_name_creates_its_database_on_the_embedded_server():
    name = f"jobordninger_check_{os.getpid()}"
    settings = embedded.start_postgres(name)
    assert settings["NAME"] == name
    with psycopg.connect(host=settings["HOST"], user="postgres", dbname=name) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (name,)
    with psycopg.connect(
        host=settings["HOST"], user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE "{name}"')
