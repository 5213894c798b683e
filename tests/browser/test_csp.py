"""Under the strict Content-Security-Policy the design system and htmx still work, and
Chromium reports no violation."""

from organisation.scope import CONSULTANT
from tests.browser.conftest import login
from tests.conftest import transactional
from tests.factories import user_with_role


@transactional
def test_htmx_and_the_design_system_work_without_csp_violations(page):
    user_with_role("konsulent-csp", CONSULTANT)
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    login(page, "konsulent-csp")
    page.goto("/matchning/pladser/")
    # The time-to-fill panel arrives by htmx (hx-trigger="load") after the page.
    page.locator("#time-to-fill").get_by_text("Median for antal dage").wait_for()
    assert page.evaluate("typeof window.DKFDS") == "object"
    assert violations == []
