"""Single sign-on against a real OpenID Connect provider process (tests/oidc_provider.py):
the provider's group gives the HR role and the department; local accounts keep working."""

import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.urls import reverse

from organisation.scope import HR, roles_of
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).resolve().parent.parent
CALLBACK = "http://testserver/oidc/callback/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider(settings):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "tests/oidc_provider.py", str(port), CALLBACK],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        base = f"http://127.0.0.1:{port}"
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
        settings.OIDC_RP_SCOPES = "openid email profile groups"
        settings.OIDC_GROUP_ROLES = "sg-jobordninger-hr-sof=HR:SOF;sg-jobcenter=Jobkonsulent"
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in(client) -> object:
    """Follow the code flow: portal → provider (which signs the user in) → portal callback."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    at_provider = requests.get(start.url, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    return client.get(back.path, dict(parse_qsl(back.query)))


def test_a_provider_group_signs_in_as_hr_of_the_department(client, provider, db):
    assert "Log ind med fælles login" in client.get(reverse("login")).content.decode()
    response = sign_in(client)
    assert response.status_code == 302 and response.url == "/"
    home = client.get(reverse("home"))
    assert home.status_code == 200
    user = home.wsgi_request.user
    assert user.username == "hanne.hr@kommune.invalid"
    assert (user.first_name, user.last_name) == ("Hanne", "Hansen")
    assert roles_of(user) == {HR}
    assert list(user.scope.departments.values_list("code", flat=True)) == ["SOF"]
    assert not user.has_usable_password()
    # HR of SOF sees SOF's slot list, not another department's pages.
    assert client.get(reverse("placements:slot_list")).status_code == 200


def test_a_group_removed_at_the_provider_removes_the_role_at_next_sign_in(
    client, provider, db, settings
):
    sign_in(client)
    client.logout()
    settings.OIDC_GROUP_ROLES = "sg-jobcenter=Jobkonsulent"  # HR mapping withdrawn
    response = sign_in(client)
    assert response.url == "/login/"  # no role: not signed in
    assert client.get(reverse("home")).status_code == 302


def test_single_sign_on_is_off_without_configuration(client, db):
    assert "fælles login" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
