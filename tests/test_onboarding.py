"""A new municipality starts from a fresh install: onboarding import, HR import, status.

The test database holds the Copenhagen demo's organisation (tests/conftest.py); the
`fresh_install` fixture removes it again, leaving what the migrations alone leave.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisation.models import Department, DepartmentHeadcount, District, Municipality, Workplace
from placements.models import Citizen, FrikortPayment, Placement, Slot, SlotPause
from tests.conftest import FRESH_INSTALL
from tests.factories import user_with_role
from tests.onboarding_files import workbook

SLAGELSE = {
    "name": "Slagelse Kommune",
    "council_name": "Byrådet",
    "department_singular": "center",
    "department_plural": "centre",
    "district_singular": "lokalområde",
    "district_plural": "lokalområder",
}
HR_FILE = "\n".join(
    [
        "P-nummer;Ordning;Betegnelse;Oprettet fra;Timer pr. uge;CPR-nummer;Navn;Ydelse;"
        "Startdato;Planlagt slutdato;Frikortnummer;Frikort gyldigt til;Visitation;"
        "Fleksjobvisitation;Udbetalt den;Beløb;Timer udbetalt;I bero fra;I bero til og med;"
        "Begrundelse for bero;Nedlagt pr.;Genåbnet pr.",
        # A småjob under frikort with its first payment; a second payment on the same
        # placement; then the slot i bero for the summer.
        "3000000004;Småjob under socialt frikort;Cafémedhjælper;01-01-2025;8;0101701234;"
        "Anna Andersen;Kontanthjælp;01-02-2025;31-07-2025;FK1234;31-12-2025;;;28-02-2025;"
        "1.200,00;20;;;;;",
        "3000000004;smaajob;Cafémedhjælper;;;0101701234;;;01-02-2025;;;;;;31-03-2025;1.000;18;;;;;",
        "3000000004;smaajob;Cafémedhjælper;;;;;;;;;;;;;;;01-08-2025;31-08-2025;Sommerlukket;;",
        # Ordinary-hours småjob at a private workplace, 6 months; closed, then reopened.
        "3000000009;Småjob med ordinære timer;Lagermedhjælper;01-01-2025;15;0202021234;"
        "Bo Berg;Uddannelseshjælp;01-03-2025;31-08-2025;;;Uddannelsesparat;;;;;;;;01-10-2025;",
        "3000000009;smaajob-ordinaer;Lagermedhjælper;;;;;;;;;;;;;;;;;;;01-11-2025",
        # A fleksjob for a citizen whose visitation the file records.
        "3000000014;Fleksjob;Kontorhjælp;01-01-2025;15;0303801234;Cem Celik;Ledighedsydelse;"
        "01-04-2025;;;;;ja;;;;;;;;",
    ]
)


@pytest.fixture
def fresh_install(db):
    """What a fresh install has: the migrations' reference data, no organisation."""
    District.neighbours.through.objects.all().delete()
    District.objects.all().delete()
    Department.objects.all().delete()
    Municipality.forget()


def _upload(client, content: bytes, name: str = "organisation.xlsx"):
    return client.post(
        reverse("organisation:onboarding"),
        {"files": SimpleUploadedFile(name, content)},
    )


def test_a_fresh_install_has_no_municipality_s_organisation():
    assert FRESH_INSTALL == {
        "departments": 0,
        "districts": 0,
        "open_slot_links": 0,
        "smaajob_in_virksomhedsrettede": 0,
    }


