"""Playwright driving Debian's Chromium (headless) against pytest-django's live server.

Screenshots and axe-core results go to test-artifacts/ for the issue notes.
"""

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API keeps an event loop on the test thread; Django's ORM may still be
# used there safely because each call is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed: run `make browser` (apt-get install chromium)"
        )
    # Playwright's sync API leaves an asyncio loop running on this thread, and Django then
    # keeps connections in a context-local store instead of the thread-local one. Carry the
    # test database's connection across: it holds the serialized reference data that
    # serialized_rollback restores after each transactional test's flush. Without this,
    # every browser test after the first finds the reference data gone.
    connection = connections["default"]
    with sync_playwright() as playwright:
        connections["default"] = connection
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str = "test-password-1") -> None:
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/")


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core on the page; save a screenshot and the report; fail on serious/critical."""
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    violations = results.response["violations"]
    (ARTIFACTS / f"{name}.axe.json").write_text(
        json.dumps(violations, indent=2, ensure_ascii=False)
    )
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert not bad, f"axe-core on {name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {len(v['nodes'])} element(er)" for v in bad
    )
    return violations


@dataclass(frozen=True)
class Demo:
    """What a journey needs to know about a demo municipality."""

    key: str
    hr_department: str
    other_department: str
    home_district: tuple[str, str]  # code, name
    other_district: tuple[str, str]
    departments_word: str
    district_word: str


DEMOS = {
    "copenhagen": Demo(
        "copenhagen",
        "SOF",
        "TMF",
        ("noerrebro", "Nørrebro"),
        ("valby", "Valby"),
        "forvaltninger",
        "Bydel",
    ),
    "slagelse": Demo(
        "slagelse",
        "CHP",
        "CSK",
        ("slagelse-by", "Slagelse By"),
        ("korsoer", "Korsør"),
        "centre",
        "Lokalområde",
    ),
}


@pytest.fixture(params=sorted(DEMOS))
def demo(request):
    """Each journey runs in both demo municipalities: their organisation, words, council."""
    from jobordninger.demo_municipalities import PROFILES, load_organisation, load_policy

    profile = PROFILES[request.param]
    load_organisation(profile)  # Copenhagen's is in the test database already; its words too
    load_policy(profile)
    return DEMOS[request.param]
