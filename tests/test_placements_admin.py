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
