"""The admin pages of the registry and the rulebook open, and keep CPR numbers masked."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import CitizenFactory, PlacementFactory

APPS = ("placements", "schemes", "organisation")
MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in APPS
)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_changelist_opens(admin_client, app, model):
    PlacementFactory()
    assert admin_client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


def test_the_citizen_list_masks_the_cpr(admin_client):
    CitizenFactory(cpr="0101701234")
    page = admin_client.get(reverse("admin:placements_citizen_changelist")).content.decode()
    assert "010170-xxxx" in page and "0101701234" not in page


def test_the_access_log_cannot_be_changed(admin_client):
    assert admin_client.get(reverse("admin:placements_citizenaccess_add")).status_code == 403


def test_administrator_exports_a_citizens_access_log_on_request(client, administrator, hr_sof):
    from placements.models import CitizenAccess
    from tests.factories import CitizenFactory

    citizen, other = CitizenFactory(name="Mette Hansen"), CitizenFactory(name="Omar Nielsen")
    CitizenAccess.objects.create(
        citizen=citizen, user=hr_sof, username="hanne", purpose="Nyt forløb", path="/hr/x/"
    )
    CitizenAccess.objects.create(
        citizen=other, user=hr_sof, username="hanne", purpose="Andet", path="/hr/y/"
    )
    client.force_login(administrator)
    response = client.post(
        "/admin/placements/citizen/",
        {"action": "export_access_log", "_selected_action": [citizen.pk]},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Borger;Tidspunkt;Bruger;Formål;Side"
    assert "Mette Hansen" in text and "hanne;Nyt forløb;/hr/x/" in text
    assert "Omar Nielsen" not in text
    assert citizen.cpr not in text


def test_the_rule_and_figure_pages_open_for_the_administrator(admin_client):
    """Unconfirmed values are corrected here; monthly figures and insurance are inlines."""
    from schemes.models import TargetGroupRule
    from tests.factories import WorkplaceFactory

    rule = TargetGroupRule.objects.filter(confirmed=False).first()
    pages = [
        reverse("admin:schemes_targetgrouprule_change", args=[rule.pk]),
        reverse("admin:organisation_workplace_change", args=[WorkplaceFactory().pk]),
        reverse("admin:placements_citizen_change", args=[CitizenFactory().pk]),
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200
    assert "ordinært ansatte (årsværk)" in admin_client.get(pages[1]).content.decode().lower()
    assert "deltidsforsikret fra" in admin_client.get(pages[2]).content.decode().lower()


def test_the_admins_citizen_page_writes_a_read_log_row(client, administrator):
    from placements.models import CitizenAccess

    citizen = CitizenFactory()
    client.force_login(administrator)
    url = reverse("admin:placements_citizen_change", args=[citizen.pk])
    assert client.get(url).status_code == 200
    row = CitizenAccess.objects.get(citizen=citizen)
    assert (row.user, row.path, row.purpose) == (administrator, url, "Administration: visning")