def test_slagelse_onboarding_then_hr_import_then_status_names_the_council_and_centres(
    client, fresh_install, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://jobordninger.slagelse.invalid"
    Municipality(pk=1, **SLAGELSE).save()
    admin = user_with_role("first-admin", "Administrator", is_staff=True)
    client.force_login(admin)

    # 1. The template and the preview: nothing written yet.
    template = client.get(reverse("organisation:onboarding_template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    response = _upload(client, workbook())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Forhåndsvisning af organisation.xlsx" in page
    assert Workplace.objects.count() == 0

    # 2. Confirmed: every sheet in one step, and a set-password e-mail per new user.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisation:onboarding_confirm"), follow=True)
    assert "Importen er gennemført" in response.content.decode()
    assert Department.objects.count() == 5
    assert District.objects.get(code="slagelse-by").neighbours.count() == 2
    assert Workplace.objects.count() == 40
    assert Workplace.objects.filter(is_public=False).count() == 4
    # Each workplace has its department history from the start.
    assert not Workplace.objects.filter(department_spells__isnull=True).exists()
    assert DepartmentHeadcount.objects.count() == 10
    users = get_user_model().objects.filter(
        username__in=["hr.chp", "konsulent.cai", "admin.slagelse"]
    )
    assert users.count() == 3
    assert not any(user.has_usable_password() for user in users)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "aja@slagelse.invalid",
        "helle@slagelse.invalid",
        "kim@slagelse.invalid",
    ]
    (mail,) = [m for m in mailoutbox if m.to == ["helle@slagelse.invalid"]]
    assert "Slagelse Kommune" in mail.subject
    link = re.search(r"https://jobordninger\.slagelse\.invalid(/\S+)", mail.body).group(1)

    # 3. HR chooses a password through the link and imports the department's history.
    client.logout()
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Sommer-i-Slagelse-25", "new_password2": "Sommer-i-Slagelse-25"},
        follow=True,
    )
    assert "Din adgangskode er gemt" in response.content.decode()
    assert client.login(username="hr.chp", password="Sommer-i-Slagelse-25")
    response = client.post(
        reverse("placements:import"),
        {"file": SimpleUploadedFile("chp.csv", HR_FILE.encode("utf-8-sig"))},
    )
    assert "Intet er importeret" not in response.content.decode(), response.content.decode()
    response = client.post(reverse("placements:import_confirm"), follow=True)
    assert "Importen er gennemført" in response.content.decode()

    anna = Citizen.objects.get(cpr="0101701234")
    assert (anna.frikort_number, anna.frikort_valid_until.isoformat()) == ("FK1234", "2025-12-31")
    assert Placement.objects.filter(citizen=anna).count() == 1
    assert FrikortPayment.objects.filter(placement__citizen=anna).count() == 2
    cafe = Slot.objects.get(title="Cafémedhjælper")
    assert cafe.pauses.get().reason == "Sommerlukket"
    assert Citizen.objects.get(cpr="0202021234").readiness.code == "uddannelsesparat"
    assert Citizen.objects.get(cpr="0303801234").has_fleksjob_visitation
    store = Slot.objects.get(title="Lagermedhjælper")
    assert store.closed_on is None  # closed 01-10-2025, reopened 01-11-2025: nedlagt between
    assert store.spells.filter(closed_on="2025-10-01").exists()
    assert store.spells.filter(opened_on="2025-11-01", closed_on=None).exists()
    assert not SlotPause.objects.filter(slot=store).exists()

    # 4. The status page names the council and the centres.
    client.logout()
    client.force_login(admin)
    page = client.get(reverse("reports:status") + "?year=2025&period=year").content.decode()
    assert "Byrådet" in page
    assert "Pr. center" in page
    for name in ("Center for Handicap og Psykiatri", "Center for Arbejdsmarked og Integration"):
        assert name in page


def test_a_refused_onboarding_file_creates_nothing_and_names_the_row(
    client, fresh_install, mailoutbox, django_capture_on_commit_callbacks
):
    Municipality(pk=1, **SLAGELSE).save()
    client.force_login(user_with_role("first-admin", "Administrator", is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, workbook(bad_row=17))
    page = response.content.decode()
    assert "1 række fejler. Intet er importeret." in page
    assert "Arbejdssteder, række 17: Center: Ukendt center “CXX”." in page
    assert client.post(reverse("organisation:onboarding_confirm")).status_code == 302
    counts = (
        Department.objects.count(),
        Workplace.objects.count(),
        DepartmentHeadcount.objects.count(),
    )
    assert counts == (0, 0, 0)
    assert not get_user_model().objects.filter(username="hr.chp").exists()
    assert mailoutbox == []


def test_the_command_refuses_the_same_file_with_the_row_and_creates_nothing(
    fresh_install, tmp_path, capsys
):
    from django.core.management import CommandError, call_command

    Municipality(pk=1, **SLAGELSE).save()
    path = tmp_path / "organisation.xlsx"
    path.write_bytes(workbook(bad_row=41))
    with pytest.raises(CommandError, match="1 række"):
        call_command("import_organisation", str(path))
    assert "Arbejdssteder, række 41" in capsys.readouterr().err
    assert Workplace.objects.count() == 0
    path.write_bytes(workbook())
    call_command("import_organisation", str(path))
    assert Workplace.objects.count() == 40


def test_only_the_administrator_imports_the_organisation(client, hr_sof):
    client.force_login(hr_sof)
    assert client.get(reverse("organisation:onboarding")).status_code == 403
    assert client.get(reverse("organisation:onboarding_template")).status_code == 403


@pytest.mark.parametrize(
    ("page", "template", "headers"),
    [
        ("organisation:onboarding", "organisation:onboarding_template", {"Kode", "Navn"}),
        ("placements:import", "placements:import_template", {"P-nummer", "Frikortnummer"}),
        ("schemes:target_import", "schemes:target_import_template", {"år", "måltal"}),
    ],
)
def test_every_import_page_offers_an_xlsx_template_with_headers_and_an_example_row(
    client, administrator, page, template, headers
):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(administrator)
    assert reverse(template) in client.get(reverse(page)).content.decode()
    book = load_workbook(BytesIO(client.get(reverse(template)).content))
    header, example = list(book.worksheets[0].iter_rows(values_only=True))
    assert headers <= set(header)
    assert all(cell not in (None, "") for cell in example[:2])
